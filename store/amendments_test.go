package store

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

// amend records amendments through Decide, as apply does.
func amend(t *testing.T, st *Store, as ...inventory.Amendment) {
	t.Helper()
	err := st.Decide(context.Background(), func(context.Context) (*DecisionBatch, error) {
		return &DecisionBatch{PlanID: "P1", Amendments: as, Actor: "test", Detail: map[string]int{"amendments": len(as)}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// element returns the element of a plan input by key (a plan input is in
// no particular order).
func element(t *testing.T, in migrate.Input, key string) inventory.Element {
	t.Helper()
	for _, e := range in.Elements {
		if e.Key() == key {
			return e
		}
	}
	t.Fatalf("no element %s in the plan input", key)
	return inventory.Element{}
}

func TestAmendmentsInForceOverPlanInputAndOverriddenByImport(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	st.Now = func() time.Time { return time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC) }
	elems := invHeader +
		"KTTTHC,02,application,Một cửa,KTTTHC,VP UBND,,active,1200,,,\n" +
		"P,024,portal,Cổng TP,CONG_TTDT,,2,active,,,,\n"
	if _, err := st.ImportInventory(ctx, readInv(t, st, "a", elems, "from,to,kind\n")); err != nil {
		t.Fatal(err)
	}
	before, err := st.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in0, _, err := st.PlanInput(ctx, "2026-11-01", nil)
	if err != nil {
		t.Fatal(err)
	}
	fp0 := migrate.Fingerprint(in0)

	at := func(cell string) inventory.Amendment {
		return inventory.Amendment{File: "/w/02.xlsx", SHA256: "ab", Sheet: "Hệ thống", Cell: cell, Row: 2, By: "A", At: "2026-11-01T08:00:00Z"}
	}
	a1 := at("Q2")
	a1.Key, a1.Field, a1.Value, a1.Header = "02/KTTTHC", "security_level", "2", "Cấp độ ATTT"
	a2 := at("J2")
	a2.Key, a2.Field, a2.Value, a2.Previous, a2.Header = "02/KTTTHC", "owner", "Sở KH&CN", "VP UBND", "Chủ quản"
	amend(t, st, a1, a2)
	a3 := a1
	a3.Value, a3.Previous = "3", "2"
	a4 := at("R3")
	a4.Key, a4.Field, a4.Value, a4.Header = "024/P", "personal_data", "yes", "Dữ liệu cá nhân"
	amend(t, st, a3, a4)

	in, _ := st.Amendments(ctx)
	var got []string
	for _, a := range in {
		got = append(got, a.Key+" "+a.Field+"="+a.Value)
	}
	// The latest per element and field, in column order.
	if want := "02/KTTTHC owner=Sở KH&CN,02/KTTTHC security_level=3,024/P personal_data=yes"; strings.Join(got, ",") != want {
		t.Errorf("in force %q, want %q", strings.Join(got, ","), want)
	}
	pin, state, err := st.PlanInput(ctx, "2026-11-01", nil)
	if err != nil {
		t.Fatal(err)
	}
	e := element(t, pin, "02/KTTTHC")
	if e.SecurityLevel != 3 || e.Owner != "Sở KH&CN" || e.Users != 1200 || !element(t, pin, "024/P").PersonalData {
		t.Errorf("plan input elements %+v", pin.Elements)
	}
	if migrate.Fingerprint(pin) == fp0 {
		t.Error("the plan's fingerprint did not change with the amendments")
	}
	if state.Amendment != 4 || state.Amendment == before.Amendment {
		t.Errorf("state %+v, before %+v", state, before)
	}
	changes, err := st.ChangesSince(ctx, before)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 4 || changes[0].Amendment != 1 || changes[3].Key != "024/P" {
		t.Errorf("changes %+v", changes)
	}

	// Importing 02 again overrides its amendments (and not 024's).
	again := invHeader + "KTTTHC,02,application,Một cửa,KTTTHC,VP UBND,1,active,1200,,,\n"
	sum, err := st.ImportInventory(ctx, readInv(t, st, "b", again, "from,to,kind\n"))
	if err != nil {
		t.Fatal(err)
	}
	ov := sum.Units[0].Overridden
	if len(ov) != 2 || ov[0].Field != "owner" || ov[0].Imported != "VP UBND" || ov[1].Field != "security_level" || ov[1].Value != "3" || ov[1].Imported != "1" {
		t.Errorf("overridden %+v", ov)
	}
	pin, _, err = st.PlanInput(ctx, "2026-11-01", nil)
	if err != nil {
		t.Fatal(err)
	}
	if e := element(t, pin, "02/KTTTHC"); e.SecurityLevel != 1 || e.Owner != "VP UBND" || !element(t, pin, "024/P").PersonalData {
		t.Errorf("after the import %+v", pin.Elements)
	}
	log, err := st.AmendmentLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The first was superseded by the third, not overridden; the second and
	// third were in force on 02's element.
	if len(log) != 4 || log[0].OverriddenBy != 0 || log[1].OverriddenBy != 2 || log[2].OverriddenBy != 2 || log[3].OverriddenBy != 0 ||
		log[0].PlanID != "P1" || log[1].Cell != "J2" {
		t.Errorf("log %+v", log)
	}
	// A new amendment after the import is in force again.
	a5 := a1
	a5.Value = "4"
	amend(t, st, a5)
	pin, _, _ = st.PlanInput(ctx, "2026-11-01", nil)
	if e := element(t, pin, "02/KTTTHC"); e.SecurityLevel != 4 || e.Owner != "VP UBND" {
		t.Errorf("after a new amendment %+v", e)
	}
}

func TestDecideRecordsNothingOnErrorAndRefusesOtherColumns(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	a := inventory.Amendment{Key: "02/X", Field: "security_level", Value: "3"}
	stop := errors.New("refused")
	if err := st.Decide(ctx, func(context.Context) (*DecisionBatch, error) {
		return &DecisionBatch{Amendments: []inventory.Amendment{a}}, stop
	}); !errors.Is(err, stop) {
		t.Fatalf("err %v", err)
	}
	bad := inventory.Amendment{Key: "02/X", Field: "name", Value: "Tên khác"}
	if err := st.Decide(ctx, func(context.Context) (*DecisionBatch, error) {
		return &DecisionBatch{Decisions: []migrate.Decision{{Key: "02/X", Treatment: migrate.Retire}}, Amendments: []inventory.Amendment{a, bad}}, nil
	}); err == nil || !strings.Contains(err.Error(), "not an amendable column") {
		t.Fatalf("a name amendment: %v", err)
	}
	// Nothing of either batch was recorded, decisions included.
	as, _ := st.Amendments(ctx)
	ds, _ := st.Decisions(ctx)
	if len(as) != 0 || len(ds) != 0 {
		t.Errorf("recorded %+v %+v", as, ds)
	}
}

// Two applies checking and recording at once: each check sees what the
// other recorded, because Decide holds the write lock from the check to
// the commit.
func TestDecideSerialisesChecksWithAmendments(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	seen := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := st.Decide(ctx, func(ctx context.Context) (*DecisionBatch, error) {
				as, err := st.Amendments(ctx)
				if err != nil {
					return nil, err
				}
				seen[i] = len(as)
				time.Sleep(20 * time.Millisecond) // let the other one try
				a := inventory.Amendment{Key: "02/X", Field: "owner", Value: "owner " + string(rune('A'+i))}
				if i == 1 {
					a.Key = "02/Y"
				}
				return &DecisionBatch{Amendments: []inventory.Amendment{a}}, nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if seen[0]+seen[1] != 1 {
		t.Errorf("the checks saw %v amendments: one of them must have seen the other's", seen)
	}
}
