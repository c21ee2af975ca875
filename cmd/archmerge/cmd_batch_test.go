package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ndta-vn/archmerge/workspace"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/fixtures"
	"github.com/ndta-vn/archmerge/mapping"
)

// nationalInventories writes small national fixtures (every old unit, few
// elements each) once per test binary and returns a fresh copy per test.
var nationalOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "archmerge-batch-fixtures-")
	if err != nil {
		return "", err
	}
	m, err := mapping.Builtin()
	if err != nil {
		return "", err
	}
	_, err = fixtures.Write(context.Background(), dir, m, fixtures.Options{Scale: 0.02, Seed: 7, Format: "csv"})
	return dir, err
})

func nationalInventories(t *testing.T) string {
	t.Helper()
	src, err := nationalOnce()
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "inventories")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func batchJSON(t *testing.T, ctx context.Context, args ...string) (int, workspace.BatchResult, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(ctx, append([]string{"--format", "json"}, args...), strings.NewReader(""), &out, &errb)
	var res workspace.BatchResult
	if out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), &res); err != nil {
			t.Fatalf("batch JSON: %v\n%s", err, out.String())
		}
	}
	return code, res, errb.String()
}

// checkWorkbooks opens every .xlsx in dir and fails on a truncated one or a
// leftover temp file.
func checkWorkbooks(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var books []string
	for _, e := range ents {
		name := e.Name()
		if strings.Contains(name, ".tmp") {
			t.Errorf("temp file left behind: %s", name)
			continue
		}
		if filepath.Ext(name) != ".xlsx" {
			continue
		}
		f, err := excelize.OpenFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s does not open: %v", name, err)
			continue
		}
		if len(f.GetSheetList()) < 2 {
			t.Errorf("%s has sheets %v", name, f.GetSheetList())
		}
		f.Close()
		books = append(books, name)
	}
	return books
}

func TestBatchOneCorruptProvinceFailsOnlyItself(t *testing.T) {
	inv := nationalInventories(t)
	// Old province 02 Hà Giang went into new 08 Tuyên Quang: break one row.
	path := filepath.Join(inv, "02-ha-giang", "elements.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(b), "\n", 3)
	// The third field of a row is its kind.
	fields := strings.SplitN(lines[1], ",", 4)
	fields[2] = "spaceship"
	lines[1] = strings.Join(fields, ",")
	if len(fields) < 4 {
		t.Fatalf("could not corrupt the first row: %s", lines[1])
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "reports")
	code, res, stderr := batchJSON(t, context.Background(), "--db", filepath.Join(dir, "ws.db"), "batch", inv, "--out", out, "--as-of", "2025-09-01")
	if code != ExitPartial {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitPartial, stderr)
	}
	if len(res.Failed) != 1 || res.Failed[0].Province != "08" || !strings.Contains(res.Failed[0].Reason, "spaceship") ||
		!strings.Contains(res.Failed[0].Input, "02-ha-giang") {
		t.Fatalf("failures %+v: want province 08, naming the input and the bad value", res.Failed)
	}
	books := checkWorkbooks(t, out)
	if len(books) != 34 { // 33 provinces and the national summary
		t.Fatalf("%d workbooks written, want 33 provinces + national summary: %v", len(books), books)
	}
	for _, b := range books {
		if strings.HasPrefix(b, "08-") {
			t.Errorf("the failed province's workbook was written: %s", b)
		}
	}

	// Run again, still corrupt: the failure is reported again.
	code, res, _ = batchJSON(t, context.Background(), "--db", filepath.Join(dir, "ws.db"), "batch", inv, "--out", out, "--as-of", "2025-09-01")
	if code != ExitPartial || len(res.Failed) != 1 {
		t.Fatalf("second run on the corrupt input: exit %d, failures %+v", code, res.Failed)
	}
	// Repaired: only the province that failed (and the summary) is written.
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, res, stderr = batchJSON(t, context.Background(), "--db", filepath.Join(dir, "ws.db"), "batch", inv, "--out", out, "--as-of", "2025-09-01")
	if code != ExitOK {
		t.Fatalf("repaired run: exit %d\n%s", code, stderr)
	}
	if len(res.Written) != 2 || !strings.HasPrefix(res.Written[0], "08-") || len(res.Skipped) != 33 {
		t.Errorf("repaired run wrote %v and skipped %d: want 08 and the national summary, 33 skipped", res.Written, len(res.Skipped))
	}
}

