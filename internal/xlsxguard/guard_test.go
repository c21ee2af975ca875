package xlsxguard_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/internal/xlsxguard"
	"github.com/ndta-vn/archmerge/internal/xlsxtest"
)

// workbook writes a workbook with one sheet "elements" whose rows are
// given by number (1-based; cells "r<n>c<j>").
func workbook(t *testing.T, rows []int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "elements")
	for _, r := range rows {
		for j := 1; j <= 3; j++ {
			cell, _ := excelize.CoordinatesToCellName(j, r)
			f.SetCellStr("elements", cell, fmt.Sprintf("r%dc%d", r, j))
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// readRows reads a sheet as the readers do, with excelize's iterator, and
// returns how many times Next said yes and the cells of the last row.
func readRows(t *testing.T, data []byte, sheet string) (int, []string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var last []string
	for rows.Next() {
		n++
		last, _ = rows.Columns()
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	return n, last
}

func check(t *testing.T, data []byte) error {
	t.Helper()
	wb, err := xlsxguard.Open(bytes.NewReader(data), int64(len(data)), xlsxguard.Inventory)
	if err != nil {
		return err
	}
	n, _ := readRows(t, data, "elements")
	return wb.Complete("elements", n)
}

const part = "xl/worksheets/sheet1.xml"

// TestCompleteSeesWhatTheIteratorMisses: excelize's row iterator stops
// without an error at damaged XML; Complete tells a whole sheet from one
// cut or broken anywhere, its last row included.
func TestCompleteSeesWhatTheIteratorMisses(t *testing.T) {
	good := workbook(t, seq(100))
	stripR := regexp.MustCompile(` r="[A-Z]*[0-9]+"`)
	cases := []struct {
		name    string
		data    []byte
		damaged bool
	}{
		{"whole", good, false},
		{"rows with gaps", workbook(t, []int{1, 2, 5, 9}), false},
		{"rows and cells without r", xlsxtest.Rewrite(t, good, part, func(b []byte) []byte { return stripR.ReplaceAll(b, nil) }), false},
		{"a CDATA and a comment holding row tags", xlsxtest.Rewrite(t, good, part, func(b []byte) []byte {
			b = bytes.Replace(b, []byte(`<row r="50"`), []byte(`<!-- <row r="900"> --><row r="50"`), 1)
			return bytes.Replace(b, []byte(`<row r="60"`), []byte(`<![CDATA[<row r="999">]]><row r="60"`), 1)
		}), false},
		{"an empty sheet", workbook(t, nil), false},
		{"cut after row 60 of 100", xlsxtest.Rewrite(t, good, part, xlsxtest.CutAfterRow(60)), true},
		{"cut after the header", xlsxtest.Rewrite(t, good, part, xlsxtest.CutAfterRow(1)), true},
		{"cut inside the last row", xlsxtest.Rewrite(t, good, part, func(b []byte) []byte {
			return b[:bytes.LastIndex(b, []byte("</row>"))-5]
		}), true},
		{"cut before the first row", xlsxtest.Rewrite(t, good, part, func(b []byte) []byte {
			return b[:bytes.Index(b, []byte("<sheetData"))]
		}), true},
		{"broken in row 50", xlsxtest.Rewrite(t, good, part, xlsxtest.BreakRow(50)), true},
		{"broken in the last row", xlsxtest.Rewrite(t, good, part, xlsxtest.BreakRow(100)), true},
		{"text after the end", xlsxtest.Rewrite(t, good, part, func(b []byte) []byte { return append(b, "<row/>"...) }), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := check(t, c.data)
			var ge *xlsxguard.Error
			switch {
			case c.damaged && (!errors.As(err, &ge) || ge.Kind != xlsxguard.Damaged || ge.Sheet != "elements"):
				t.Fatalf("Complete = %v, want the sheet elements damaged", err)
			case !c.damaged && err != nil:
				t.Fatalf("Complete = %v, want nil", err)
			}
			if c.damaged {
				en, vi := ge.Message()
				if !strings.Contains(en, "damaged") || !strings.Contains(vi, "bị hỏng") {
					t.Errorf("messages: %q / %q", en, vi)
				}
			}
		})
	}
}

// TestOpenRefusesBombsAndForeignFiles: a zip bomb (honest sizes) is refused
// by its directory before anything is inflated, a part alone or the parts
// together; an encrypted workbook is named as password-protected.
func TestOpenRefusesBombsAndForeignFiles(t *testing.T) {
	legacy := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	cases := []struct {
		name string
		data []byte
		kind xlsxguard.Kind
		part string
	}{
		{"a sheet inflating to 1 GiB", xlsxtest.Bomb(t, []string{"elements"}, 1<<30), xlsxguard.PartTooBig, "xl/worksheets/sheet1.xml"},
		{"three sheets of 200 MiB", xlsxtest.Bomb(t, []string{"a", "b", "c"}, 200<<20), xlsxguard.TooBig, ""},
		{"encrypted", xlsxtest.Encrypted(t, "elements", [][]string{{"id"}, {"A"}}), xlsxguard.Encrypted, ""},
		{"an old compound file", legacy, xlsxguard.Legacy, ""},
		{"not a zip", []byte("id,unit_code\nA,01\n"), xlsxguard.NotZip, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if len(c.data) > 4<<20 {
				t.Fatalf("the test file is %d bytes: the bomb should be small", len(c.data))
			}
			_, err := xlsxguard.Open(bytes.NewReader(c.data), int64(len(c.data)), xlsxguard.Inventory)
			var ge *xlsxguard.Error
			if !errors.As(err, &ge) || ge.Kind != c.kind || ge.Part != c.part {
				t.Fatalf("Open = %v, want kind %d (part %q)", err, c.kind, c.part)
			}
			en, vi := ge.Message()
			if en == "" || vi == "" || en == vi {
				t.Errorf("messages: %q / %q", en, vi)
			}
		})
	}
	// The same bomb within the data files' bounds opens.
	small := xlsxtest.Bomb(t, []string{"data"}, 300<<20)
	if _, err := xlsxguard.Open(bytes.NewReader(small), int64(len(small)), xlsxguard.Data); err != nil {
		t.Errorf("a 300 MiB sheet as a data file: %v", err)
	}
	if _, err := xlsxguard.Open(bytes.NewReader(small), int64(len(small)), xlsxguard.Inventory); err == nil {
		t.Errorf("a 300 MiB sheet as an inventory: accepted over %d bytes", limits.PartBytes)
	}
}

// ReadPart gives a part's bytes whatever its header declares of its size:
// the part itself when the header is true, an error when it lies, bigger
// or smaller (archive/zip checks), never a buffer of the lie's size.
func TestReadPartWhateverItsHeaderSays(t *testing.T) {
	body := bytes.Repeat([]byte("<row>Hà Nội</row>"), 5000)
	for _, tc := range []struct {
		name     string
		declared uint64
		method   uint16
		ok       bool
	}{
		{"deflated, true", uint64(len(body)), zip.Deflate, true},
		{"stored, true", uint64(len(body)), zip.Store, true},
		{"deflated, says more", uint64(len(body)) * 3, zip.Deflate, false},
		{"deflated, says less", uint64(len(body)) / 3, zip.Deflate, false},
		{"stored, says less", uint64(len(body)) - 1, zip.Store, false},
		{"deflated, says a gigabyte", 1 << 30, zip.Deflate, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var raw bytes.Buffer
			data := body
			if tc.method == zip.Deflate {
				var c bytes.Buffer
				fw, _ := flate.NewWriter(&c, flate.BestSpeed)
				fw.Write(body)
				fw.Close()
				data = c.Bytes()
			}
			zw := zip.NewWriter(&raw)
			w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: tc.method, CRC32: crc32.ChecksumIEEE(body),
				CompressedSize64: uint64(len(data)), UncompressedSize64: tc.declared})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(data)
			zw.Close()
			wb, err := xlsxguard.Open(bytes.NewReader(raw.Bytes()), int64(raw.Len()), xlsxguard.Data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := wb.ReadPart("xl/worksheets/sheet1.xml")
			switch {
			case tc.ok && (err != nil || !bytes.Equal(got, body)):
				t.Fatalf("%d bytes, %v", len(got), err)
			case !tc.ok && err == nil:
				t.Fatalf("a part whose header lies read without error (%d bytes)", len(got))
			case cap(got) > 2*len(body)+1<<16+1:
				t.Fatalf("a buffer of %d bytes for a part of %d", cap(got), len(body))
			}
		})
	}
}

