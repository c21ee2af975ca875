package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

// State identifies the plan inputs of the workspace at a moment: the active
// mapping and the last import and decision recorded. Each only grows, so a
// plan made from an older State may be out of date, and Changes says what
// changed since.
type State struct {
	Mapping  int64 `json:"mapping"`
	Import   int64 `json:"import"`
	Decision int64 `json:"decision"`
}

// readState reads the State through q (inside the read snapshot of the
// inputs it describes).
func readState(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) (State, error) {
	var s State
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(max(id), 0) FROM mappings WHERE active = 1),
		(SELECT coalesce(max(id), 0) FROM inventory_imports),
		(SELECT coalesce(max(id), 0) FROM decisions)`).Scan(&s.Mapping, &s.Import, &s.Decision)
	if err != nil {
		return s, fmt.Errorf("workspace state: %w", err)
	}
	return s, nil
}

// State returns the workspace's current State.
func (s *Store) State(ctx context.Context) (State, error) { return readState(ctx, s.db) }

// Change is one recorded change of the plan inputs: an import (the units it
// replaced) or a decision (the element it is about).
type Change struct {
	Import   int64    // the import's id, or 0
	Units    []string // the units the import replaced
	Decision int64    // the decision's id, or 0
	Key      string   // the decided element
	Into     string   // the element it merges into, if any
}

// ChangesSince lists the imports and decisions recorded after since, oldest
// first.
func (s *Store) ChangesSince(ctx context.Context, since State) ([]Change, error) {
	var out []Change
	rows, err := s.db.QueryContext(ctx, `SELECT id, units FROM inventory_imports WHERE id > ? ORDER BY id`, since.Import)
	if err != nil {
		return nil, fmt.Errorf("changes: %w", err)
	}
	for rows.Next() {
		var c Change
		var units string
		if err := rows.Scan(&c.Import, &units); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(units), &c.Units); err != nil {
			rows.Close()
			return nil, fmt.Errorf("changes: import %d: %w", c.Import, err)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT id, element_key, merge_into FROM decisions WHERE id > ? ORDER BY id`, since.Decision)
	if err != nil {
		return nil, fmt.Errorf("changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.Decision, &c.Key, &c.Into); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UnitLinks returns the pairs of old units whose rows refer to each other
// (a relation or a hosted_on across units, a decision in force to merge an
// element into another unit's): the provinces of linked units are planned
// together (migrate.Partition), so a command that plans some provinces
// reads the inventories of every province linked to them.
func (s *Store) UnitLinks(ctx context.Context) ([][2]string, error) { return unitLinks(ctx, s.db) }

func unitLinks(ctx context.Context, q queryer) ([][2]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT unit, other FROM unit_links
		UNION SELECT element_key, merge_into FROM decisions d
		WHERE merge_into <> '' AND id = (SELECT max(id) FROM decisions WHERE element_key = d.element_key)`)
	if err != nil {
		return nil, fmt.Errorf("unit links: %w", err)
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		// Decisions name element keys: their units.
		if u, _, ok := inventory.SplitKey(a); ok {
			a = u
		}
		if u, _, ok := inventory.SplitKey(b); ok {
			b = u
		}
		if a != b {
			out = append(out, [2]string{a, b})
		}
	}
	return out, rows.Err()
}

// refUnit returns the unit of a "unit/id" reference, or "".
func refUnit(ref string) string {
	if i := strings.IndexByte(ref, '/'); i > 0 {
		return ref[:i]
	}
	return ""
}

// linksOf adds to links the units that rows of a batch refer to across
// units.
func linksOf(b inventory.Batch, links map[[2]string]bool) {
	for i := range b.Elements {
		e := &b.Elements[i]
		if u := refUnit(e.HostedOn); u != "" && u != e.Unit {
			links[[2]string{e.Unit, u}] = true
		}
	}
	for i := range b.Relations {
		r := &b.Relations[i]
		for _, ref := range []string{r.From, r.To} {
			if u := refUnit(ref); u != "" && u != r.Owner {
				links[[2]string{r.Owner, u}] = true
			}
		}
	}
}

// saveLinks replaces the links of the units an import replaced, inside tx.
func saveLinks(ctx context.Context, tx *sql.Tx, units []string, links map[[2]string]bool) error {
	js, _ := json.Marshal(units)
	if _, err := tx.ExecContext(ctx, `DELETE FROM unit_links WHERE unit IN (SELECT value FROM json_each(?))`, string(js)); err != nil {
		return err
	}
	if len(links) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO unit_links(unit, other) VALUES(?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for l := range links {
		if _, err := st.ExecContext(ctx, l[0], l[1]); err != nil {
			return err
		}
	}
	return nil
}

// ProvinceState is a new province's summary as last planned, with what it
// was planned from.
type ProvinceState struct {
	PlanID  string                  `json:"plan_id"`
	AsOf    string                  `json:"as_of"`
	State   State                   `json:"state"`
	Summary migrate.ProvinceSummary `json:"summary"`
}

// ProvinceStates returns the last planned state of every province, by code.
func (s *Store) ProvinceStates(ctx context.Context) (map[string]ProvinceState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT province, plan_id, as_of, mapping_seq, import_seq, decision_seq, summary FROM province_state`)
	if err != nil {
		return nil, fmt.Errorf("province states: %w", err)
	}
	defer rows.Close()
	out := map[string]ProvinceState{}
	for rows.Next() {
		var code, summary string
		var ps ProvinceState
		if err := rows.Scan(&code, &ps.PlanID, &ps.AsOf, &ps.State.Mapping, &ps.State.Import, &ps.State.Decision, &summary); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(summary), &ps.Summary); err != nil {
			return nil, fmt.Errorf("province state %s: %w", code, err)
		}
		out[code] = ps
	}
	return out, rows.Err()
}

// saveProvinceStates records the summaries of a plan made from state,
// inside tx.
func saveProvinceStates(ctx context.Context, tx *sql.Tx, r PlanRecord, state State) error {
	st, err := tx.PrepareContext(ctx, `INSERT INTO province_state(province, plan_id, as_of, mapping_seq, import_seq, decision_seq, grp, summary)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(province) DO UPDATE SET plan_id = excluded.plan_id, as_of = excluded.as_of,
		mapping_seq = excluded.mapping_seq, import_seq = excluded.import_seq, decision_seq = excluded.decision_seq,
		grp = excluded.grp, summary = excluded.summary`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, ps := range r.Provinces {
		grp, _ := json.Marshal(ps.Group)
		sum, err := json.Marshal(ps)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, ps.Code, r.ID, r.AsOf, state.Mapping, state.Import, state.Decision, string(grp), string(sum)); err != nil {
			return fmt.Errorf("province state %s: %w", ps.Code, err)
		}
	}
	return nil
}
