package reports

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/outfile"
	"github.com/ndta-vn/archmerge/internal/sheetfit"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// History is the weekly progress the national summary shows: for each
// ISO week, each province's state at the end of the week (its latest
// saved plan by then) and their sums. The workspace builds it from the
// snapshots every saved plan records.
type History struct {
	Weeks     []HistoryWeek
	National  []HistoryPoint // one per week
	Provinces []ProvinceHistory
}

// HistoryWeek is one ISO week: its id ("2026-W23") and its Monday
// (yyyy-mm-dd).
type HistoryWeek struct{ ID, Monday string }

// ProvinceHistory is one province's weekly series.
type ProvinceHistory struct {
	Code, Name string
	Points     []HistoryPoint // one per week
}

// HistoryPoint is a state at the end of a week; Known is false before a
// province's first plan.
type HistoryPoint struct {
	Known     bool
	Open      map[migrate.Severity]int
	Resolved  map[migrate.Severity]int
	Decisions int
}

// resolved sums the resolved flags of every severity.
func (p HistoryPoint) resolved() int {
	n := 0
	for _, v := range p.Resolved {
		n += v
	}
	return n
}

var nationalCols = []column{
	{"Mã tỉnh", "Code", 6, kText},
	{"Tên tỉnh", "Province", 20, kText},
	{"Tỉnh cũ", "Old provinces", 10, kText},
	{"Phần tử trước", "Elements before", 9, kInt},
	{"Phần tử sau", "Elements after", 9, kInt},
	{"Cụm trùng lặp", "Clusters", 9, kInt},
	{"Chặn — chưa xử lý", "Blocker open", 9, kInt},
	{"Cao — chưa xử lý", "High open", 9, kInt},
	{"Trung bình — chưa xử lý", "Medium open", 10, kInt},
	{"Thông tin — chưa xử lý", "Info open", 10, kInt},
	{"Chặn — đã xử lý", "Blocker resolved", 9, kInt},
	{"Cao — đã xử lý", "High resolved", 9, kInt},
	{"Trung bình — đã xử lý", "Medium resolved", 10, kInt},
	{"Thông tin — đã xử lý", "Info resolved", 10, kInt},
	{"Quyết định đã ghi", "Decisions", 9, kInt},
	{"Chi phí phần tử đề xuất dừng/hợp nhất (VNĐ/năm)", "Annual cost to retire or merge (VND)", 19, kInt},
	{"Bộ dữ liệu cần chuyển mã", "Datasets to re-key", 10, kInt},
	{"Tệp sổ đối soát", "Workbook", 20, kText},
}

// axisFont is the font of the charts' axes: dark enough to read on paper.
var axisFont = excelize.Font{Color: "404040", Size: 9, Family: sheetfit.Font}

// nationalHead is the header row of the national table: a title and the
// plan's identity stand above it.
const nationalHead = 4

