package reports

import (
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/internal/sheetfit"
	"github.com/ndta-vn/archmerge/internal/sheetxml"
	"github.com/ndta-vn/archmerge/migrate"
)

// colKind says how a column is written and styled.
type colKind int

const (
	kText     colKind = iota // text, any input-derived string
	kInt                     // a whole number, #,##0
	kDecision                // editable text, unlocked
	kHidden                  // locked text, hidden column
)

// column is one column of a streamed sheet.
type column struct {
	vi, en string
	width  float64
	kind   colKind
}

func (c column) header(meta Meta) string { return meta.text(c.vi, c.en) }

// styles are created once per workbook.
type styles struct {
	head, headDecision, text, intNum, decision, hidden, title, bold, wrap, note int
	totalText, totalInt                                                         int // a totals row
	// sevCell colours a severity's cell where it is written once (the
	// summaries), sevHead a header of a severity's column; sevCond are the
	// same colours as conditional formats (the flag sheet, where a filter
	// or sort must keep them), by severity.
	sevCell, sevHead, sevCond map[migrate.Severity]int
}

// severityColours are the fill and font of each severity: blocker red,
// high orange, medium yellow, info blue-grey, dark to light so that they
// differ in grey print too. The label is always written beside the colour.
var severityColours = map[migrate.Severity]struct{ fill, font string }{
	migrate.Blocker: {"C00000", "FFFFFF"},
	migrate.High:    {"F4A23C", "000000"},
	migrate.Medium:  {"FFE699", "000000"},
	migrate.Info:    {"DDE5F0", "1F3864"},
}

func newStyles(f *excelize.File) (*styles, error) {
	s := styles{sevCell: map[migrate.Severity]int{}, sevHead: map[migrate.Severity]int{}, sevCond: map[migrate.Severity]int{}}
	border := []excelize.Border{{Type: "bottom", Color: "1F3864", Style: 1}}
	font := func(bold bool, size float64, colour string) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Color: colour, Family: sheetfit.Font}
	}
	top := &excelize.Alignment{WrapText: true, Vertical: "top"}
	defs := []struct {
		dst *int
		st  *excelize.Style
	}{
		{&s.head, &excelize.Style{Font: font(true, 11, "FFFFFF"), NumFmt: 49, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}},
		{&s.headDecision, &excelize.Style{Font: font(true, 11, "000000"), NumFmt: 49, Border: border,
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFD966"}},
			Alignment:  &excelize.Alignment{WrapText: true, Vertical: "center"},
			Protection: &excelize.Protection{Locked: true}}},
		{&s.text, &excelize.Style{NumFmt: 49, Alignment: top}},
		{&s.intNum, &excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.decision, &excelize.Style{NumFmt: 49, Alignment: top, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}},
			Border:     []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}},
			Protection: &excelize.Protection{Locked: false}}},
		{&s.hidden, &excelize.Style{NumFmt: 49, Protection: &excelize.Protection{Locked: true, Hidden: true}}},
		{&s.title, &excelize.Style{Font: font(true, 14, "1F3864"), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.bold, &excelize.Style{Font: font(true, 11, ""), NumFmt: 49}},
		{&s.wrap, &excelize.Style{NumFmt: 49, Alignment: top}},
		{&s.note, &excelize.Style{Font: font(false, 11, "404040"), NumFmt: 49, Alignment: top}},
		{&s.totalText, &excelize.Style{Font: font(true, 11, ""), NumFmt: 49, Border: []excelize.Border{{Type: "top", Color: "1F3864", Style: 2}},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}}},
		{&s.totalInt, &excelize.Style{Font: font(true, 11, ""), NumFmt: 3, Border: []excelize.Border{{Type: "top", Color: "1F3864", Style: 2}},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.st)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	for _, sev := range migrate.Severities { // in order: style ids are part of the bytes
		c := severityColours[sev]
		fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}}
		id, err := f.NewStyle(&excelize.Style{Font: font(true, 11, c.font), Fill: fill, NumFmt: 49, Alignment: top})
		if err != nil {
			return nil, err
		}
		s.sevCell[sev] = id
		if id, err = f.NewStyle(&excelize.Style{Font: font(true, 11, c.font), Fill: fill, NumFmt: 49, Border: border,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}); err != nil {
			return nil, err
		}
		s.sevHead[sev] = id
		if id, err = f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: c.font}, Fill: fill}); err != nil {
			return nil, err
		}
		s.sevCond[sev] = id
	}
	return &s, nil
}

