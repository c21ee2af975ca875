package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ndta-vn/archmerge/migrate"
)

// Snapshot is one new province's state when a plan was saved: its open and
// resolved flags by severity and the decisions in force.
type Snapshot struct {
	At             string                   `json:"at"` // RFC 3339 UTC
	PlanID         string                   `json:"plan_id"`
	AsOf           string                   `json:"as_of"`
	Province       string                   `json:"province"`
	Name           string                   `json:"name"`
	ElementsBefore int                      `json:"elements_before"`
	ElementsAfter  int                      `json:"elements_after"`
	Open           map[migrate.Severity]int `json:"open"`
	Resolved       map[migrate.Severity]int `json:"resolved"`
	Decisions      int                      `json:"decisions"`
}

// snapshot records the state of each province summary of a plan saved at
// at, inside tx.
func snapshot(ctx context.Context, tx *sql.Tx, at string, r PlanRecord) error {
	st, err := tx.PrepareContext(ctx, `INSERT INTO snapshots(at, plan_id, as_of, province, name, elements_before, elements_after,
		open_blocker, open_high, open_medium, open_info, resolved_blocker, resolved_high, resolved_medium, resolved_info, decisions)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, ps := range r.Provinces {
		if _, err := st.ExecContext(ctx, at, r.ID, r.AsOf, ps.Code, ps.Name, ps.ElementsBefore, ps.ElementsAfter,
			ps.Flags[migrate.Blocker], ps.Flags[migrate.High], ps.Flags[migrate.Medium], ps.Flags[migrate.Info],
			ps.Resolved[migrate.Blocker], ps.Resolved[migrate.High], ps.Resolved[migrate.Medium], ps.Resolved[migrate.Info],
			ps.Decisions); err != nil {
			return fmt.Errorf("snapshot %s: %w", ps.Code, err)
		}
	}
	return nil
}

// Snapshots returns every snapshot recorded, oldest first.
func (s *Store) Snapshots(ctx context.Context) ([]Snapshot, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT at, plan_id, as_of, province, name, elements_before, elements_after,
		open_blocker, open_high, open_medium, open_info, resolved_blocker, resolved_high, resolved_medium, resolved_info, decisions
		FROM snapshots ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("snapshots: %w", err)
	}
	defer rows.Close()
	var out []Snapshot
	for rows.Next() {
		var sn Snapshot
		var ob, oh, om, oi, rb, rh, rm, ri int
		if err := rows.Scan(&sn.At, &sn.PlanID, &sn.AsOf, &sn.Province, &sn.Name, &sn.ElementsBefore, &sn.ElementsAfter,
			&ob, &oh, &om, &oi, &rb, &rh, &rm, &ri, &sn.Decisions); err != nil {
			return nil, err
		}
		sn.Open = map[migrate.Severity]int{migrate.Blocker: ob, migrate.High: oh, migrate.Medium: om, migrate.Info: oi}
		sn.Resolved = map[migrate.Severity]int{migrate.Blocker: rb, migrate.High: rh, migrate.Medium: rm, migrate.Info: ri}
		out = append(out, sn)
	}
	return out, rows.Err()
}
