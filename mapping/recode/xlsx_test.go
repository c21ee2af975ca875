package recode

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// writeInputXLSX writes a workbook whose codes are stored as numbers (as
// Excel does when a user types 1 for 01) and as text, with an NFD name, a
// blank cell and a formula-looking text.
func writeInputXLSX(t testing.TB, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Dữ liệu"); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"Mã tỉnh", "Mã huyện", "Mã xã", "Tên xã", "Số hộ", "Ghi chú"},
		{1, "001", 1, norm.NFD.String("Phường Phúc Xá"), 120, "=SUM(A1)"},
		{"01", "001", "00007", "Phường Cống Vị", 80, nil},
		{1, nil, 99999, nil, 3.5, "0912345678"},
		{nil, nil, nil, nil, nil, nil},
		{2, 26, nil, nil, 7, "district only"},
		{1, "001", nil, norm.NFD.String("Phường Trúc Bạch"), 9, "name only, NFD"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Dữ liệu", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestXLSXToXLSX(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.xlsx"), filepath.Join(dir, "out.xlsx")
	writeInputXLSX(t, in)
	before, _ := os.ReadFile(in)
	rc := newRecoder(t, Options{})
	sum, err := rc.File(context.Background(), in, out, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(in)
	if string(before) != string(after) {
		t.Error("the input was modified")
	}
	if sum.Rows != 6 || sum.Statuses["exact"] != 3 || sum.Statuses["split"] != 1 || sum.Statuses["unknown"] != 1 || sum.Statuses["blank"] != 1 {
		t.Errorf("summary = %+v", sum.Statuses)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Dữ liệu" {
		t.Fatalf("sheets = %v, want the input's sheet name", got)
	}
	dim, _ := f.GetSheetDimension("Dữ liệu")
	if dim != "A1:L7" {
		t.Errorf("dimension = %q, want A1:L7 (7 rows, 6+6 columns)", dim)
	}
	rows, err := f.GetRows("Dữ liệu")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		row, col int
		want     string
	}{
		{"obsolete district header", 0, 1, "Mã huyện (bỏ cấp huyện)"},
		{"added header", 0, 6, "ma_tinh_moi"},
		{"number code kept as stored", 1, 2, "1"},
		{"new province code as text", 1, 6, "01"},
		{"new commune", 1, 8, "00097"},
		{"status exact", 1, 10, "exact"},
		{"formula-looking text stays text", 1, 5, "=SUM(A1)"},
		{"split status", 2, 10, "split"},
		{"unknown status", 3, 10, "unknown"},
		{"phone keeps its zero", 3, 5, "0912345678"},
		{"district only gives the province", 5, 6, "08"},
		{"NFD name resolves within the district", 6, 8, "00004"},
		{"NFD name status", 6, 10, "exact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.row >= len(rows) || tt.col >= len(rows[tt.row]) {
				t.Fatalf("no cell (%d,%d) in %v", tt.row, tt.col, rows)
			}
			if got := rows[tt.row][tt.col]; got != tt.want {
				t.Errorf("cell (%d,%d) = %q, want %q", tt.row, tt.col, got, tt.want)
			}
		})
	}
	if len(rows[4]) != 0 {
		t.Errorf("blank row = %q, want empty", rows[4])
	}
	// Codes are text cells; plain numbers stay numbers; formulas never appear.
	for cell, want := range map[string]excelize.CellType{"G2": excelize.CellTypeInlineString, "I2": excelize.CellTypeInlineString,
		"C2": excelize.CellTypeInlineString, "E2": excelize.CellTypeUnset, "F2": excelize.CellTypeInlineString} {
		got, err := f.GetCellType("Dữ liệu", cell)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("type of %s = %v, want %v", cell, got, want)
		}
	}
	if fm, _ := f.GetCellFormula("Dữ liệu", "F2"); fm != "" {
		t.Errorf("F2 became a formula %q", fm)
	}
}

