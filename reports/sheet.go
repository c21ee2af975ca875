package reports

import (
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
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
	head, headDecision, text, intNum, decision, title, bold, wrap int
	sevBlocker, sevHigh, sevMedium, sevInfo                       int // conditional formats
}

func newStyles(f *excelize.File) (*styles, error) {
	var s styles
	border := []excelize.Border{{Type: "bottom", Color: "1F3864", Style: 1}}
	defs := []struct {
		dst *int
		st  *excelize.Style
	}{
		{&s.head, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, NumFmt: 49, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}},
		{&s.headDecision, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "000000"}, NumFmt: 49, Border: border,
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFD966"}},
			Alignment:  &excelize.Alignment{WrapText: true, Vertical: "center"},
			Protection: &excelize.Protection{Locked: true}}},
		{&s.text, &excelize.Style{NumFmt: 49}},
		{&s.intNum, &excelize.Style{NumFmt: 3}},
		{&s.decision, &excelize.Style{NumFmt: 49, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}},
			Protection: &excelize.Protection{Locked: false}}},
		{&s.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "1F3864"}}},
		{&s.bold, &excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49}},
		{&s.wrap, &excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.st)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	cond := []struct {
		dst      *int
		font, bg string
	}{
		{&s.sevBlocker, "9C0006", "FFC7CE"},
		{&s.sevHigh, "833C0B", "F8CBAD"},
		{&s.sevMedium, "7F6000", "FFEB9C"},
		{&s.sevInfo, "1F4E78", "DDEBF7"},
	}
	for _, c := range cond {
		id, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: c.font},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.bg}}})
		if err != nil {
			return nil, err
		}
		*c.dst = id
	}
	return &s, nil
}

// streamSpec describes one streamed sheet: its columns, how many data rows,
// how to fill row i, and what to add after the rows (drop-downs,
// conditional formats), which must come before Flush.
type streamSpec struct {
	sheet   string
	cols    []column
	rows    int
	fill    func(i int, row []any)
	after   func(sw *excelize.StreamWriter, lastRow int) error
	protect bool
}

// writeStream writes a sheet with the StreamWriter in the order excelize
// requires: dimension, widths, column styles and panes before the first row;
// rows in order; filters, validations, conditional formats and protection
// after the rows and before Flush (after Flush they are silently dropped).
func writeStream(f *excelize.File, st *styles, meta Meta, spec streamSpec) error {
	n := len(spec.cols)
	lastRow := spec.rows + 1
	lastCell, err := excelize.CoordinatesToCellName(n, lastRow)
	if err != nil {
		return err
	}
	// excelize otherwise records a dimension of A1, and readers that trust
	// it see a single row.
	if err := f.SetSheetDimension(spec.sheet, "A1:"+lastCell); err != nil {
		return err
	}
	if err := printSetup(f, spec.sheet, true); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(spec.sheet)
	if err != nil {
		return err
	}
	for j, c := range spec.cols {
		if err := sw.SetColWidth(j+1, j+1, c.width); err != nil {
			return err
		}
		style := st.text
		switch c.kind {
		case kInt:
			style = st.intNum
		case kDecision:
			style = st.decision
		}
		if err := sw.SetColStyle(j+1, j+1, style); err != nil {
			return err
		}
		if c.kind == kHidden {
			if err := sw.SetColVisible(j+1, j+1, false); err != nil {
				return err
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "B2", ActiveCell: "B2", Pane: "bottomRight"}}}); err != nil {
		return err
	}
	row := make([]any, n)
	// Tall enough for the longest header wrapped in its column (about one
	// character per width unit, 15 points a line).
	lines := 2
	for _, c := range spec.cols {
		if w := int(c.width); w > 0 {
			lines = max(lines, min(4, (utf8.RuneCountInString(c.header(meta))+w-2)/(w-1)))
		}
	}
	for j, c := range spec.cols {
		hs := st.head
		if c.kind == kDecision {
			hs = st.headDecision
		}
		row[j] = excelize.Cell{StyleID: hs, Value: c.header(meta)}
	}
	if err := sw.SetRow("A1", row, excelize.RowOpts{Height: float64(15*lines + 2)}); err != nil {
		return err
	}
	vals := make([]any, n)
	for i := range spec.rows {
		clear(vals)
		spec.fill(i, vals)
		for j, c := range spec.cols {
			row[j] = cellValue(st, c.kind, vals[j])
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	lastHead, _ := excelize.CoordinatesToCellName(n, 1)
	filterTo, _ := excelize.CoordinatesToCellName(n, max(lastRow, 2))
	_ = lastHead
	if err := f.AutoFilter(spec.sheet, "A1:"+filterTo, nil); err != nil {
		return err
	}
	if spec.after != nil {
		if err := spec.after(sw, max(lastRow, 2)); err != nil {
			return err
		}
	}
	if spec.protect {
		if err := f.ProtectSheet(spec.sheet, &excelize.SheetProtectionOptions{
			AutoFilter: true, Sort: true, FormatColumns: true, FormatRows: true,
			SelectLockedCells: true, SelectUnlockedCells: true,
		}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// printSetup makes a sheet print (and convert to PDF) readably: landscape,
// all columns on the page width, the header row repeated on every page. It
// runs before the sheet is streamed: the sheet properties are written when
// the stream starts.
func printSetup(f *excelize.File, sheet string, repeatHeader bool) error {
	yes := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	landscape, one, any := "landscape", 1, 0
	paper := 9 // A4
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &paper, Orientation: &landscape, FitToWidth: &one, FitToHeight: &any}); err != nil {
		return err
	}
	if !repeatHeader {
		return nil
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet})
}

// cellValue turns a value of a row into a styled cell: strings always as
// text (never a formula, whatever they start with), integers as numbers,
// blanks as nothing, but for decision cells, which keep their unlocked
// style.
func cellValue(st *styles, k colKind, v any) any {
	switch k {
	case kDecision:
		s, _ := v.(string)
		if s == "" {
			return excelize.Cell{StyleID: st.decision}
		}
		return excelize.Cell{StyleID: st.decision, Value: safeText(s)}
	case kInt:
		switch n := v.(type) {
		case int:
			return excelize.Cell{StyleID: st.intNum, Value: n}
		case int64:
			return excelize.Cell{StyleID: st.intNum, Value: n}
		case string:
			if n == "" {
				return nil
			}
			return excelize.Cell{StyleID: st.text, Value: safeText(n)}
		}
		return nil
	}
	s, _ := v.(string)
	if s == "" {
		return nil
	}
	return excelize.Cell{StyleID: st.text, Value: safeText(s)}
}

// colLetter returns the letter of the 1-based column.
func colLetter(j int) string {
	s, _ := excelize.ColumnNumberToName(j)
	return s
}
