package store

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/ndta-vn/archmerge/migrate"
)

func TestPlanRoundTrip(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "ws.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	if r, err := st.CurrentPlan(ctx); err != nil || r != nil {
		t.Fatalf("new workspace: CurrentPlan = %v, %v; want nil, nil", r, err)
	}
	elems := invHeader +
		"KT,08,application,Hệ thống một cửa Tuyên Quang,KTTTHC,Sở KH&CN,3,active,1000,,no,\n" +
		"KT,02,application,Hệ thống một cửa Hà Giang,KTTTHC,Sở TT&TT,2,active,500,,no,\n"
	if _, err := st.ImportInventory(ctx, readInv(t, st, "tq", elems, "from,to,kind\n")); err != nil {
		t.Fatal(err)
	}
	in, state, err := st.PlanInput(ctx, "2026-06-01", []string{"08"})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Elements) != 2 || in.Mapping == nil || in.AsOf != "2026-06-01" || len(in.Provinces) != 1 {
		t.Fatalf("PlanInput = %d elements, mapping %v, as-of %q, provinces %v", len(in.Elements), in.Mapping != nil, in.AsOf, in.Provinces)
	}
	p, err := migrate.Build(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SavePlan(ctx, p, state); err != nil {
		t.Fatal(err)
	}
	got, err := st.CurrentPlan(ctx)
	if err != nil || got == nil {
		t.Fatalf("CurrentPlan = %v, %v", got, err)
	}
	// The workspace keeps the plan's record: its identity and the province
	// summaries, whoever saved it.
	got.CreatedAt = ""
	want := PlanRecord{ID: p.ID, AsOf: p.AsOf, Fingerprint: p.Fingerprint, Mapping: p.Mapping, Provinces: p.Provinces}
	if a, b := mustJSON(t, want), mustJSON(t, got); !bytes.Equal(a, b) {
		t.Errorf("stored record differs from the saved plan's:\n%s\n%s", a, b)
	}
	if state.Import != 1 || state.Decision != 0 || state.Mapping == 0 {
		t.Errorf("state of the plan input: %+v, want the first import and no decision", state)
	}
	states, err := st.ProvinceStates(ctx)
	if err != nil || len(states) != 1 || states["08"].State != state || states["08"].Summary.ElementsBefore != 2 ||
		len(states["08"].Summary.Group) != 1 {
		t.Errorf("province states after saving a plan of 08: %+v, %v", states, err)
	}
	snaps, err := st.Snapshots(ctx)
	if err != nil || len(snaps) != 1 || snaps[0].Province != "08" || snaps[0].PlanID != p.ID ||
		snaps[0].ElementsBefore != 2 || snaps[0].Open[migrate.High] != p.Provinces[0].Flags[migrate.High] {
		t.Errorf("snapshots after saving a plan of 08: %+v, %v", snaps, err)
	}
	byFP, err := st.PlanByFingerprint(ctx, migrate.Fingerprint(in))
	if err != nil || byFP == nil || byFP.ID != p.ID || byFP.CreatedAt == "" {
		t.Errorf("PlanByFingerprint = %+v, %v; want plan %s", byFP, err, p.ID)
	}
	if miss, err := st.PlanByFingerprint(ctx, "nope"); err != nil || miss != nil {
		t.Errorf("PlanByFingerprint(unknown) = %v, %v", miss, err)
	}
	other := &migrate.Plan{ID: "Pother", AsOf: "2026-01-01", Fingerprint: "x"}
	if err := st.SavePlan(ctx, other, state); err != nil {
		t.Fatal(err)
	}
	if err := st.MakeCurrent(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := st.CurrentPlan(ctx); r == nil || r.ID != p.ID {
		t.Errorf("after MakeCurrent the current plan is %+v, want %s", r, p.ID)
	}
	if err := st.MakeCurrent(ctx, "Pnone"); err == nil {
		t.Error("MakeCurrent of an unknown plan succeeded")
	}
	if _, err := st.db.ExecContext(ctx, `DELETE FROM plans WHERE id = 'Pother'`); err != nil {
		t.Fatal(err)
	}
	// Saving the same plan again keeps one row and makes it current.
	if err := st.SavePlan(ctx, p, state); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.db.QueryRowContext(ctx, `SELECT count(*) FROM plans`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d plan rows after saving twice, want 1 (%v)", n, err)
	}
	log, err := st.AuditLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plans := 0
	for _, e := range log {
		if e.Action == "plan" {
			plans++
		}
	}
	if plans != 3 {
		t.Errorf("%d plan audit entries, want 3", plans)
	}
}

func TestSavePlanPrunesOldPlans(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "ws.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range keepPlans + 3 {
		p := &migrate.Plan{ID: "P" + string(rune('a'+i)), AsOf: "2026-06-01", Fingerprint: "f"}
		if err := st.SavePlan(ctx, p, State{}); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := st.db.QueryRowContext(ctx, `SELECT count(*) FROM plans`).Scan(&n); err != nil || n != keepPlans {
		t.Errorf("%d plans kept, want %d (%v)", n, keepPlans, err)
	}
	latest, err := st.CurrentPlan(ctx)
	if err != nil || latest == nil || latest.ID != "P"+string(rune('a'+keepPlans+2)) {
		t.Errorf("latest = %v, %v", latest, err)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
