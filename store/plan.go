package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

// keepPlans is how many plans the workspace keeps; older ones are pruned
// (their id and fingerprint stay in the audit log).
const keepPlans = 20

// PlanInfo describes a stored plan without reading it.
type PlanInfo struct {
	ID          string   `json:"plan_id"`
	CreatedAt   string   `json:"created_at"`
	AsOf        string   `json:"as_of"`
	Fingerprint string   `json:"fingerprint"`
	Mapping     string   `json:"mapping"`
	Provinces   []string `json:"provinces"`
	Elements    int      `json:"elements"`
	Flags       int      `json:"flags"`
}

// CompactPlan returns the record of a plan that the workspace keeps: the
// province summaries, where each element went and what is recommended or
// decided for it, the clusters with their survivors, and every flag with
// its state — without the texts (messages, reasons, explanations, actions)
// and relations, which the engine gives again from the same inputs. A
// national plan's texts run to hundreds of megabytes; its record to a few.
func CompactPlan(p *migrate.Plan) *migrate.Plan {
	c := &migrate.Plan{ID: p.ID, AsOf: p.AsOf, Fingerprint: p.Fingerprint, Mapping: p.Mapping,
		Provinces: p.Provinces, Relations: []migrate.PlannedRelation{},
		Elements: make([]migrate.PlannedElement, len(p.Elements)),
		Clusters: make([]migrate.Cluster, len(p.Clusters)),
		Flags:    make([]migrate.Flag, len(p.Flags))}
	for i, e := range p.Elements {
		c.Elements[i] = migrate.PlannedElement{Key: e.Key, Kind: e.Kind, Name: e.Name, FunctionCode: e.FunctionCode,
			OldUnit: e.OldUnit, OldLevel: e.OldLevel, NewUnit: e.NewUnit, NewProvince: e.NewProvince, Cluster: e.Cluster,
			Treatment: e.Treatment, MergeInto: e.MergeInto, Decision: e.Decision}
	}
	for i, cl := range p.Clusters {
		c.Clusters[i] = migrate.Cluster{ID: cl.ID, NewUnit: cl.NewUnit, Basis: cl.Basis, Members: cl.Members, Survivor: cl.Survivor}
	}
	for i, f := range p.Flags {
		c.Flags[i] = migrate.Flag{ID: f.ID, Code: f.Code, Severity: f.Severity, NewUnit: f.NewUnit, Province: f.Province,
			Elements: f.Elements, Resolved: f.Resolved, ResolvedBy: f.ResolvedBy}
	}
	return c
}

// SavePlan stores the record of p (see CompactPlan) as the workspace's
// current plan, with an audit entry, in one transaction. Saving a plan with
// the same id again makes it current.
func (s *Store) SavePlan(ctx context.Context, p *migrate.Plan) error {

	p = CompactPlan(p)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return fmt.Errorf("save plan %s: %w", p.ID, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("save plan %s: %w", p.ID, err)
	}
	provs := make([]string, 0, len(p.Provinces))
	for _, ps := range p.Provinces {
		provs = append(provs, ps.Code)
	}
	provJSON, _ := json.Marshal(provs)
	now := s.Now().Format(time.RFC3339)
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM plans WHERE id = ?`, p.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plans(id, created_at, as_of, fingerprint, mapping, provinces, elements, flags, body)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, now, p.AsOf, p.Fingerprint, p.Mapping, string(provJSON),
			len(p.Elements), len(p.Flags), buf.Bytes()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plans WHERE seq NOT IN (SELECT seq FROM plans ORDER BY seq DESC LIMIT ?)`, keepPlans); err != nil {
			return err
		}
		open := 0
		for _, f := range p.Flags {
			if !f.Resolved {
				open++
			}
		}
		return s.Audit(ctx, tx, "", "plan", map[string]any{"plan_id": p.ID, "fingerprint": p.Fingerprint, "as_of": p.AsOf,
			"provinces": provs, "elements": len(p.Elements), "flags": len(p.Flags), "open_flags": open})
	})
	if err != nil {
		return fmt.Errorf("save plan %s: %w", p.ID, err)
	}
	return nil
}

// LatestPlan returns the current plan, or nil and no error when none was
// made. Each PlannedElement.Element is re-attached from the stored
// inventory (nil for an element no longer in it).
func (s *Store) LatestPlan(ctx context.Context) (*migrate.Plan, error) {
	return s.loadPlan(ctx, nil, `SELECT body FROM plans ORDER BY seq DESC LIMIT 1`)
}

// PlanByFingerprint returns the most recent plan made from inputs with
// this fingerprint, or nil and no error.
func (s *Store) PlanByFingerprint(ctx context.Context, fingerprint string) (*migrate.Plan, error) {
	return s.loadPlan(ctx, nil, `SELECT body FROM plans WHERE fingerprint = ? ORDER BY seq DESC LIMIT 1`, fingerprint)
}

// FindPlan is PlanByFingerprint for a caller that already holds the stored
// inventory (from PlanInput): the elements are attached from inv instead of
// reading the inventory again.
func (s *Store) FindPlan(ctx context.Context, fingerprint string, inv *inventory.Inventory) (*migrate.Plan, error) {
	return s.loadPlan(ctx, inv, `SELECT body FROM plans WHERE fingerprint = ? ORDER BY seq DESC LIMIT 1`, fingerprint)
}

