package reports

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"unicode/utf8"

	"github.com/ndta-vn/archmerge/internal/outfile"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// cell is a small helper over the non-streaming API for the summary sheets,
// which are short; it remembers the first error.
type cellWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *cellWriter) set(col string, row int, v any, style int) {
	if w.err != nil {
		return
	}
	ref := col + strconv.Itoa(row)
	switch x := v.(type) {
	case string:
		w.err = w.f.SetCellStr(w.sheet, ref, safeText(x))
	default:
		w.err = w.f.SetCellValue(w.sheet, ref, x)
	}
	if w.err == nil && style > 0 {
		w.err = w.f.SetCellStyle(w.sheet, ref, ref, style)
	}
}

func (d *provinceData) unitName(code string) string {
	if u, ok := d.m.NewUnit(code); ok {
		return u.Name
	}
	return code
}

// writeSummary writes the Tổng quan sheet: the province, its counts, open
// and resolved flags by severity, elements by layer before and after, two
// charts, and how to fill in the workbook.
func (d *provinceData) writeSummary(f *excelize.File, st *styles) error {
	meta := d.meta
	sheet := shSummary.in(meta)
	if err := printSetup(f, sheet, false); err != nil {
		return err
	}
	w := &cellWriter{f: f, sheet: sheet}
	s := d.sum
	w.set("A", 1, meta.text("Sổ đối soát kiến trúc số — ", "Architecture reconciliation workbook — ")+s.Code+" "+s.Name, st.title)
	w.set("A", 2, fmt.Sprintf(meta.text("Phương án %s, ngày %s, bảng chuyển đổi %s", "Plan %s, as of %s, mapping %s"), d.p.ID, d.p.AsOf, d.p.Mapping), 0)
	var preds []string
	for _, c := range s.Predecessors {
		if u, ok := d.m.OldUnit(c); ok {
			preds = append(preds, c+" "+u.Name)
		} else {
			preds = append(preds, c)
		}
	}
	w.set("A", 3, meta.text("Tỉnh cũ: ", "Old provinces: ")+joinComma(preds), 0)

	r := 5
	w.set("A", r, meta.text("Chỉ số", "Figure"), st.head)
	w.set("B", r, meta.text("Giá trị", "Value"), st.head)
	figures := []struct {
		label string
		v     any
	}{
		{meta.text("Phần tử trước hợp nhất", "Elements before"), s.ElementsBefore},
		{meta.text("Phần tử sau hợp nhất", "Elements after"), s.ElementsAfter},
		{meta.text("Cụm trùng lặp", "Duplicate clusters"), s.Clusters},
		{meta.text("Quyết định đã ghi", "Decisions recorded"), s.Decisions},
		{meta.text("Chi phí hằng năm của phần tử đề xuất dừng/hợp nhất (VNĐ)", "Annual cost of elements to retire or merge (VND)"), s.RetireCost},
		{meta.text("Bộ dữ liệu cần chuyển mã", "Datasets to re-key"), s.DatasetsRekey},
		{meta.text("Đơn vị cũ chưa kê khai", "Old units that declared nothing"), len(s.MissingUnits)},
	}
	for _, fg := range figures {
		r++
		w.set("A", r, fg.label, 0)
		w.set("B", r, fg.v, st.intNum)
	}

	r += 2
	sevHead := r
	w.set("A", r, meta.text("Mức độ cảnh báo", "Flag severity"), st.head)
	w.set("B", r, meta.text("Chưa xử lý", "Open"), st.head)
	w.set("C", r, meta.text("Đã xử lý", "Resolved"), st.head)
	for _, sev := range migrate.Severities {
		r++
		w.set("A", r, severityLabel(sev, meta), 0)
		w.set("B", r, s.Flags[sev], st.intNum)
		w.set("C", r, s.Resolved[sev], st.intNum)
	}
	sevLast := r

	r += 2
	layerHead := r
	before, after := map[int]int{}, map[int]int{}
	for _, e := range d.elems {
		l := inventory.Kind(e.Kind).Layer()
		before[l]++
		if e.Treatment != migrate.Merge && e.Treatment != migrate.Retire {
			after[l]++
		}
	}
	w.set("A", r, meta.text("Lớp kiến trúc (QĐ 3090/QĐ-BKHCN)", "Architecture layer (Decision 3090/QĐ-BKHCN)"), st.head)
	w.set("B", r, meta.text("Trước", "Before"), st.head)
	w.set("C", r, meta.text("Sau", "After"), st.head)
	layers := []int{1, 2, 3, 4}
	if before[0] > 0 {
		layers = append(layers, 0)
	}
	for _, l := range layers {
		r++
		w.set("A", r, layerLabel(l, meta), 0)
		w.set("B", r, before[l], st.intNum)
		w.set("C", r, after[l], st.intNum)
	}
	layerLast := r

	r += 2
	w.set("A", r, meta.text("Cách điền", "How to fill in"), st.bold)
	for _, line := range howTo(meta) {
		r++
		w.set("A", r, line, 0)
	}
	if w.err != nil {
		return w.err
	}
	if err := f.SetColWidth(sheet, "A", "A", 58); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "C", 14); err != nil {
		return err
	}
	q := "'" + sheet + "'!"
	sevChart := &excelize.Chart{
		Type: excelize.ColStacked,
		Series: []excelize.ChartSeries{
			{Name: fmt.Sprintf("%s$B$%d", q, sevHead), Categories: fmt.Sprintf("%s$A$%d:$A$%d", q, sevHead+1, sevLast), Values: fmt.Sprintf("%s$B$%d:$B$%d", q, sevHead+1, sevLast),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}}},
			{Name: fmt.Sprintf("%s$C$%d", q, sevHead), Categories: fmt.Sprintf("%s$A$%d:$A$%d", q, sevHead+1, sevLast), Values: fmt.Sprintf("%s$C$%d:$C$%d", q, sevHead+1, sevLast),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"70AD47"}}},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: meta.text("Cảnh báo theo mức độ", "Flags by severity")}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 480, Height: 260},
	}
	if err := f.AddChart(sheet, "E5", sevChart); err != nil {
		return err
	}
	layerChart := &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{
			{Name: fmt.Sprintf("%s$B$%d", q, layerHead), Categories: fmt.Sprintf("%s$A$%d:$A$%d", q, layerHead+1, layerLast), Values: fmt.Sprintf("%s$B$%d:$B$%d", q, layerHead+1, layerLast)},
			{Name: fmt.Sprintf("%s$C$%d", q, layerHead), Categories: fmt.Sprintf("%s$A$%d:$A$%d", q, layerHead+1, layerLast), Values: fmt.Sprintf("%s$C$%d:$C$%d", q, layerHead+1, layerLast)},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: meta.text("Phần tử theo lớp kiến trúc", "Elements by layer")}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 480, Height: 260},
	}
	if err := f.AddChart(sheet, "E20", layerChart); err != nil {
		return err
	}
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, EditObjects: false})
}

