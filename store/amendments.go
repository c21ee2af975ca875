package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/ndta-vn/archmerge/inventory"
)

// recordAmendments appends amendments inside tx; each becomes the one in
// force for its element and field.
func recordAmendments(ctx context.Context, tx *sql.Tx, planID string, as []inventory.Amendment) error {
	st, err := tx.PrepareContext(ctx, `INSERT INTO amendments(element_key, field, value, previous, typed, by, at, file, sha256, sheet, cell, row, header, plan_id)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, a := range as {
		if c := inventory.ElementColumn(a.Field); c == nil || !c.Amendable {
			return fmt.Errorf("record amendment of %s: %q is not an amendable column", a.Key, a.Field)
		}
		if _, err := st.ExecContext(ctx, a.Key, a.Field, a.Value, a.Previous, a.Typed, a.By, a.At, a.File, a.SHA256,
			a.Sheet, a.Cell, a.Row, a.Header, planID); err != nil {
			return fmt.Errorf("record amendment of %s: %w", a.Key, err)
		}
	}
	return nil
}

// amendmentsInForceSQL selects the amendments in force: the latest per
// element and field, unless an import overrode it.
const amendmentsInForceSQL = `SELECT a.id, element_key, field, value, previous, typed, by, at, file, sha256, sheet, cell, row, header
	FROM amendments a WHERE id = (SELECT max(id) FROM amendments WHERE element_key = a.element_key AND field = a.field)
	AND NOT EXISTS (SELECT 1 FROM amendment_overrides WHERE amendment_id = a.id)`

// scanAmendment reads a row of amendmentsInForceSQL's columns.
func scanAmendment(rows *sql.Rows, id *int64, a *inventory.Amendment, extra ...any) error {
	return rows.Scan(append([]any{id, &a.Key, &a.Field, &a.Value, &a.Previous, &a.Typed, &a.By, &a.At, &a.File, &a.SHA256,
		&a.Sheet, &a.Cell, &a.Row, &a.Header}, extra...)...)
}

// Amendments returns the amendments in force, by element key, then in the
// order of the columns.
func (s *Store) Amendments(ctx context.Context) ([]inventory.Amendment, error) {
	return amendmentsInForce(ctx, s.db)
}

func amendmentsInForce(ctx context.Context, q queryer) ([]inventory.Amendment, error) {
	rows, err := q.QueryContext(ctx, amendmentsInForceSQL+` ORDER BY element_key, id`)
	if err != nil {
		return nil, fmt.Errorf("amendments: %w", err)
	}
	defer rows.Close()
	var out []inventory.Amendment
	for rows.Next() {
		var id int64
		var a inventory.Amendment
		if err := scanAmendment(rows, &id, &a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortByColumn(out)
	return out, nil
}

// columnPlace gives each element column's place in
// inventory.ElementColumns, the order amendments are listed in.
var columnPlace = func() map[string]int {
	m := make(map[string]int, len(inventory.ElementColumns))
	for i, c := range inventory.ElementColumns {
		m[c.Key] = i
	}
	return m
}()

// byKeyColumn orders amendments by key, then by column.
func byKeyColumn(a, b *inventory.Amendment) bool {
	if a.Key != b.Key {
		return a.Key < b.Key
	}
	return columnPlace[a.Field] < columnPlace[b.Field]
}

func sortByColumn(as []inventory.Amendment) {
	sort.SliceStable(as, func(i, j int) bool { return byKeyColumn(&as[i], &as[j]) })
}

// LoggedAmendment is an amendment of the log, with the import that
// overrode it (0 when none did).
type LoggedAmendment struct {
	inventory.Amendment
	PlanID       string `json:"plan_id"`
	OverriddenBy int64  `json:"overridden_by_import,omitempty"`
}

// AmendmentLog returns every amendment ever recorded, oldest first: the
// amendments table is append-only, so this is its whole history.
func (s *Store) AmendmentLog(ctx context.Context) ([]LoggedAmendment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, element_key, field, value, previous, typed, by, at, file, sha256, sheet, cell, row, header,
		plan_id, coalesce(o.import_id, 0) FROM amendments a LEFT JOIN amendment_overrides o ON o.amendment_id = a.id ORDER BY a.id`)
	if err != nil {
		return nil, fmt.Errorf("amendment log: %w", err)
	}
	defer rows.Close()
	var out []LoggedAmendment
	for rows.Next() {
		var id int64
		var l LoggedAmendment
		if err := scanAmendment(rows, &id, &l.Amendment, &l.PlanID, &l.OverriddenBy); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Overridden is an amendment in force that an import overrode, with the
// value the new inventory gives the field.
type Overridden struct {
	inventory.Amendment
	// Imported is the field's value in the new inventory (stored form);
	// Gone says the new inventory no longer declares the element.
	Imported string `json:"imported"`
	Gone     bool   `json:"gone,omitempty"`
}

// overrideAmendments records that import importID overrode the amendments
// in force on the elements of the units it replaced, inside tx, and lists
// them per unit in units.
func overrideAmendments(ctx context.Context, tx *sql.Tx, importID int64, units []UnitImport) error {
	if len(units) == 0 {
		return nil
	}
	byUnit := make(map[string]int, len(units))
	for i, u := range units {
		byUnit[u.Unit] = i
	}
	rows, err := tx.QueryContext(ctx, amendmentsInForceSQL+` ORDER BY element_key, id`)
	if err != nil {
		return fmt.Errorf("amendments: %w", err)
	}
	type hit struct {
		id int64
		a  inventory.Amendment
		u  int
	}
	var hits []hit
	for rows.Next() {
		var h hit
		if err := scanAmendment(rows, &h.id, &h.a); err != nil {
			rows.Close()
			return err
		}
		unit, _, _ := inventory.SplitKey(h.a.Key)
		if i, ok := byUnit[unit]; ok {
			h.u = i
			hits = append(hits, h)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(hits) == 0 {
		return nil
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO amendment_overrides(amendment_id, import_id) VALUES(?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, h := range hits {
		if _, err := ins.ExecContext(ctx, h.id, importID); err != nil {
			return fmt.Errorf("override amendment %d: %w", h.id, err)
		}
		o := Overridden{Amendment: h.a}
		if o.Imported, o.Gone, err = importedValue(ctx, tx, h.a); err != nil {
			return err
		}
		units[h.u].Overridden = append(units[h.u].Overridden, o)
	}
	for i := range units {
		sortOverridden(units[i].Overridden)
	}
	return nil
}

func sortOverridden(os []Overridden) {
	sort.SliceStable(os, func(i, j int) bool { return byKeyColumn(&os[i].Amendment, &os[j].Amendment) })
}

// importedValue reads the field an amendment is about from the element as
// now stored (inside tx), in its stored form; gone when there is no such
// element.
func importedValue(ctx context.Context, tx *sql.Tx, a inventory.Amendment) (string, bool, error) {
	c := inventory.ElementColumn(a.Field)
	if c == nil || !c.Amendable {
		return "", false, fmt.Errorf("amendment of %s: %q is not an amendable column", a.Key, a.Field)
	}
	var e inventory.Element
	// The column's name is the key of an amendable column of the fixed
	// table of columns (checked just above), never text from an input.
	err := tx.QueryRowContext(ctx, `SELECT kind, `+c.Key+` FROM elements WHERE key = ?`, a.Key).Scan((*string)(&e.Kind), c.Field(&e))
	if err == sql.ErrNoRows {
		return "", true, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("amendment of %s: %w", a.Key, err)
	}
	return c.Cell(&e), false, nil
}

// overridden counts the amendments an import overrode.
func overridden(units []UnitImport) int {
	n := 0
	for _, u := range units {
		n += len(u.Overridden)
	}
	return n
}
