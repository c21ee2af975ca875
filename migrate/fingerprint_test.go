package migrate

import (
	"testing"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/inventory/inventorytest"
)

// TestFingerprintCoversEveryField changes each field of the columns table
// in turn, on one element or one relation, and checks that the plan's
// fingerprint and its province's change (a plan made before the change
// must not be taken for the current one), and that the other province's
// does not. Iterating the table covers a field added to it later.
func TestFingerprintCoversEveryField(t *testing.T) {
	m := builtin(t)
	base := func() ([]inventory.Element, []inventory.Relation) {
		els := []inventory.Element{
			{Unit: "08", ID: "A", Kind: inventory.Application, Name: "Quản lý văn bản"},
			{Unit: "08", ID: "B", Kind: inventory.Dataset, Name: "CSDL đất đai"},
			{Unit: "01", ID: "C", Kind: inventory.Application, Name: "Quản lý cán bộ"},
		}
		rels := []inventory.Relation{{Owner: "08", From: "08/A", To: "08/B", Kind: "integrates"}}
		return els, rels
	}
	fps := func(els []inventory.Element, rels []inventory.Relation) (plan, p08, p01 string) {
		in := input(m, els, rels, nil)
		d := digestInput(in)
		return d.total(in), d.province("08"), d.province("01")
	}
	els, rels := base()
	plan0, p080, p010 := fps(els, rels)
	check := func(t *testing.T, els []inventory.Element, rels []inventory.Relation) {
		t.Helper()
		plan, p08, p01 := fps(els, rels)
		if plan == plan0 || p08 == p080 {
			t.Error("the change left the fingerprint unchanged")
		}
		if p01 != p010 {
			t.Error("a change in Tuyên Quang changed Hà Nội's fingerprint")
		}
	}
	for i := range inventory.ElementColumns {
		c := &inventory.ElementColumns[i]
		t.Run("element/"+c.Key, func(t *testing.T) {
			els, rels := base()
			before := c.Cell(&els[0])
			inventorytest.Set(c, &els[0], "02") // Hà Giang: also new Tuyên Quang
			if c.Cell(&els[0]) == before {
				t.Fatalf("the test's value %q is the base element's", before)
			}
			check(t, els, rels)
		})
	}
	t.Run("element/extra", func(t *testing.T) {
		els, rels := base()
		els[0].Extra = map[string]string{"Ghi chú": "x"}
		check(t, els, rels)
	})
	for i := range inventory.RelationColumns {
		c := &inventory.RelationColumns[i]
		t.Run("relation/"+c.Key, func(t *testing.T) {
			els, rels := base()
			before := *c.Rel(&rels[0])
			inventorytest.SetRelation(c, &rels[0])
			if *c.Rel(&rels[0]) == before {
				t.Fatalf("the test's value %q is the base relation's", before)
			}
			check(t, els, rels)
		})
	}
}
