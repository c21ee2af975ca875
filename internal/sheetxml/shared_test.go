package sheetxml

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/internal/xlsxtest"
	"github.com/xuri/excelize/v2"
)

// What ParseSaved reads of a sheet excelize saved (text in shared strings,
// numbers, formulas' saved values) is what excelize reads, whenever it
// takes the sheet.
func FuzzParseSavedReadsAsExcelize(f *testing.F) {
	for _, s := range []string{"Hà Nội", " lead ", "a\nb", "tab\tx", "<&>\"'", "_x000D_", "a_x12G4_b", "_xD800_",
		"bad \x01 \xff", "\uFFFE", "ro1:ab_xyz", "&amp;", "x\r\ny", "0123", "-12", "1.5E-3", ""} {
		f.Add(s, 3, true)
	}
	f.Fuzz(func(t *testing.T, s string, col int, twice bool) {
		col = 1 + (col%20+20)%20
		book := excelize.NewFile()
		defer book.Close()
		cell := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }
		must := func(err error) {
			if err != nil {
				t.Skip(err) // excelize refuses the value: nothing to compare
			}
		}
		must(book.SetCellStr("Sheet1", "A1", "header"))
		must(book.SetCellStr("Sheet1", cell(col, 2), s))
		must(book.SetCellInt("Sheet1", "B3", int64(len(s))))
		must(book.SetCellValue("Sheet1", "C3", 1.25))
		if twice {
			must(book.SetCellStr("Sheet1", cell(col+1, 3), s+s))
		}
		path := filepath.Join(t.TempDir(), "s.xlsx")
		must(book.SaveAs(path))
		want := xlsxtest.RawRows(t, path, "Sheet1")
		parts := xlsxtest.Parts(t, path)
		var sst []string
		if b, ok := parts["xl/sharedStrings.xml"]; ok {
			if sst, ok = ParseSharedStrings(b); !ok {
				return
			}
		}
		got, ok := ParseSaved(parts["xl/worksheets/sheet1.xml"], sst)
		if !ok {
			return
		}
		for len(got) > len(want) && len(got[len(got)-1]) == 0 {
			got = got[:len(got)-1]
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

// Rich text runs and phonetic runs of shared strings read as excelize
// reads them: the runs' text joined, the phonetic left out.
func TestParseSharedStringsRuns(t *testing.T) {
	sst := `<?xml version="1.0"?><sst xmlns="x" count="3" uniqueCount="3"><si><t xml:space="preserve"> a &amp; b </t></si>` +
		`<si><r><rPr><b/></rPr><t>Hà </t></r><r><t>Nội</t></r><rPh sb="0" eb="1"><t>ハ</t></rPh><phoneticPr fontId="1"/></si><si/></sst>`
	got, ok := ParseSharedStrings([]byte(sst))
	if !ok || len(got) != 3 || got[0] != " a & b " || got[1] != "Hà Nội" || got[2] != "" {
		t.Fatalf("%q, %v", got, ok)
	}
}
