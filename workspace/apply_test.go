package workspace

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ndta-vn/archmerge/migrate"
)

const applyElements = "id,unit_code,kind,name,function_code,owner,security_level,security_decision,status\n" +
	"QLVB,08,application,Hệ thống quản lý văn bản Tuyên Quang,QLVBDH,Sở KH&CN,3,QĐ 1/2024,active\n" +
	"QLVB,02,application,Hệ thống quản lý văn bản Hà Giang,QLVBDH,Sở TT&TT,3,QĐ 2/2024,active\n"

// TestConcurrentAppliesCannotContradict starts two applies at once, many
// times: one merges 02/QLVB into 08/QLVB, the other retires 08/QLVB. Each is
// valid alone; together they contradict each other. The check and the
// recording run under the workspace's write lock, so exactly one is
// recorded and the other is refused, naming the contradiction.
func TestConcurrentAppliesCannotContradict(t *testing.T) {
	ctx := context.Background()
	inv := writeInventory(t, applyElements, "from,to,kind\n")
	for round := range 8 {
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			w, dir, rep := reported(t, inv)
			merge, retire := filepath.Join(dir, "merge.xlsx"), filepath.Join(dir, "retire.xlsx")
			fill(t, rep.Files[0], merge, map[string]map[string]string{"02/QLVB": {"Quyết định": "Hợp nhất", "Hợp nhất vào": "08/QLVB"}})
			fill(t, rep.Files[0], retire, map[string]map[string]string{"08/QLVB": {"Quyết định": "Dừng sử dụng"}})

			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, file := range []string{merge, retire} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// A workspace of its own: another process, in effect.
					other := New(filepath.Join(dir, "ws.db"), "en", "test")
					defer other.Close()
					_, errs[i] = other.Apply(ctx, ApplyOptions{Files: []string{file}, By: fmt.Sprint("officer ", i)})
				}()
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				if err == nil {
					ok++
				} else if KindOf(err) != Reject {
					t.Fatalf("an apply failed instead of being refused: %v", err)
				}
			}
			if ok != 1 {
				t.Fatalf("%d applies recorded, want exactly 1: %v", ok, errs)
			}
			st, err := w.existing(ctx)
			if err != nil {
				t.Fatal(err)
			}
			decs, err := st.Decisions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(decs) != 1 {
				t.Fatalf("decisions in force: %+v, want one", decs)
			}
			retired := decs[0].Key == "08/QLVB" && decs[0].Treatment == migrate.Retire
			merged := decs[0].Key == "02/QLVB" && decs[0].Treatment == migrate.Merge
			if !retired && !merged {
				t.Fatalf("decision in force %+v is neither of the two", decs[0])
			}
		})
	}
}

func TestProvincesByCodeOrName(t *testing.T) {
	w := New(filepath.Join(t.TempDir(), "ws.db"), "en", "test")
	m, err := w.Mapping(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.Provinces(m, []string{"tuyen quang,1", "Hà Nội", "8"})
	if err != nil || strings.Join(got, " ") != "01 08" {
		t.Errorf("Provinces = %v, %v; want 01 08", got, err)
	}
	_, err = w.Provinces(m, []string{"Hà Giang"})
	if KindOf(err) != UsageErr || !strings.Contains(err.Error(), "now part of the new province 08") {
		t.Errorf("an old province: %v", err)
	}
}

// A decision recorded after apply planned its province ahead (while it
// read the workbook) and before it took the write lock is seen: the plan
// made ahead is dropped and the province planned again under the lock.
func TestAPlanMadeAheadIsDroppedWhenADecisionCameBetween(t *testing.T) {
	ctx := context.Background()
	inv := writeInventory(t, applyElements, "from,to,kind\n")
	w, dir, rep := reported(t, inv)
	merge, retire := filepath.Join(dir, "merge.xlsx"), filepath.Join(dir, "retire.xlsx")
	fill(t, rep.Files[0], merge, map[string]map[string]string{"02/QLVB": {"Quyết định": "Hợp nhất", "Hợp nhất vào": "08/QLVB"}})
	fill(t, rep.Files[0], retire, map[string]map[string]string{"08/QLVB": {"Quyết định": "Dừng sử dụng"}})
	applyBeforeLock = func() {
		applyBeforeLock = nil // the apply below runs this once, not its own
		other := New(filepath.Join(dir, "ws.db"), "en", "test")
		defer other.Close()
		if _, err := other.Apply(ctx, ApplyOptions{Files: []string{retire}}); err != nil {
			t.Errorf("the apply in between: %v", err)
		}
	}
	defer func() { applyBeforeLock = nil }()
	_, err := w.Apply(ctx, ApplyOptions{Files: []string{merge}})
	if KindOf(err) != Reject {
		t.Fatalf("merging into an element retired in between: %v, want it refused", err)
	}
}

// The plan apply stores after recording is the plan of the workspace as it
// now stands, whether it planned from the input it had (decisions only) or
// read it all again (an amendment recorded too, or an import in between).
func TestThePlanAfterAnApplyIsTheWorkspaces(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		cells map[string]map[string]string
		// between runs after the plan made for the check, before the
		// plan made after recording.
		between bool
	}{
		{"decisions only", map[string]map[string]string{"08/QLVB": {"Quyết định": "Dừng sử dụng"}}, false},
		{"a decision and an amendment", map[string]map[string]string{"08/QLVB": {"Quyết định": "Dừng sử dụng", "Chủ quản": "Văn phòng UBND tỉnh"}}, false},
		{"an import in between", map[string]map[string]string{"08/QLVB": {"Quyết định": "Dừng sử dụng"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := writeInventory(t, applyElements, "from,to,kind\n")
			w, dir, rep := reported(t, inv)
			filled := filepath.Join(dir, "filled.xlsx")
			fill(t, rep.Files[0], filled, tc.cells)
			if tc.between {
				afterDecisionsHook = func() {
					afterDecisionsHook = nil
					other := New(filepath.Join(dir, "ws.db"), "vi", "test")
					defer other.Close()
					more := writeInventory(t, applyElements+"NEW,08,application,Hệ thống mới,,,,,active\n", "from,to,kind\n")
					if _, err := other.ImportInventory(ctx, ImportOptions{Paths: []string{more}}); err != nil {
						t.Errorf("the import in between: %v", err)
					}
				}
				defer func() { afterDecisionsHook = nil }()
			}
			res, err := w.Apply(ctx, ApplyOptions{Files: []string{filled}, By: "A"})
			if err != nil || len(res.Recorded) != 1 {
				t.Fatalf("apply: %v %+v", err, res)
			}
			st, _, err := w.open(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want, _, err := w.planOf(ctx, st, "", []string{"08"})
			if err != nil {
				t.Fatal(err)
			}
			if res.PlanID != want.ID {
				t.Errorf("apply stored plan %s, the workspace's is %s", res.PlanID, want.ID)
			}
			cur, err := st.CurrentPlan(ctx)
			if err != nil || cur.ID != want.ID {
				t.Errorf("current plan %+v (%v), want %s", cur, err, want.ID)
			}
		})
	}
}
