package reports

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/fnv"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/nfc"
	"github.com/ndta-vn/archmerge/internal/sheetxml"
)

// ro1's digests, computed over strings, are hash/fnv's FNV-1a; ro2's are
// xxHash64 of each cell and of the cells' hashes; and what a sheet writes
// in its hidden column, row after row, is ro2's digest of readOnlyCells,
// whatever the rows hold.
func FuzzWrittenDigestIsTheDigestOfTheCells(f *testing.F) {
	f.Add("Cổng dịch vụ công", "42", " lề ", "", "_x000D_")
	f.Add("", "", "", "", "")
	f.Add("a\x00b", "1.2E3", "Hoà", "Hòa", "\xff")
	f.Fuzz(func(t *testing.T, a, b, c, d, e string) {
		cells := []string{a, b, c, d, e}
		var hs []byte
		for _, s := range cells {
			h32 := fnv.New32a()
			h32.Write([]byte(s))
			if got := cellHash(s); got != h32.Sum32() {
				t.Fatalf("cellHash(%q) = %x, hash/fnv %x", s, got, h32.Sum32())
			}
			hs = binary.BigEndian.AppendUint64(hs, xxhash.Sum64String(s))
		}
		h64 := fnv.New64a()
		for _, s := range cells {
			h64.Write([]byte(s))
			h64.Write([]byte{0x1f})
		}
		var want [8]byte
		binary.BigEndian.PutUint64(want[:], h64.Sum64())
		if got := rowHash(cells); got != [6]byte(want[:6]) {
			t.Fatalf("ro1 rowHash = %x, hash/fnv %x", got, want[:6])
		}
		binary.BigEndian.PutUint64(want[:], xxhash.Sum64(hs))
		if got := xxRow(cells); got != [6]byte(want[:6]) {
			t.Fatalf("ro2 row = %x, xxHash64 of the cells' %x", got, want[:6])
		}
		cols := []column{{kind: kText}, {kind: kInt}, {kind: kDecision}, {kind: kText}, {kind: kText}, {kind: kHidden}}
		rows := [][]value{{text(a), text(b), text(c), text(d), text(e)}, {text(a), number(1200), text(c), text(d)},
			{text(a), number(-7), {}, text(e), text(b), text("x")}, {}, {text(b), text(a), text(a), text(a)}, {text(b), text(b)}}
		for _, perCell := range []bool{false, true} {
			digests := newRowDigester(cols, perCell) // one for the sheet: it remembers texts
			for _, vals := range rows {
				ro := readOnlyCells(cols, vals)
				want := ro2.rowDigest(ro)
				if perCell {
					want = ro2.cellsDigest(ro)
				}
				if got := digests.digest(cols, vals); got != want {
					t.Fatalf("digest(%v, per cell %v) = %s, of the cells %s", vals, perCell, got, want)
				}
				if got := writtenDigest(cols, vals, perCell); got != want {
					t.Fatalf("writtenDigest(%v, per cell %v) = %s, of the cells %s", vals, perCell, got, want)
				}
				if !sameAsWritten(ro, want, perCell) || !sameAsWritten(ro, ro1.rowDigest(ro), false) || !sameAsWritten(ro, ro1.cellsDigest(ro), true) {
					t.Fatalf("%v: not the same as written", ro)
				}
			}
		}
	})
}

// A cell writes its text made safe in the pass that escapes it: what
// writeCell writes is what Str writes of safeText.
func FuzzSafeStrIsStrOfSafeText(f *testing.F) {
	for _, s := range []string{"Hà Nội", "\x01lead", "trail\x1f", "a\x00b\tc\rd\ne", " \x02 ", "_x000D_ \x03", "\xff\x01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want bytes.Buffer
		x, y := sheetxml.New(&got), sheetxml.New(&want)
		x.SafeStr(1, 3, s)
		y.Str(1, 3, safeText(s))
		if err := errors.Join(x.Flush(), y.Flush()); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("SafeStr(%q) = %s, Str(safeText) %s", s, got.String(), want.String())
		}
	})
}

// What a sheet writes in its hidden column, row after row, is the digest of
// each row's read-only cells as apply reads them back (the writer tells the
// digester which texts are precomposed as it writes them).
func FuzzSheetHiddenColumnIsTheDigestOfTheCells(f *testing.F) {
	f.Add("Cổng dịch vụ công", "42", " lề ", "a\nb", "_x000D_", true)
	f.Add("x\x01", "1.2E3", "Hoà", "Hòa", "\xff", false)
	f.Fuzz(func(t *testing.T, a, b, c, d, e string, perCell bool) {
		cols := []column{{"A", "A", 10, kText}, {"B", "B", 10, kInt}, {"C", "C", 10, kDecision}, {"D", "D", 10, kText}, {"E", "E", 10, kText}}
		rows := [][]value{{text(a), text(b), text(c), text(d), text(e)}, {text(a), number(1200), text(c), text(d), text(a)},
			{text(e), number(-7), {}, text(d), text(b)}, {}, {text(b), text(a), text(a), text(a), text(e)}}
		fx := excelize.NewFile()
		defer fx.Close()
		st, err := newStyles(fx)
		if err != nil {
			t.Fatal(err)
		}
		spec := streamSpec{sheet: "Sheet1", cols: cols, rows: len(rows), written: true, perCell: perCell,
			fill: func(i int, row []value) { copy(row, rows[i]) }}
		write, err := layoutSheet(context.Background(), fx, st, Meta{Lang: "vi"}, spec)
		if err != nil {
			t.Fatal(err)
		}
		var part bytes.Buffer
		part.WriteString("<worksheet><sheetData>")
		if err := write(&part); err != nil {
			t.Fatal(err)
		}
		part.WriteString("</sheetData></worksheet>")
		got, ok := sheetxml.Parse(part.Bytes())
		if !ok {
			// Text with Excel's _xHHHH_ runs: read by the general reader.
			t.Skip()
		}
		for i, vals := range rows {
			r := got[i+1]
			if len(r) != len(cols)+1 {
				t.Fatalf("row %d: %d cells", i+2, len(r))
			}
			if want := writtenDigest(cols, vals, perCell); r[len(cols)] != want {
				t.Fatalf("row %d: hidden cell %s, digest of its cells %s", i+2, r[len(cols)], want)
			}
		}
	})
}

// digest is the hidden cell of a row of values as layoutSheet makes it
// (the texts' precomposition found by nfc, not by the writer): what the
// tests hold to ro2.rowDigest or ro2.cellsDigest of readOnlyCells.
func (d *rowDigester) digest(cols []column, vals []value) string {
	for j, c := range cols {
		if !c.readOnly() {
			continue
		}
		var v value
		if j < len(vals) {
			v = vals[j]
		}
		d.add(j, c.kind, v, nfc.PrecomposedText(v.s))
	}
	return d.sum()
}

// writtenDigest is the hidden cell of one row of values (digest).
func writtenDigest(cols []column, vals []value, perCell bool) string {
	return newRowDigester(cols, perCell).digest(cols, vals)
}
