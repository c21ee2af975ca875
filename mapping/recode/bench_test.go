package recode

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/mapping/internal/cputime"
)

// BenchmarkRecodeCSV measures rows per second from CSV to CSV, in memory,
// on real old commune codes (2% split, 1% unknown). Target: ≥ 500,000
// rows/s on one core.
func BenchmarkRecodeCSV(b *testing.B) {
	const rows = 200_000
	data, err := io.ReadAll(newGenCSV(b, rows))
	if err != nil {
		b.Fatal(err)
	}
	rc := newRecoder(b, Options{})
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	cpu0 := cputime.Process()
	for b.Loop() {
		if _, err := rc.CSV(context.Background(), bytes.NewReader(data), io.Discard, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	reportRows(b, rows, cputime.Process()-cpu0)
}

// BenchmarkRecodeXLSX measures rows per second from an XLSX workbook to an
// XLSX workbook through File (row count for the dimension, streamed read,
// streamed write, atomic rename).
func BenchmarkRecodeXLSX(b *testing.B) {
	const rows = 20_000
	dir := b.TempDir()
	csvIn := filepath.Join(dir, "in.csv")
	data, err := io.ReadAll(newGenCSV(b, rows))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(csvIn, data, 0o644); err != nil {
		b.Fatal(err)
	}
	rc := newRecoder(b, Options{})
	// The input workbook: the generated rows, written by recode itself
	// (the added columns make it a realistic width).
	in := filepath.Join(dir, "in.xlsx")
	if _, err := rc.File(context.Background(), csvIn, in, "xlsx", Options{}); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "out.xlsx")
	b.ResetTimer()
	cpu0 := cputime.Process()
	for b.Loop() {
		if _, err := rc.File(context.Background(), in, out, "", Options{}); err != nil {
			b.Fatal(err)
		}
	}
	reportRows(b, rows, cputime.Process()-cpu0)
}

// reportRows reports rows per wall-clock second and, where the platform
// measures it, rows per CPU-second of the whole process (GC included): the
// single-core throughput, whatever else the machine is running.
func reportRows(b *testing.B, rows int, cpu time.Duration) {
	total := float64(rows) * float64(b.N)
	b.ReportMetric(total/b.Elapsed().Seconds(), "rows/s")
	if cpu > 0 {
		b.ReportMetric(total/cpu.Seconds(), "rows/cpu-s")
	}
}

// BenchmarkRecodeMixedVintages converts a generated CSV of 1,000,000 rows
// whose commune codes mix the list of 30 June 2025 with codes retired since
// 2019 (one row in ten, with the district and province codes of their
// time), as a file kept since 2019 would: rows per second and per
// CPU-second, CSV to CSV in memory.
func BenchmarkRecodeMixedVintages(b *testing.B) {
	const rows = 1_000_000
	m := builtin(b)
	h := m.History()
	var current, retired []string
	for _, u := range m.OldUnits {
		if u.Level == mapping.Commune {
			current = append(current, m.OldProvince(u.Code)+","+u.Parent+","+u.Code)
		}
	}
	for _, v := range h.Versions {
		if _, listed := h.At(mapping.Commune, v.Code, ""); v.Level == mapping.Commune && !listed {
			d, _ := h.At(mapping.District, v.Parent, v.From)
			retired = append(retired, d.Parent+","+v.Parent+","+v.Code)
		}
	}
	var data bytes.Buffer
	data.WriteString("ma_tinh,ma_huyen,ma_xa,so_ho\n")
	for i := range rows {
		row := current[i%len(current)]
		if i%10 == 3 {
			row = retired[(i/10)%len(retired)]
		}
		fmt.Fprintf(&data, "%s,%d\n", row, i%997)
	}
	rc := newRecoder(b, Options{})
	b.SetBytes(int64(data.Len()))
	b.ResetTimer()
	cpu0 := cputime.Process()
	for b.Loop() {
		sum, err := rc.CSV(context.Background(), bytes.NewReader(data.Bytes()), io.Discard, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if v := sum.Vintages[2]; !v.Mixed || v.Earlier != rows/10 {
			b.Fatalf("vintage report %+v", v)
		}
	}
	reportRows(b, rows, cputime.Process()-cpu0)
}
