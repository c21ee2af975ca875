package recode

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/mapping"
)

// recodeCSV recodes a CSV text and returns its records.
func recodeCSV(t *testing.T, in string, opts Options) [][]string {
	t.Helper()
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	rc, err := New(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := rc.CSV(context.Background(), strings.NewReader(in), &out, opts); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// status and note are the last two added cells of an output record.
func status(r []string) string { return r[len(r)-2] }
func note(r []string) string   { return r[len(r)-1] }

// Text with a leading zero but another level's length ("001", "01" in a
// commune column) is a district or province code, never padded into a
// commune.
func TestTextCodesOfAnotherLengthAreNotPadded(t *testing.T) {
	recs := recodeCSV(t, "ma_tinh,ma_xa\n01,001\n01,01\n01,4\n", Options{})
	for _, r := range recs[1:3] {
		if status(r) == "exact" && r[4] != "" {
			t.Errorf("ma_xa %q recoded as commune %s %s", r[1], r[4], r[5])
		}
	}
	if r := recs[3]; r[4] == "" || status(r) != "exact" {
		t.Errorf("the number 4 (commune 00004 shortened) was not restored: %v", r)
	}
}

// "Khu" (a zone) or "Phố" (a street) alone is not a unit column, and does
// not hide the real one.
func TestZoneAndStreetColumnsAreNotUnits(t *testing.T) {
	recs := recodeCSV(t, "Khu,ma_xa\n1,00007\n", Options{})
	if r := recs[1]; status(r) != "split" {
		t.Errorf("split commune 00007 with a Khu column: %v", r)
	}
	recs = recodeCSV(t, "Phố,Tỉnh\nHàng Bài,Hà Nội\n", Options{})
	if r := recs[1]; r[2] != "01" {
		t.Errorf("the Tỉnh column was not used beside a Phố column: %v", r)
	}
}

// A column named by --columns without a role: codes of one length name
// their level.
func TestColumnWithoutRoleTakesTheLevelOfItsCodeLength(t *testing.T) {
	recs := recodeCSV(t, "Mã ĐVHC,so\n01,1\n79,2\n", Options{Columns: []string{"Mã ĐVHC"}})
	for _, r := range recs[1:] {
		if r[2] == "" || r[4] != "" {
			t.Errorf("province %s recoded as %v", r[0], r)
		}
	}
}

// A column of three-digit identifiers is not taken for district codes
// (which would outrank the province); a real district that contradicts the
// province says so.
func TestThreeDigitIdentifiersAreNotDistricts(t *testing.T) {
	recs := recodeCSV(t, "ma_tinh,ma_xa,ma_don_vi\n79,26734,001\n79,,001\n", Options{})
	if r := recs[2]; r[3] != "79" {
		t.Errorf("a province 79 row was recoded to %s %s", r[3], r[4])
	}
	recs = recodeCSV(t, "ma_tinh,ma_huyen\n79,001\n", Options{})
	if r := recs[1]; !strings.Contains(note(r), "không thuộc tỉnh 79") {
		t.Errorf("district 001 (Hà Nội) with province 79: %v", r)
	}
}

// Lines ended by CR alone (Excel for Mac's CSV) are lines.
func TestCarriageReturnLines(t *testing.T) {
	recs := recodeCSV(t, "ma_tinh,ma_xa\r01,00001\r01,00004\r", Options{})
	if len(recs) != 3 || status(recs[1]) != "exact" || status(recs[2]) != "exact" {
		t.Errorf("records %q", recs)
	}
}

// A header that is not UTF-8 is refused, naming its line and column.
func TestHeaderNotUTF8(t *testing.T) {
	m, _ := mapping.Builtin()
	rc, _ := New(m, Options{})
	_, err := rc.CSV(context.Background(), strings.NewReader("ma_tinh,T\xeanh\n01,Hà Nội\n"), &bytes.Buffer{}, Options{Name: "in.csv"})
	p, ok := err.(*mapping.Problem)
	if !ok || p.Pos.Line != 1 || p.Column != "B" || !strings.Contains(p.Message.VI, "UTF-8") {
		t.Errorf("error %v", err)
	}
}

// A workbook whose header is on row 2 is converted twice (the rows counted
// first are one too many); only the second result is renamed into place,
// and no temporary file stays behind.
func TestSecondXLSXPassLeavesOneOutput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.xlsx")
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A2", &[]any{"ma_tinh", "ma_xa"})
	for r := 3; r < 50; r++ {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", r), &[]any{"01", "00004"})
	}
	if err := f.SaveAs(in); err != nil {
		t.Fatal(err)
	}
	m, _ := mapping.Builtin()
	rc, _ := New(m, Options{})
	out := filepath.Join(dir, "out.xlsx")
	sum, err := rc.File(context.Background(), in, out, "", Options{})
	if err != nil || sum.Rows != 47 {
		t.Fatalf("%+v %v", sum, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the folder holds %v", entries)
	}
	g, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if rows, _ := g.GetRows("Sheet1"); len(rows) != 48 || rows[47][2] != "01" {
		t.Errorf("%d rows written", len(rows))
	}
}

// A value written to XLSX as a number shows back as it was written; any
// other stays text.
func TestNumbersStayAsWritten(t *testing.T) {
	for in, want := range map[string]any{
		"42": int64(42), "-7": int64(-7), "1.5": 1.5, "0.25": 0.25,
		"1.50": "1.50", "12E3": "12E3", "007": "007", "1e5": "1e5", "+3": "+3", "1234567890123456": "1234567890123456",
	} {
		if got := cellValue(in); got != want {
			t.Errorf("cellValue(%q) = %#v, want %#v", in, got, want)
		}
	}
}

// Units sharing a bare name in one province are told apart by the full
// name written, type and all.
func TestFullNamesTellUnitsApart(t *testing.T) {
	recs := recodeCSV(t, "ma_tinh,ten_huyen\n42,Huyện Kỳ Anh\n42,Thị xã Kỳ Anh\n42,Kỳ Anh\n", Options{})
	for i, r := range recs[1:3] {
		if status(r) != "exact" {
			t.Errorf("row %d %q: %v", i+2, r[1], r)
		}
	}
	if note(recs[1]) == note(recs[2]) {
		t.Errorf("the district and the town read as one unit: %q", note(recs[1]))
	}
	if r := recs[3]; status(r) != "unknown" || !strings.Contains(note(r), "Kỳ Anh") {
		t.Errorf("the bare name, which fits both, should list them: %v", r)
	}
}

// An --out in a folder that does not exist is a usage error naming the
// folder, not an error about a hidden temporary file.
func TestOutputFolderMissing(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, []byte("ma_tinh\n01\n"), 0o644)
	m, _ := mapping.Builtin()
	rc, _ := New(m, Options{})
	_, err := rc.File(context.Background(), in, filepath.Join(dir, "missing", "out.csv"), "", Options{})
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(ue.MsgVI, filepath.Join(dir, "missing")) {
		t.Errorf("error %v", err)
	}
}

// The sheets of a workbook that were not converted are listed.
func TestOtherSheetsAreListed(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.xlsx")
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"ma_tinh"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"01"})
	f.NewSheet("Phụ lục")
	if err := f.SaveAs(in); err != nil {
		t.Fatal(err)
	}
	m, _ := mapping.Builtin()
	rc, _ := New(m, Options{})
	for _, out := range []string{"out.xlsx", "out.csv"} {
		sum, err := rc.File(context.Background(), in, filepath.Join(dir, out), "", Options{})
		if err != nil || len(sum.OtherSheets) != 1 || sum.OtherSheets[0] != "Phụ lục" {
			t.Errorf("%s: %+v %v", out, sum, err)
		}
	}
}