// WriteNational writes national-summary.xlsx into dir: one row per new
// province of plan p with its counts and a national totals row, a chart
// of open flags by severity per province, the weekly progress of hist
// (nil when there is none yet) with its line charts, and the identity
// sheet. It returns the file's path.
func WriteNational(ctx context.Context, dir string, p *migrate.Plan, m *mapping.Mapping, meta Meta, hist *History) (string, error) {
	if meta.Lang == "" {
		meta.Lang = "vi"
	}
	path := filepath.Join(dir, NationalFileName)
	if err := ctx.Err(); err != nil {
		return "", err
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet, progress := shNational.in(meta), shProgress.in(meta)
	if err := createSheets(f, []string{sheet, progress, SheetIdentity, SheetLists}); err != nil {
		return "", fmt.Errorf("report %s: %w", path, err)
	}
	st, err := newStyles(f)
	if err != nil {
		return "", fmt.Errorf("report %s: %w", path, err)
	}
	for _, step := range []func() error{
		func() error { return writeIdentity(f, meta, p, "national") },
		func() error { return writeLists(f, meta, nil) },
		func() error { return writeNationalSheet(f, st, meta, sheet, p) },
		func() error { return writeProgressSheet(f, st, meta, progress, p, hist) },
	} {
		if err := step(); err != nil {
			return "", fmt.Errorf("report %s: %w", path, err)
		}
	}
	if err := outfile.Workbook(f, path); err != nil {
		return "", err
	}
	return path, nil
}

func writeNationalSheet(f *excelize.File, st *styles, meta Meta, sheet string, p *migrate.Plan) error {
	w := &cellWriter{f: f, sheet: sheet}
	widths := make([]float64, len(nationalCols))
	for j, c := range nationalCols {
		widths[j] = c.width
	}
	last := colLetter(len(nationalCols))
	w.wide(1, meta.text("Tổng hợp toàn quốc — đối soát kiến trúc số sau sắp xếp đơn vị hành chính",
		"National summary — digital architecture reconciliation after the administrative reorganisation"), st.title, 14, last, widths)
	w.wide(2, fmt.Sprintf(meta.text("Phương án %s, ngày %s, bảng chuyển đổi %s; %d tỉnh, thành phố mới. Trang %s: tiến độ theo tuần.",
		"Plan %s, as of %s, mapping %s; %d new provinces. Sheet %s: progress week by week."),
		p.ID, p.AsOf, p.Mapping, len(p.Provinces), shProgress.in(meta)), st.note, 11, last, widths)
	lines := 1
	for j, c := range nationalCols {
		w.set(colLetter(j+1), nationalHead, c.header(meta), st.head)
		lines = max(lines, sheetfit.Lines(c.header(meta), c.width/sheetfit.Bold))
		if w.err == nil {
			w.err = f.SetColWidth(sheet, colLetter(j+1), colLetter(j+1), c.width)
		}
	}
	// The severity columns' headers wear their colour.
	for k, sev := range migrate.Severities {
		for _, j := range []int{7 + k, 11 + k} {
			w.set(colLetter(j), nationalHead, nationalCols[j-1].header(meta), st.sevHead[sev])
		}
	}
	if w.err != nil {
		return w.err
	}
	if err := f.SetRowHeight(sheet, nationalHead, sheetfit.Height(lines)); err != nil {
		return err
	}
	total := migrate.ProvinceSummary{Flags: map[migrate.Severity]int{}, Resolved: map[migrate.Severity]int{}}
	row := func(s migrate.ProvinceSummary) []any {
		return []any{s.ElementsBefore, s.ElementsAfter, s.Clusters,
			s.Flags[migrate.Blocker], s.Flags[migrate.High], s.Flags[migrate.Medium], s.Flags[migrate.Info],
			s.Resolved[migrate.Blocker], s.Resolved[migrate.High], s.Resolved[migrate.Medium], s.Resolved[migrate.Info],
			s.Decisions, s.RetireCost, s.DatasetsRekey}
	}
	for i, s := range p.Provinces {
		r := nationalHead + 1 + i
		vals := append(append([]any{s.Code, s.Name, joinComma(s.Predecessors)}, row(s)...), ProvinceFileName(s.Code, s.Name))
		lines := 1
		for j, v := range vals {
			style := st.text
			if nationalCols[j].kind == kInt {
				style = st.intNum
			} else if s, ok := v.(string); ok {
				lines = max(lines, sheetfit.Lines(s, nationalCols[j].width))
			}
			w.set(colLetter(j+1), r, v, style)
		}
		if lines > 1 && w.err == nil {
			w.err = f.SetRowHeight(sheet, r, sheetfit.Height(lines))
		}
		total.ElementsBefore += s.ElementsBefore
		total.ElementsAfter += s.ElementsAfter
		total.Clusters += s.Clusters
		total.Decisions += s.Decisions
		total.RetireCost += s.RetireCost
		total.DatasetsRekey += s.DatasetsRekey
		for _, sev := range migrate.Severities {
			total.Flags[sev] += s.Flags[sev]
			total.Resolved[sev] += s.Resolved[sev]
		}
	}
	n := len(p.Provinces)
	totalRow := nationalHead + 1 + n
	w.set("B", totalRow, meta.text("Cả nước", "Whole country"), st.totalText)
	for j, v := range row(total) {
		w.set(colLetter(4+j), totalRow, v, st.totalInt)
	}
	for _, c := range []string{"A", "C", colLetter(len(nationalCols))} {
		w.set(c, totalRow, "", st.totalText)
	}
	if w.err != nil {
		return w.err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: nationalHead, TopLeftCell: fmt.Sprintf("C%d", nationalHead+1), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	// The filter leaves the totals row out, so that sorting keeps it last.
	if err := f.AutoFilter(sheet, fmt.Sprintf("A%d:%s%d", nationalHead, last, max(nationalHead+n, nationalHead+1)), nil); err != nil {
		return err
	}
	if n > 0 {
		q := "'" + sheet + "'!"
		var series []excelize.ChartSeries
		for k, sev := range migrate.Severities {
			col := colLetter(7 + k)
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("%s$%s$%d", q, col, nationalHead),
				Categories: fmt.Sprintf("%s$B$%d:$B$%d", q, nationalHead+1, nationalHead+n),
				Values:     fmt.Sprintf("%s$%s$%d:$%s$%d", q, col, nationalHead+1, col, nationalHead+n),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{severityColours[sev].fill}},
			})
		}
		chart := &excelize.Chart{
			Type:   excelize.ColStacked,
			Series: series,
			// The provinces' names, slanted so that 34 of them read.
			XAxis:     excelize.ChartAxis{Font: axisFont, Alignment: excelize.Alignment{TextRotation: -45}},
			YAxis:     excelize.ChartAxis{Font: axisFont, MajorGridLines: true},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: meta.text("Cảnh báo chưa xử lý theo tỉnh", "Open flags by province")}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: tablePixels(widths), Height: 420},
		}
		// On a page of its own, so that the page break does not cut it.
		if err := f.InsertPageBreak(sheet, fmt.Sprintf("A%d", totalRow+2)); err != nil {
			return err
		}
		if err := f.AddChart(sheet, fmt.Sprintf("A%d", totalRow+3), chart); err != nil {
			return err
		}
	}
	// After AutoFilter, which replaces the sheet properties holding the
	// fit-to-page flag.
	if err := sheetfit.Setup(f, sheet, sheetfit.Page{Landscape: true, HeaderRow: nationalHead, Lang: meta.Lang}); err != nil {
		return err
	}
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{AutoFilter: true, Sort: true, FormatColumns: true, FormatRows: true,
		SelectLockedCells: true, SelectUnlockedCells: true})
}

