package store

import (
	"context"
	"testing"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/inventory/inventorytest"
	"github.com/ndta-vn/archmerge/mapping"
)

// TestElementsTableHasEveryColumn checks that the elements table has a
// column for each row of inventory.ElementColumns, of the SQLite type its
// Type is stored as: a field added to the table needs a migration adding
// its column.
func TestElementsTableHasEveryColumn(t *testing.T) {
	st, _ := openTemp(t)
	rows, err := st.db.QueryContext(context.Background(), `SELECT name, type FROM pragma_table_info('elements')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types := map[string]string{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		types[name] = typ
	}
	for _, c := range inventory.ElementColumns {
		want := "TEXT"
		if c.Number() || c.Type == inventory.Flag {
			want = "INTEGER"
		}
		if types[c.Key] != want {
			t.Errorf("column %s: the elements table has %q, want %s", c.Key, types[c.Key], want)
		}
	}
}

// TestWorkspaceFingerprintCoversEveryField imports one element into a new
// workspace, then the same element with one field of the columns table
// changed, for each column in turn, into another, and checks that the
// workspaces' fingerprints differ.
func TestWorkspaceFingerprintCoversEveryField(t *testing.T) {
	ctx := context.Background()
	fingerprint := func(t *testing.T, e inventory.Element) string {
		t.Helper()
		st, _ := openTemp(t)
		e.Source = inventory.Source{Pos: mapping.Pos{File: "a.json", Sheet: inventory.SheetElements, Line: 2}, SHA256: "x"}
		res := &inventory.Result{Inventory: inventory.Inventory{Elements: []inventory.Element{e}},
			Files: []inventory.FileInfo{{Path: "a.json", Format: "json", SHA256: "x", Units: []string{e.Unit}, Elements: 1}}}
		if _, err := st.ImportInventory(ctx, res); err != nil {
			t.Fatal(err)
		}
		fp, err := st.InventoryFingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return fp
	}
	base := inventory.Element{Unit: "08", ID: "A", Kind: inventory.Application, Name: "Quản lý văn bản"}
	before := fingerprint(t, base)
	for i := range inventory.ElementColumns {
		c := &inventory.ElementColumns[i]
		t.Run(c.Key, func(t *testing.T) {
			e := base
			inventorytest.Set(c, &e, "02")
			if fingerprint(t, e) == before {
				t.Error("the change left the workspace's fingerprint unchanged")
			}
		})
	}
}
