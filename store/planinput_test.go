package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/fixtures"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

// readFixtures reads generated inventories of the old provinces given
// (format json keeps extra columns; csv has none), as batch reads them.
func readFixtures(t *testing.T, st *Store, seed int64, format string, provinces ...string) *inventory.Result {
	t.Helper()
	ctx := context.Background()
	m := builtinMapping(t)
	dir := t.TempDir()
	if _, err := fixtures.Write(ctx, dir, m, fixtures.Options{Scale: 0.3, Seed: seed, Format: format, Provinces: provinces}); err != nil {
		t.Fatal(err)
	}
	found, probs, err := inventory.Find([]string{dir}, "")
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	known, err := st.KnownKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := inventory.ReadInputs(ctx, found, m, known)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems[:1])
	}
	return res
}

// The plan input a batch takes from what it just imported is the one the
// workspace gives when read back: on a first import, over other units'
// inventories, amendments and decisions, over a unit it replaces, and
// when another import came after it (then it reads everything).
func TestPlanInputAfterImportIsPlanInput(t *testing.T) {
	ctx := context.Background()
	const asOf = "2026-11-01"
	tests := []struct {
		name string
		// before runs before the import compared; after, between the
		// import and the plan input.
		before, after func(t *testing.T, st *Store)
		provinces     []string
		format        string
		// csv, when set, is read instead of fixtures: elements, relations.
		csv [2]string
	}{
		{name: "extra columns and unresolved references", csv: [2]string{invHeader +
			"KTTTHC,02,application,Một cửa,KTTTHC,VP UBND,2,active,1200,2027-01-01,yes,ghi chú một\n" +
			"OLD,02,application,Hệ thống cũ,,,,retired,,,,\n" +
			"P,024,portal,Cổng TP,CONG_TTDT,,,active,,,,ghi chú hai\n",
			"from,to,kind,via\nOLD,KTTTHC,uses,\n024/P,02/KTTTHC,integrates,lgsp\nKTTTHC,01/LGSP,integrates,\nKTTTHC,OLD,uses,\n"}},
		{name: "first import", provinces: []string{"08", "02"}, format: "json"},
		{name: "first import, csv", provinces: []string{"04"}, format: "csv"},
		{name: "over other units, amendments and decisions", provinces: []string{"08"}, format: "json",
			before: func(t *testing.T, st *Store) {
				if _, err := st.ImportInventory(ctx, readFixtures(t, st, 3, "csv", "02", "04")); err != nil {
					t.Fatal(err)
				}
				in, _, err := st.PlanInput(ctx, asOf, nil)
				if err != nil {
					t.Fatal(err)
				}
				e := in.Elements[len(in.Elements)/2]
				amend(t, st, inventory.Amendment{Key: e.Key(), Field: "owner", Value: "Sở KH&CN", Previous: e.Owner, Header: "Chủ quản",
					File: "/w/x.xlsx", SHA256: "ab", Sheet: "Hệ thống", Cell: "J2", Row: 2, By: "A", At: "2026-11-01T08:00:00Z"})
				err = st.Decide(ctx, func(context.Context) (*DecisionBatch, error) {
					return &DecisionBatch{PlanID: "P1", Actor: "test", Decisions: []migrate.Decision{
						{Key: in.Elements[0].Key(), Treatment: "retire", By: "test", At: "2026-11-01T00:00:00Z"}}}, nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}},
		{name: "replacing a unit's inventory", provinces: []string{"02", "08"}, format: "json",
			before: func(t *testing.T, st *Store) {
				if _, err := st.ImportInventory(ctx, readFixtures(t, st, 5, "csv", "02", "04")); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "imported over since", provinces: []string{"08"}, format: "json",
			after: func(t *testing.T, st *Store) {
				if _, err := st.ImportInventory(ctx, readFixtures(t, st, 9, "csv", "04")); err != nil {
					t.Fatal(err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _ := openTemp(t)
			st.Now = func() time.Time { return time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC) }
			if tt.before != nil {
				tt.before(t, st)
			}
			var res *inventory.Result
			if tt.csv[0] != "" {
				res = readInv(t, st, "x", tt.csv[0], tt.csv[1])
			} else {
				res = readFixtures(t, st, 7, tt.format, tt.provinces...)
			}
			sum, err := st.ImportInventory(ctx, res)
			if err != nil {
				t.Fatal(err)
			}
			if tt.after != nil {
				tt.after(t, st)
			}
			want, wantState, err := st.PlanInput(ctx, asOf, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, gotState, err := st.PlanInputAfterImport(ctx, asOf, res, sum)
			if err != nil {
				t.Fatal(err)
			}
			if gotState != wantState {
				t.Errorf("state %+v, want %+v", gotState, wantState)
			}
			if len(got.Elements) != len(want.Elements) || len(got.Relations) != len(want.Relations) || len(got.Decisions) != len(want.Decisions) {
				t.Fatalf("%d elements, %d relations, %d decisions; want %d, %d, %d", len(got.Elements), len(got.Relations), len(got.Decisions),
					len(want.Elements), len(want.Relations), len(want.Decisions))
			}
			// The same rows, whatever their order, and so the same plan.
			gotPlan, wantPlan := buildJSON(t, got), buildJSON(t, want)
			canonical(got)
			canonical(want)
			for i := range want.Elements {
				if !reflect.DeepEqual(got.Elements[i], want.Elements[i]) {
					t.Fatalf("element %d:\n got %+v\nwant %+v", i, got.Elements[i], want.Elements[i])
				}
			}
			for i := range want.Relations {
				if !reflect.DeepEqual(got.Relations[i], want.Relations[i]) {
					t.Fatalf("relation %d:\n got %+v\nwant %+v", i, got.Relations[i], want.Relations[i])
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Error("the inputs differ")
			}
			if !bytes.Equal(gotPlan, wantPlan) {
				t.Error("the plans differ")
			}
			if len(want.Elements) == 0 || len(want.Relations) == 0 {
				t.Error("nothing compared")
			}
			if tt.csv[0] != "" && want.Elements[0].Extra == nil {
				t.Error("no extra column compared")
			}
		})
	}
}

// canonical puts an input's rows in one order: elements by key, relations
// by every field they are stored with.
func canonical(in migrate.Input) {
	slices.SortFunc(in.Elements, func(a, b inventory.Element) int { return strings.Compare(a.Key(), b.Key()) })
	slices.SortFunc(in.Relations, func(a, b inventory.Relation) int {
		return strings.Compare(fmt.Sprintf("%+v", a), fmt.Sprintf("%+v", b))
	})
}

// buildJSON is the plan of in, as JSON.
func buildJSON(t *testing.T, in migrate.Input) []byte {
	t.Helper()
	p, err := migrate.Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// After decisions only, the input kept and the decisions read again are
// PlanInput's, for the whole country and for some provinces; after an
// amendment or an import, it says it cannot tell.
func TestPlanInputAfterDecisionsIsPlanInput(t *testing.T) {
	ctx := context.Background()
	const asOf = "2026-11-01"
	decide := func(t *testing.T, st *Store, ds ...migrate.Decision) {
		t.Helper()
		if err := st.Decide(ctx, func(context.Context) (*DecisionBatch, error) {
			return &DecisionBatch{PlanID: "P1", Actor: "test", Decisions: ds}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	for _, provinces := range [][]string{nil, {"08"}} {
		t.Run(strings.Join(provinces, ","), func(t *testing.T) {
			st, _ := openTemp(t)
			if _, err := st.ImportInventory(ctx, readFixtures(t, st, 3, "csv", "02", "04", "08")); err != nil {
				t.Fatal(err)
			}
			prev, before, err := st.PlanInput(ctx, asOf, provinces)
			if err != nil {
				t.Fatal(err)
			}
			e := prev.Elements[0]
			decide(t, st, migrate.Decision{Key: e.Key(), Treatment: "retire", By: "A", At: "2026-11-01T00:00:00Z"},
				migrate.Decision{Key: "01/NOT-HERE", Treatment: "retire", By: "A", At: "2026-11-01T00:00:00Z"})
			decide(t, st, migrate.Decision{Key: e.Key(), Treatment: "continue", By: "B", At: "2026-11-01T01:00:00Z"})
			got, gotState, ok, err := st.PlanInputAfterDecisions(ctx, prev, before, provinces)
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			want, wantState, err := st.PlanInput(ctx, asOf, provinces)
			if err != nil {
				t.Fatal(err)
			}
			if gotState != wantState || gotState == before {
				t.Errorf("state %+v, want %+v (before %+v)", gotState, wantState, before)
			}
			if !reflect.DeepEqual(got.Decisions, want.Decisions) || len(want.Decisions) == 0 {
				t.Errorf("decisions %+v, want %+v", got.Decisions, want.Decisions)
			}
			if !bytes.Equal(buildJSON(t, got), buildJSON(t, want)) {
				t.Error("the plans differ")
			}
			amend(t, st, inventory.Amendment{Key: e.Key(), Field: "owner", Value: "Sở KH&CN", Previous: e.Owner, Header: "Chủ quản",
				File: "/w/x.xlsx", SHA256: "ab", Sheet: "Hệ thống", Cell: "J2", Row: 2, By: "A", At: "2026-11-01T08:00:00Z"})
			if _, _, ok, err := st.PlanInputAfterDecisions(ctx, prev, before, provinces); ok || err != nil {
				t.Errorf("after an amendment: ok %v, %v", ok, err)
			}
		})
	}
}
