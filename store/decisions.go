package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

// DecisionBatch is what one apply records: the decisions and the
// amendments of elements, the plan they were checked against, who records
// them, and the audit entry's details.
type DecisionBatch struct {
	PlanID     string
	Decisions  []migrate.Decision
	Amendments []inventory.Amendment
	Actor      string
	Detail     any // written to the audit log as JSON
}

// Decide holds the workspace's write lock while check runs, then records
// the batch check returns (its decisions and amendments), with its audit
// entry, in the same immediate transaction. Other writers (another apply,
// an import, a plan being saved) wait until it ends, so check sees the
// inventories, decisions and amendments in force at the moment its batch
// is recorded: two applies started together are checked one after the
// other, and the second sees what the first recorded. check reads the
// workspace through the Store's other methods (other connections, which
// see every commit, and nothing can commit while the lock is held). An
// error from check, or a nil or empty batch, records nothing.
func (s *Store) Decide(ctx context.Context, check func(ctx context.Context) (*DecisionBatch, error)) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		b, err := check(ctx)
		if err != nil || b == nil || len(b.Decisions)+len(b.Amendments) == 0 {
			return err
		}
		if err := recordDecisions(ctx, tx, b.PlanID, b.Decisions); err != nil {
			return err
		}
		if err := recordAmendments(ctx, tx, b.PlanID, b.Amendments); err != nil {
			return err
		}
		return s.audit(ctx, tx, b.Actor, "apply", b.Detail)
	})
}

// recordDecisions appends decisions inside tx; each becomes the one in
// force for its element.
func recordDecisions(ctx context.Context, tx *sql.Tx, planID string, ds []migrate.Decision) error {
	st, err := tx.PrepareContext(ctx, `INSERT INTO decisions(element_key, treatment, merge_into, new_unit, new_owner, note, by, at, file, sha256, plan_id)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, d := range ds {
		if _, err := st.ExecContext(ctx, d.Key, d.Treatment, d.MergeInto, d.NewUnit, d.NewOwner, d.Note, d.By, d.At, d.File, d.SHA256, planID); err != nil {
			return fmt.Errorf("record decision %s: %w", d.Key, err)
		}
	}
	return nil
}

// Decisions returns the decision in force for each element, sorted by key.
// A latest decision with every column empty (a person emptied the row of a
// workbook) withdraws the earlier ones: the element then has none in force.
func (s *Store) Decisions(ctx context.Context) ([]migrate.Decision, error) {
	return decisionsInForce(ctx, s.db)
}

func decisionsInForce(ctx context.Context, q queryer) ([]migrate.Decision, error) {
	rows, err := q.QueryContext(ctx, `SELECT element_key, treatment, merge_into, new_unit, new_owner, note, by, at, file, sha256
		FROM decisions d WHERE id = (SELECT max(id) FROM decisions WHERE element_key = d.element_key) ORDER BY element_key`)
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	defer rows.Close()
	var out []migrate.Decision
	for rows.Next() {
		var d migrate.Decision
		if err := rows.Scan(&d.Key, &d.Treatment, &d.MergeInto, &d.NewUnit, &d.NewOwner, &d.Note, &d.By, &d.At, &d.File, &d.SHA256); err != nil {
			return nil, err
		}
		if d.Treatment == "" && d.MergeInto == "" && d.NewUnit == "" && d.NewOwner == "" && d.Note == "" {
			continue // withdrawn
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DecisionLog returns every decision ever recorded, oldest first, with the
// plan each was recorded against: the decisions table is append-only, so
// this is its whole history.
func (s *Store) DecisionLog(ctx context.Context) ([]migrate.Decision, []string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT element_key, treatment, merge_into, new_unit, new_owner, note, by, at, file, sha256, plan_id
		FROM decisions ORDER BY id`)
	if err != nil {
		return nil, nil, fmt.Errorf("decision log: %w", err)
	}
	defer rows.Close()
	var out []migrate.Decision
	var plans []string
	for rows.Next() {
		var d migrate.Decision
		var plan string
		if err := rows.Scan(&d.Key, &d.Treatment, &d.MergeInto, &d.NewUnit, &d.NewOwner, &d.Note, &d.By, &d.At, &d.File, &d.SHA256, &plan); err != nil {
			return nil, nil, err
		}
		out = append(out, d)
		plans = append(plans, plan)
	}
	return out, plans, rows.Err()
}
