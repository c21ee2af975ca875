package reports

import (
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// What a report wrote in the read-only cells of a workbook, so that apply
// can tell every cell a person changed.
//
// Each data sheet of a province's workbook ends with a hidden, locked
// column (Đã ghi / As written) holding, for each row, digests of the row's
// read-only cells as they read back: on the Hệ thống sheet one digest per
// cell (apply then knows which cells changed, also when the plan has
// changed since), on the other sheets one per row (nothing typed there can
// be recorded: it is enough to know the row changed, and the row written
// from the current plan names the cells). A digest is a hash of the cell's
// text, not the text: the column costs a few characters per cell.

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
func writtenText(k colKind, v any) string {
	switch x := v.(type) {
	case string:
		return canonCell(k, asRead(x))
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return ""
}

// canonCell is the form a read-only cell is compared in: trimmed, in NFC,
// and in a number column a whole number in plain digits (another program
// may save 1200 as 1200.0 or 1.2E3 without anyone changing it).
func canonCell(k colKind, s string) string {
	s = strings.TrimSpace(norm.NFC.String(s))
	if k == kInt && s != "" {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return strconv.FormatInt(int64(f), 10)
		}
	}
	return s
}

// cellHash is the digest of one cell.
func cellHash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// cellsDigest is the hidden cell of a row holding one digest per cell.
func cellsDigest(cells []string) string {
	b := make([]byte, 4*len(cells))
	for i, c := range cells {
		binary.BigEndian.PutUint32(b[4*i:], cellHash(c))
	}
	return writtenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// rowDigest is the hidden cell of a row holding one digest for the row.
func rowDigest(cells []string) string {
	h := fnv.New64a()
	for _, c := range cells {
		h.Write([]byte(c))
		h.Write([]byte{0x1f})
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], h.Sum64())
	return writtenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// cellDigests decodes a hidden cell of per-cell digests of n cells.
func cellDigests(s string, n int) ([]uint32, bool) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(s, writtenPrefix))
	if err != nil || !strings.HasPrefix(s, writtenPrefix) || len(b) != 4*n {
		return nil, false
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.BigEndian.Uint32(b[4*i:])
	}
	return out, true
}

// readOnlyCells returns the read-only cells of a row of values as written,
// in the order of cols.
func readOnlyCells(cols []column, vals []any) []string {
	var out []string
	for j, c := range cols {
		if c.readOnly() {
			var v any
			if j < len(vals) {
				v = vals[j]
			}
			out = append(out, writtenText(c.kind, v))
		}
	}
	return out
}

// writtenDigest is the hidden cell of a row of values: one digest per
// read-only cell (perCell) or one for them all.
func writtenDigest(cols []column, vals []any, perCell bool) string {
	cells := readOnlyCells(cols, vals)
	if perCell {
		return cellsDigest(cells)
	}
	return rowDigest(cells)
}