func TestXLSXToCSVAndBack(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.xlsx")
	writeInputXLSX(t, in)
	rc := newRecoder(t, Options{Lang: "en"})
	csvOut := filepath.Join(dir, "out.csv")
	if _, err := rc.File(context.Background(), in, csvOut, "", Options{}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(csvOut)
	s := string(b)
	if !strings.HasPrefix(s, "\ufeffMã tỉnh,Mã huyện (district level abolished),") {
		t.Errorf("CSV from XLSX should start with a BOM and the marked header: %q", s[:60])
	}
	if !strings.Contains(s, "1,001,1,"+norm.NFD.String("Phường Phúc Xá")+",120,=SUM(A1),01,Thành phố Hà Nội,00097,Phường Hồng Hà,exact,") {
		t.Errorf("row 2 not converted as expected:\n%s", s)
	}
	// CSV back to XLSX, format forced by the flag whatever the extension.
	xOut := filepath.Join(dir, "back.data")
	sum, err := rc.File(context.Background(), csvOut, xOut, "xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Format != "xlsx" || sum.Rows != 6 {
		t.Errorf("summary = %+v", sum)
	}
	f, err := excelize.OpenFile(xOut)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if dim, _ := f.GetSheetDimension("Sheet1"); dim != "A1:R7" {
		t.Errorf("dimension = %q, want A1:R7", dim)
	}
}

func TestXLSXRejected(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.xlsx")
	if err := os.WriteFile(bad, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	rc := newRecoder(t, Options{})
	out := filepath.Join(dir, "out.xlsx")
	_, err := rc.File(context.Background(), bad, out, "", Options{})
	if err == nil || !strings.Contains(err.Error(), "bad.xlsx") || !strings.Contains(err.Error(), "XLSX") {
		t.Errorf("err = %v, want a message naming the file", err)
	}
	wide := filepath.Join(dir, "wide.xlsx")
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"ma_xa"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"00001", nil, "stray"})
	if err := f.SaveAs(wide); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = rc.File(context.Background(), wide, out, "", Options{})
	if err == nil || !strings.Contains(err.Error(), "sheet Sheet1, line 2, column C") {
		t.Errorf("err = %v, want the sheet, row and column of the stray value", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output written despite the error")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(m) != 0 {
		t.Errorf("temp files left behind: %v", m)
	}
}

// TestXLSXWrongDimension checks that an input whose declared dimension is
// wrong still gives an output with the right one.
func TestXLSXWrongDimension(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.xlsx"), filepath.Join(dir, "out.xlsx")
	rc := newRecoder(t, Options{})
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	// Declares 2 rows, holds 4.
	if _, err := rc.CSVToXLSX(context.Background(), strings.NewReader("ma_xa\n00001\n00004\n00007\n"), f, Options{}, XLSXOptions{Rows: 2}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got := declaredRows(in, ""); got != 2 {
		t.Fatalf("declared rows = %d, want the wrong 2 of the fixture", got)
	}
	if _, err := rc.File(context.Background(), in, out, "", Options{}); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if dim, _ := x.GetSheetDimension("Sheet1"); dim != "A1:M4" {
		t.Errorf("dimension = %q, want A1:M4", dim)
	}
}

// TestXLSXHeaderLowerDown checks that blank rows above the header are
// skipped and that line numbers in messages are the sheet's row numbers.
func TestXLSXHeaderLowerDown(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.xlsx"), filepath.Join(dir, "out.xlsx")
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A3", &[]any{"ma_xa", "x"})
	_ = f.SetSheetRow("Sheet1", "A4", &[]any{"00001", "a"})
	_ = f.SetSheetRow("Sheet1", "A6", &[]any{"99999", "b"})
	if err := f.SaveAs(in); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rc := newRecoder(t, Options{})
	sum, err := rc.File(context.Background(), in, out, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 3 || sum.Statuses["exact"] != 1 || sum.Statuses["blank"] != 1 || sum.Statuses["unknown"] != 1 {
		t.Errorf("summary = %d rows, %v", sum.Rows, sum.Statuses)
	}
	if len(sum.Unknown) != 1 || sum.Unknown[0].Line != 6 {
		t.Errorf("unknown = %+v, want sheet row 6", sum.Unknown)
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Sheet1")
	if len(rows) != 4 || rows[0][0] != "ma_xa" || rows[1][4] != "00097" || len(rows[2]) != 0 || rows[3][6] != "unknown" {
		t.Errorf("rows = %q", rows)
	}
	if dim, _ := x.GetSheetDimension("Sheet1"); dim != "A1:H4" {
		t.Errorf("dimension = %q, want A1:H4", dim)
	}
}
