package reports

import (
	"encoding/base64"
	"encoding/binary"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/ndta-vn/archmerge/internal/nfc"
	"github.com/xuri/excelize/v2"
)

// What a report wrote in the read-only cells of a workbook, so that apply
// can tell every cell a person changed.
//
// Each data sheet of a province's workbook ends with a hidden, locked
// column (Đã ghi / As written) holding, for each row, a 48-bit digest of
// the row's read-only cells as they read back; on the Hệ thống sheet
// also a 16-bit digest per cell, so that apply knows which cells changed
// also when the plan has changed since (on the other sheets nothing typed
// can be recorded: it is enough to know the row changed, and the row
// written from the current plan names the cells). Digests are hashes of
// the cells' text (digestFormat), not the text: the column costs 12
// characters a row, and 3 more per cell on the Hệ thống sheet.

// colWritten is the hidden last column of every data sheet.
var colWritten = column{"Đã ghi", "As written", 10, kHidden}

// summaryPrefix starts the identity sheet's record of the summary's
// cells (summaryDigest): the format of its digests.
const summaryPrefix = "ro1:"

// readOnly reports whether the column's cells are the report's (text and
// numbers it computed or took from the inventory), not a person's.
func (c column) readOnly() bool { return c.kind == kText || c.kind == kInt }

// writtenText is the text a value written into a cell of a column of kind
// k reads back as, in the form cells are compared in (canonCell).
func writtenText(k colKind, v value) string {
	if v.num {
		return strconv.FormatInt(v.n, 10)
	}
	if k != kInt && plainText(v.s) {
		return v.s // what asRead and canonCell would give, found quickly
	}
	return canonCell(k, asRead(v.s))
}

// plainText reports whether a cell written with s reads back as s, in the
// form it is compared in: no longer than a cell holds, no control
// character (safeText), no space to trim at either end, in NFC. Nearly
// every cell is such text; the others take the long way (asRead).
func plainText(s string) bool { return plainEnds(s) && nfc.PrecomposedText(s) }

// plainEnds is plainText but for the text's characters (PrecomposedText):
// not empty, no longer than a cell holds, no space at either end.
func plainEnds(s string) bool {
	if s == "" || len(s) > excelize.TotalCellChars {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return !unicode.IsSpace(first) && !unicode.IsSpace(last)
}

// canonCell is the form a read-only cell is compared in: trimmed, in NFC,
// and in a number column a whole number in plain digits (another program
// may save 1200 as 1200.0 or 1.2E3 without anyone changing it).
func canonCell(k colKind, s string) string {
	s = strings.TrimSpace(nfc.String(s))
	if k == kInt && s != "" {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return strconv.FormatInt(int64(f), 10)
		}
	}
	return s
}

// The digests of the hidden column come in two formats, named by the
// prefix of each cell. ro2, written since December 2026, hashes each
// cell with xxHash64 (github.com/cespare/xxhash) and the row by hashing its
// cells' hashes: it costs a fraction of ro1, which hashed a row's text byte
// by byte with FNV-1a and was the largest single cost of writing a
// workbook. apply reads both: a workbook written before keeps being
// checked cell by cell.
type digestFormat struct {
	prefix string
	cell   func(s string) uint16        // a cell's short digest (Hệ thống)
	row    func(cells []string) [6]byte // a row's digest
}

var (
	ro1 = digestFormat{"ro1:", cellHash16, rowHash}
	ro2 = digestFormat{"ro2:", xxCell16, xxRow}
	// digestFormats are the formats apply reads; the first is written.
	digestFormats = []digestFormat{ro2, ro1}
)

// formatOf returns the format of a hidden cell, by its prefix.
func formatOf(s string) (digestFormat, bool) {
	for _, f := range digestFormats {
		if strings.HasPrefix(s, f.prefix) {
			return f, true
		}
	}
	return digestFormat{}, false
}

// rowDigest is the hidden cell of a row holding one digest for the row.
func (f digestFormat) rowDigest(cells []string) string {
	h := f.row(cells)
	return f.prefix + base64.RawURLEncoding.EncodeToString(h[:])
}

