// Package xlsxguard checks an XLSX workbook before and after excelize reads
// it, for what excelize does not refuse on its own:
//
//   - before: the container. An encrypted workbook (an OLE compound file,
//     not a zip) is named as password-protected, an Excel 97–2003 file as
//     such; a part whose declared uncompressed size, or a workbook whose
//     total, exceeds its limit (internal/limits) is refused before anything
//     is inflated — Go's zip reader refuses a part that inflates beyond its
//     declared size, so the declared sizes bound the work (a zip bomb);
//   - after: each sheet read. excelize's row iterator stops without an
//     error at XML it cannot parse, so a sheet cut after row 60 of 100 reads
//     as a sheet of 60 rows. Complete scans the sheet's part (a byte scan,
//     no XML decoding but of its last row) and says whether the iterator
//     reached its true end.
//
// Readers (inventories, apply's workbooks, recode's data files) turn an
// *Error into a problem naming the file and sheet, in both languages.
package xlsxguard

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/ndta-vn/archmerge/internal/limits"
)

// Limits bound a workbook's parts, uncompressed.
type Limits struct {
	Part          int64 // any part
	SharedStrings int64 // xl/sharedStrings.xml, held in memory while read
	Total         int64 // every part together
}

// Inventory is the bound of inventories and of the workbooks apply reads:
// their content is held in memory.
var Inventory = Limits{Part: limits.PartBytes, SharedStrings: limits.PartBytes, Total: limits.WorkbookBytes}

// Data is the bound of the data files recode streams: a full sheet.
var Data = Limits{Part: limits.DataPartBytes, SharedStrings: limits.DataSharedStringsBytes, Total: limits.DataWorkbookBytes}

// Kind says what is wrong with a workbook.
type Kind int

// The kinds of Error.
const (
	Encrypted  Kind = iota + 1 // a password-protected workbook
	Legacy                     // an OLE compound file that is not an encrypted workbook (.xls, .doc…)
	NotZip                     // not a zip archive
	PartTooBig                 // a part over its limit
	TooBig                     // all parts together over the limit
	Damaged                    // a sheet whose XML ends before its end, or is broken
)

// Error is a workbook refused by the guard.
type Error struct {
	Kind  Kind
	Part  string // PartTooBig: the part
	Size  int64  // PartTooBig, TooBig: the declared size
	Limit int64  // PartTooBig, TooBig: the limit
	Sheet string // Damaged: the sheet
	Row   int    // Damaged: the last row read whole
	Err   error  // NotZip, Damaged: the cause
}

func (e *Error) Error() string { en, _ := e.Message(); return en }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Message says what is wrong and what to do, in English and Vietnamese.
func (e *Error) Message() (en, vi string) {
	switch e.Kind {
	case Encrypted:
		return "the workbook is password-protected (encrypted), so it cannot be read: open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, left empty), save it and give it again",
			"sổ tính được đặt mật khẩu (mã hoá) nên không đọc được: hãy mở bằng Excel, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc › Mã hoá bằng mật khẩu, để trống), lưu lại rồi dùng lại tệp"
	case Legacy:
		return "an Excel 97–2003 workbook (.xls) or another old Office file, not an .xlsx workbook: open it in Excel and save it as Excel Workbook (.xlsx)",
			"tệp Excel 97–2003 (.xls) hoặc tệp Office cũ khác, không phải sổ tính .xlsx: hãy mở bằng Excel và lưu thành Excel Workbook (.xlsx)"
	case NotZip:
		return fmt.Sprintf("not a readable .xlsx workbook (%v): expected an .xlsx file saved by Excel or LibreOffice", e.Err),
			fmt.Sprintf("không đọc được tệp .xlsx (%v): cần tệp .xlsx lưu bằng Excel hoặc LibreOffice", e.Err)
	case PartTooBig:
		return fmt.Sprintf("the part %s unpacks to %s, over the limit of %s for one part (docs/limits.md): a workbook this large is damaged or not an inventory; split it into several files", e.Part, mib(e.Size), mib(e.Limit)),
			fmt.Sprintf("phần %s khi giải nén lớn %s, vượt giới hạn %s cho một phần (docs/limits.md): sổ tính lớn như vậy là bị hỏng hoặc không phải bản kê khai; hãy chia thành nhiều tệp", e.Part, mib(e.Size), mib(e.Limit))
	case TooBig:
		return fmt.Sprintf("the workbook unpacks to %s, over the limit of %s (docs/limits.md): split it into several files", mib(e.Size), mib(e.Limit)),
			fmt.Sprintf("sổ tính khi giải nén lớn %s, vượt giới hạn %s (docs/limits.md): hãy chia thành nhiều tệp", mib(e.Size), mib(e.Limit))
	case Damaged:
		return fmt.Sprintf("the sheet is damaged: its content stops after row %d without ending (the file was cut short or corrupted: %v); a damaged sheet is never read as a shorter one: save the workbook again from Excel, or copy the whole file again", e.Row, e.Err),
			fmt.Sprintf("trang tính bị hỏng: nội dung dừng sau dòng %d mà không kết thúc đúng (tệp bị cắt cụt hoặc hỏng: %v); trang hỏng không bao giờ được đọc thành một trang ngắn hơn: hãy lưu lại sổ từ Excel, hoặc chép lại nguyên tệp", e.Row, e.Err)
	}
	return "unreadable workbook", "không đọc được sổ tính"
}

