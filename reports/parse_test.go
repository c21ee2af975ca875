package reports

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/sheetxml"
	"github.com/ndta-vn/archmerge/internal/xlsxguard"
	"github.com/ndta-vn/archmerge/migrate"
)

// excelizeRows reads a sheet as eachRow's general path does.
func excelizeRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cells)
	}
	return out
}

// Every long sheet of a workbook as written is read by sheetxml.Parse
// (else apply would not take the fast path), and reads as excelize reads
// it: in both languages, with decisions, long and odd notes, and a list
// split over sheets. A sheet saved by another program is left to excelize.
func TestParsedSheetsReadAsExcelizeReadsThem(t *testing.T) {
	for _, l := range []string{"vi", "en"} {
		t.Run(l, func(t *testing.T) {
			p, m, in := tuyenQuang(t)
			a, b, _, _ := pickKeys(t, p, "08")
			in.Decisions = []migrate.Decision{
				{Key: a, Treatment: migrate.Continue, Note: "dòng 1\ndòng 2 & <ghi chú> \"trích\" 'x'\t" + strings.Repeat("ắ", 40000), At: "2026-01-01T00:00:00Z"},
				{Key: b, Treatment: migrate.Retire, Note: "  =1+1 ", NewOwner: "Sở KH&CN", At: "2026-01-01T00:00:00Z"},
			}
			p = build(t, in)
			d, err := gather(p, m, "08", testMeta(p, l))
			if err != nil {
				t.Fatal(err)
			}
			withSheetRows(t, len(d.elems)) // the flags, more numerous, split
			wb, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", testMeta(p, l))
			if err != nil {
				t.Fatal(err)
			}
			b2, err := os.ReadFile(wb)
			if err != nil {
				t.Fatal(err)
			}
			guard, err := xlsxguard.Open(strings.NewReader(string(b2)), int64(len(b2)), xlsxguard.Inventory)
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(wb)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			parsed := 0
			for _, sheet := range f.GetSheetList() {
				data, err := guard.ReadPart(guard.SheetPart(sheet))
				if err != nil {
					t.Fatal(err)
				}
				rows, ok := sheetxml.Parse(data)
				long := sheet != shSummary.in(Meta{Lang: l}) && sheet != SheetIdentity && sheet != SheetLists
				if !ok {
					if long {
						t.Errorf("%s: not read by sheetxml.Parse", sheet)
					}
					continue
				}
				parsed++
				want := excelizeRows(t, f, sheet)
				if len(rows) != len(want) {
					t.Fatalf("%s: %d rows, excelize %d", sheet, len(rows), len(want))
				}
				for i := range want {
					if strings.Join(rows[i], "\x00") != strings.Join(want[i], "\x00") {
						t.Fatalf("%s row %d:\n got %.200q\nwant %.200q", sheet, i+1, rows[i], want[i])
					}
				}
			}
			if parsed < 6 {
				t.Errorf("%d sheets parsed, want the five long ones and a split part", parsed)
			}
		})
	}
}

// A sheet another program saved (here excelize, which lifted every
// sheet's protection and so wrote every sheet again) is told at its first
// row and read by excelize; apply reads the decision typed.
func TestASheetSavedByAnotherProgramIsReadByExcelize(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	wb, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir() + "/edited.xlsx"
	editBook(t, wb, dst, edit{sheet: shSystems.vi, row: 2, header: colNote.vi, value: "một ghi chú"})
	b, _ := os.ReadFile(dst)
	guard, err := xlsxguard.Open(strings.NewReader(string(b)), int64(len(b)), xlsxguard.Inventory)
	if err != nil {
		t.Fatal(err)
	}
	data, err := guard.ReadPart(guard.SheetPart(shSystems.vi))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sheetxml.Parse(data); ok {
		t.Error("a sheet excelize saved was taken for one archmerge wrote")
	}
	if sheetxml.Mine(data[:min(len(data), 64<<10)]) {
		t.Error("its first row was taken for one archmerge wrote")
	}
	fl, probs, err := ReadDecisions(dst)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	found := false
	for _, r := range fl.Rows {
		found = found || r.Row == 2 && r.Note == "một ghi chú"
	}
	if !found {
		t.Error("the note typed was not read")
	}
}

