package reports

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/golden"
)

// TestWorkbookGolden pins what a person sees in the workbooks of a small
// plan, in both languages: every sheet (name, visibility, column widths,
// hidden columns, row heights, frozen panes), every cell's value and type,
// the drop-downs, the conditional formats and the page setup (orientation,
// fit, the rows and columns repeated on every page). Changes to a workbook show up
// here as a readable diff.
func TestWorkbookGolden(t *testing.T) {
	p := smallPlan(t)
	m := builtin(t)
	for _, lang := range []string{"vi", "en"} {
		meta := Meta{WorkspaceID: "ws-golden", PlanID: p.ID, ToolVersion: "test", Lang: lang}
		t.Run(lang, func(t *testing.T) {
			dir := t.TempDir()
			prov, err := WriteProvince(context.Background(), dir, p, m, "08", meta)
			if err != nil {
				t.Fatal(err)
			}
			nat, err := WriteNational(context.Background(), dir, p, m, meta, testHistory(p))
			if err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{prov, nat} {
				golden.Check(t, filepath.Join("testdata", "workbook", lang, strings.TrimSuffix(filepath.Base(path), ".xlsx")+".txt"), dumpWorkbook(t, path))
			}
		})
	}
}

// dumpWorkbook renders a workbook as text, one line per fact.
func dumpWorkbook(t testing.TB, path string) []byte {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		vis, _ := f.GetSheetVisible(sh)
		fmt.Fprintf(&b, "== sheet %q visible=%v\n", sh, vis)
		if pl, err := f.GetPageLayout(sh); err == nil {
			fmt.Fprintf(&b, "page %s\n", fmtPageLayout(pl))
		}
		if pn, err := f.GetPanes(sh); err == nil && pn.Freeze {
			fmt.Fprintf(&b, "freeze %s\n", pn.TopLeftCell)
		}
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		ncol := 0
		for _, r := range rows {
			ncol = max(ncol, len(r))
		}
		var widths []string
		for c := 1; c <= ncol; c++ {
			col, _ := excelize.ColumnNumberToName(c)
			w, _ := f.GetColWidth(sh, col)
			widths = append(widths, fmt.Sprintf("%s=%g", col, w))
		}
		if len(widths) > 0 {
			fmt.Fprintf(&b, "widths %s\n", strings.Join(widths, " "))
		}
		var hidden, heights []string
		for c := 1; c <= ncol; c++ {
			col, _ := excelize.ColumnNumberToName(c)
			if vis, _ := f.GetColVisible(sh, col); !vis {
				hidden = append(hidden, col)
			}
		}
		for r := 1; r <= len(rows); r++ {
			if h, _ := f.GetRowHeight(sh, r); h != 15 {
				heights = append(heights, fmt.Sprintf("%d=%g", r, h))
			}
		}
		if len(hidden) > 0 {
			fmt.Fprintf(&b, "hidden columns %s\n", strings.Join(hidden, " "))
		}
		if len(heights) > 0 {
			fmt.Fprintf(&b, "row heights %s\n", strings.Join(heights, " "))
		}
		for _, dn := range f.GetDefinedName() {
			if dn.Scope == sh && dn.Name == "_xlnm.Print_Titles" {
				fmt.Fprintf(&b, "print titles %s\n", dn.RefersTo)
			}
		}
		for ri, r := range rows {
			for ci, v := range r {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				typ, _ := f.GetCellType(sh, cell)
				fmt.Fprintf(&b, "%s %s %q\n", cell, cellTypeName(typ), v)
			}
		}
		dvs, _ := f.GetDataValidations(sh)
		var dl []string
		for _, dv := range dvs {
			dl = append(dl, fmt.Sprintf("validation %s %s %q %q", dv.Sqref, dv.Type, dv.Formula1, dv.Formula2))
		}
		sort.Strings(dl)
		for _, l := range dl {
			b.WriteString(l + "\n")
		}
		cfs, _ := f.GetConditionalFormats(sh)
		var cl []string
		for rng, opts := range cfs {
			for _, o := range opts {
				cl = append(cl, fmt.Sprintf("conditional %s %s %s %q", rng, o.Type, o.Criteria, o.Value))
			}
		}
		sort.Strings(cl)
		for _, l := range cl {
			b.WriteString(l + "\n")
		}
	}
	return []byte(b.String())
}

func fmtPageLayout(pl excelize.PageLayoutOptions) string {
	var parts []string
	if pl.Orientation != nil {
		parts = append(parts, "orientation="+*pl.Orientation)
	}
	if pl.Size != nil {
		parts = append(parts, fmt.Sprintf("size=%d", *pl.Size))
	}
	if pl.FitToWidth != nil {
		parts = append(parts, fmt.Sprintf("fitToWidth=%d", *pl.FitToWidth))
	}
	if pl.FitToHeight != nil {
		parts = append(parts, fmt.Sprintf("fitToHeight=%d", *pl.FitToHeight))
	}
	return strings.Join(parts, " ")
}

func cellTypeName(t excelize.CellType) string {
	switch t {
	case excelize.CellTypeNumber:
		return "n"
	case excelize.CellTypeBool:
		return "b"
	case excelize.CellTypeFormula:
		return "f"
	case excelize.CellTypeDate:
		return "d"
	case excelize.CellTypeUnset:
		return "u" // a number written without a type
	}
	return "s"
}