// mib writes a size in MiB.
func mib(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%d MiB", n>>20)
}

// cfbMagic starts an OLE compound file: what Office writes for an
// encrypted workbook (and for .xls).
var cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Workbook is a workbook's zip directory, checked against its limits.
type Workbook struct {
	zr     *zip.Reader
	sheets map[string]string // sheet name (lower case) → part name
}

// Open reads the zip directory of the workbook in ra (size bytes) and
// checks it against lim, without inflating anything but the workbook's
// small index parts. An *Error says why a workbook is refused; other
// errors are I/O failures.
func Open(ra io.ReaderAt, size int64, lim Limits) (*Workbook, error) {
	head := make([]byte, len(cfbMagic))
	if n, _ := ra.ReadAt(head, 0); n == len(head) && bytes.Equal(head, cfbMagic) {
		if encryptedCFB(ra, size) {
			return nil, &Error{Kind: Encrypted}
		}
		return nil, &Error{Kind: Legacy}
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, &Error{Kind: NotZip, Err: err}
	}
	var total int64
	for _, f := range zr.File {
		n := int64(f.UncompressedSize64)
		if f.UncompressedSize64 > 1<<62 {
			n = 1 << 62
		}
		max := lim.Part
		if strings.EqualFold(f.Name, "xl/sharedStrings.xml") {
			max = min(max, lim.SharedStrings)
		}
		if n > max {
			return nil, &Error{Kind: PartTooBig, Part: f.Name, Size: n, Limit: max}
		}
		total += n
		if total > lim.Total {
			return nil, &Error{Kind: TooBig, Size: total, Limit: lim.Total}
		}
	}
	wb := &Workbook{zr: zr}
	wb.sheets = wb.sheetParts()
	return wb, nil
}

