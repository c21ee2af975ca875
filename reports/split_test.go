package reports

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// withSheetRows makes a sheet hold n data rows for the length of a test,
// so that short lists split as a province's million flags would.
func withSheetRows(t *testing.T, n int) {
	t.Helper()
	old := sheetRows
	sheetRows = n
	t.Cleanup(func() { sheetRows = old })
}

// A list longer than a sheet continues on further sheets, each with its
// header and every row once; the workbook reads back as unedited, and a
// cell changed on a later part is refused naming that part.
func TestListsLongerThanASheetContinueOnFurtherSheets(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	d, err := gather(p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	// A sheet as long as the Systems sheet: the flags, more numerous,
	// split over sheets.
	rows := len(d.elems)
	if len(d.flags) <= rows {
		t.Fatalf("fixture: %d flags, %d elements: the flags would not split", len(d.flags), rows)
	}
	for _, l := range []string{"vi", "en"} {
		t.Run(l, func(t *testing.T) {
			withSheetRows(t, rows)
			meta := testMeta(p, l)
			wb, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", meta)
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(wb)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			name := shFlags.in(meta)
			header := flagCols[0].header(meta)
			var ids []string
			parts := 0
			for n := 1; ; n++ {
				rows, err := f.GetRows(partName(name, n))
				if err != nil {
					break
				}
				parts++
				if len(rows) == 0 || rows[0][0] != header {
					t.Fatalf("part %d has no header: %v", n, rows[:min(1, len(rows))])
				}
				if len(rows)-1 > sheetRows {
					t.Errorf("part %d holds %d rows, more than %d", n, len(rows)-1, sheetRows)
				}
				for _, r := range rows[1:] {
					ids = append(ids, r[0])
				}
			}
			want := (len(d.flags) + sheetRows - 1) / sheetRows
			if parts != want || parts < 2 {
				t.Fatalf("%d flags over %d sheets, want %d", len(d.flags), parts, want)
			}
			if len(ids) != len(d.flags) {
				t.Fatalf("%d flag rows across the parts, want %d", len(ids), len(d.flags))
			}
			for i, fl := range d.flags {
				if ids[i] != fl.ID {
					t.Fatalf("row %d of the parts is %s, want %s", i, ids[i], fl.ID)
				}
			}
			// Read back: nothing edited.
			_, ed, probs := checkBook(t, wb, p, m)
			if len(probs) > 0 || len(ed.Changes) != 0 {
				t.Fatalf("an unedited split workbook: changes %+v, problems %v", ed.Changes, probs)
			}
			// A cell of the last part changed: refused, naming that part.
			last := partName(name, parts)
			dst := filepath.Join(t.TempDir(), "edited.xlsx")
			editBook(t, wb, dst, edit{sheet: last, row: 2, col: 7, value: "sửa tay"})
			_, ed, probs = checkBook(t, dst, p, m)
			if len(probs) != 1 || probs[0].Pos.Sheet != last || probs[0].Pos.Line != 2 {
				t.Fatalf("a cell changed on %s: problems %v", last, probs)
			}
			if len(ed.Changes) != 1 || ed.Changes[0].Sheet != last {
				t.Fatalf("changes %+v", ed.Changes)
			}
		})
	}
}

// A province whose elements exceed a sheet gets a clear error, not a
// workbook apply could not read.
func TestSystemsSheetOverASheetIsAnError(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	withSheetRows(t, 3)
	_, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", testMeta(p, "en"))
	if err == nil {
		t.Fatal("a Systems sheet over a sheet's rows was written")
	}
	want := fmt.Sprintf("more than an Excel sheet's %d rows", 3)
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q, want it to say %q", err, want)
	}
}

// plainText's shortcut gives what the long way gives.
func TestPlainTextAgreesWithAsRead(t *testing.T) {
	for _, s := range []string{"Hà Nội", "abc", " lead", "trail ", "trail\u00a0", "\u3000x", "a\tb", "a\x01b", "Ha\u0300",
		"", "ắ", strings.Repeat("a", 32768), "\xff", "x\u2028"} {
		if plainText(s) && canonCell(kText, asRead(s)) != s {
			t.Errorf("plainText(%q) but it reads back as %q", s, canonCell(kText, asRead(s)))
		}
	}
	if !plainText("Hệ thống quản lý văn bản") {
		t.Error("ordinary Vietnamese text is not plain")
	}
}
