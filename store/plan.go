package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

// keepPlans is how many plans the workspace keeps; older ones are pruned
// (their id and fingerprint stay in the audit log).
const keepPlans = 20

// PlanRecord is what the workspace keeps of a plan: its identity, date and
// mapping, and each new province's summary. Placements, clusters, flags and
// texts are not kept: plans are deterministic, and the engine gives them
// again, identical, from the same inputs (a national plan's texts run to
// hundreds of megabytes). Whoever saves a plan — plan, report, apply or a
// batch planning part by part — saves this one shape.
type PlanRecord struct {
	ID          string                    `json:"plan_id"`
	CreatedAt   string                    `json:"created_at,omitempty"` // when it was saved
	AsOf        string                    `json:"as_of"`
	Fingerprint string                    `json:"fingerprint"`
	Mapping     string                    `json:"mapping"`
	Provinces   []migrate.ProvinceSummary `json:"provinces"`
}

// SavePlan stores the record of p as the workspace's current plan, with a
// snapshot of each of its provinces (Snapshots) and an audit entry, in one
// transaction. Saving a plan with the same id again
// makes it current.
func (s *Store) SavePlan(ctx context.Context, p *migrate.Plan, state State) error {
	r := PlanRecord{ID: p.ID, AsOf: p.AsOf, Fingerprint: p.Fingerprint, Mapping: p.Mapping, Provinces: p.Provinces}
	if r.Provinces == nil {
		r.Provinces = []migrate.ProvinceSummary{}
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("save plan %s: %w", p.ID, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("save plan %s: %w", p.ID, err)
	}
	provs := make([]string, 0, len(r.Provinces))
	elements, flags, open := 0, 0, 0
	for _, ps := range r.Provinces {
		provs = append(provs, ps.Code)
		elements += ps.ElementsBefore
		for _, sev := range migrate.Severities {
			open += ps.Flags[sev]
			flags += ps.Flags[sev] + ps.Resolved[sev]
		}
	}
	provJSON, _ := json.Marshal(provs)
	now := s.Now().Format(time.RFC3339)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM plans WHERE id = ?`, r.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plans(id, created_at, as_of, fingerprint, mapping, provinces, elements, flags, body)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, now, r.AsOf, r.Fingerprint, r.Mapping, string(provJSON),
			elements, flags, buf.Bytes()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plans WHERE seq NOT IN (SELECT seq FROM plans ORDER BY seq DESC LIMIT ?)`, keepPlans); err != nil {
			return err
		}
		if err := snapshot(ctx, tx, now, r); err != nil {
			return err
		}
		if err := saveProvinceStates(ctx, tx, r, state); err != nil {
			return err
		}
		return s.audit(ctx, tx, "", "plan", map[string]any{"plan_id": r.ID, "fingerprint": r.Fingerprint, "as_of": r.AsOf,
			"provinces": provs, "elements": elements, "flags": flags, "open_flags": open})
	})
	if err != nil {
		return fmt.Errorf("save plan %s: %w", p.ID, err)
	}
	return nil
}

// CurrentPlan returns the record of the current plan, or nil and no error
// when none was made.
func (s *Store) CurrentPlan(ctx context.Context) (*PlanRecord, error) {
	return s.planRecord(ctx, `SELECT created_at, body FROM plans ORDER BY seq DESC LIMIT 1`)
}

// PlanByFingerprint returns the record of the most recent plan made from
// inputs with this fingerprint, or nil and no error. Plans are
// deterministic, so a caller that built a plan whose fingerprint is stored
// holds the stored plan.
func (s *Store) PlanByFingerprint(ctx context.Context, fingerprint string) (*PlanRecord, error) {
	return s.planRecord(ctx, `SELECT created_at, body FROM plans WHERE fingerprint = ? ORDER BY seq DESC LIMIT 1`, fingerprint)
}

func (s *Store) planRecord(ctx context.Context, query string, args ...any) (*PlanRecord, error) {
	var created string
	var body []byte
	err := s.db.QueryRowContext(ctx, query, args...).Scan(&created, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	// Workspaces written by earlier versions kept more of the plan in the
	// same body: the record is its head, and the rest is ignored.
	var r PlanRecord
	if err := json.NewDecoder(zr).Decode(&r); err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	r.CreatedAt = created
	return &r, nil
}

// MakeCurrent makes the stored plan with this id the current one (the one
// CurrentPlan returns) without rewriting it, and records it in the audit
// log. It does nothing when the plan is already current.
func (s *Store) MakeCurrent(ctx context.Context, id string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
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
		return s.audit(ctx, tx, "", "plan_current", map[string]any{"plan_id": id})
	})
	if err != nil {
		return fmt.Errorf("make plan %s current: %w", id, err)
	}
	return nil
}