// tablePixels is the width in pixels of columns of these widths, as
// spreadsheets draw them: a chart that wide spans the table.
func tablePixels(widths []float64) uint {
	px := 0.0
	for _, w := range widths {
		px += w*7 + 5
	}
	return uint(px)
}

// linePalette and lineDashes tell the provinces' lines apart: ten
// colours, then the same colours dashed, dotted and dash-dotted, so that
// 34 provinces get 34 different lines.
var (
	linePalette = []string{"1F77B4", "FF7F0E", "2CA02C", "D62728", "9467BD", "8C564B", "E377C2", "7F7F7F", "BCBD22", "17BECF"}
	lineDashes  = []excelize.LineDashType{excelize.LineDashSolid, excelize.LineDashDash, excelize.LineDashSysDot, excelize.LineDashLgDashDot}
)

// progressRows are the national rows of the Tiến độ sheet.
func progressRows(meta Meta) []struct {
	label string
	sev   migrate.Severity // "" for the resolved and decision rows
	value func(HistoryPoint) int
} {
	type r = struct {
		label string
		sev   migrate.Severity
		value func(HistoryPoint) int
	}
	open := func(sev migrate.Severity) func(HistoryPoint) int {
		return func(p HistoryPoint) int { return p.Open[sev] }
	}
	return []r{
		{meta.text("Chặn chưa xử lý", "Open blockers"), migrate.Blocker, open(migrate.Blocker)},
		{meta.text("Cao chưa xử lý", "Open high"), migrate.High, open(migrate.High)},
		{meta.text("Trung bình chưa xử lý", "Open medium"), migrate.Medium, open(migrate.Medium)},
		{meta.text("Thông tin chưa xử lý", "Open info"), migrate.Info, open(migrate.Info)},
		{meta.text("Đã xử lý (mọi mức độ)", "Resolved (all severities)"), "", HistoryPoint.resolved},
		{meta.text("Quyết định đã ghi", "Decisions recorded"), "", func(p HistoryPoint) int { return p.Decisions }},
	}
}

