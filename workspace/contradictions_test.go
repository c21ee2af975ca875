package workspace

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/store"
)

// TestContradictionsInForceAreNamed: decisions that contradict each other,
// recorded as an older version could (two applies it did not serialise:
// one merges 02/QLVB into 08/QLVB, the other retires 08/QLVB), are named
// by plan (national and by province), report, status, validate and batch.
func TestContradictionsInForceAreNamed(t *testing.T) {
	ctx := context.Background()
	inv := writeInventory(t, applyElements, "from,to,kind\n")
	dir := t.TempDir()
	w := New(filepath.Join(dir, "ws.db"), "en", "test")
	defer w.Close()
	if _, err := w.ImportInventory(ctx, ImportOptions{Paths: []string{inv}}); err != nil {
		t.Fatal(err)
	}
	st, err := w.existing(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Recorded without reports.Check, as the older version's two applies.
	for _, d := range []migrate.Decision{
		{Key: "02/QLVB", Treatment: migrate.Merge, MergeInto: "08/QLVB", By: "officer 0", File: "merge.xlsx"},
		{Key: "08/QLVB", Treatment: migrate.Retire, By: "officer 1", File: "retire.xlsx"},
	} {
		err := st.Decide(ctx, func(context.Context) (*store.DecisionBatch, error) {
			return &store.DecisionBatch{PlanID: "old", Decisions: []migrate.Decision{d}, Actor: d.By}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	named := func(t *testing.T, what string, cs []migrate.Contradiction) {
		t.Helper()
		if len(cs) != 1 || cs[0].Key != "02/QLVB" || cs[0].Kind != migrate.ContradictGone || cs[0].By != "officer 0" {
			t.Errorf("%s: contradictions %+v, want 02/QLVB merging into the retired 08/QLVB", what, cs)
		}
	}
	for _, provs := range [][]string{nil, {"08"}} {
		res, err := w.Plan(ctx, PlanOptions{AsOf: "2026-06-01", Provinces: provs})
		if err != nil {
			t.Fatal(err)
		}
		named(t, "plan "+strings.Join(provs, ","), res.Plan.Contradictions)
	}
	rep, err := w.Report(ctx, ReportOptions{Out: filepath.Join(dir, "reports"), Provinces: []string{"08"}})
	if err != nil {
		t.Fatal(err)
	}
	named(t, "report", rep.Contradictions)
	sts, err := w.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	named(t, "status", sts.Contradictions)
	val, err := w.Validate(ctx)
	if KindOf(err) != Reject || val == nil {
		t.Fatalf("validate: %v", err)
	}
	found := false
	for _, p := range val.Problems {
		if !p.Warning && p.Value == "02/QLVB → 08/QLVB" && strings.Contains(p.Message.EN, "contradict") {
			found = true
		}
	}
	if !found {
		t.Errorf("validate does not name the contradiction: %v", val.Problems)
	}
	bat, err := w.Batch(ctx, BatchOptions{Paths: []string{inv}, Out: filepath.Join(dir, "batch"), Jobs: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	named(t, "batch", bat.Contradictions)
}
