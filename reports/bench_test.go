package reports

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/migrate"
)

// The national plan of the scale-1 fixtures (every old province, seed 7),
// built once for the benchmarks.
var (
	nationalOnce sync.Once
	nationalPlan *migrate.Plan
)

func national(b *testing.B) *migrate.Plan {
	b.Helper()
	nationalOnce.Do(func() {
		m := builtin(b)
		nationalPlan = build(b, fixtureInput(b, m, 1))
	})
	return nationalPlan
}

// BenchmarkWriteWorkbooks writes the 34 province workbooks of the scale-1
// fixtures, one after the other (report and batch run them in parallel,
// one per core). Compare with BenchmarkBareStreamWriter, which writes the
// same rows with a bare StreamWriter.
func BenchmarkWriteWorkbooks(b *testing.B) {
	p := national(b)
	m := builtin(b)
	dir := b.TempDir()
	meta := Meta{WorkspaceID: "bench", PlanID: p.ID, ToolVersion: "bench", Lang: "vi"}
	rows := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rows = 0
		for _, s := range p.Provinces {
			if _, err := WriteProvince(context.Background(), dir, p, m, s.Code, meta); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	for _, s := range p.Provinces {
		d, _ := gather(p, m, s.Code, meta)
		for _, sp := range d.specs(nil, nil) {
			rows += sp.rows
		}
	}
	b.ReportMetric(float64(len(p.Provinces)), "workbooks")
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(dirSize(b, dir))/1e6, "MB")
}

// BenchmarkBareStreamWriter writes the same rows as BenchmarkWriteWorkbooks
// (the same streamed sheets of the same 34 provinces, the same values) with
// a bare StreamWriter: no styles, widths, panes, drop-downs, filters,
// conditional formats, protection, summary sheet or charts, default
// compression, plain SaveAs.
func BenchmarkBareStreamWriter(b *testing.B) {
	p := national(b)
	m := builtin(b)
	dir := b.TempDir()
	meta := Meta{WorkspaceID: "bench", PlanID: p.ID, ToolVersion: "bench", Lang: "vi"}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range p.Provinces {
			d, err := gather(p, m, s.Code, meta)
			if err != nil {
				b.Fatal(err)
			}
			if err := writeBare(filepath.Join(dir, s.Code+".xlsx"), d.specs(nil, nil), meta); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(dirSize(b, dir))/1e6, "MB")
}

func writeBare(path string, specs []streamSpec, meta Meta) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, sp := range specs {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sp.sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sp.sheet); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sp.sheet)
		if err != nil {
			return err
		}
		row := make([]any, len(sp.cols))
		for j, c := range sp.cols {
			row[j] = c.header(meta)
		}
		if err := sw.SetRow("A1", row); err != nil {
			return err
		}
		vals := make([]value, len(sp.cols))
		for r := range sp.rows {
			clear(vals)
			sp.fill(r, vals)
			for j, v := range vals {
				switch {
				case v.num:
					row[j] = v.n
				case v.s != "":
					row[j] = v.s
				default:
					row[j] = nil
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil {
			n += info.Size()
		}
	}
	return n
}
