package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ndta-vn/archmerge/inventory"
)

// ImportSummary says what an inventory import changed.
type ImportSummary struct {
	ImportID  int64                `json:"import_id"`
	At        string               `json:"imported_at"` // RFC 3339 UTC
	Files     []inventory.FileInfo `json:"files"`
	Units     []UnitImport         `json:"units"`
	Elements  int                  `json:"elements"`
	Relations int                  `json:"relations"`
}

// UnitImport is what an import did to one unit's inventory: how many
// elements and relations it now holds, how many elements are new and how
// many replaced an element of the same key, which elements of the previous
// import disappeared, which decisions in force no longer apply because
// their element (or the element they merge into) disappeared, and which
// amendments in force on its elements the new inventory overrode.
type UnitImport struct {
	Unit         string   `json:"unit_code"`
	Replaced     bool     `json:"replaced"` // the unit had an inventory before
	Elements     int      `json:"elements"`
	Relations    int      `json:"relations"`
	Added        int      `json:"added"`
	Kept         int      `json:"kept"`
	Disappeared  []string `json:"disappeared,omitempty"`    // element keys, sorted
	VoidDecision []string `json:"void_decisions,omitempty"` // element keys of decisions no longer applying, sorted
	// Overridden are the amendments that stopped applying, by key and
	// column: the new inventory is the newer truth.
	Overridden []Overridden `json:"overridden_amendments,omitempty"`
}

// voidDecisions lists, per unit, the decisions in force whose element, or
// the element they merge into, disappeared.
func voidDecisions(ctx context.Context, tx *sql.Tx, gone map[string]bool, units []UnitImport) error {
	if len(gone) == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT element_key, merge_into FROM decisions d
		WHERE id = (SELECT max(id) FROM decisions WHERE element_key = d.element_key)`)
	if err != nil {
		return err
	}
	defer rows.Close()
	byUnit := map[string]int{}
	for i, u := range units {
		byUnit[u.Unit] = i
	}
	for rows.Next() {
		var key, into string
		if err := rows.Scan(&key, &into); err != nil {
			return err
		}
		var hit string
		switch {
		case gone[key]:
			hit = key
		case into != "" && gone[into]:
			hit = into
		default:
			continue
		}
		unit, _, _ := inventory.SplitKey(hit)
		if i, ok := byUnit[unit]; ok {
			units[i].VoidDecision = append(units[i].VoidDecision, key)
		}
	}
	for i := range units {
		sort.Strings(units[i].VoidDecision)
	}
	return rows.Err()
}

type fileRow struct {
	path, sha, at string
}

// queryer is what both *sql.DB and *sql.Conn offer for reading.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func inventoryFiles(ctx context.Context, q queryer) (map[int64]fileRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, path, sha256, imported_at FROM inventory_files`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]fileRow{}
	for rows.Next() {
		var id int64
		var f fileRow
		if err := rows.Scan(&id, &f.path, &f.sha, &f.at); err != nil {
			return nil, err
		}
		out[id] = f
	}
	return out, rows.Err()
}

// LoadInventory returns every stored element, sorted by key, and every
// stored relation, in a stable order (by owner unit, then content), each
// with its Source filled. It reads one snapshot of the workspace.
func (s *Store) LoadInventory(ctx context.Context) (*inventory.Inventory, error) {
	inv := &inventory.Inventory{}
	err := s.readSnapshot(ctx, func(conn *sql.Conn) error {
		files, err := inventoryFiles(ctx, conn)
		if err != nil {
			return err
		}
		if inv.Elements, err = loadElements(ctx, conn, files, nil, true); err != nil {
			return err
		}
		inv.Relations, err = loadRelations(ctx, conn, files, nil, true)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load inventory: %w", err)
	}
	return inv, nil
}

// readSnapshot runs fn on one connection inside a read transaction, so that
// several queries see the same workspace although others may write.
// (database/sql's BeginTx would take the write lock: the workspace's
// transactions are IMMEDIATE.)
func (s *Store) readSnapshot(ctx context.Context, fn func(conn *sql.Conn) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return err
	}
	err = fn(conn)
	if _, rerr := conn.ExecContext(context.Background(), "ROLLBACK"); err == nil && rerr != nil {
		// A connection left inside a transaction must not go back to
		// the pool.
		conn.Raw(func(any) error { return driver.ErrBadConn })
		return rerr
	}
	return err
}