func howTo(meta Meta) []string {
	if meta.en() {
		return []string{
			"1. Sheet Systems: for each element, choose a Decision from the drop-down (yellow columns are the only editable ones).",
			"2. For Merge, write the key of the surviving element (e.g. 08/KTTTHC) in Merge into; it must be in this province.",
			"3. New unit: the new commune or province that takes the element over (a successor of its old unit). New owner: the owning agency.",
			"4. Save the file (any name) and run: archmerge apply FILE.xlsx --by \"Your name\". Nothing is recorded if any row is wrong.",
			"5. Sheets Flags, Integrations and Data list what the decisions must settle; the next report shows the decisions filled in.",
		}
	}
	return []string{
		"1. Trang Hệ thống: với mỗi phần tử, chọn Quyết định trong danh sách (chỉ các cột nền vàng được sửa).",
		"2. Với Hợp nhất, ghi khoá phần tử được giữ lại (ví dụ 08/KTTTHC) vào cột Hợp nhất vào; phần tử đó phải thuộc tỉnh này.",
		"3. Đơn vị mới: xã hoặc tỉnh mới tiếp nhận (phải là đơn vị kế thừa của đơn vị cũ). Chủ quản mới: cơ quan chủ quản.",
		"4. Lưu tệp (tên tuỳ ý) rồi chạy: archmerge apply TỆP.xlsx --by \"Họ tên\". Nếu có dòng sai, không quyết định nào được ghi.",
		"5. Các trang Cảnh báo, Tích hợp, Dữ liệu liệt kê những điểm cần quyết định; sổ xuất lần sau hiển thị các quyết định đã ghi.",
	}
}

var nationalCols = []column{
	{"Mã tỉnh", "Code", 8, kText},
	{"Tên tỉnh", "Province", 26, kText},
	{"Tỉnh cũ", "Old provinces", 14, kText},
	{"Phần tử trước", "Elements before", 11, kInt},
	{"Phần tử sau", "Elements after", 11, kInt},
	{"Cụm trùng lặp", "Clusters", 10, kInt},
	{"Chặn — chưa xử lý", "Blocker open", 10, kInt},
	{"Cao — chưa xử lý", "High open", 10, kInt},
	{"Trung bình — chưa xử lý", "Medium open", 10, kInt},
	{"Thông tin — chưa xử lý", "Info open", 10, kInt},
	{"Chặn — đã xử lý", "Blocker resolved", 10, kInt},
	{"Cao — đã xử lý", "High resolved", 10, kInt},
	{"Trung bình — đã xử lý", "Medium resolved", 10, kInt},
	{"Thông tin — đã xử lý", "Info resolved", 10, kInt},
	{"Quyết định đã ghi", "Decisions", 10, kInt},
	{"Chi phí phần tử đề xuất dừng/hợp nhất (VNĐ/năm)", "Annual cost to retire or merge (VND)", 18, kInt},
	{"Bộ dữ liệu cần chuyển mã", "Datasets to re-key", 11, kInt},
	{"Tệp sổ đối soát", "Workbook", 26, kText},
}