// streamSpec describes one streamed sheet: its columns, how many data rows,
// how to fill row i, and what to add after the rows (drop-downs,
// conditional formats), which must come before Flush.
type streamSpec struct {
	sheet string
	cols  []column
	rows  int
	fill  func(i int, row []value)
	// after is given the sheet's name and last row (a part's, when the
	// list is split over sheets).
	after   func(sheet string, lastRow int) error
	protect bool
	// pagesWide is how many pages across the sheet prints on (1 when 0).
	pagesWide int
	// written adds the hidden last column of digests of the read-only
	// cells as written (colWritten): one per cell with perCell, else one
	// per row (see written.go).
	written, perCell bool
}

// value is one cell of a row as a sheet writes it: a text, or a whole
// number when num. Rows are slices of cells rather than of interfaces:
// boxing every value cost an allocation a cell, some five million in the
// national demo.
type value struct {
	s   string
	n   int64
	num bool
}

// text is a text cell (empty: nothing written).
func text(s string) value { return value{s: s} }

// number is a number cell.
func number(n int64) value { return value{n: n, num: true} }

// sheetPart is the path in the package of the worksheet excelize created
// for a sheet (NewSheet names it by its sheet id).
func sheetPart(f *excelize.File, sheet string) (string, error) {
	for id, name := range f.GetSheetMap() {
		if name == sheet {
			return fmt.Sprintf("xl/worksheets/sheet%d.xml", id), nil
		}
	}
	return "", fmt.Errorf("no sheet %q", sheet)
}

// sheetRows is how many data rows one sheet written by archmerge holds
// before its list continues on the next sheet: Excel's rows less the
// header (a variable only so that tests split short lists).
var sheetRows = limits.SheetDataRows

// partName names part n (from 1) of a list split over sheets: the first
// part keeps the sheet's name, the next are "Cảnh báo (2)", "Cảnh báo (3)"…
func partName(name string, n int) string {
	if n <= 1 {
		return name
	}
	return fmt.Sprintf("%s (%d)", name, n)
}

// parts returns spec as the sheets its rows need: itself when they fit
// one sheet, else parts of at most sheetRows rows, named by partName, each
// a whole sheet (header, widths, filter, protection, the after step on its
// own rows).
func (spec streamSpec) parts() []streamSpec {
	if spec.rows <= sheetRows {
		return []streamSpec{spec}
	}
	var out []streamSpec
	for from, n := 0, 1; from < spec.rows; from, n = from+sheetRows, n+1 {
		part := spec
		part.sheet = partName(spec.sheet, n)
		part.rows = min(sheetRows, spec.rows-from)
		fill, off := spec.fill, from
		part.fill = func(i int, row []value) { fill(off+i, row) }
		out = append(out, part)
	}
	return out
}