// loadElements reads the elements in key order without sorting them: the
// key index gives each row's place (an index-only scan), then the rows are
// read in storage order (several times faster than fetching each through
// the index) straight into their places.
//
// With units (sorted), only the elements of those units are read, each
// unit's by its key range ("unit/" up to "unit0"), which the key index
// answers without reading the rest of the table. Every element (units nil)
// in no particular order (byKey false) is one pass over the table: what a
// plan reads, for no plan depends on the order of its input.
func loadElements(ctx context.Context, conn *sql.Conn, files map[int64]fileRow, units []string, byKey bool) ([]inventory.Element, error) {
	if units == nil && !byKey {
		return scanElements(ctx, conn, files, nil)
	}
	place := map[int64]int32{}
	var rows *sql.Rows
	var err error
	if units == nil {
		rows, err = conn.QueryContext(ctx, `SELECT rowid FROM elements ORDER BY key`)
	} else {
		// CROSS JOIN keeps the units outside: SQLite 3.54's planner
		// otherwise scans the whole key index once per unit.
		js, _ := json.Marshal(units)
		rows, err = conn.QueryContext(ctx, `SELECT e.rowid FROM json_each(?) u
			CROSS JOIN elements e ON e.key >= u.value || '/' AND e.key < u.value || '0' ORDER BY e.key`, string(js))
	}
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		place[id] = int32(len(place))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return scanElements(ctx, conn, files, place)
}

// scanElements reads the elements whose rowid place holds, each into the
// slot place gives it, or every element in the table's order when place
// is nil.
func scanElements(ctx context.Context, conn *sql.Conn, files map[int64]fileRow, place map[int64]int32) ([]inventory.Element, error) {
	var out []inventory.Element
	var rows *sql.Rows
	var err error
	columns := "SELECT rowid, " + elementColumnNames + ", extra, file_id, sheet, line FROM elements"
	switch {
	case place == nil:
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM elements`).Scan(&n); err != nil {
			return nil, err
		}
		out = make([]inventory.Element, 0, n)
		rows, err = conn.QueryContext(ctx, columns)
	case len(place) == 0:
		return []inventory.Element{}, nil
	default:
		out = make([]inventory.Element, len(place))
		ids := make([]int64, 0, len(place))
		for id := range place {
			ids = append(ids, id)
		}
		js, _ := json.Marshal(ids)
		rows, err = conn.QueryContext(ctx, columns+" WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid", string(js))
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Every row is scanned into e, through pointers made once.
	var (
		e     inventory.Element
		rowid int64
		extra string
		fid   int64
	)
	dest := []any{&rowid}
	for i := range inventory.ElementColumns {
		dest = append(dest, inventory.ElementColumns[i].Field(&e))
	}
	dest = append(dest, &extra, &fid, &e.Source.Sheet, &e.Source.Line)
	n := 0
	for rows.Next() {
		e = inventory.Element{}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if extra != "" {
			if err := json.Unmarshal([]byte(extra), &e.Extra); err != nil {
				return nil, fmt.Errorf("element %s: extra: %w", e.Key(), err)
			}
		}
		f := files[fid]
		e.Source.File, e.Source.SHA256, e.Source.ImportedAt = f.path, f.sha, f.at
		if place == nil {
			out = append(out, e)
			continue
		}
		at, ok := place[rowid]
		if !ok {
			return nil, fmt.Errorf("element %s is not in the key index", e.Key())
		}
		out[at] = e
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if place != nil && n != len(out) {
		return nil, fmt.Errorf("%d elements read, the key index has %d", n, len(out))
	}
	return out, nil
}

// loadRelations reads the relations the units declare (every relation
// when units is nil), in a stable order when ordered, else in the table's.
func loadRelations(ctx context.Context, conn *sql.Conn, files map[int64]fileRow, units []string, ordered bool) ([]inventory.Relation, error) {
	const columns = `SELECT owner_unit, from_ref, to_ref, from_ok, to_ok, kind, via, description, file_id, sheet, line FROM relations`
	order := ` ORDER BY owner_unit, from_ref, to_ref, kind, via, description, id`
	if !ordered {
		order = ""
	}
	var rows *sql.Rows
	var err error
	if units == nil {
		rows, err = conn.QueryContext(ctx, columns+order)
	} else {
		js, _ := json.Marshal(units)
		rows, err = conn.QueryContext(ctx, columns+` WHERE owner_unit IN (SELECT value FROM json_each(?))`+order, string(js))
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []inventory.Relation
	for rows.Next() {
		var r inventory.Relation
		var fid int64
		if err := rows.Scan(&r.Owner, &r.From, &r.To, &r.FromOK, &r.ToOK, &r.Kind, &r.Via, &r.Description, &fid, &r.Source.Sheet, &r.Source.Line); err != nil {
			return nil, err
		}
		f := files[fid]
		r.Source.File, r.Source.SHA256, r.Source.ImportedAt = f.path, f.sha, f.at
		out = append(out, r)
	}
	return out, rows.Err()
}

// KnownKeys returns a set membership test over the stored element keys,
// for inventory.ReadPaths.
func (s *Store) KnownKeys(ctx context.Context) (func(string) bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key FROM elements`)
	if err != nil {
		return nil, fmt.Errorf("known keys: %w", err)
	}
	defer rows.Close()
	set := map[string]struct{}{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("known keys: %w", err)
		}
		set[k] = struct{}{}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("known keys: %w", err)
	}
	return func(k string) bool { _, ok := set[k]; return ok }, nil
}

