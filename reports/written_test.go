package reports

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/fnv"
	"testing"

	"github.com/ndta-vn/archmerge/internal/sheetxml"
)

// The digests computed over strings are hash/fnv's FNV-1a, and
// writtenDigest is the digest of readOnlyCells, whatever the row holds.
func FuzzWrittenDigestIsTheDigestOfTheCells(f *testing.F) {
	f.Add("Cổng dịch vụ công", "42", " lề ", "", "_x000D_")
	f.Add("", "", "", "", "")
	f.Add("a\x00b", "1.2E3", "Hoà", "Hòa", "\xff")
	f.Fuzz(func(t *testing.T, a, b, c, d, e string) {
		for _, s := range []string{a, b, c, d, e} {
			h32 := fnv.New32a()
			h32.Write([]byte(s))
			if got := cellHash(s); got != h32.Sum32() {
				t.Fatalf("cellHash(%q) = %x, hash/fnv %x", s, got, h32.Sum32())
			}
		}
		cells := []string{a, b, c, d, e}
		h64 := fnv.New64a()
		for _, s := range cells {
			h64.Write([]byte(s))
			h64.Write([]byte{0x1f})
		}
		var want [8]byte
		binary.BigEndian.PutUint64(want[:], h64.Sum64())
		if got := rowHash(cells); got != [6]byte(want[:6]) {
			t.Fatalf("rowHash = %x, hash/fnv %x", got, want[:6])
		}
		cols := []column{{kind: kText}, {kind: kInt}, {kind: kDecision}, {kind: kText}, {kind: kText}, {kind: kHidden}}
		for _, vals := range [][]value{{text(a), text(b), text(c), text(d), text(e)}, {text(a), number(1200), text(c), text(d)},
			{text(a), number(-7), {}, text(e), text(b), text("x")}, {}} {
			ro := readOnlyCells(cols, vals)
			if got, want := writtenDigest(cols, vals, false), rowDigest(ro); got != want {
				t.Fatalf("writtenDigest(%v) = %s, rowDigest %s", vals, got, want)
			}
			if got, want := writtenDigest(cols, vals, true), cellsDigest(ro); got != want {
				t.Fatalf("writtenDigest(%v, per cell) = %s, cellsDigest %s", vals, got, want)
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