// encryptedCFB reports whether an OLE compound file holds an encrypted
// OOXML package: its first directory sector names the EncryptionInfo or
// EncryptedPackage stream (MS-OFFCRYPTO). Names are UTF-16LE.
func encryptedCFB(ra io.ReaderAt, size int64) bool {
	hdr := make([]byte, 512)
	if n, _ := ra.ReadAt(hdr, 0); n < len(hdr) {
		return false
	}
	shift := uint(hdr[30]) | uint(hdr[31])<<8
	if shift < 9 || shift > 16 {
		return false
	}
	sector := int64(1) << shift
	first := int64(uint32(hdr[48]) | uint32(hdr[49])<<8 | uint32(hdr[50])<<16 | uint32(hdr[51])<<24)
	off := (first + 1) * sector
	if off <= 0 || off >= size {
		return false
	}
	dir := make([]byte, sector)
	n, _ := ra.ReadAt(dir, off)
	dir = dir[:n]
	for _, name := range []string{"EncryptedPackage", "EncryptionInfo"} {
		if bytes.Contains(dir, utf16le(name)) {
			return true
		}
	}
	return false
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// ReadPart returns a part inflated (its size was checked by Open).
func (wb *Workbook) ReadPart(name string) ([]byte, error) {
	f := wb.file(name)
	if f == nil {
		return nil, fmt.Errorf("no part %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// Into a buffer of the declared size, bounded by Open's limits and by
	// what the compressed bytes can inflate to (deflate's ratio is at most
	// 1032 to 1), so that a header that lies costs nothing: growing the
	// buffer as io.ReadAll does copied and cleared a large sheet several
	// times over (an eighth of apply's time on a province of 28,000 rows).
	// archive/zip refuses a part longer or shorter than declared.
	size := f.UncompressedSize64
	if f.Method != zip.Store {
		size = min(size, f.CompressedSize64*1032+1<<16)
	}
	buf := make([]byte, 0, size+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := rc.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// file returns the zip part of that name, matched ignoring case.
func (wb *Workbook) file(name string) *zip.File {
	name = strings.TrimPrefix(name, "/")
	for _, f := range wb.zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), name) {
			return f
		}
	}
	return nil
}

// rels reads the relationships of a part: id → target part name.
func (wb *Workbook) rels(part string) (map[string]string, string) {
	dir, base := path.Split(part)
	f := wb.file(dir + "_rels/" + base + ".rels")
	out := map[string]string{}
	office := ""
	if f == nil {
		return out, office
	}
	var doc struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if readXML(f, &doc) != nil {
		return out, office
	}
	for _, r := range doc.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		out[r.ID] = t
		if strings.HasSuffix(r.Type, "/officeDocument") {
			office = t
		}
	}
	return out, office
}

// sheetParts maps each sheet's name to its part, as the workbook part and
// its relationships declare them.
func (wb *Workbook) sheetParts() map[string]string {
	out := map[string]string{}
	_, book := wb.rels("")
	if book == "" {
		book = "xl/workbook.xml"
	}
	f := wb.file(book)
	if f == nil {
		return out
	}
	var doc struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if readXML(f, &doc) != nil {
		return out
	}
	rels, _ := wb.rels(book)
	for _, s := range doc.Sheets {
		if t, ok := rels[s.ID]; ok {
			out[strings.ToLower(s.Name)] = t
		}
	}
	return out
}

// SheetPart returns the zip part holding a sheet ("" when the workbook
// does not list it).
func (wb *Workbook) SheetPart(sheet string) string { return wb.sheets[strings.ToLower(sheet)] }

// emptySheet is a worksheet without rows.
const emptySheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`

// WithoutLargeSheets returns the workbook's package with every worksheet
// part over min bytes (inflated) left empty, and those parts' names: for
// excelize to open the workbook's small parts without inflating the large
// sheets a caller reads itself (ReadPart, internal/sheetxml), which it
// would inflate whole, into temporary files. The other parts are copied
// as they are, not inflated. Names are in lower case, as SheetPart's are
// matched.
func (wb *Workbook) WithoutLargeSheets(min int64) ([]byte, map[string]bool, error) {
	sheets := map[string]bool{}
	for _, part := range wb.sheets {
		sheets[strings.ToLower(part)] = true
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	left := map[string]bool{}
	for _, f := range wb.zr.File {
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/"))
		if !sheets[name] || int64(f.UncompressedSize64) <= min {
			if err := zw.Copy(f); err != nil {
				return nil, nil, err
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			return nil, nil, err
		}
		if _, err := io.WriteString(w, emptySheet); err != nil {
			return nil, nil, err
		}
		left[name] = true
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), left, nil
}

func readXML(f *zip.File, v any) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// Complete checks that a sheet was read to its end: rows is the number of
// rows the excelize iterator gave (Rows.Next returning true), which is the
// number of the last row it reached. The sheet's part must hold that many
// (by the row numbers its row elements carry, as excelize counts them) and
// end properly after them: else the iterator stopped at damaged XML, and
// Complete returns a Damaged *Error. A sheet the workbook does not list
// is not checked.
func (wb *Workbook) Complete(sheet string, rows int) error {
	part, ok := wb.sheets[strings.ToLower(sheet)]
	if !ok {
		return nil
	}
	f := wb.file(part)
	if f == nil {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return &Error{Kind: Damaged, Sheet: sheet, Row: rows, Err: err}
	}
	defer rc.Close()
	return complete(sheet, rows, rc)
}

// CompleteData is Complete over the sheet's part already inflated (data,
// from ReadPart), which it does not inflate again.
func (wb *Workbook) CompleteData(sheet string, data []byte, rows int) error {
	return complete(sheet, rows, bytes.NewReader(data))
}

func complete(sheet string, rows int, r io.Reader) error {
	last, tail, end, err := scanRows(r)
	if err != nil {
		return &Error{Kind: Damaged, Sheet: sheet, Row: min(rows, last), Err: err}
	}
	if tail == nil {
		// No row: nothing can have been lost but a cut before the first
		// row, which leaves the part without its end.
		if !bytes.HasSuffix(bytes.TrimSpace(end), []byte("worksheet>")) {
			return &Error{Kind: Damaged, Sheet: sheet, Err: io.ErrUnexpectedEOF}
		}
		return nil
	}
	if last != rows {
		return &Error{Kind: Damaged, Sheet: sheet, Row: min(rows, last),
			Err: fmt.Errorf("%d rows read of the %d it declares", rows, last)}
	}
	if err := checkTail(tail); err != nil {
		return &Error{Kind: Damaged, Sheet: sheet, Row: rows, Err: err}
	}
	return nil
}

// scanRows reads a sheet's XML and returns the row number excelize reaches
// at its last row element (a row's r attribute, else one more than the
// row before), the bytes from that element to the end (nil when there is
// no row), and the last bytes of the part. It does not decode the XML: it
// finds row start tags, passing over comments and CDATA sections, reading
// a chunk at a time.
func scanRows(r io.Reader) (last int, tail, end []byte, err error) {
	const chunk = 256 << 10
	var buf []byte // bytes not yet passed, or from the last row tag on
	tailFrom := -1 // offset in buf of the last row tag
	pos := 0       // scan position in buf
	eof := false
	for !eof {
		keep := pos
		if tailFrom >= 0 {
			keep = min(keep, tailFrom)
			tailFrom -= keep
		}
		buf = append(buf[:0], buf[keep:]...)
		pos -= keep
		buf = slices.Grow(buf, chunk)
		m, rerr := io.ReadFull(r, buf[len(buf):len(buf)+chunk])
		buf = buf[:len(buf)+m]
		switch {
		case rerr == io.EOF || rerr == io.ErrUnexpectedEOF:
			eof = true
		case rerr != nil:
			return last, nil, nil, rerr
		}
		end = append(end, buf[len(buf)-m:]...)
		if len(end) > 4096 {
			end = append(end[:0], end[len(end)-256:]...)
		}
		for {
			i := bytes.IndexByte(buf[pos:], '<')
			if i < 0 {
				pos = len(buf)
				break
			}
			at := pos + i
			rest := buf[at:]
			skip := 0 // where the scan goes on; 0: more bytes are needed
			switch {
			case len(rest) > 1 && rest[1] != '!' && !nameByte(rest[1]):
				skip = at + 1 // an end tag, a processing instruction
			case bytes.HasPrefix(rest, []byte("<!--")):
				if j := bytes.Index(rest, []byte("-->")); j >= 0 {
					skip = at + j + 3
				}
			case bytes.HasPrefix(rest, []byte("<![CDATA[")):
				if j := bytes.Index(rest, []byte("]]>")); j >= 0 {
					skip = at + j + 3
				}
			case len(rest) < 40 && !eof:
				// Too short to tell a row tag (or a comment) yet.
			default:
				n, isRow := rowTag(rest)
				if !isRow {
					skip = at + 1
					break
				}
				gt := bytes.IndexByte(rest, '>')
				if gt < 0 {
					break
				}
				if num := rowNumber(rest[n:gt]); num > 0 {
					last = num
				} else {
					last++
				}
				tailFrom, skip = at, at+gt+1
			}
			if skip == 0 {
				if eof {
					pos = len(buf) // an unfinished tag at the end: checkTail says so
				} else {
					pos = at
				}
				break
			}
			pos = skip
		}
	}
	if tailFrom < 0 {
		return 0, nil, end, nil
	}
	return last, buf[tailFrom:], end, nil
}

// rowTag reports whether b starts with a row start tag, "<row" or
// "<prefix:row" followed by a space, ">" or "/", and returns the length of
// the tag's name part.
func rowTag(b []byte) (int, bool) {
	i := 1
	for i < len(b) && i < 34 && nameByte(b[i]) {
		i++
	}
	start := 1
	if i < len(b) && b[i] == ':' {
		start = i + 1
		for i = start; i < len(b) && nameByte(b[i]); i++ {
		}
	}
	if i-start != 3 || i >= len(b) || b[start] != 'r' || b[start+1] != 'o' || b[start+2] != 'w' {
		return 0, false
	}
	switch b[i] {
	case ' ', '\t', '\r', '\n', '>', '/':
		return i, true
	}
	return 0, false
}

// nameByte reports whether c may be part of an XML name (ASCII names, as
// in every sheet; a prefix is followed by ':').
func nameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// rowNumber reads the r attribute of a row tag's attributes, 0 if none.
func rowNumber(attrs []byte) int {
	for i := 0; i+2 < len(attrs); i++ {
		c := attrs[i]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			continue
		}
		j := i + 1
		if attrs[j] != 'r' {
			continue
		}
		j++
		for j < len(attrs) && (attrs[j] == ' ' || attrs[j] == '\t') {
			j++
		}
		if j >= len(attrs) || attrs[j] != '=' {
			continue
		}
		j++
		for j < len(attrs) && (attrs[j] == ' ' || attrs[j] == '\t') {
			j++
		}
		if j >= len(attrs) || (attrs[j] != '"' && attrs[j] != '\'') {
			return 0
		}
		q := attrs[j]
		n := 0
		for j++; j < len(attrs) && attrs[j] != q; j++ {
			if attrs[j] < '0' || attrs[j] > '9' || n > 1<<30 {
				return 0
			}
			n = n*10 + int(attrs[j]-'0')
		}
		return n
	}
	return 0
}

// checkTail decodes a sheet from its last row element to its end: the
// XML must be well formed and close the row, sheetData and the worksheet,
// with nothing but white space, comments or processing instructions after.
func checkTail(tail []byte) error {
	if len(tail) == 0 {
		return errors.New("no content")
	}
	d := xml.NewDecoder(bytes.NewReader(tail))
	d.Strict = true
	depth := 0 // relative to the last row element's parent (sheetData)
	closed := 0
	var open []xml.Name // elements opened in the tail, to match their ends
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if closed < 2 {
				return io.ErrUnexpectedEOF
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if closed == 2 {
				return fmt.Errorf("<%s> after the end of the worksheet", t.Name.Local)
			}
			depth++
			open = append(open, t.Name)
		case xml.EndElement:
			depth--
			if len(open) > 0 {
				if open[len(open)-1] != t.Name {
					return fmt.Errorf("</%s> closes <%s>", t.Name.Local, open[len(open)-1].Local)
				}
				open = open[:len(open)-1]
			}
			switch {
			case depth == -1 && closed == 0:
				if t.Name.Local != "sheetData" {
					return fmt.Errorf("</%s> where </sheetData> was expected", t.Name.Local)
				}
				closed = 1
			case depth == -2:
				if t.Name.Local != "worksheet" {
					return fmt.Errorf("</%s> where </worksheet> was expected", t.Name.Local)
				}
				closed = 2
			case depth < -2:
				return fmt.Errorf("</%s> after the end of the worksheet", t.Name.Local)
			}
		case xml.CharData:
			if closed == 2 && len(bytes.TrimSpace(t)) > 0 {
				return errors.New("text after the end of the worksheet")
			}
		}
	}
}

// UnsavedFormulas lists the cells of a sheet (their references, A1 style)
// that hold a formula with no saved result, as files written by scripts
// (openpyxl, excelize, ERP exports) have: the streaming reader sees only
// saved values, so such a cell reads as blank. A sheet without any formula
// costs one fast pass over its bytes; one with formulas is decoded. A
// sheet it cannot follow is reported as having none: the check is a
// guard, not a reader.
func (wb *Workbook) UnsavedFormulas(sheet string) []string {
	part, ok := wb.sheets[strings.ToLower(sheet)]
	if !ok {
		return nil
	}
	f := wb.file(part)
	if f == nil || !mayHoldFormulas(f) {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var out []string
	var ref string
	inCell, formula, value, inValue := false, false, false, false
	for {
		tok, err := d.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return nil
			}
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				inCell, formula, value, ref = true, false, false, ""
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						ref = a.Value
					}
				}
			case "f":
				formula = inCell
			case "v", "is":
				inValue = inCell
			}
		case xml.CharData:
			if inValue && len(bytes.TrimSpace(t)) > 0 {
				value = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "is":
				inValue = false
			case "c":
				if formula && !value {
					out = append(out, ref)
				}
				inCell = false
			}
		}
	}
}

// mayHoldFormulas reports whether a sheet's XML has a formula element
// (<f> or a prefixed <x:f>) anywhere, reading it in chunks.
func mayHoldFormulas(f *zip.File) bool {
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	buf := make([]byte, 64<<10)
	keep := 0
	for {
		n, err := rc.Read(buf[keep:])
		chunk := buf[:keep+n]
		for _, tag := range [][]byte{[]byte("<f>"), []byte("<f "), []byte(":f>"), []byte(":f "), []byte("<f/"), []byte(":f/")} {
			if bytes.Contains(chunk, tag) {
				return true
			}
		}
		if err != nil {
			return false
		}
		// Keep the last bytes, in case a tag straddles two chunks.
		keep = copy(buf, chunk[max(0, len(chunk)-3):])
	}
}