// WithoutLargeSheets leaves the sheets over the size empty and names their
// parts; the other parts come through unchanged, and excelize opens the
// result with every sheet still listed.
func TestWithoutLargeSheets(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "big")
	f.NewSheet("small")
	for r := 1; r <= 3000; r++ {
		f.SetCellStr("big", fmt.Sprintf("A%d", r), fmt.Sprintf("hàng %d của trang lớn", r))
	}
	f.SetCellStr("small", "A1", "nhỏ")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	data := buf.Bytes()
	wb, err := xlsxguard.Open(bytes.NewReader(data), int64(len(data)), xlsxguard.Data)
	if err != nil {
		t.Fatal(err)
	}
	light, left, err := wb.WithoutLargeSheets(20 << 10)
	if err != nil {
		t.Fatal(err)
	}
	bigPart := strings.ToLower(wb.SheetPart("big"))
	if len(left) != 1 || !left[bigPart] {
		t.Fatalf("left out %v, want only %s", left, bigPart)
	}
	lw, err := xlsxguard.Open(bytes.NewReader(light), int64(len(light)), xlsxguard.Data)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"xl/workbook.xml", "xl/sharedStrings.xml", wb.SheetPart("small")} {
		a, err1 := wb.ReadPart(part)
		b, err2 := lw.ReadPart(part)
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s changed (%v, %v)", part, err1, err2)
		}
	}
	lf, err := excelize.OpenReader(bytes.NewReader(light))
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	if got := lf.GetSheetList(); !slices.Equal(got, []string{"big", "small"}) {
		t.Errorf("sheets %v", got)
	}
	if rows, err := lf.GetRows("big"); err != nil || len(rows) != 0 {
		t.Errorf("the big sheet: %d rows, %v", len(rows), err)
	}
	if v, _ := lf.GetCellValue("small", "A1"); v != "nhỏ" {
		t.Errorf("the small sheet's A1: %q", v)
	}
}
