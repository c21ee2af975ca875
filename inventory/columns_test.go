package inventory_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/inventory/inventorytest"
)

// TestColumnsTableIsComplete checks each row of the columns tables for
// what its consumers rely on: a unique key, labels and expectations in
// both languages, an accessor of the right kind for its type, a
// vocabulary for a word, a width where a workbook shows it.
func TestColumnsTableIsComplete(t *testing.T) {
	for _, tab := range []struct {
		name    string
		cols    []inventory.Column
		element bool
	}{{"elements", inventory.ElementColumns, true}, {"relations", inventory.RelationColumns, false}} {
		keys := map[string]bool{}
		parts := map[int]int{}
		for i := range tab.cols {
			c := &tab.cols[i]
			t.Run(tab.name+"/"+c.Key, func(t *testing.T) {
				if keys[c.Key] {
					t.Error("the key is used twice")
				}
				keys[c.Key] = true
				parts[c.KeyPart]++
				if c.Label.VI == "" || c.Label.EN == "" || c.Expect.EN == "" || c.Expect.VI == "" {
					t.Errorf("a label or an expectation is missing: %+v", c)
				}
				if c.Type == inventory.Word && (c.Vocab == nil || len(c.Vocab.Words) < 2) {
					t.Error("a word column without a vocabulary")
				}
				if !tab.element {
					if c.Rel == nil || c.Field != nil || c.Sheet != inventory.NoSheet || c.KeyPart != 0 {
						t.Error("a relation column needs Rel and no element properties")
					}
					return
				}
				if c.Field == nil || c.Rel != nil {
					t.Fatal("an element column needs Field and no Rel")
				}
				var e inventory.Element
				want := map[inventory.Type]string{inventory.Level: "*int", inventory.Integer: "*int64", inventory.Flag: "*bool"}[c.Type]
				if want == "" {
					want = "*string"
				}
				if got := fmt.Sprintf("%T", c.Field(&e)); got != want && !(got == "*inventory.Kind" && want == "*string") {
					t.Errorf("Field gives a %s, a %v column needs a %s", got, c.Type, want)
				}
				if (c.Sheet != inventory.NoSheet) != (c.SheetWidth > 0) {
					t.Errorf("sheet %v with width %v", c.Sheet, c.SheetWidth)
				}
			})
		}
		if tab.element && (parts[inventory.KeyUnit] != 1 || parts[inventory.KeyID] != 1) {
			t.Errorf("the element key needs one unit code and one id column: %v", parts)
		}
	}
}

// TestEachColumnReachesItsOwnField sets each column's field in turn on a
// blank element or relation and checks that only that column reads it
// back, and that JSON (the export's encoding of an Element) names it by
// the column's key.
func TestEachColumnReachesItsOwnField(t *testing.T) {
	for i := range inventory.ElementColumns {
		c := &inventory.ElementColumns[i]
		t.Run(c.Key, func(t *testing.T) {
			var e inventory.Element
			inventorytest.Set(c, &e, "02")
			for j := range inventory.ElementColumns {
				d := &inventory.ElementColumns[j]
				if got, want := d.Cell(&e), map[bool]string{true: inventorytest.Value(c, "02")}[i == j]; got != want {
					t.Errorf("column %s reads %q, want %q", d.Key, got, want)
				}
			}
			checkJSONKey(t, &e, c.Key, inventorytest.Value(c, "02"))
		})
	}
	for i := range inventory.RelationColumns {
		c := &inventory.RelationColumns[i]
		t.Run("relation/"+c.Key, func(t *testing.T) {
			var r inventory.Relation
			inventorytest.SetRelation(c, &r)
			for j := range inventory.RelationColumns {
				d := &inventory.RelationColumns[j]
				if got, want := inventory.RelationCell(&r, d.Key), map[bool]string{true: inventorytest.Value(c, "")}[i == j]; got != want {
					t.Errorf("column %s reads %q, want %q", d.Key, got, want)
				}
			}
			checkJSONKey(t, &r, c.Key, inventorytest.Value(c, ""))
		})
	}
}

// checkJSONKey checks that v encodes as JSON with key holding want (yes as
// true, numbers as numbers).
func checkJSONKey(t *testing.T, v any, key, want string) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(obj[key])
	if obj[key] == true {
		got = "yes"
	}
	if got != want {
		t.Errorf("JSON %s holds %q, want %q: %s", key, got, want, b)
	}
}

// TestAmendableColumns pins which fields a person may amend after import
// (the attributes that change with the restructuring without the system
// changing: who owns and runs it, its approval, its state, its users, its
// contract, whether it holds personal data).
func TestAmendableColumns(t *testing.T) {
	var got []string
	for _, c := range inventory.ElementColumns {
		if c.Amendable {
			got = append(got, c.Key)
		}
	}
	want := []string{"owner", "operator", "security_level", "security_decision", "status", "users", "contract_end", "personal_data"}
	if !slices.Equal(got, want) {
		t.Errorf("amendable columns %v, want %v", got, want)
	}
}
