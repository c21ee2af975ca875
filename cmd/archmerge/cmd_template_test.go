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
	if got := strings.Join(f.GetSheetList(), ","); got != "Hướng dẫn,Phần tử,Quan hệ,lists" {
		t.Errorf("sheets %s", got)
	}
	if v, _ := f.GetCellValue("Phần tử", "B1"); v != "Mã đơn vị *" {
		t.Errorf("B1 = %q", v)
	}
	// The blank template imports as an empty, valid inventory, with a
	// warning naming the file.
	db := filepath.Join(dir, "ws.db")
	code, out, stderr = run(t, "", "--db", db, "import", "inventory", "--dry-run", path)
	if code != ExitOK || !strings.Contains(out, "0 phần tử") || !strings.Contains(stderr, path) || !strings.Contains(stderr, "mẫu chưa điền") {
		t.Errorf("blank template: exit %d\n%s\n%s", code, out, stderr)
	}
	// In English: an English template, and the warning in English.
	en := filepath.Join(dir, "inventory-template.xlsx")
	if code, out, stderr := run(t, "", "--lang", "en", "template", en); code != ExitOK || !strings.Contains(out, "Elements") {
		t.Fatalf("--lang en: exit %d\n%s\n%s", code, out, stderr)
	}
	fe, err := excelize.OpenFile(en)
	if err != nil {
		t.Fatal(err)
	}
	defer fe.Close()
	if got := strings.Join(fe.GetSheetList(), ","); got != "Instructions,Elements,Relations,lists" {
		t.Errorf("English sheets %s", got)
	}
	if v, _ := fe.GetCellValue("Elements", "B1"); v != "Unit code *" {
		t.Errorf("English B1 = %q", v)
	}
	code, _, stderr = run(t, "", "--lang", "en", "--db", db, "import", "inventory", "--dry-run", en)
	if code != ExitOK || !strings.Contains(stderr, en) || !strings.Contains(stderr, "not filled in") {
		t.Errorf("blank English template: exit %d\n%s", code, stderr)
	}
	if code, _, _ := run(t, "", "template", filepath.Join(dir, "x.csv")); code != ExitUsage {
		t.Errorf("a .csv name: exit %d, want %d", code, ExitUsage)
	}
	if code, _, _ := run(t, "", "template"); code != ExitUsage {
		t.Errorf("no file: exit %d, want %d", code, ExitUsage)
	}
}
