// Package xlsxtest makes the hostile and damaged workbooks the tests of the
// readers feed them: a zip bomb (a small file whose sheet inflates to
// gigabytes, with honest sizes in its directory), a workbook with one part
// replaced (a sheet cut short, a byte broken), an encrypted workbook.
// Everything is generated in the test, small on disk.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/xlsxguard"
)

// SheetHead and SheetTail surround the rows of a generated sheet.
const (
	SheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	SheetTail = `</sheetData></worksheet>`
)

// Bomb writes a workbook whose sheets (named as given) each hold a sheet
// part that inflates to about size bytes: the head, empty rows ("<row/>")
// repeated, the tail. The zip directory declares the true sizes and CRCs;
// the file is about a thousandth of size. The sheet is built from one
// compressed megabyte repeated, so making it costs little more than its
// CRC.
func Bomb(t testing.TB, sheets []string, size int64) []byte {
	t.Helper()
	const unit = 1 << 20
	pattern := []byte(strings.Repeat("<row/>", unit/6))
	block := deflated(t, pattern, false)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, content string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, content)
	}
	add("[Content_Types].xml", contentTypes(len(sheets)))
	add("_rels/.rels", rootRels)
	add("xl/workbook.xml", workbookXML(sheets))
	add("xl/_rels/workbook.xml.rels", workbookRels(len(sheets)))
	for i := range sheets {
		n := max(1, int(size/int64(len(pattern))))
		crc := crc32.ChecksumIEEE([]byte(SheetHead))
		for range n {
			crc = crc32.Update(crc, crc32.IEEETable, pattern)
		}
		crc = crc32.Update(crc, crc32.IEEETable, []byte(SheetTail))
		var body bytes.Buffer
		body.Write(deflated(t, []byte(SheetHead), false))
		for range n {
			body.Write(block)
		}
		body.Write(deflated(t, []byte(SheetTail), true))
		w, err := zw.CreateRaw(&zip.FileHeader{Name: sheetPart(i), Method: zip.Deflate, CRC32: crc,
			CompressedSize64:   uint64(body.Len()),
			UncompressedSize64: uint64(len(SheetHead)) + uint64(n)*uint64(len(pattern)) + uint64(len(SheetTail))})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// deflated compresses b as a self-contained run of deflate blocks, ended
// on a byte boundary (a flush), or as the final blocks of a stream.
func deflated(t testing.TB, b []byte, final bool) []byte {
	var out bytes.Buffer
	fw, _ := flate.NewWriter(&out, flate.BestCompression)
	fw.Write(b)
	var err error
	if final {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func sheetPart(i int) string { return "xl/worksheets/sheet" + itoa(i+1) + ".xml" }

func itoa(i int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
		if i == 0 {
			return string(b)
		}
	}
}

func contentTypes(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	for i := range n {
		b.WriteString(`<Override PartName="/` + sheetPart(i) + `" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
	}
	b.WriteString(`</Types>`)
	return b.String()
}

const rootRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`

func workbookXML(sheets []string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	for i, s := range sheets {
		b.WriteString(`<sheet name="` + s + `" sheetId="` + itoa(i+1) + `" r:id="rId` + itoa(i+1) + `"/>`)
	}
	b.WriteString(`</sheets></workbook>`)
	return b.String()
}

func workbookRels(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := range n {
		b.WriteString(`<Relationship Id="rId` + itoa(i+1) + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet` + itoa(i+1) + `.xml"/>`)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

// Rewrite returns the workbook data with the part named part (matched
// exactly) replaced by what edit makes of it; the other parts are copied
// as they are.
func Rewrite(t testing.TB, data []byte, part string, edit func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			b, found = edit(b), true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("no part %s in the workbook", part)
	}
	return buf.Bytes()
}

// SheetPart returns the part name of a sheet of a workbook.
func SheetPart(t testing.TB, data []byte, sheet string) string {
	t.Helper()
	wb, err := xlsxguard.Open(bytes.NewReader(data), int64(len(data)), xlsxguard.Data)
	if err != nil {
		t.Fatal(err)
	}
	p := wb.SheetPart(sheet)
	if p == "" {
		t.Fatalf("no sheet %q in the workbook", sheet)
	}
	return p
}

// CutAfterRow cuts a sheet's XML just after the end of row n (its n-th
// row element), as a copy interrupted there would: the rest, closing tags
// included, is gone.
func CutAfterRow(n int) func([]byte) []byte {
	return func(b []byte) []byte {
		off := 0
		for range n {
			i := bytes.Index(b[off:], []byte("</row>"))
			if i < 0 {
				return b
			}
			off += i + len("</row>")
		}
		return b[:off]
	}
}

// BreakRow puts a stray "<" into the n-th row element of a sheet's XML,
// which makes it unparsable from there on.
func BreakRow(n int) func([]byte) []byte {
	return func(b []byte) []byte {
		off := 0
		for range n {
			i := bytes.Index(b[off:], []byte("<row"))
			if i < 0 {
				return b
			}
			off += i + 4
		}
		j := bytes.Index(b[off:], []byte("<c"))
		if j < 0 {
			return b
		}
		out := append([]byte{}, b[:off+j]...)
		out = append(out, "<<"...)
		return append(out, b[off+j+1:]...)
	}
}

// Encrypted writes a workbook with a password, as Excel's "Encrypt with
// Password" does: an OLE compound file holding the encrypted package.
func Encrypted(t testing.TB, sheet string, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", sheet)
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			f.SetCellStr(sheet, cell, v)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf, excelize.Options{Password: "mật khẩu"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// WithSheet returns a workbook of one sheet, named name, whose part holds
// sheetXML as it is (well formed or not): the container is valid, the
// sheet is whatever the test makes it.
func WithSheet(t testing.TB, name string, sheetXML []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []struct{ name, content string }{
		{"[Content_Types].xml", contentTypes(1)},
		{"_rels/.rels", rootRels},
		{"xl/workbook.xml", workbookXML([]string{xmlEscape(name)})},
		{"xl/_rels/workbook.xml.rels", workbookRels(1)},
		{sheetPart(0), string(sheetXML)},
	} {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// SheetXML returns the XML of a sheet of a workbook.
func SheetXML(t testing.TB, data []byte, part string) []byte {
	t.Helper()
	var out []byte
	Rewrite(t, data, part, func(b []byte) []byte { out = append([]byte{}, b...); return b })
	return out
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&#34;")
}

// Parts returns every part of the workbook at path, by name.
func Parts(t testing.TB, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if parts[f.Name], err = io.ReadAll(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	return parts
}

// RawRows returns the rows of a sheet of the workbook at path as excelize
// reads them, values raw (as stored, not formatted).
func RawRows(t testing.TB, path, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
