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

	if p, err := st.LatestPlan(ctx); err != nil || p != nil {
		t.Fatalf("new workspace: LatestPlan = %v, %v; want nil, nil", p, err)
	}
	if pi, err := st.LatestPlanInfo(ctx); err != nil || pi != nil {
		t.Fatalf("new workspace: LatestPlanInfo = %v, %v; want nil, nil", pi, err)
	}
	elems := invHeader +
		"KT,08,application,Hệ thống một cửa Tuyên Quang,KTTTHC,Sở KH&CN,3,active,1000,,no,\n" +
		"KT,02,application,Hệ thống một cửa Hà Giang,KTTTHC,Sở TT&TT,2,active,500,,no,\n"
	if _, err := st.ImportInventory(ctx, readInv(t, st, "tq", elems, "from,to,kind\n")); err != nil {
		t.Fatal(err)
	}
	in, err := st.PlanInput(ctx, "2026-06-01", []string{"08"})
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
	if err := st.SavePlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := st.LatestPlan(ctx)
	if err != nil || got == nil {
		t.Fatalf("LatestPlan = %v, %v", got, err)
	}
	// The workspace keeps the plan's record: everything but the texts.
	a, _ := json.Marshal(CompactPlan(p))
	b, _ := json.Marshal(got)
	if !bytes.Equal(a, b) {
		t.Errorf("stored plan differs from the saved one's record:\n%s\n%s", a, b)
	}
	if len(got.Flags) != len(p.Flags) || len(got.Elements) != len(p.Elements) || got.Flags[0].ID != p.Flags[0].ID ||
		got.Elements[0].Treatment != p.Elements[0].Treatment {
		t.Errorf("record lost flags or placements: %d/%d flags, %d/%d elements", len(got.Flags), len(p.Flags), len(got.Elements), len(p.Elements))
	}
	for _, pe := range got.Elements {
		if pe.Element == nil || pe.Element.Key() != pe.Key {
			t.Errorf("element %s not re-attached", pe.Key)
		}
	}
	byFP, err := st.PlanByFingerprint(ctx, migrate.Fingerprint(in))
	if err != nil || byFP == nil || byFP.ID != p.ID {
		t.Errorf("PlanByFingerprint = %v, %v; want plan %s", byFP, err, p.ID)
	}
	if miss, err := st.PlanByFingerprint(ctx, "nope"); err != nil || miss != nil {
		t.Errorf("PlanByFingerprint(unknown) = %v, %v", miss, err)
	}
	pi, err := st.LatestPlanInfo(ctx)
	if err != nil || pi == nil || pi.ID != p.ID || pi.Elements != 2 || len(pi.Provinces) != 1 || pi.Provinces[0] != "08" {
		t.Errorf("LatestPlanInfo = %+v, %v", pi, err)
	}
	if byInfo, err := st.PlanInfoByFingerprint(ctx, p.Fingerprint); err != nil || byInfo == nil || byInfo.ID != p.ID {
		t.Errorf("PlanInfoByFingerprint = %+v, %v", byInfo, err)
	}
	other := &migrate.Plan{ID: "Pother", AsOf: "2026-01-01", Fingerprint: "x"}
	if err := st.SavePlan(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := st.MakeCurrent(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if pi, _ := st.LatestPlanInfo(ctx); pi == nil || pi.ID != p.ID {
		t.Errorf("after MakeCurrent the latest plan is %+v, want %s", pi, p.ID)
	}
	if err := st.MakeCurrent(ctx, "Pnone"); err == nil {
		t.Error("MakeCurrent of an unknown plan succeeded")
	}
	if _, err := st.DB().ExecContext(ctx, `DELETE FROM plans WHERE id = 'Pother'`); err != nil {
		t.Fatal(err)
	}
	// Saving the same plan again keeps one row and makes it current.
	if err := st.SavePlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.DB().QueryRowContext(ctx, `SELECT count(*) FROM plans`).Scan(&n); err != nil || n != 1 {
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
		if err := st.SavePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := st.DB().QueryRowContext(ctx, `SELECT count(*) FROM plans`).Scan(&n); err != nil || n != keepPlans {
		t.Errorf("%d plans kept, want %d (%v)", n, keepPlans, err)
	}
	latest, err := st.LatestPlan(ctx)
	if err != nil || latest == nil || latest.ID != "P"+string(rune('a'+keepPlans+2)) {
		t.Errorf("latest = %v, %v", latest, err)
	}
}
