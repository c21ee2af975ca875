package xlsxguard

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkComplete checks the elements sheet of a workbook named by
// ARCHMERGE_BENCH_XLSX (e.g. a scale-10 fixture: 38-thanh-hoa.xlsx, a
// 31 MB sheet), the cost Complete adds to reading it.
func BenchmarkComplete(b *testing.B) {
	path := os.Getenv("ARCHMERGE_BENCH_XLSX")
	if path == "" {
		b.Skip("ARCHMERGE_BENCH_XLSX names no workbook")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	wb, err := Open(bytes.NewReader(data), int64(len(data)), Inventory)
	if err != nil {
		b.Fatal(err)
	}
	f := wb.file(wb.sheets["elements"])
	rc, _ := f.Open()
	rows, _, _, err := scanRows(rc)
	rc.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(f.UncompressedSize64))
	for b.Loop() {
		if err := wb.Complete("elements", rows); err != nil {
			b.Fatal(err)
		}
	}
}