// savedRows reads every sheet of a workbook another program saved with
// sheetxml.ParseSaved and compares it with excelize's reading; it returns
// how many sheets ParseSaved took.
func savedRows(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	guard, err := xlsxguard.Open(strings.NewReader(string(b)), int64(len(b)), xlsxguard.Inventory)
	if err != nil {
		t.Fatal(err)
	}
	var sst []string
	if data, err := guard.ReadPart("xl/sharedStrings.xml"); err == nil {
		var ok bool
		if sst, ok = sheetxml.ParseSharedStrings(data); !ok {
			t.Fatalf("%s: shared strings not read", path)
		}
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	took := 0
	for _, sheet := range f.GetSheetList() {
		data, err := guard.ReadPart(guard.SheetPart(sheet))
		if err != nil {
			t.Fatal(err)
		}
		rows, ok := sheetxml.ParseSaved(data, sst)
		if !ok {
			continue
		}
		took++
		want := excelizeRows(t, f, sheet)
		// excelize's iterator gives no row after the last that holds a cell.
		for len(rows) > len(want) && len(rows[len(rows)-1]) == 0 {
			rows = rows[:len(rows)-1]
		}
		if len(rows) != len(want) {
			t.Fatalf("%s: %d rows, excelize %d", sheet, len(rows), len(want))
		}
		for i := range want {
			if strings.Join(rows[i], "\x00") != strings.Join(want[i], "\x00") {
				t.Fatalf("%s row %d:\n got %.200q\nwant %.200q", sheet, i+1, rows[i], want[i])
			}
		}
	}
	return took
}

// A workbook saved again by excelize (every sheet rewritten, text in
// shared strings) reads with ParseSaved as excelize reads it.
func TestSavedSheetsReadAsExcelizeReadsThem(t *testing.T) {
	p, m, in := tuyenQuang(t)
	a, _, _, _ := pickKeys(t, p, "08")
	in.Decisions = []migrate.Decision{{Key: a, Treatment: migrate.Continue, Note: "dòng 1\ndòng 2 & <x> \"y\" 'z'\t_x12G4_ " + strings.Repeat("ắ", 3000), At: "2026-01-01T00:00:00Z"}}
	p = build(t, in)
	wb, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir() + "/saved.xlsx"
	editBook(t, wb, dst, edit{sheet: shSystems.vi, row: 3, header: colNote.vi, value: "  một ghi chú\nhai dòng  "})
	if took := savedRows(t, dst); took < 5 {
		t.Errorf("ParseSaved took %d sheets of a workbook excelize saved, want the data sheets", took)
	}
}

// A workbook LibreOffice saved (when it is installed) reads with
// ParseSaved as excelize reads it, and apply reads the same decisions
// from it as from the workbook as written.
func TestLibreOfficeSavedSheetsReadAsExcelizeReadsThem(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	p, m, in := tuyenQuang(t)
	a, b, _, _ := pickKeys(t, p, "08")
	in.Decisions = []migrate.Decision{
		{Key: a, Treatment: migrate.Continue, Note: "dòng 1\ndòng 2 & <x> \"y\" 'z' " + strings.Repeat("ắ", 300), At: "2026-01-01T00:00:00Z"},
		{Key: b, Treatment: migrate.Retire, Note: "  lề  ", At: "2026-01-01T00:00:00Z"},
	}
	p = build(t, in)
	dir := t.TempDir()
	wb, err := WriteProvince(context.Background(), dir, p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "lo")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, wb)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	saved := filepath.Join(out, filepath.Base(wb))
	took := savedRows(t, saved)
	t.Logf("ParseSaved took %d sheets of the workbook LibreOffice saved", took)
	// apply reads the same rows either way.
	fl1, probs, err := ReadDecisions(wb)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	fl2, probs, err := ReadDecisions(saved)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Logf("problems of the LibreOffice copy (as before this reader): %v", probs)
		return
	}
	if len(fl1.Rows) != len(fl2.Rows) {
		t.Fatalf("%d rows as written, %d as LibreOffice saved", len(fl1.Rows), len(fl2.Rows))
	}
	for i := range fl1.Rows {
		r1, r2 := fl1.Rows[i], fl2.Rows[i]
		if r1.Key != r2.Key || r1.Value != r2.Value || r1.Note != r2.Note || r1.MergeInto != r2.MergeInto {
			t.Errorf("row %d: %+v as written, %+v as LibreOffice saved", r1.Row, r1, r2)
		}
	}
}

func TestProvinceOf(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	wb, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", testMeta(p, "en"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ProvinceOf(wb); got != "08" {
		t.Errorf("ProvinceOf = %q, want 08", got)
	}
	if got := ProvinceOf(filepath.Join(t.TempDir(), "none.xlsx")); got != "" {
		t.Errorf("ProvinceOf of no file = %q", got)
	}
}