// PlanInput gathers what the engine plans from — the active mapping, the
// stored inventory with the amendments in force laid over its elements,
// and the decisions in force — for the plan date asOf
// (yyyy-mm-dd) and the new provinces given (none: every province with an
// inventory), and the State of the workspace they were read at, all from
// one snapshot of the workspace. For some provinces it reads only the
// inventories of their groups (Groups): what their plan depends on.
func (s *Store) PlanInput(ctx context.Context, asOf string, provinces []string) (migrate.Input, State, error) {
	return s.planInput(ctx, asOf, provinces, nil, nil)
}

// PlanInputAfterImport is PlanInput(ctx, asOf, nil) for a workspace into
// which res was just imported (sum is what ImportInventory said): the
// rows of res, which are what the workspace now holds for its units, are
// taken as they are instead of being read back, and only the rest (the
// other units' inventories, the amendments and decisions in force) is
// read. It takes res's rows: res must not be used after. Should anything
// have been imported after res (another command), it reads everything,
// as PlanInput does. Either way the input holds what PlanInput's does,
// possibly in another order, which no plan depends on
// (TestPlanInputAfterImportIsPlanInput).
func (s *Store) PlanInputAfterImport(ctx context.Context, asOf string, res *inventory.Result, sum *ImportSummary) (migrate.Input, State, error) {
	return s.planInput(ctx, asOf, nil, res, sum)
}

// PlanInputAhead is the plan input the workspace will give once res is
// imported (as PlanInputAfterImport gives it), made before the import, so
// that planning need not wait for it. It can be made only when the import
// can change nothing else a plan reads: the workspace holds no decision,
// no amendment, and no inventory of a unit res does not hold; ok says
// whether it could. The input shares res's rows, read-only (an import
// may read them at the same time), without their import date (no plan
// reads where a row came from). before is the workspace's State it was
// made at: ImportedOnly tells, after the import, whether the input holds.
func (s *Store) PlanInputAhead(ctx context.Context, asOf string, res *inventory.Result) (in migrate.Input, before State, ok bool, err error) {
	m, _, err := s.ActiveMapping(ctx)
	if err != nil {
		return migrate.Input{}, State{}, false, err
	}
	err = s.readSnapshot(ctx, func(conn *sql.Conn) error {
		var err error
		if before, err = readState(ctx, conn); err != nil {
			return err
		}
		if before.Decision != 0 || before.Amendment != 0 {
			return nil // what the import voids or overrides would change them
		}
		others, err := otherUnits(ctx, conn, res)
		ok = err == nil && len(others) == 0
		return err
	})
	if err != nil || !ok {
		return migrate.Input{}, before, false, err
	}
	return migrate.Input{Mapping: m, AsOf: asOf, Elements: res.Elements, Relations: res.Relations}, before, true, nil
}

// ImportedOnly reports whether the workspace changed, since the State
// before, by the import sum and nothing else (no other import, decision,
// amendment or mapping), and returns its State now: then an input made
// by PlanInputAhead at before is the one PlanInput now gives.
func (s *Store) ImportedOnly(ctx context.Context, before State, sum *ImportSummary) (State, bool, error) {
	now, err := s.State(ctx)
	if err != nil {
		return now, false, err
	}
	want := before
	want.Import = sum.ImportID
	// Imports are numbered in the order they commit: the one after
	// before's is this one only if none came between.
	return now, now == want && sum.ImportID == before.Import+1, nil
}

