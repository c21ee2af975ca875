package workspace

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/fixtures"
	"github.com/ndta-vn/archmerge/mapping"
)

// nationalOnce writes small national fixtures (every old unit, few
// elements each) once per test binary.
var nationalOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "archmerge-workspace-fixtures-")
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

// nationalInventories returns a fresh copy of the national fixtures.
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

// writeInventory writes a CSV pair into a new folder and returns it.
func writeInventory(t *testing.T, elements, relations string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "inv")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"elements.csv": elements, "relations.csv": relations} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fill writes decisions into a copy of a province workbook's Systems
// sheet: for each element key, the values of the decision columns named
// by their Vietnamese headers.
func fill(t *testing.T, src, dst string, rows map[string]map[string]string) {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "Hệ thống"
	all, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range all[0] {
		col[h] = i + 1
	}
	done := 0
	for ri, r := range all[1:] {
		vals, ok := rows[r[0]]
		if !ok {
			continue
		}
		for h, v := range vals {
			c, ok := col[h]
			if !ok {
				t.Fatalf("no column %q in %v", h, all[0])
			}
			cell, _ := excelize.CoordinatesToCellName(c, ri+2)
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		done++
	}
	if done != len(rows) {
		t.Fatalf("filled %d of %d rows: keys missing from %s", done, len(rows), strings.Join(keys(rows), ", "))
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// reported imports the inventory in folder inv into a new workspace and
// writes province 08's workbook (plan date 2026-06-01) beside it: the
// workspace, its folder and what the report wrote.
func reported(t *testing.T, inv string) (w *Workspace, dir string, rep *ReportResult) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	w = New(filepath.Join(dir, "ws.db"), "vi", "test")
	t.Cleanup(func() { w.Close() })
	if _, err := w.ImportInventory(ctx, ImportOptions{Paths: []string{inv}}); err != nil {
		t.Fatal(err)
	}
	rep, err := w.Report(ctx, ReportOptions{Out: dir, Provinces: []string{"08"}, AsOf: "2026-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	return w, dir, rep
}
