package recode

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/internal/xlsxtest"
	"github.com/ndta-vn/archmerge/mapping"
)

// FuzzCSV feeds arbitrary bytes to the CSV path: it must never panic, and
// either convert every row (one output line per input record, header
// included) or return a located problem or a usage error.
func FuzzCSV(f *testing.F) {
	seeds := []string{
		"ma_tinh,ma_huyen,ma_xa\n01,001,00001\n01,001,00007\n",
		"\ufeffprovince_code;ward_code\r\n1;7\r\n",
		"Tỉnh/Thành phố,Quận/Huyện,Phường/Xã\nHà Nội,Ba Đình,Phúc Xá\n",
		"ma_xa,x\n\"00001\",\"a\"\"b\"\n",
		"ma_xa\n0\"1\n",
		"a,b\n1,2,3\n",
		"ma_xa,ten\n00001,\xff\n",
		"",
		"dia_chi\n\"Phường Trúc Bạch, Quận Ba Đình, Hà Nội\"\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	m, err := mapping.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	rc, err := New(m, Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		opts := Options{Name: "fuzz.csv"}
		if bytes.Contains(data, []byte("dia_chi")) {
			opts.AddressColumn = "dia_chi"
		}
		sum, err := rc.CSV(context.Background(), bytes.NewReader(data), &out, opts)
		if err != nil {
			var p *mapping.Problem
			var ue *UsageError
			if !errors.As(err, &p) && !errors.As(err, &ue) {
				t.Fatalf("unexpected error kind %T: %v", err, err)
			}
			return
		}
		total := 0
		for _, n := range sum.Statuses {
			total += n
		}
		if total != sum.Rows {
			t.Fatalf("statuses add up to %d, rows = %d", total, sum.Rows)
		}
		if !strings.Contains(out.String(), AddedHeaders("vi")[4]) {
			t.Fatalf("output has no status header: %q", out.String())
		}
	})
}

// FuzzXLSX feeds arbitrary sheet XML, in a valid workbook, to recode's XLSX
// path (XLSX to CSV): it must never panic; it either converts every row
// (the summary's statuses adding up to its rows) or returns a located
// problem. A sheet whose XML breaks before one of its rows is never
// converted as if it were whole.
func FuzzXLSX(f *testing.F) {
	dir := f.TempDir()
	good := filepath.Join(dir, "seed.xlsx")
	writeInputXLSX(f, good)
	data, err := os.ReadFile(good)
	if err != nil {
		f.Fatal(err)
	}
	sheet := xlsxtest.SheetXML(f, data, "xl/worksheets/sheet1.xml")
	head, tail := xlsxtest.SheetHead, xlsxtest.SheetTail
	for _, s := range [][]byte{
		sheet,
		xlsxtest.CutAfterRow(3)(sheet),
		xlsxtest.BreakRow(2)(sheet),
		[]byte(head + tail),
		[]byte(head + `<row><c t="inlineStr"><is><t>ma_xa</t></is></c></row><row><c><v>7</v></c></row>` + tail),
		[]byte(head + `<row r="1"><c r="A1" t="inlineStr"><is><t>ma_tinh</t></is></c></row><row r="3"><c r="A3"><f>1+1</f></c></row>` + tail),
		[]byte(head + `<row r="1048577"><c><v>1</v></c></row>` + tail),
		[]byte(head + `<row r="1"><c r="XFE1"><v>1</v></c></row>` + tail),
		[]byte(`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>ma_xa</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`),
	} {
		f.Add(s)
	}
	m, err := mapping.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	rc, err := New(m, Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, sheetXML []byte) {
		in := filepath.Join(t.TempDir(), "in.xlsx")
		if err := os.WriteFile(in, xlsxtest.WithSheet(t, "Dữ liệu", sheetXML), 0o644); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		sum, err := rc.XLSXToCSV(context.Background(), in, &out, Options{})
		if err != nil {
			var p *mapping.Problem
			var ue *UsageError
			if !errors.As(err, &p) && !errors.As(err, &ue) {
				t.Fatalf("unexpected error kind %T: %v", err, err)
			}
			return
		}
		total := 0
		for _, n := range sum.Statuses {
			total += n
		}
		if total != sum.Rows {
			t.Fatalf("statuses add up to %d, rows = %d", total, sum.Rows)
		}
		if off, broken := brokenAt(sheetXML); broken && rowTagRe.Match(sheetXML[max(0, off-8):]) {
			t.Fatalf("a sheet broken at byte %d, with rows after, converted as %d rows", off, sum.Rows)
		}
	})
}

var rowTagRe = regexp.MustCompile(`<(\w+:)?row[\s>/]`)

// brokenAt returns where a strict XML decoder stops on b, if it does.
func brokenAt(b []byte) (int, bool) {
	d := xml.NewDecoder(bytes.NewReader(b))
	// excelize reads any declared encoding (as UTF-8 when it is one):
	// only the structure matters here.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		_, err := d.Token()
		if err == io.EOF {
			return 0, false
		}
		if err != nil {
			return int(d.InputOffset()), true
		}
	}
}
