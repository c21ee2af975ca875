package outfile

import (
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/sheetxml"
	"github.com/ndta-vn/archmerge/internal/xlsxtest"
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
	want, got := xlsxtest.RawRows(t, path, "stream"), xlsxtest.RawRows(t, path, "rows")
	g, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
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

// What sheetxml.Parse reads of rows a Writer wrote is what excelize reads
// of them, whenever Parse takes the sheet (it leaves to excelize what it
// does not know).
func FuzzParseReadsAsExcelize(f *testing.F) {
	for _, s := range []string{"Hà Nội", " lead ", "a\nb", "tab\tx", "<&>\"'", "_x000D_", "a_x12G4_b", "_xD800_",
		"bad \x01 \xff", "\uFFFE", "ro1:ab_xyz", "&amp;", "x\r\ny", "0123", "-12"} {
		f.Add(s, int64(len(s)))
	}
	f.Fuzz(func(t *testing.T, s string, n int64) {
		book := excelize.NewFile()
		defer book.Close()
		path := filepath.Join(t.TempDir(), "p.xlsx")
		err := WorkbookRows(book, path, SheetRows{"xl/worksheets/sheet1.xml": func(w io.Writer) error {
			x := sheetxml.New(w)
			x.Row(1, 0)
			x.Str(0, 1, "header")
			x.EndRow()
			x.Row(2, 20)
			x.Empty(0, 2)
			x.Str(1, 0, s)
			x.Int(2, 3, n)
			x.Str(4, 0, s+s)
			x.Empty(5, 2)
			x.EndRow()
			return x.Flush()
		}})
		if err != nil {
			t.Fatal(err)
		}
		want := xlsxtest.RawRows(t, path, "Sheet1")
		part := xlsxtest.Parts(t, path)["xl/worksheets/sheet1.xml"]
		got, ok := sheetxml.Parse(part)
		if !ok {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d rows, excelize %d", s, len(got), len(want))
		}
		for i := range want {
			if strings.Join(got[i], "\x00") != strings.Join(want[i], "\x00") {
				t.Fatalf("%q row %d: got %q, excelize %q", s, i+1, got[i], want[i])
			}
		}
	})
}