// layoutSheet lays a sheet out with excelize's ordinary API while it has
// no rows (dimension, page setup, widths, column styles, the hidden column,
// panes, filter, the after step, protection) and returns the function that
// writes its rows as the workbook is saved (outfile.WorkbookRows): the
// header, then each row as spec fills it. Text wraps in its column, and
// each row is as tall as its longest text needs (sheetfit), so that
// nothing spills into the next cell.
func layoutSheet(ctx context.Context, f *excelize.File, st *styles, meta Meta, spec streamSpec) (func(io.Writer) error, error) {
	cols := spec.cols
	if spec.written {
		cols = append(cols[:len(cols):len(cols)], colWritten)
	}
	n := len(cols)
	lastRow := spec.rows + 1
	lastCell, err := excelize.CoordinatesToCellName(n, lastRow)
	if err != nil {
		return nil, err
	}
	// Readers that trust the dimension would otherwise see a single row.
	if err := f.SetSheetDimension(spec.sheet, "A1:"+lastCell); err != nil {
		return nil, err
	}
	// The filter first: excelize's AutoFilter replaces the sheet's
	// properties, which the page setup sets.
	filterTo, _ := excelize.CoordinatesToCellName(n, max(lastRow, 2))
	if err := f.AutoFilter(spec.sheet, "A1:"+filterTo, nil); err != nil {
		return nil, err
	}
	if err := sheetfit.Setup(f, spec.sheet, sheetfit.Page{Landscape: true, HeaderRow: 1, PagesWide: spec.pagesWide, Lang: meta.Lang}); err != nil {
		return nil, err
	}
	styleOf := func(k colKind) int {
		switch k {
		case kInt:
			return st.intNum
		case kDecision:
			return st.decision
		case kHidden:
			return st.hidden
		}
		return st.text
	}
	for j, c := range cols {
		col := sheetxml.ColumnName(j + 1)
		if err := f.SetColWidth(spec.sheet, col, col, c.width); err != nil {
			return nil, err
		}
		if err := f.SetColStyle(spec.sheet, col, styleOf(c.kind)); err != nil {
			return nil, err
		}
		if c.kind == kHidden {
			if err := f.SetColVisible(spec.sheet, col, false); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetPanes(spec.sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "B2", ActiveCell: "B2", Pane: "bottomRight"}}}); err != nil {
		return nil, err
	}
	if spec.after != nil {
		if err := spec.after(spec.sheet, max(lastRow, 2)); err != nil {
			return nil, err
		}
	}
	if spec.protect {
		if err := f.ProtectSheet(spec.sheet, &excelize.SheetProtectionOptions{
			AutoFilter: true, Sort: true, FormatColumns: true, FormatRows: true,
			SelectLockedCells: true, SelectUnlockedCells: true,
		}); err != nil {
			return nil, err
		}
	}
	return func(w io.Writer) error {
		x := sheetxml.New(w)
		lines := 1
		for _, c := range cols {
			if c.kind != kHidden {
				lines = max(lines, sheetfit.Lines(c.header(meta), c.width/sheetfit.Bold))
			}
		}
		x.Row(1, sheetfit.Height(lines))
		for j, c := range cols {
			hs := st.head
			if c.kind == kDecision {
				hs = st.headDecision
			}
			x.Str(j, hs, c.header(meta))
		}
		x.EndRow()
		vals := make([]value, n)
		// Each column's measure remembers its texts: rows repeat them.
		measures := make([]*sheetfit.Column, n)
		for j, c := range cols {
			measures[j] = sheetfit.NewColumn(c.width)
		}
		digests := newRowDigester(spec.cols, spec.perCell)
		for i := range spec.rows {
			if i%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			clear(vals)
			spec.fill(i, vals)
			lines := 1
			for j, c := range cols {
				if s := vals[j].s; !vals[j].num && s != "" && (c.kind == kText || c.kind == kDecision) {
					lines = max(lines, measures[j].Lines(s))
				}
			}
			height := 0.0
			if lines > 1 {
				height = sheetfit.Height(lines)
			}
			x.Row(i+2, height)
			for j, c := range spec.cols {
				pre := writeCell(x, j, st, c.kind, vals[j])
				if spec.written && c.readOnly() {
					digests.add(j, c.kind, vals[j], pre)
				}
			}
			if spec.written {
				// The hidden column, last: the digest of the cells just
				// written.
				writeCell(x, n-1, st, kHidden, text(digests.sum()))
			}
			x.EndRow()
		}
		return x.Close()
	}, nil
}

// writeCell writes a value of a row as a styled cell: strings always as
// text (never a formula, whatever they start with) made safe as safeText
// makes them (reporting whether the text is nfc.PrecomposedText, which
// the writer finds out), integers as numbers,
// blanks as nothing, but for decision cells, which keep their unlocked
// style.
func writeCell(x *sheetxml.Writer, j int, st *styles, k colKind, v value) (precomposed bool) {
	switch {
	case k == kInt && v.num:
		x.Int(j, st.intNum, v.n)
	case v.num || v.s == "":
		// A number written only in a number column; nothing else
		// empty but a decision's cell, which keeps its style.
		if k == kDecision {
			x.Empty(j, st.decision)
		}
	case k == kDecision:
		return x.SafeStr(j, st.decision, v.s)
	case k == kHidden:
		return x.SafeStr(j, st.hidden, v.s)
	default:
		return x.SafeStr(j, st.text, v.s)
	}
	return false
}

// colLetter returns the letter of the 1-based column.
func colLetter(j int) string {
	s, _ := excelize.ColumnNumberToName(j)
	return s
}