// InventoryUnits lists the units that have an inventory, sorted.
func (s *Store) InventoryUnits(ctx context.Context) ([]string, error) {
	return inventoryUnits(ctx, s.db)
}

func inventoryUnits(ctx context.Context, q queryer) ([]string, error) {
	// An import replaces a unit only with rows it declares: the units of
	// every import are the units that hold an inventory, read without
	// scanning the elements.
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT u.value FROM inventory_imports i, json_each(i.units) u ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("inventory units: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// InventoryFingerprint returns a SHA-256 over the stored inventory's
// content (every element and relation, without provenance), so that the
// same inventories imported from CSV, XLSX or JSON give the same value.
func (s *Store) InventoryFingerprint(ctx context.Context) (string, error) {
	h := sha256.New()
	buf := make([]byte, 0, 1024)
	// The key, then the other fields in table order, then the extra
	// attributes (the key's parts are in the key).
	_, rest := inventory.KeyColumns()
	names := make([]string, len(rest))
	for i, c := range rest {
		names[i] = c.Key
	}
	rows, err := s.db.QueryContext(ctx, "SELECT key, "+strings.Join(names, ", ")+", extra FROM elements ORDER BY key")
	if err != nil {
		return "", fmt.Errorf("inventory fingerprint: %w", err)
	}
	defer rows.Close()
	nElem := len(rest) + 2
	vals := make([]sql.RawBytes, nElem)
	ptrs := make([]any, nElem)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", fmt.Errorf("inventory fingerprint: %w", err)
		}
		buf = append(buf[:0], 'E')
		for _, v := range vals {
			buf = strconv.AppendInt(buf, int64(len(v)), 10)
			buf = append(buf, ':')
			buf = append(buf, v...)
		}
		h.Write(buf)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("inventory fingerprint: %w", err)
	}
	rows.Close()
	rrows, err := s.db.QueryContext(ctx, `SELECT owner_unit, from_ref, to_ref, from_ok, to_ok, kind, via, description
		FROM relations ORDER BY owner_unit, from_ref, to_ref, kind, via, description, from_ok, to_ok`)
	if err != nil {
		return "", fmt.Errorf("inventory fingerprint: %w", err)
	}
	defer rrows.Close()
	rvals := make([]sql.RawBytes, 8)
	rptrs := make([]any, 8)
	for i := range rvals {
		rptrs[i] = &rvals[i]
	}
	for rrows.Next() {
		if err := rrows.Scan(rptrs...); err != nil {
			return "", fmt.Errorf("inventory fingerprint: %w", err)
		}
		buf = append(buf[:0], 'R')
		for _, v := range rvals {
			buf = strconv.AppendInt(buf, int64(len(v)), 10)
			buf = append(buf, ':')
			buf = append(buf, v...)
		}
		h.Write(buf)
	}
	if err := rrows.Err(); err != nil {
		return "", fmt.Errorf("inventory fingerprint: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
