package outfile

import (
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/sheetxml"
)

// Cells written by sheetxml into a sheet excelize left empty read back as
// the same cells written by excelize's StreamWriter: text with Excel's
// _xHHHH_ runs, line ends, tabs, characters XML cannot hold, values longer
// than a cell, numbers, styled blanks.
func TestWorkbookRowsReadBackAsTheStreamWriters(t *testing.T) {
	values := []string{
		"Hà Nội", " lead", "trail ", "a\nb", "a\r\nb", "tab\there", "<&>\"'",
		"_x000D_", "_x005F_", "_x005F_x0041_", "a_x0041_x0042_b", "_x12G4_", "_xD800_", "x0041_",
		"bad \x01 \xff", "\uFFFE", strings.Repeat("𝔸", 20000), strings.Repeat("ă", 40000), "=1+1", "@SUM(A1)",
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "stream"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("rows"); err != nil {
		t.Fatal(err)
	}
	style, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true}})
	if err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("stream")
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range values {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, []any{excelize.Cell{StyleID: style, Value: v}, excelize.Cell{StyleID: style, Value: i * 1000}, excelize.Cell{StyleID: style}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rows.xlsx")
	rows := SheetRows{"xl/worksheets/sheet2.xml": func(w io.Writer) error {
		x := sheetxml.New(w)
		for i, v := range values {
			x.Row(i+1, 0)
			x.Str(0, style, v)
			x.Int(1, style, int64(i*1000))
			x.Empty(2, style)
			x.EndRow()
		}
		return x.Flush()
	}}
	if err := WorkbookRows(f, path, rows); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	want, err := g.GetRows("stream", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := g.GetRows("rows", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		// excelize protects only the first of two _xHHHH_ runs that share
		// an underscore ("a_x0041_x0042_b" reads back "a_x0041Bb"):
		// sheetxml protects both, and reads back the value as written.
		faithful := got[i][0] == values[i] && want[i][0] != values[i]
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") && !faithful {
			t.Errorf("row %d (%.20q): got %.60q, want %.60q", i+1, values[i], got[i], want[i])
		}
		cell, _ := excelize.CoordinatesToCellName(3, i+1)
		if s, _ := g.GetCellStyle("rows", cell); s != style {
			t.Errorf("%s: style %d, want %d", cell, s, style)
		}
	}
}

// A part named to be filled that the workbook does not have is an error,
// not a workbook without its rows.
func TestWorkbookRowsOfAMissingSheet(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	err := WorkbookRows(f, filepath.Join(t.TempDir(), "x.xlsx"), SheetRows{"xl/worksheets/sheet9.xml": func(io.Writer) error { return nil }})
	if err == nil || !strings.Contains(err.Error(), "sheet9") {
		t.Fatalf("error %v", err)
	}
}

// sheetxml cuts a cell where excelize does.
func TestCellCharsAsExcelize(t *testing.T) {
	if sheetxml.CellChars != excelize.TotalCellChars {
		t.Errorf("sheetxml.CellChars %d, excelize.TotalCellChars %d", sheetxml.CellChars, excelize.TotalCellChars)
	}
}