// An address that names only a province or district the row already has
// adds nothing, and no contradictory note.
func TestAddressAtALevelTheRowHas(t *testing.T) {
	recs := recodeCSV(t, "ma_tinh,ma_huyen,dia_chi\n01,001,Thành phố Hà Nội\n01,001,\"Quận Ba Đình, Hà Nội\"\n", Options{AddressColumn: "dia_chi"})
	for _, r := range recs[1:] {
		if status(r) != "exact" || strings.Contains(note(r), "không thuộc") || !strings.Contains(note(r), "Cấp huyện đã bỏ") {
			t.Errorf("%v", r)
		}
	}
}

// Blank lines of separators above the header (",,") are not the header,
// whatever their number of fields; a data row of the wrong width is refused
// at its own line.
func TestBlankLinesAboveTheHeader(t *testing.T) {
	recs := recodeCSV(t, ",,\nma_tinh,ma_xa,x,y\n01,00001,,\n", Options{})
	if len(recs) != 2 || status(recs[1]) != "exact" {
		t.Errorf("records %q", recs)
	}
	m, _ := mapping.Builtin()
	rc, _ := New(m, Options{})
	_, err := rc.CSV(context.Background(), strings.NewReader(",,\nma_tinh,ma_xa,x,y\n01,00001,,\n01,00004\n"), &bytes.Buffer{}, Options{Name: "in.csv"})
	p, ok := err.(*mapping.Problem)
	if !ok || p.Pos.Line != 4 || !strings.Contains(p.Message.VI, "cần 4") {
		t.Errorf("error %v", err)
	}
}

// A formula whose result a script never saved would come out blank: the
// workbook is refused, naming the first such cell; formulas with a saved
// result convert as their values.
func TestFormulasWithoutSavedResults(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, withValue bool) string {
		f := excelize.NewFile()
		f.SetSheetRow("Sheet1", "A1", &[]any{"ma_tinh", "tong"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"01"})
		if withValue {
			f.SetCellValue("Sheet1", "B2", 3) // as a spreadsheet program saves it
		}
		f.SetCellFormula("Sheet1", "B2", "1+2")
		p := filepath.Join(dir, name)
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	m, _ := mapping.Builtin()
	rc, _ := New(m, Options{})
	_, err := rc.File(context.Background(), write("unsaved.xlsx", false), filepath.Join(dir, "out.csv"), "", Options{})
	p, ok := err.(*mapping.Problem)
	if !ok || p.Column != "B2" || !strings.Contains(p.Message.VI, "công thức") {
		t.Errorf("error %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.csv")); err == nil {
		t.Error("an output was written")
	}
	sum, err := rc.File(context.Background(), write("saved.xlsx", true), filepath.Join(dir, "out2.csv"), "", Options{})
	if err != nil || sum.Rows != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "out2.csv")); !strings.Contains(string(b), "01,3,") {
		t.Errorf("output %q", b)
	}
}
