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
// written from the current plan names the cells). Digests are hashes
// (FNV-1a) of the cells' text, not the text: the column costs 8
// characters a row, and 3 more per cell on the Hệ thống sheet.

// colWritten is the hidden last column of every data sheet.
var colWritten = column{"Đã ghi", "As written", 10, kHidden}

// writtenPrefix starts every cell of the hidden column: the format of its
// digests.
const writtenPrefix = "ro1:"

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
func plainText(s string) bool {
	if s == "" || len(s) > excelize.TotalCellChars {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return !unicode.IsSpace(first) && !unicode.IsSpace(last) && nfc.PrecomposedText(s)
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

// The digests are FNV-1a (hash/fnv), computed here over strings: hashing
// through hash/fnv copied every cell into a new byte slice, and the
// national demo digests some five million cells.
const (
	fnv32Offset = 2166136261
	fnv32Prime  = 16777619
	fnv64Offset = 14695981039346656037
	fnv64Prime  = 1099511628211
)

// cellHash is the digest of one cell (FNV-1a, 32 bits).
func cellHash(s string) uint32 {
	h := uint32(fnv32Offset)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= fnv32Prime
	}
	return h
}

// cellHash16 is the short digest of one cell that the Hệ thống sheet keeps
// per cell: it tells which cells changed once the row digest says the row
// did.
func cellHash16(s string) uint16 { return fold16(cellHash(s)) }

// fold16 folds a cell's digest to the 16 bits kept.
func fold16(h uint32) uint16 { return uint16(h ^ h>>16) }

// rowHasher is the digest of a row's cells (FNV-1a, 64 bits, each cell
// followed by a unit separator), kept to 48 bits.
type rowHasher uint64

func newRowHasher() rowHasher { return fnv64Offset }

func (h *rowHasher) add(s string) {
	x := uint64(*h)
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= fnv64Prime
	}
	x ^= 0x1f
	x *= fnv64Prime
	*h = rowHasher(x)
}

func (h rowHasher) sum() [6]byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(h))
	return [6]byte(b[:6])
}

// rowHash is the digest of a row's cells (48 bits).
func rowHash(cells []string) [6]byte {
	h := newRowHasher()
	for _, c := range cells {
		h.add(c)
	}
	return h.sum()
}

// rowDigest is the hidden cell of a row holding one digest for the row.
func rowDigest(cells []string) string {
	h := rowHash(cells)
	return writtenPrefix + base64.RawURLEncoding.EncodeToString(h[:])
}

// cellsDigest is the hidden cell of a row holding the row's digest, then
// a short digest per cell.
func cellsDigest(cells []string) string {
	h := rowHash(cells)
	b := make([]byte, 6+2*len(cells))
	copy(b, h[:])
	for i, c := range cells {
		binary.BigEndian.PutUint16(b[6+2*i:], cellHash16(c))
	}
	return writtenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// cellDigests decodes a hidden cell of cellsDigest for n cells: the row's
// digest and each cell's.
func cellDigests(s string, n int) (string, []uint16, bool) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(s, writtenPrefix))
	if err != nil || !strings.HasPrefix(s, writtenPrefix) || len(b) != 6+2*n {
		return "", nil, false
	}
	out := make([]uint16, n)
	for i := range out {
		out[i] = binary.BigEndian.Uint16(b[6+2*i:])
	}
	return writtenPrefix + base64.RawURLEncoding.EncodeToString(b[:6]), out, true
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

// writtenDigest is the hidden cell of a row of values: one digest per
// read-only cell (perCell) or one for them all. It is rowDigest or
// cellsDigest of readOnlyCells(cols, vals), made without gathering the
// cells.
func writtenDigest(cols []column, vals []value, perCell bool) string {
	h := newRowHasher()
	var buf [6 + 2*32]byte
	cells := buf[:6]
	for j, c := range cols {
		if !c.readOnly() {
			continue
		}
		var v value
		if j < len(vals) {
			v = vals[j]
		}
		// Nearly every cell is plain text, hashed as it is checked.
		var cell uint32
		if next, ch, ok := h.addPlain(c.kind, v); ok {
			h, cell = next, ch
		} else {
			t := writtenText(c.kind, v)
			h.add(t)
			cell = cellHash(t)
		}
		if perCell {
			cells = binary.BigEndian.AppendUint16(cells, fold16(cell))
		}
	}
	sum := h.sum()
	if !perCell {
		cells = cells[:6]
	}
	copy(cells, sum[:])
	var out [len(writtenPrefix) + (len(buf)*4+2)/3]byte
	b := append(out[:0], writtenPrefix...)
	b = base64.RawURLEncoding.AppendEncode(b, cells)
	return string(b)
}

// addPlain is h.add(s) and cellHash(s) in the pass that finds s plain
// (plainText: it reads back as written) when v is text of a text column,
// which it reports; else it returns h unchanged and false. It repeats
// nfc.PrecomposedText byte for byte: checking and hashing in one pass
// halved the cost of the digests, a tenth of a workbook's.
func (h rowHasher) addPlain(k colKind, v value) (rowHasher, uint32, bool) {
	s := v.s
	if v.num || k == kInt || s == "" || len(s) > excelize.TotalCellChars {
		return h, 0, false
	}
	if first, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(first) {
		return h, 0, false
	}
	if last, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(last) {
		return h, 0, false
	}
	x, y := uint64(h), uint32(fnv32Offset)
	for i := 0; i < len(s); {
		c, n := s[i], 1
		switch {
		case c < 0x20:
			return h, 0, false
		case c < utf8.RuneSelf:
		case c >= 0xC2 && c <= 0xCB: // U+0080 to U+02FF
			if i+1 >= len(s) || s[i+1]&0xC0 != 0x80 {
				return h, 0, false
			}
			n = 2
		case c == 0xE1: // U+1E00 to U+1EFF
			if i+2 >= len(s) || s[i+1] < 0xB8 || s[i+1] > 0xBB || s[i+2]&0xC0 != 0x80 {
				return h, 0, false
			}
			n = 3
		default:
			return h, 0, false
		}
		for end := i + n; i < end; i++ {
			x ^= uint64(s[i])
			x *= fnv64Prime
			y ^= uint32(s[i])
			y *= fnv32Prime
		}
	}
	x ^= 0x1f
	x *= fnv64Prime
	return rowHasher(x), y, true
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
	b.WriteString(writtenPrefix)
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
	if !strings.HasPrefix(s, writtenPrefix) {
		return nil, false
	}
	out := map[string]uint32{}
	for _, part := range strings.Fields(strings.TrimPrefix(s, writtenPrefix)) {
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