func TestBatchNoInventoryIsRejected(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := run(t, "", "--db", filepath.Join(dir, "ws.db"), "batch", dir, "--out", filepath.Join(dir, "r"))
	if code != ExitRejected || !strings.Contains(stderr, "không tìm thấy") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestBatchWorkbookAppliesAsCurrentPlan(t *testing.T) {
	inv := nationalInventories(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "ws.db")
	out := filepath.Join(dir, "reports")
	if code, _, stderr := batchJSON(t, context.Background(), "--db", db, "batch", inv, "--out", out, "--as-of", "2025-09-01"); code != ExitOK {
		t.Fatalf("batch: exit %d\n%s", code, stderr)
	}
	// A province's workbook from the national batch, applied as it is:
	// nothing to record, and it is not "from an older plan".
	code, stdout, stderr := run(t, "", "--db", db, "apply", filepath.Join(out, "08-tuyen-quang.xlsx"), "--by", "Tester")
	if code != ExitOK {
		t.Fatalf("apply: exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, "phương án cũ") {
		t.Errorf("a workbook of the current batch is reported as from an older plan:\n%s%s", stdout, stderr)
	}
}

// Two inputs declaring the same elements (a copy of a province's folder
// left beside it, or one folder named twice): both fail, naming each other,
// and only their provinces; the rest is written (exit 4).
func TestBatchDuplicateInputsFailTheirProvinces(t *testing.T) {
	inv := nationalInventories(t)
	if err := os.CopyFS(filepath.Join(inv, "zz-copy", "01-ha-noi"), os.DirFS(filepath.Join(inv, "01-ha-noi"))); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "reports")
	code, res, stderr := batchJSON(t, context.Background(), "--db", filepath.Join(dir, "ws.db"), "batch", inv, inv, "--out", out, "--as-of", "2025-09-01")
	if code != ExitPartial {
		t.Fatalf("exit %d, want %d\n%s", code, ExitPartial, stderr)
	}
	var inputs []string
	for _, f := range res.Failed {
		if f.Province != "01" || !strings.Contains(f.Reason, "cũng được khai báo trong") {
			t.Errorf("failure %+v", f)
		}
		inputs = append(inputs, filepath.Base(filepath.Dir(f.Input))+"/"+filepath.Base(f.Input))
	}
	if len(res.Failed) != 2 {
		t.Errorf("failed %v, want the original and the copy of 01", inputs)
	}
	if books, _ := filepath.Glob(filepath.Join(out, "*.xlsx")); len(books) != 34 { // 33 provinces and the summary
		t.Errorf("%d workbooks written", len(books))
	}
}

// --out inside the inventories' folder: a rerun does not read the workbooks
// the first run wrote there; --out equal to it is refused.
func TestBatchOutputInsideTheInventories(t *testing.T) {
	inv := nationalInventories(t)
	db := filepath.Join(t.TempDir(), "ws.db")
	out := filepath.Join(inv, "reports")
	for run := 1; run <= 2; run++ {
		code, res, stderr := batchJSON(t, context.Background(), "--db", db, "batch", inv, "--out", out, "--as-of", "2025-09-01")
		if code != ExitOK || len(res.Failed) != 0 {
			t.Fatalf("run %d: exit %d, failed %+v\n%s", run, code, res.Failed, stderr)
		}
		if run == 2 && len(res.Written) != 0 {
			t.Errorf("the rerun wrote %v", res.Written)
		}
	}
	if code, _, _ := run(t, "", "--db", db, "batch", inv, "--out", inv); code != ExitUsage {
		t.Errorf("--out equal to the inventories' folder: exit %d", code)
	}
}

// A workbook skipped because its province is unchanged names an earlier
// national plan; apply knows it is current from its province's fingerprint.
func TestBatchSkippedWorkbookIsCurrentForApply(t *testing.T) {
	inv := nationalInventories(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "ws.db")
	out := filepath.Join(dir, "reports")
	if code, _, stderr := batchJSON(t, context.Background(), "--db", db, "batch", inv, "--out", out, "--as-of", "2025-09-01"); code != ExitOK {
		t.Fatalf("batch: exit %d\n%s", code, stderr)
	}
	p := filepath.Join(inv, "01-ha-noi", "elements.csv")
	b, _ := os.ReadFile(p)
	lines := strings.SplitN(string(b), "\n", 3)
	lines[1] = strings.Replace(lines[1], "Hà Nội", "Hà Nội (sửa)", 1)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, res, stderr := batchJSON(t, context.Background(), "--db", db, "batch", inv, "--out", out, "--as-of", "2025-09-01")
	if code != ExitOK || !slices.Contains(res.Skipped, "08") {
		t.Fatalf("rerun: exit %d, skipped %v\n%s", code, res.Skipped, stderr)
	}
	code, stdout, stderr := run(t, "", "--db", db, "apply", filepath.Join(out, "08-tuyen-quang.xlsx"), "--by", "Tester", "--dry-run")
	if code != ExitOK || strings.Contains(stdout+stderr, "phương án cũ") {
		t.Errorf("08's skipped workbook: exit %d\n%s%s", code, stdout, stderr)
	}
}
