// Command fillbook fills the decision column of every element row of a
// reconciliation workbook, as an officer who decided everything would, for
// the benchmarks of apply (scripts/bench.sh). It is a developer's tool, not
// part of archmerge.
//
//	go run ./scripts/fillbook IN.xlsx OUT.xlsx [TREATMENT]
//
// TREATMENT is the label written (default "Tiếp tục sử dụng"); rows that
// already hold a decision are left as they are.
package main

import (
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: fillbook IN.xlsx OUT.xlsx [TREATMENT]")
		os.Exit(2)
	}
	label := "Tiếp tục sử dụng"
	if len(os.Args) > 3 {
		label = os.Args[3]
	}
	if err := fill(os.Args[1], os.Args[2], label); err != nil {
		fmt.Fprintln(os.Stderr, "fillbook:", err)
		os.Exit(1)
	}
}

func fill(in, out, label string) error {
	f, err := excelize.OpenFile(in)
	if err != nil {
		return err
	}
	defer f.Close()
	sheet := ""
	for _, s := range []string{"Hệ thống", "Systems"} {
		if i, _ := f.GetSheetIndex(s); i >= 0 {
			sheet = s
		}
	}
	if sheet == "" {
		return fmt.Errorf("%s has no Systems sheet", in)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return err
	}
	col := -1
	for i, h := range rows[0] {
		if h == "Quyết định" || h == "Decision" {
			col = i
		}
	}
	if col < 0 {
		return fmt.Errorf("%s: no Decision column", in)
	}
	n := 0
	for r := 1; r < len(rows); r++ {
		if len(rows[r]) == 0 || rows[r][0] == "" || (col < len(rows[r]) && rows[r][col] != "") {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(col+1, r+1)
		if err := f.SetCellStr(sheet, cell, label); err != nil {
			return err
		}
		n++
	}
	fmt.Fprintf(os.Stderr, "fillbook: %d rows decided\n", n)
	return f.SaveAs(out)
}
