package inventory

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/mapping"
)

// benchRows is the size of the synthetic inventories of the benchmarks,
// about a scale-1 national inventory.
const benchRows = 70000

var benchHeader = []string{"id", "unit_code", "kind", "name", "function_code", "owner", "vendor", "product", "security_level",
	"status", "users", "annual_cost", "contract_end", "personal_data", "description"}

// synthRows builds n element rows spread over the real old units, and a
// relation for every other element.
func synthRows(m *mapping.Mapping, n int) (elems, rels [][]string) {
	units := m.OldUnits
	for i := range n {
		u := units[i%len(units)].Code
		elems = append(elems, []string{fmt.Sprintf("E%d", i), u, string(Kinds[i%len(Kinds)]),
			fmt.Sprintf("Hệ thống số %d của đơn vị %s", i, u), FunctionCodes[i%len(FunctionCodes)], "Sở Khoa học và Công nghệ",
			"VNPT", "VNPT-iGate", fmt.Sprint(1 + i%5), "active", fmt.Sprint(i * 10), "1.200.000", "31/12/2026", "có", "mô tả"})
		if i%2 == 1 {
			rels = append(rels, []string{u + fmt.Sprintf("/E%d", i), units[(i-1)%len(units)].Code + fmt.Sprintf("/E%d", i-1), "integrates", "lgsp"})
		}
	}
	return elems, rels
}

func csvText(header []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString(strings.Join(header, ",") + "\n")
	for _, r := range rows {
		for j, c := range r {
			if j > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func reportRead(b *testing.B, rows int, read func() *Result) {
	var peak uint64
	for b.Loop() {
		res := read()
		if len(res.Problems) > 0 || len(res.Elements) != benchRows {
			b.Fatalf("%d elements, problems %v", len(res.Elements), res.Problems[:min(3, len(res.Problems))])
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "heap-MiB")
}

func BenchmarkReadCSV(b *testing.B) {
	m := builtin(b)
	elems, rels := synthRows(m, benchRows)
	et := csvText(benchHeader, elems)
	rt := csvText([]string{"from", "to", "kind", "via"}, rels)
	b.SetBytes(int64(len(et) + len(rt)))
	reportRead(b, len(elems)+len(rels), func() *Result {
		res, err := ReadCSV("e.csv", strings.NewReader(et), "r.csv", strings.NewReader(rt), m, nil)
		if err != nil {
			b.Fatal(err)
		}
		return res
	})
}

func BenchmarkReadXLSX(b *testing.B) {
	m := builtin(b)
	elems, rels := synthRows(m, benchRows)
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", SheetElements)
	f.NewSheet(SheetRelations)
	stream := func(sheet string, header []string, rows [][]string) {
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			b.Fatal(err)
		}
		row := make([]any, len(header))
		for j, h := range header {
			row[j] = h
		}
		sw.SetRow("A1", row)
		for i, r := range rows {
			for j, c := range r {
				row[j] = c
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, row); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	stream(SheetElements, benchHeader, elems)
	stream(SheetRelations, []string{"from", "to", "kind", "via"}, rels)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	reportRead(b, len(elems)+len(rels), func() *Result {
		res, err := ReadXLSX("e.xlsx", bytes.NewReader(data), m, nil)
		if err != nil {
			b.Fatal(err)
		}
		return res
	})
}
