package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestTemplateCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mau-kiem-ke.xlsx")
	code, out, stderr := run(t, "", "template", path)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(out, "Đã ghi mẫu kê khai") {
		t.Errorf("stdout:\n%s", out)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Hướng dẫn,elements,relations,lists" {
		t.Errorf("sheets %s", got)
	}
	if v, _ := f.GetCellValue("elements", "B1"); v != "Mã đơn vị *" {
		t.Errorf("B1 = %q", v)
	}
	// The blank template imports as an empty, valid inventory.
	db := filepath.Join(dir, "ws.db")
	code, out, stderr = run(t, "", "--db", db, "import", "inventory", "--dry-run", path)
	if code != ExitOK || !strings.Contains(out, "0 phần tử") {
		t.Errorf("blank template: exit %d\n%s\n%s", code, out, stderr)
	}
	if code, _, _ := run(t, "", "template", filepath.Join(dir, "x.csv")); code != ExitUsage {
		t.Errorf("a .csv name: exit %d, want %d", code, ExitUsage)
	}
	if code, _, _ := run(t, "", "template"); code != ExitUsage {
		t.Errorf("no file: exit %d, want %d", code, ExitUsage)
	}
}
