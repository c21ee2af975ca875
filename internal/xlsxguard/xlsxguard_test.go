package xlsxguard

import (
	"fmt"
	"strings"
	"testing"
)

func TestScanRows(t *testing.T) {
	cases := []struct {
		name string
		xml  string
		last int
	}{
		{"numbered", `<worksheet><sheetData><row r="3"><c/></row><row r="7"/></sheetData></worksheet>`, 7},
		{"unnumbered", `<worksheet><sheetData><row><c/></row><row/><row></row></sheetData></worksheet>`, 3},
		{"prefixed", `<x:worksheet><x:sheetData><x:row r="2"/><x:row spans="1:3"/></x:sheetData></x:worksheet>`, 3},
		{"single quotes", `<worksheet><sheetData><row r='12'/></sheetData></worksheet>`, 12},
		{"rowBreaks are not rows", `<worksheet><sheetData><row/></sheetData><rowBreaks count="1"/></worksheet>`, 1},
		{"none", `<worksheet><sheetData/></worksheet>`, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			last, _, _, err := scanRows(strings.NewReader(c.xml))
			if err != nil || last != c.last {
				t.Errorf("scanRows = %d, %v; want %d", last, err, c.last)
			}
		})
	}
	// Row tags across the reader's chunks.
	var b strings.Builder
	b.WriteString(`<worksheet><sheetData>`)
	for i := 1; i <= 200000; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, i, i, i)
	}
	b.WriteString(`</sheetData></worksheet>`)
	last, tail, _, err := scanRows(strings.NewReader(b.String()))
	if err != nil || last != 200000 || checkTail(tail) != nil {
		t.Errorf("a long sheet: last row %d, %v, tail %q", last, err, tail)
	}
}