// cellsDigest is the hidden cell of a row holding the row's digest, then
// a short digest per cell.
func (f digestFormat) cellsDigest(cells []string) string {
	h := f.row(cells)
	b := make([]byte, 6+2*len(cells))
	copy(b, h[:])
	for i, c := range cells {
		binary.BigEndian.PutUint16(b[6+2*i:], f.cell(c))
	}
	return f.prefix + base64.RawURLEncoding.EncodeToString(b)
}

// cellDigests decodes a hidden cell of cellsDigest for n cells: its
// format, the row's digest (as rowDigest writes it) and each cell's.
func cellDigests(s string, n int) (digestFormat, string, []uint16, bool) {
	f, ok := formatOf(s)
	if !ok {
		return f, "", nil, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s[len(f.prefix):])
	if err != nil || len(b) != 6+2*n {
		return f, "", nil, false
	}
	out := make([]uint16, n)
	for i := range out {
		out[i] = binary.BigEndian.Uint16(b[6+2*i:])
	}
	return f, f.prefix + base64.RawURLEncoding.EncodeToString(b[:6]), out, true
}

// xxCell16 is ro2's short digest of a cell.
func xxCell16(s string) uint16 { return fold64(xxhash.Sum64String(s)) }

// fold64 folds a cell's 64-bit hash to the 16 bits kept.
func fold64(h uint64) uint16 { return uint16(h ^ h>>16 ^ h>>32 ^ h>>48) }

// xxRow is ro2's digest of a row: xxHash64 of its cells' xxHash64 (big
// endian, in order), kept to 48 bits.
func xxRow(cells []string) [6]byte {
	hs := make([]uint64, len(cells))
	for i, c := range cells {
		hs[i] = xxhash.Sum64String(c)
	}
	return xxRowOf(hs)
}

func xxRowOf(hs []uint64) [6]byte {
	var buf [8 * 48]byte
	b := buf[:0]
	for _, h := range hs {
		b = binary.BigEndian.AppendUint64(b, h)
	}
	var sum [8]byte
	binary.BigEndian.PutUint64(sum[:], xxhash.Sum64(b))
	return [6]byte(sum[:6])
}

// ro1's digests: FNV-1a (hash/fnv), computed here over strings.
const (
	fnv32Offset = 2166136261
	fnv32Prime  = 16777619
	fnv64Offset = 14695981039346656037
	fnv64Prime  = 1099511628211
)

// cellHash is ro1's digest of one cell (FNV-1a, 32 bits); the summary's
// record keeps it per cell.
func cellHash(s string) uint32 {
	h := uint32(fnv32Offset)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= fnv32Prime
	}
	return h
}

// cellHash16 is ro1's short digest of one cell.
func cellHash16(s string) uint16 {
	h := cellHash(s)
	return uint16(h ^ h>>16)
}

// rowHash is ro1's digest of a row: FNV-1a (64 bits) of its cells, each
// followed by a unit separator, kept to 48 bits.
func rowHash(cells []string) [6]byte {
	x := uint64(fnv64Offset)
	for _, s := range cells {
		for i := 0; i < len(s); i++ {
			x ^= uint64(s[i])
			x *= fnv64Prime
		}
		x ^= 0x1f
		x *= fnv64Prime
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], x)
	return [6]byte(b[:6])
}

// readOnlyCells returns the read-only cells of a row of values as written,
// in the order of cols.
func readOnlyCells(cols []column, vals []value) []string {
	var out []string
	for j, c := range cols {
		if c.readOnly() {
			var v value
			if j < len(vals) {
				v = vals[j]
			}
			out = append(out, writtenText(c.kind, v))
		}
	}
	return out
}

// rowDigester makes the hidden cells of a sheet's rows, in the format
// written (ro2): one digest per read-only cell (perCell) or one for them
// all. The sheet hands it each read-only cell as it writes it (add), then
// takes the row's hidden cell (sum). It remembers each column's last text
// and its hash: rows in order repeat their neighbours' texts (a flag's
// title, action and legal basis).
type rowDigester struct {
	perCell bool
	last    []string
	hash    []uint64
	hs      []uint64
}

func newRowDigester(cols []column, perCell bool) *rowDigester {
	return &rowDigester{perCell: perCell, last: make([]string, len(cols)), hash: make([]uint64, len(cols))}
}

