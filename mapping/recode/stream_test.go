package recode

import (
	"context"
	"io"
	"runtime"
	"strconv"
	"testing"
)

// genCSV generates a CSV of n data rows on the fly, cycling through real old
// communes (one in 50 rows a split commune, one in 100 an unknown code),
// and, when sample is set, measures the live heap (after a collection)
// every 100,000 rows.
type genCSV struct {
	n, i     int
	codes    []string // "province,district,commune" of real old communes
	buf      []byte
	sample   bool
	peakHeap uint64
}

func newGenCSV(t testing.TB, n int) *genCSV {
	m := builtin(t)
	g := &genCSV{n: n, buf: []byte("ma_tinh,ma_huyen,ma_xa,so_ho,ghi_chu\n")}
	for _, u := range m.OldUnits {
		if u.Level == "commune" {
			g.codes = append(g.codes, m.OldProvince(u.Code)+","+u.Parent+","+u.Code)
		}
	}
	return g
}

func (g *genCSV) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i < g.n {
		row := g.codes[g.i%len(g.codes)]
		switch {
		case g.i%100 == 99:
			row = "01,001,99999"
		case g.i%50 == 7:
			row = "01,001,00007"
		}
		g.buf = append(g.buf, row...)
		g.buf = append(g.buf, ',')
		g.buf = strconv.AppendInt(g.buf, int64(g.i%997), 10)
		g.buf = append(g.buf, ",dữ liệu mẫu\n"...)
		g.i++
		if g.sample && g.i%100000 == 0 {
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			g.peakHeap = max(g.peakHeap, ms.HeapAlloc)
		}
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[:copy(g.buf, g.buf[n:])]
	return n, nil
}

// TestMillionRowsFlatMemory converts one million rows streamed from a
// generator into io.Discard and checks that the live heap (after a
// collection, every 100,000 rows) does not grow with the file: the peak at
// 1,000,000 rows stays within 16 MiB of the peak at 200,000 rows (the
// million-row input is about 40 MiB, so holding it would show). The live
// heap, not the heap in use: garbage awaiting collection swings with what
// the other tests of the process left alive, and the test measured that.
func TestMillionRowsFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("converts a million rows (a few seconds); skipped with -short")
	}
	rc := newRecoder(t, Options{})
	peak := func(n int) (uint64, *Summary) {
		runtime.GC()
		g := newGenCSV(t, n)
		g.sample = true
		sum, err := rc.CSV(context.Background(), g, io.Discard, Options{Name: "generated.csv"})
		if err != nil {
			t.Fatal(err)
		}
		return g.peakHeap, sum
	}
	small, _ := peak(200_000)
	big, sum := peak(1_000_000)
	if sum.Rows != 1_000_000 {
		t.Fatalf("rows = %d, want 1000000", sum.Rows)
	}
	if sum.Statuses["unknown"] != 10_000 {
		t.Errorf("unknown = %d, want 10000 (one row in 100)", sum.Statuses["unknown"])
	}
	if sum.Statuses["split"] < 20_000 {
		t.Errorf("split = %d, want at least 20000 (one row in 50)", sum.Statuses["split"])
	}
	t.Logf("peak live heap: %.1f MiB at 200k rows, %.1f MiB at 1M rows", float64(small)/(1<<20), float64(big)/(1<<20))
	if big > small+16<<20 {
		t.Errorf("heap grew with the file: %d bytes at 200k rows, %d at 1M rows", small, big)
	}
}

// TestXLSXWriteFlatMemory streams rows into an XLSX workbook and checks that
// the live heap (after a collection, every 20,000 rows) does not grow: the
// stream writer spills its rows to a temporary file.
func TestXLSXWriteFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 80,000 rows into a workbook; skipped with -short")
	}
	rc := newRecoder(t, Options{})
	const n = 80_000
	r := &liveHeapReader{g: newGenCSV(t, n), every: 20_000}
	if _, err := rc.CSVToXLSX(context.Background(), r, io.Discard, Options{}, XLSXOptions{Rows: n + 1}); err != nil {
		t.Fatal(err)
	}
	if len(r.live) < 3 {
		t.Fatalf("only %d samples", len(r.live))
	}
	first, last := r.live[0], r.live[len(r.live)-1]
	t.Logf("live heap every 20,000 rows (MiB): %v", r.live)
	if last > first+8 {
		t.Errorf("live heap grew from %d MiB to %d MiB while streaming", first, last)
	}
}

// liveHeapReader wraps the generator and records the live heap, in MiB,
// after a forced collection every `every` rows.
type liveHeapReader struct {
	g     *genCSV
	every int
	last  int
	live  []uint64
}

func (r *liveHeapReader) Read(p []byte) (int, error) {
	n, err := r.g.Read(p)
	if r.g.i-r.last >= r.every {
		r.last = r.g.i
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		r.live = append(r.live, ms.HeapAlloc>>20)
	}
	return n, err
}