func (s *Store) planInput(ctx context.Context, asOf string, provinces []string, res *inventory.Result, sum *ImportSummary) (migrate.Input, State, error) {
	m, _, err := s.ActiveMapping(ctx)
	if err != nil {
		return migrate.Input{}, State{}, err
	}
	in := migrate.Input{Mapping: m, AsOf: asOf, Provinces: append([]string(nil), provinces...)}
	var state State
	err = s.readSnapshot(ctx, func(conn *sql.Conn) error {
		var err error
		if state, err = readState(ctx, conn); err != nil {
			return err
		}
		if res != nil && (sum == nil || state.Import != sum.ImportID) {
			res = nil // imported over since: read it all
		}
		var units []string // nil: all
		if len(provinces) > 0 {
			g, err := readGroups(ctx, conn, m)
			if err != nil {
				return err
			}
			units = g.Units(provinces)
		}
		files, err := inventoryFiles(ctx, conn)
		if err != nil {
			return err
		}
		if res != nil {
			if units, err = otherUnits(ctx, conn, res); err != nil {
				return err
			}
		}
		if units == nil || len(units) > 0 {
			// In the order the workspace holds them, but for a few
			// provinces' (by key): no plan depends on the order.
			if in.Elements, err = loadElements(ctx, conn, files, units, false); err != nil {
				return err
			}
			if in.Relations, err = loadRelations(ctx, conn, files, units, false); err != nil {
				return err
			}
		}
		if res != nil {
			in.Elements, in.Relations = asStored(res, sum.At, in.Elements, in.Relations)
		}
		ams, err := amendmentsInForce(ctx, conn)
		if err != nil {
			return err
		}
		if err := inventory.ApplyAmendments(in.Elements, ams); err != nil {
			return err
		}
		if in.Decisions, err = decisionsInForce(ctx, conn); err != nil {
			return err
		}
		if len(provinces) > 0 {
			in.Decisions = ofUnits(in.Decisions, units)
		}
		return nil
	})
	if err != nil {
		return migrate.Input{}, State{}, fmt.Errorf("plan input: %w", err)
	}
	return in, state, nil
}

// PlanInputAfterDecisions is PlanInput(ctx, asOf, provinces) for a
// workspace in which nothing but decisions was recorded since the State
// before, at which prev was read by PlanInput(ctx, asOf, provinces): prev's
// inventory (with the amendments then in force) is what the workspace
// still holds, and only the decisions in force are read again. Apply plans
// so after recording a workbook's decisions. ok is false when anything
// else changed since (an import, an amendment, another mapping): then
// PlanInput must be used. The input shares prev's rows; plans do not
// change their inputs.
func (s *Store) PlanInputAfterDecisions(ctx context.Context, prev migrate.Input, before State, provinces []string) (in migrate.Input, now State, ok bool, err error) {
	in = migrate.Input{Mapping: prev.Mapping, AsOf: prev.AsOf, Provinces: prev.Provinces, Elements: prev.Elements, Relations: prev.Relations}
	err = s.readSnapshot(ctx, func(conn *sql.Conn) error {
		var err error
		if now, err = readState(ctx, conn); err != nil {
			return err
		}
		if now.Mapping != before.Mapping || now.Import != before.Import || now.Amendment != before.Amendment {
			return nil
		}
		ok = true
		if in.Decisions, err = decisionsInForce(ctx, conn); err != nil {
			return err
		}
		if len(provinces) > 0 {
			g, err := readGroups(ctx, conn, prev.Mapping)
			if err != nil {
				return err
			}
			in.Decisions = ofUnits(in.Decisions, g.Units(provinces))
		}
		return nil
	})
	if err != nil || !ok {
		return migrate.Input{}, now, false, err
	}
	return in, now, true, nil
}

// otherUnits lists, sorted, the units holding an inventory in the
// workspace that res does not hold (never nil).
func otherUnits(ctx context.Context, conn *sql.Conn, res *inventory.Result) ([]string, error) {
	all, err := inventoryUnits(ctx, conn)
	if err != nil {
		return nil, err
	}
	mine := res.Units()
	out := []string{}
	for _, u := range all {
		if _, ok := slices.BinarySearch(mine, u); !ok {
			out = append(out, u)
		}
	}
	return out, nil
}

// asStored returns the rows of res, imported at the time at, as
// loadElements and loadRelations read them back, after the other units'
// rows read (elems, rels). The workspace keeps a row's file, sheet and
// line, and an element's extra columns when it has some. The rows keep the
// order read: a plan does not depend on the order of its input (migrate's
// TestPlanIsDeterministic).
func asStored(res *inventory.Result, at string, elems []inventory.Element, rels []inventory.Relation) ([]inventory.Element, []inventory.Relation) {
	for i := range res.Elements {
		e := &res.Elements[i]
		e.Source.ImportedAt = at
		if len(e.Extra) == 0 {
			e.Extra = nil
		}
	}
	for i := range res.Relations {
		res.Relations[i].Source.ImportedAt = at
	}
	es, rs := res.Elements, res.Relations
	if len(elems) > 0 {
		es = append(elems, es...)
	}
	if len(rels) > 0 {
		rs = append(rels, rs...)
	}
	res.Elements, res.Relations = nil, nil
	return es, rs
}

// ofUnits keeps the decisions on elements of the units (sorted).
func ofUnits(ds []migrate.Decision, units []string) []migrate.Decision {
	out := ds[:0]
	for _, d := range ds {
		u, _, _ := inventory.SplitKey(d.Key)
		if _, ok := slices.BinarySearch(units, u); ok {
			out = append(out, d)
		}
	}
	return out
}