// add adds read-only cell j of the row, of a column of kind k: value v,
// whose text is nfc.PrecomposedText when precomposed says so (the writer
// found it out writing the cell; false when it does not know).
func (d *rowDigester) add(j int, k colKind, v value, precomposed bool) {
	var h uint64
	switch {
	case v.num:
		var num [24]byte
		h = xxhash.Sum64(strconv.AppendInt(num[:0], v.n, 10))
	case v.s != "" && v.s == d.last[j]:
		h = d.hash[j]
	default:
		// writtenText, found without another pass over the text when
		// the writer found it precomposed.
		t := v.s
		if !precomposed || k == kInt || !plainEnds(t) {
			t = writtenText(k, v)
		}
		h = xxhash.Sum64String(t)
		d.last[j], d.hash[j] = v.s, h
	}
	d.hs = append(d.hs, h)
}

// sum returns the hidden cell of the row added, and starts the next.
func (d *rowDigester) sum() string {
	s := xxRowOf(d.hs)
	var buf [6 + 2*48]byte
	b := append(buf[:0], s[:]...)
	if d.perCell {
		for _, h := range d.hs {
			b = binary.BigEndian.AppendUint16(b, fold64(h))
		}
	}
	d.hs = d.hs[:0]
	var out [len("ro2:") + (len(buf)*4+2)/3]byte
	o := append(out[:0], ro2.prefix...)
	o = base64.RawURLEncoding.AppendEncode(o, b)
	return string(o)
}

// The Tổng quan sheet is laid out freely, not in rows: its cells as
// written are kept in the identity sheet (summary_cells), as "A1=digest"
// for every cell that holds something, so that apply names a cell typed
// into, cleared or changed there.

// summaryCellsKey names the identity row of the summary's cells.
const summaryCellsKey = "summary_cells"

// canonAny is the form a cell of the summary is compared in: trimmed, in
// NFC, a number in its shortest form (another program may save 12 as
// 12.0).
func canonAny(s string) string {
	s = strings.TrimSpace(nfc.String(s))
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return s
}

// sheetCells returns the cells of a sheet that hold something, by A1 name,
// in the form they are compared in.
func sheetCells(rows [][]string) map[string]string {
	out := map[string]string{}
	for i, r := range rows {
		for j, v := range r {
			if c := canonAny(v); c != "" {
				out[cellName(j, i+1)] = c
			}
		}
	}
	return out
}

// summaryDigest is the identity sheet's record of the summary's cells.
func summaryDigest(cells map[string]string) string {
	names := make([]string, 0, len(cells))
	for n := range cells {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(summaryPrefix)
	var h [4]byte
	for i, n := range names {
		if i > 0 {
			b.WriteByte(' ')
		}
		binary.BigEndian.PutUint32(h[:], cellHash(cells[n]))
		b.WriteString(n + "=" + base64.RawURLEncoding.EncodeToString(h[:]))
	}
	return b.String()
}

// parseSummaryDigest reads summaryDigest's record: digests by cell.
func parseSummaryDigest(s string) (map[string]uint32, bool) {
	if !strings.HasPrefix(s, summaryPrefix) {
		return nil, false
	}
	out := map[string]uint32{}
	for _, part := range strings.Fields(strings.TrimPrefix(s, summaryPrefix)) {
		n, d, ok := strings.Cut(part, "=")
		b, err := base64.RawURLEncoding.DecodeString(d)
		if !ok || err != nil || len(b) != 4 {
			return nil, false
		}
		out[n] = binary.BigEndian.Uint32(b)
	}
	return out, true
}

// writeSummaryCells records the summary's cells as written in the
// identity sheet, after its other rows. It runs once the summary is
// written (a sheet written cell by cell reads back from memory).
func writeSummaryCells(f *excelize.File, sheet string) error {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	id, err := f.GetRows(SheetIdentity)
	if err != nil {
		return err
	}
	n := strconv.Itoa(len(id) + 1)
	if err := f.SetCellStr(SheetIdentity, "A"+n, summaryCellsKey); err != nil {
		return err
	}
	return f.SetCellStr(SheetIdentity, "B"+n, summaryDigest(sheetCells(rows)))
}
