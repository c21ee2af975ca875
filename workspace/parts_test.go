package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
)

// nationalPlan builds the whole plan of the workspace's inputs at once: the
// reference every part-by-part command must agree with.
func nationalPlan(t *testing.T, w *Workspace, asOf string) *migrate.Plan {
	t.Helper()
	ctx := context.Background()
	st, _, err := w.open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in, _, err := st.PlanInput(ctx, asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := migrate.Build(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// statusOf renders what status says of the provinces, to compare.
func sameStatus(t *testing.T, got *StatusResult, want *migrate.Plan) {
	t.Helper()
	if got.PlanID != want.ID {
		t.Errorf("status plan id %s, the national plan's %s", got.PlanID, want.ID)
	}
	if len(got.Provinces) != len(want.Provinces) {
		t.Fatalf("status lists %d provinces, the national plan %d", len(got.Provinces), len(want.Provinces))
	}
	for i, ps := range want.Provinces {
		sp := got.Provinces[i]
		a, _ := json.Marshal([]any{sp.Code, sp.Elements, sp.After, sp.Decisions, sp.Open, sp.Resolved})
		b, _ := json.Marshal([]any{ps.Code, ps.ElementsBefore, ps.ElementsAfter, ps.Decisions, ps.Flags, ps.Resolved})
		if !bytes.Equal(a, b) {
			t.Errorf("status of %s: %s; the national plan says %s", ps.Code, a, b)
		}
	}
}

// TestPartByPartCommandsEqualTheNationalPlan holds the promise of issue 17:
// status, report and apply, which plan part by part or only the provinces
// whose inputs changed, say what the national plan says.
func TestPartByPartCommandsEqualTheNationalPlan(t *testing.T) {
	ctx := context.Background()
	inv := nationalInventories(t)
	dir := t.TempDir()
	w := New(filepath.Join(dir, "ws.db"), "vi", "test")
	defer w.Close()
	const asOf = "2026-06-01"
	if _, err := w.Batch(ctx, BatchOptions{Paths: []string{inv}, Out: filepath.Join(dir, "batch"), Jobs: 2, AsOf: asOf}, nil); err != nil {
		t.Fatal(err)
	}

	// Status straight after the batch answers from the record.
	want := nationalPlan(t, w, asOf)
	got, err := w.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Stored {
		t.Error("status after a batch planned again")
	}
	sameStatus(t, got, want)

	// A national report part by part writes the same workbooks as the
	// whole plan does, byte for byte.
	rep, err := w.Report(ctx, ReportOptions{Out: filepath.Join(dir, "report"), AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if rep.PlanID != want.ID || len(rep.Files) != len(want.Provinces)+1 {
		t.Fatalf("report: plan %s, %d files; want %s, %d", rep.PlanID, len(rep.Files), want.ID, len(want.Provinces)+1)
	}
	st, m, _ := w.open(ctx)
	whole := filepath.Join(dir, "whole")
	if err := os.MkdirAll(whole, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"01", "08", "79"} {
		path, err := reports.WriteProvince(ctx, whole, want, m, code, w.meta(st.ID(), want.ID))
		if err != nil {
			t.Fatal(err)
		}
		a, _ := os.ReadFile(path)
		b, _ := os.ReadFile(filepath.Join(dir, "report", filepath.Base(path)))
		if !bytes.Equal(a, b) {
			t.Errorf("the part-by-part workbook of %s differs from the one the whole plan writes", code)
		}
	}

	// A national export part by part writes what the whole plan's does.
	for _, format := range []string{"json", "archimate"} {
		ex, err := w.Export(ctx, ExportOptions{Format: format, Out: filepath.Join(dir, "export-"+format), AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		ref, err := reports.Export(filepath.Join(dir, "whole-"+format), reports.ExportOptions{Format: format, Lang: "vi", National: true}, want, m)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ref.Files {
			a, _ := os.ReadFile(ref.Files[i])
			b, _ := os.ReadFile(ex.Files[i])
			if !bytes.Equal(a, b) {
				t.Errorf("the part-by-part %s export %s differs from the whole plan's", format, filepath.Base(ex.Files[i]))
			}
		}
	}

	// An apply of one province's workbook plans its part only; status then
	// answers from what it recorded, and agrees with the national plan.
	book := filepath.Join(dir, "report", reports.ProvinceFileName("08", "Tỉnh Tuyên Quang"))
	var key string
	for _, e := range want.Only([]string{"08"}).Elements {
		if e.Treatment == migrate.Continue {
			key = e.Key
			break
		}
	}
	filled := filepath.Join(dir, "filled.xlsx")
	fill(t, book, filled, map[string]map[string]string{key: {"Quyết định": "Dừng sử dụng", "Ghi chú": "thay bằng hệ thống dùng chung"}})
	if _, err := w.Apply(ctx, ApplyOptions{Files: []string{filled}, By: "tester"}); err != nil {
		t.Fatal(err)
	}
	want = nationalPlan(t, w, asOf)
	if got, err = w.Status(ctx); err != nil {
		t.Fatal(err)
	}
	if !got.Stored {
		t.Error("status after an apply planned again: apply records what it planned")
	}
	sameStatus(t, got, want)

	// A re-import of one province with an element changed: status plans
	// again what changed, and agrees with the national plan.
	csv := filepath.Join(inv, "02-ha-giang", "elements.csv")
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(csv, bytes.Replace(b, []byte(",active,"), []byte(",retired,"), 3), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ImportInventory(ctx, ImportOptions{Paths: []string{filepath.Join(inv, "02-ha-giang")}}); err != nil {
		t.Fatal(err)
	}
	if got, err = w.Status(ctx); err != nil {
		t.Fatal(err)
	}
	if got.Stored {
		t.Error("status after a re-import did not plan again")
	}
	sameStatus(t, got, nationalPlan(t, w, asOf))
}