// writeProgressSheet writes the Tiến độ sheet: week by week (one column
// per ISO week), the national open flags by severity, resolved flags and
// decisions, then each province's open blockers and open high flags, with
// a line chart of each table's blockers and high flags. A week's figures
// are those of the last plan saved in that week, carried forward; a
// province's cells are empty before its first plan.
func writeProgressSheet(f *excelize.File, st *styles, meta Meta, sheet string, p *migrate.Plan, h *History) error {
	w := &cellWriter{f: f, sheet: sheet}
	weeks := 0
	if h != nil {
		weeks = len(h.Weeks)
	}
	widths := []float64{7, 24}
	for range max(weeks, 4) {
		widths = append(widths, 10)
	}
	last := colLetter(len(widths))
	for i, x := range widths {
		if err := f.SetColWidth(sheet, colLetter(i+1), colLetter(i+1), x); err != nil {
			return err
		}
	}
	w.wide(1, meta.text("Tiến độ theo tuần: cảnh báo còn mở và đã xử lý", "Progress week by week: flags open and resolved"), st.title, 14, last, widths)
	w.wide(2, meta.text("Mỗi cột là một tuần (ISO, từ thứ Hai, giờ Việt Nam): số liệu của phương án lưu sau cùng trong tuần, giữ nguyên đến lần lưu sau; ô trống là tỉnh chưa có phương án. Mỗi lần plan, apply, report hay batch lưu phương án đều ghi lại một mốc.",
		"Each column is a week (ISO, from Monday, Vietnam time): the figures of the last plan saved that week, carried forward to the next; an empty cell is a province with no plan yet. Every plan saved by plan, apply, report or batch records one."),
		st.note, 11, last, widths)
	if weeks == 0 {
		w.wide(4, fmt.Sprintf(meta.text("Chưa có số liệu theo tuần: kho chưa lưu phương án nào (phương án %s chưa được lưu).",
			"No weekly figures yet: the workspace has saved no plan (plan %s is not saved yet)."), p.ID), st.wrap, 11, last, widths)
		if w.err != nil {
			return w.err
		}
		return finishProgress(f, sheet, meta)
	}
	weekLast := colLetter(2 + weeks)
	header := func(r int, code, label string) {
		w.set("A", r, code, st.head)
		w.set("B", r, label, st.head)
		for i, wk := range h.Weeks {
			w.set(colLetter(3+i), r, wk.ID+"\n"+wk.Monday, st.head)
		}
		if w.err == nil {
			w.err = f.SetRowHeight(sheet, r, sheetfit.Height(2))
		}
	}
	value := func(r, i int, known bool, v int) {
		if known {
			w.set(colLetter(3+i), r, v, st.intNum)
		}
	}
	q := "'" + sheet + "'!"
	type table struct {
		title       string
		first, last int // rows
	}
	r := 4
	header(r, "", meta.text("Cả nước", "Whole country"))
	natHead := r
	for _, pr := range progressRows(meta) {
		r++
		style := st.wrap
		if pr.sev != "" {
			style = st.sevCell[pr.sev]
		}
		w.set("B", r, pr.label, style)
		for i, pt := range h.National {
			value(r, i, pt.Known, pr.value(pt))
		}
	}
	var provTables []table
	for _, sev := range []migrate.Severity{migrate.Blocker, migrate.High} {
		r += 2
		title := meta.text("Chặn chưa xử lý theo tỉnh", "Open blockers by province")
		if sev == migrate.High {
			title = meta.text("Cao chưa xử lý theo tỉnh", "Open high by province")
		}
		header(r, meta.text("Mã", "Code"), title)
		w.set("B", r, title, st.sevCell[sev])
		t := table{title: title, first: r + 1}
		for _, ph := range h.Provinces {
			r++
			w.set("A", r, ph.Code, st.text)
			w.set("B", r, ph.Name, st.text)
			for i, pt := range ph.Points {
				value(r, i, pt.Known, pt.Open[sev])
			}
		}
		t.last = r
		provTables = append(provTables, t)
	}
	if w.err != nil {
		return w.err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 2, TopLeftCell: "C1", ActivePane: "topRight"}); err != nil {
		return err
	}
	width := max(960, tablePixels(widths))
	cats := fmt.Sprintf("%s$C$%d:$%s$%d", q, natHead, weekLast, natHead)
	line := func(title string, series []excelize.ChartSeries, height uint, legend string) *excelize.Chart {
		return &excelize.Chart{Type: excelize.Line, Series: series,
			XAxis:     excelize.ChartAxis{Font: axisFont},
			YAxis:     excelize.ChartAxis{Font: axisFont, MajorGridLines: true},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
			Legend:    excelize.ChartLegend{Position: legend},
			Dimension: excelize.ChartDimension{Width: width, Height: height}}
	}
	var national []excelize.ChartSeries
	for k, sev := range []migrate.Severity{migrate.Blocker, migrate.High} {
		national = append(national, excelize.ChartSeries{
			Name: fmt.Sprintf("%s$B$%d", q, natHead+1+k), Categories: cats,
			Values: fmt.Sprintf("%s$C$%d:$%s$%d", q, natHead+1+k, weekLast, natHead+1+k),
			Line:   excelize.LineOptions{Width: 2.5}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{severityColours[sev].fill}},
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 5,
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{severityColours[sev].fill}}},
		})
	}
	// Each chart on a page of its own, so that page breaks do not cut
	// them: a break after row at, the chart from the next (a chart spans
	// 16 or 30 rows of 20 pixels).
	at := r + 2
	if err := f.InsertPageBreak(sheet, fmt.Sprintf("A%d", at)); err != nil {
		return err
	}
	if err := f.AddChart(sheet, fmt.Sprintf("A%d", at+1), line(meta.text("Cả nước: cảnh báo chặn và cao còn mở theo tuần", "Whole country: open blockers and high flags by week"), national, 320, "bottom")); err != nil {
		return err
	}
	at += 18
	for _, t := range provTables {
		var series []excelize.ChartSeries
		for row := t.first; row <= t.last; row++ {
			k := row - t.first
			series = append(series, excelize.ChartSeries{
				Name: fmt.Sprintf("%s$B$%d", q, row), Categories: cats,
				Values: fmt.Sprintf("%s$C$%d:$%s$%d", q, row, weekLast, row),
				Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{linePalette[k%len(linePalette)]}},
				Line:   excelize.LineOptions{Width: 1.75, Dash: lineDashes[k/len(linePalette)%len(lineDashes)]},
				// A dot on each week: a one-week series shows too.
				Marker: excelize.ChartMarker{Symbol: "circle", Size: 4,
					Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{linePalette[k%len(linePalette)]}}},
			})
		}
		if len(series) == 0 {
			continue
		}
		if err := f.InsertPageBreak(sheet, fmt.Sprintf("A%d", at)); err != nil {
			return err
		}
		if err := f.AddChart(sheet, fmt.Sprintf("A%d", at+1), line(t.title, series, 600, "bottom")); err != nil {
			return err
		}
		at += 32
	}
	return finishProgress(f, sheet, meta)
}

// finishProgress sets up the Tiến độ sheet's printing and protects it.
func finishProgress(f *excelize.File, sheet string, meta Meta) error {
	if err := sheetfit.Setup(f, sheet, sheetfit.Page{Landscape: true, Lang: meta.Lang}); err != nil {
		return err
	}
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{FormatColumns: true, FormatRows: true, SelectLockedCells: true, SelectUnlockedCells: true})
}