// WriteNational writes national-summary.xlsx into dir: one row per new
// province of plan p with its counts, a chart of open flags by severity per
// province, and the identity sheet. It returns the file's path.
func WriteNational(ctx context.Context, dir string, p *migrate.Plan, m *mapping.Mapping, meta Meta) (string, error) {
	if meta.Lang == "" {
		meta.Lang = "vi"
	}
	path := filepath.Join(dir, NationalFileName)
	if err := ctx.Err(); err != nil {
		return "", err
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := shNational.in(meta)
	if err := createSheets(f, []string{sheet, SheetIdentity, SheetLists}); err != nil {
		return "", fmt.Errorf("report %s: %w", path, err)
	}
	st, err := newStyles(f)
	if err != nil {
		return "", fmt.Errorf("report %s: %w", path, err)
	}
	if err := writeIdentity(f, meta, p, "national"); err != nil {
		return "", fmt.Errorf("report %s: %w", path, err)
	}
	if err := writeLists(f, meta); err != nil {
		return "", fmt.Errorf("report %s: %w", path, err)
	}
	if err := writeNationalSheet(f, st, meta, sheet, p); err != nil {
		return "", fmt.Errorf("report %s: %w", path, err)
	}
	if err := outfile.Workbook(f, path); err != nil {
		return "", err
	}
	return path, nil
}

func writeNationalSheet(f *excelize.File, st *styles, meta Meta, sheet string, p *migrate.Plan) error {
	if err := printSetup(f, sheet, true); err != nil {
		return err
	}
	w := &cellWriter{f: f, sheet: sheet}
	lines := 2
	for _, c := range nationalCols {
		if wd := int(c.width); wd > 1 {
			lines = max(lines, min(4, (utf8.RuneCountInString(c.header(meta))+wd-2)/(wd-1)))
		}
	}
	if err := f.SetRowHeight(sheet, 1, float64(15*lines+2)); err != nil {
		return err
	}
	for j, c := range nationalCols {
		style := st.head
		w.set(colLetter(j+1), 1, c.header(meta), style)
		if w.err != nil {
			return w.err
		}
		if err := f.SetColWidth(sheet, colLetter(j+1), colLetter(j+1), c.width); err != nil {
			return err
		}
	}
	for i, s := range p.Provinces {
		r := i + 2
		vals := []any{s.Code, s.Name, joinComma(s.Predecessors), s.ElementsBefore, s.ElementsAfter, s.Clusters,
			s.Flags[migrate.Blocker], s.Flags[migrate.High], s.Flags[migrate.Medium], s.Flags[migrate.Info],
			s.Resolved[migrate.Blocker], s.Resolved[migrate.High], s.Resolved[migrate.Medium], s.Resolved[migrate.Info],
			s.Decisions, s.RetireCost, s.DatasetsRekey, ProvinceFileName(s.Code, s.Name)}
		for j, v := range vals {
			style := st.text
			if nationalCols[j].kind == kInt {
				style = st.intNum
			}
			w.set(colLetter(j+1), r, v, style)
		}
	}
	if w.err != nil {
		return w.err
	}
	n := len(p.Provinces)
	last := max(n+1, 2)
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 1, TopLeftCell: "C2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", colLetter(len(nationalCols)), last), nil); err != nil {
		return err
	}
	if n > 0 {
		q := "'" + sheet + "'!"
		var series []excelize.ChartSeries
		colors := []string{"C00000", "ED7D31", "FFC000", "5B9BD5"}
		for k := range 4 {
			col := colLetter(7 + k)
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("%s$%s$1", q, col),
				Categories: fmt.Sprintf("%s$A$2:$A$%d", q, n+1),
				Values:     fmt.Sprintf("%s$%s$2:$%s$%d", q, col, col, n+1),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[k]}},
			})
		}
		chart := &excelize.Chart{
			Type:      excelize.ColStacked,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: meta.text("Cảnh báo chưa xử lý theo tỉnh", "Open flags by province")}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 960, Height: 360},
		}
		if err := f.AddChart(sheet, fmt.Sprintf("A%d", n+4), chart); err != nil {
			return err
		}
	}
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{AutoFilter: true, Sort: true, FormatColumns: true,
		SelectLockedCells: true, SelectUnlockedCells: true})
}