// LatestPlanInfo describes the current plan without reading it, or returns
// nil and no error when none was made.
func (s *Store) LatestPlanInfo(ctx context.Context) (*PlanInfo, error) {
	return s.planInfo(ctx, `SELECT id, created_at, as_of, fingerprint, mapping, provinces, elements, flags
		FROM plans ORDER BY seq DESC LIMIT 1`)
}

// PlanInfoByFingerprint describes the most recent stored plan made from
// inputs with this fingerprint without reading it, or returns nil and no
// error. Plans are deterministic, so a caller that built a plan whose
// fingerprint is stored holds the stored plan.
func (s *Store) PlanInfoByFingerprint(ctx context.Context, fingerprint string) (*PlanInfo, error) {
	return s.planInfo(ctx, `SELECT id, created_at, as_of, fingerprint, mapping, provinces, elements, flags
		FROM plans WHERE fingerprint = ? ORDER BY seq DESC LIMIT 1`, fingerprint)
}

func (s *Store) planInfo(ctx context.Context, query string, args ...any) (*PlanInfo, error) {
	var pi PlanInfo
	var provs string
	err := s.db.QueryRowContext(ctx, query, args...).Scan(&pi.ID, &pi.CreatedAt, &pi.AsOf, &pi.Fingerprint, &pi.Mapping, &provs, &pi.Elements, &pi.Flags)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	if err := json.Unmarshal([]byte(provs), &pi.Provinces); err != nil {
		return nil, fmt.Errorf("plan %s: provinces: %w", pi.ID, err)
	}
	return &pi, nil
}

// MakeCurrent makes the stored plan with this id the current one (the one
// LatestPlan returns) without rewriting it, and records it in the audit log.
// It does nothing when the plan is already current.
func (s *Store) MakeCurrent(ctx context.Context, id string) error {
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var seq, top int64
		if err := tx.QueryRowContext(ctx, `SELECT seq FROM plans WHERE id = ?`, id).Scan(&seq); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT max(seq) FROM plans`).Scan(&top); err != nil {
			return err
		}
		if seq == top {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET seq = ? WHERE seq = ?`, top+1, seq); err != nil {
			return err
		}
		return s.Audit(ctx, tx, "", "plan_current", map[string]any{"plan_id": id})
	})
	if err != nil {
		return fmt.Errorf("make plan %s current: %w", id, err)
	}
	return nil
}

func (s *Store) loadPlan(ctx context.Context, inv *inventory.Inventory, query string, args ...any) (*migrate.Plan, error) {
	var body []byte
	err := s.db.QueryRowContext(ctx, query, args...).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load plan: %w", err)
	}
	p, err := decodePlan(body)
	if err != nil {
		return nil, err
	}
	if inv == nil {
		if inv, err = s.LoadInventory(ctx); err != nil {
			return nil, err
		}
	}
	AttachElements(p, inv)
	return p, nil
}

func decodePlan(body []byte) (*migrate.Plan, error) {
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("load plan: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("load plan: %w", err)
	}
	var p migrate.Plan
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, fmt.Errorf("load plan: %w", err)
	}
	return &p, nil
}

// AttachElements points each planned element at its element in inv, as
// Build does for a fresh plan.
func AttachElements(p *migrate.Plan, inv *inventory.Inventory) {
	if inv == nil {
		return
	}
	byKey := make(map[string]*inventory.Element, len(inv.Elements))
	for i := range inv.Elements {
		e := &inv.Elements[i]
		if _, dup := byKey[e.Key()]; !dup {
			byKey[e.Key()] = e
		}
	}
	for i := range p.Elements {
		p.Elements[i].Element = byKey[p.Elements[i].Key]
	}
}

// PlanInput gathers what the engine plans from: the active mapping, the
// stored inventory and the decisions in force, for the plan date asOf
// (yyyy-mm-dd) and the new provinces given (none: every province with an
// inventory).
func (s *Store) PlanInput(ctx context.Context, asOf string, provinces []string) (migrate.Input, error) {
	m, _, err := s.ActiveMapping(ctx)
	if err != nil {
		return migrate.Input{}, err
	}
	inv, err := s.LoadInventory(ctx)
	if err != nil {
		return migrate.Input{}, err
	}
	decs, err := s.Decisions(ctx)
	if err != nil {
		return migrate.Input{}, err
	}
	return migrate.Input{Mapping: m, Elements: inv.Elements, Relations: inv.Relations, Decisions: decs,
		AsOf: asOf, Provinces: append([]string(nil), provinces...)}, nil
}

// PlanSummaries returns the province summaries of the most recent stored
// plan made from inputs with this fingerprint, or nil and no error. A batch
// run again on unchanged inputs reports them without planning again.
func (s *Store) PlanSummaries(ctx context.Context, fingerprint string) ([]migrate.ProvinceSummary, error) {
	var body []byte
	err := s.db.QueryRowContext(ctx, `SELECT body FROM plans WHERE fingerprint = ? ORDER BY seq DESC LIMIT 1`, fingerprint).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("plan summaries: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("plan summaries: %w", err)
	}
	var head struct {
		Provinces []migrate.ProvinceSummary `json:"provinces"`
	}
	if err := json.NewDecoder(zr).Decode(&head); err != nil {
		return nil, fmt.Errorf("plan summaries: %w", err)
	}
	return head.Provinces, nil
}
