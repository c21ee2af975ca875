package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/sheetfit"
	"github.com/ndta-vn/archmerge/inventory"
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

// summaryWidths are the columns of the Tổng quan sheet: labels, then
// figures; the charts sit to their right, from column F.
var summaryWidths = []float64{48, 13, 13, 13}

// fit makes a row tall enough for a text wrapped in a column of width
// wide, when it takes more than one line.
func (w *cellWriter) fit(row int, text string, width float64) {
	if n := sheetfit.Lines(text, width); n > 1 && w.err == nil {
		w.err = w.f.SetRowHeight(w.sheet, row, sheetfit.Height(n))
	}
}

// line writes a text across columns A to D of a summary, wrapped, in a row
// tall enough for it at its font size (a spreadsheet does not size the row
// of a merged cell itself).
func (w *cellWriter) line(row int, text string, style int, size float64) {
	w.wide(row, text, style, size, "D", summaryWidths)
}

// wide writes a text merged from column A to last, in a row tall enough
// for it: widths are the columns it spans.
func (w *cellWriter) wide(row int, text string, style int, size float64, last string, widths []float64) {
	w.set("A", row, text, style)
	if w.err != nil {
		return
	}
	if w.err = w.f.MergeCell(w.sheet, "A"+strconv.Itoa(row), last+strconv.Itoa(row)); w.err != nil {
		return
	}
	total := 0.0
	for _, x := range widths {
		total += x
	}
	n := sheetfit.Lines(text, total*11/size)
	w.err = w.f.SetRowHeight(w.sheet, row, min(sheetfit.MaxHeight, math.Ceil(sheetfit.Height(n)*size/11)))
}

// writeSummary writes the Tổng quan sheet: the province, its counts, open
// and resolved flags by severity and by kind of flag, elements by layer
// before and after, two charts, and how to fill in the workbook with
// examples from its own rows.
func (d *provinceData) writeSummary(f *excelize.File, st *styles) error {
	meta := d.meta
	sheet := shSummary.in(meta)
	if err := sheetfit.Setup(f, sheet, sheetfit.Page{Landscape: true, Lang: meta.Lang}); err != nil {
		return err
	}
	w := &cellWriter{f: f, sheet: sheet}
	s := d.sum
	w.line(1, meta.text("Sổ đối soát kiến trúc số — ", "Architecture reconciliation workbook — ")+s.Code+" "+s.Name, st.title, 14)
	w.line(2, fmt.Sprintf(meta.text("Phương án %s, ngày %s, bảng chuyển đổi %s", "Plan %s, as of %s, mapping %s"), d.p.ID, d.p.AsOf, d.p.Mapping), st.wrap, 11)
	var preds []string
	for _, c := range s.Predecessors {
		if u, ok := d.m.OldUnit(c); ok {
			preds = append(preds, c+" "+u.Name)
		} else {
			preds = append(preds, c)
		}
	}
	w.line(3, meta.text("Tỉnh cũ: ", "Old provinces: ")+joinComma(preds), st.wrap, 11)

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
		w.set("A", r, fg.label, st.wrap)
		w.set("B", r, fg.v, st.intNum)
		w.fit(r, fg.label, summaryWidths[0])
	}

	r += 2
	sevHead := r
	w.set("A", r, meta.text("Mức độ cảnh báo", "Flag severity"), st.head)
	w.set("B", r, meta.text("Chưa xử lý", "Open"), st.head)
	w.set("C", r, meta.text("Đã xử lý", "Resolved"), st.head)
	for _, sev := range migrate.Severities {
		r++
		w.set("A", r, severityLabel(sev, meta), st.sevCell[sev])
		w.set("B", r, s.Flags[sev], st.intNum)
		w.set("C", r, s.Resolved[sev], st.intNum)
	}
	sevLast := r

	// The kinds of flag the province has, most urgent first: each code with
	// its title, so that the codes on the other sheets can be read.
	r += 2
	w.set("A", r, meta.text("Loại cảnh báo", "Kind of flag"), st.head)
	w.set("B", r, meta.text("Mức độ", "Severity"), st.head)
	w.set("C", r, meta.text("Chưa xử lý", "Open"), st.head)
	w.set("D", r, meta.text("Đã xử lý", "Resolved"), st.head)
	open, resolved := map[string]int{}, map[string]int{}
	for _, fl := range d.flags {
		if fl.Resolved {
			resolved[fl.Code]++
		} else {
			open[fl.Code]++
		}
	}
	for _, sev := range migrate.Severities {
		for _, rule := range migrate.FlagRules {
			if rule.Severity != sev || open[rule.Code]+resolved[rule.Code] == 0 {
				continue
			}
			r++
			label := rule.Code + listSep + rule.Title.In(meta.Lang)
			w.set("A", r, label, st.wrap)
			w.set("B", r, severityLabel(sev, meta), st.sevCell[sev])
			w.set("C", r, open[rule.Code], st.intNum)
			w.set("D", r, resolved[rule.Code], st.intNum)
			w.fit(r, label, summaryWidths[0])
		}
	}

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
		w.set("A", r, layerLabel(l, meta), st.wrap)
		w.fit(r, layerLabel(l, meta), summaryWidths[0])
		w.set("B", r, before[l], st.intNum)
		w.set("C", r, after[l], st.intNum)
	}
	layerLast := r

	r += 2
	w.set("A", r, meta.text("Cách điền", "How to fill in"), st.bold)
	for _, text := range d.howTo() {
		r++
		w.line(r, text, st.wrap, 11)
	}
	if w.err != nil {
		return w.err
	}
	for i, width := range summaryWidths {
		col := colLetter(i + 1)
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
	}
	q := "'" + sheet + "'!"
	sevChart := &excelize.Chart{
		Type: excelize.ColStacked,
		Series: []excelize.ChartSeries{
			{Name: fmt.Sprintf("%s$B$%d", q, sevHead), Categories: fmt.Sprintf("%s$A$%d:$A$%d", q, sevHead+1, sevLast), Values: fmt.Sprintf("%s$B$%d:$B$%d", q, sevHead+1, sevLast),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}}},
			{Name: fmt.Sprintf("%s$C$%d", q, sevHead), Categories: fmt.Sprintf("%s$A$%d:$A$%d", q, sevHead+1, sevLast), Values: fmt.Sprintf("%s$C$%d:$C$%d", q, sevHead+1, sevLast),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"70AD47"}}},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: meta.text("Cảnh báo theo mức độ", "Flags by severity")}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{Font: axisFont},
		YAxis:     excelize.ChartAxis{Font: axisFont, MajorGridLines: true},
		Dimension: excelize.ChartDimension{Width: 480, Height: 260},
	}
	if err := f.AddChart(sheet, "F5", sevChart); err != nil {
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
		XAxis:     excelize.ChartAxis{Font: axisFont},
		YAxis:     excelize.ChartAxis{Font: axisFont, MajorGridLines: true},
		Dimension: excelize.ChartDimension{Width: 480, Height: 260},
	}
	if err := f.AddChart(sheet, "F20", layerChart); err != nil {
		return err
	}
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, EditObjects: false})
}

// howTo says how to fill in the workbook, with examples from its own rows
// where it has them: a row to merge into its cluster's survivor, a row
// with several possible new units, a row with an open blocker.
func (d *provinceData) howTo() []string {
	meta := d.meta
	rowOf := make(map[string]int, len(d.elems))
	for i, e := range d.elems {
		rowOf[e.Key] = i + 2
	}
	sys := shSystems.in(meta)
	short := func(s string) string {
		if r := []rune(s); len(r) > 50 {
			return string(r[:49]) + "…"
		}
		return s
	}
	name := func(k string) string {
		if e := d.element(k); e != nil {
			return short(e.Name)
		}
		return ""
	}
	lines := []string{meta.text(
		"1. Trang "+sys+" có một dòng cho mỗi phần tử. Chỉ các cột nền vàng được sửa: Quyết định, Hợp nhất vào, Đơn vị mới, Chủ quản mới, Ghi chú; các cột có danh sách chọn.",
		"1. Sheet "+sys+" has one row per element. Only the yellow columns may be edited: Decision, Merge into, New unit, New owner, Note; they have drop-down lists.")}
	merge := meta.text(
		"2. Hợp nhất: chọn Quyết định \"Hợp nhất\" rồi chọn ở cột Hợp nhất vào phần tử được giữ lại; danh sách của mỗi dòng gồm các phần tử cùng loại, cùng đơn vị mới hoặc cùng cụm trùng lặp.",
		"2. Merge: choose the Decision \"Merge\", then in Merge into the element that stays; each row's list holds the elements of the same kind and new unit, or of the same duplicate cluster.")
	for _, e := range d.elems {
		c := d.clusters[e.Cluster]
		if c == nil || c.Survivor == e.Key || rowOf[c.Survivor] == 0 {
			continue
		}
		merge = fmt.Sprintf(meta.text(
			"2. Hợp nhất, ví dụ: dòng %d (%s, \"%s\") thuộc cụm %s, phần tử được đề xuất giữ lại là %s (dòng %d, \"%s\"). Để hợp nhất, chọn Quyết định \"Hợp nhất\" và chọn %s ở cột Hợp nhất vào; danh sách của mỗi dòng gồm các phần tử cùng loại, cùng đơn vị mới hoặc cùng cụm.",
			"2. Merge, for example: row %d (%s, \"%s\") is in cluster %s, whose recommended survivor is %s (row %d, \"%s\"). To merge it, choose the Decision \"Merge\" and %s in Merge into; each row's list holds the elements of the same kind and new unit, or of the same cluster."),
			rowOf[e.Key], e.Key, short(e.Name), c.ID, c.Survivor, rowOf[c.Survivor], name(c.Survivor), c.Survivor)
		break
	}
	lines = append(lines, merge)
	unit := meta.text(
		"3. Đơn vị mới: đơn vị tiếp nhận phần tử, chọn trong danh sách của dòng (các đơn vị kế thừa đơn vị cũ). Chủ quản mới: cơ quan chủ quản sau sắp xếp.",
		"3. New unit: the unit that takes the element over, from the row's list (the old unit's successors). New owner: the owning agency after the reorganisation.")
	for _, e := range d.elems {
		if len(e.Candidates) < 2 {
			continue
		}
		var cands []string
		for _, c := range e.Candidates {
			cands = append(cands, c+" "+d.unitName(c))
		}
		unit = fmt.Sprintf(meta.text(
			"3. Đơn vị mới, ví dụ: dòng %d (%s) của %s %s có thể giao cho %s; chọn một đơn vị ở cột Đơn vị mới. Chủ quản mới: cơ quan chủ quản sau sắp xếp.",
			"3. New unit, for example: row %d (%s) of %s %s may go to %s; choose one in New unit. New owner: the owning agency after the reorganisation."),
			rowOf[e.Key], e.Key, e.OldUnit, d.oldName(e.OldUnit), strings.Join(cands, meta.text(" hoặc ", " or ")))
		break
	}
	lines = append(lines, unit)
	for _, fl := range d.flags { // most urgent first
		if fl.Resolved || fl.Severity != migrate.Blocker || len(fl.Elements) == 0 || rowOf[fl.Elements[0]] == 0 {
			continue
		}
		r, _ := migrate.Rule(fl.Code)
		lines = append(lines, fmt.Sprintf(meta.text(
			"4. Xử lý cảnh báo chặn trước, ví dụ: dòng %d (%s) có %s (%s): %s. Trang Cảnh báo liệt kê mọi cảnh báo, chặn trước.",
			"4. Settle the blockers first, for example: row %d (%s) has %s (%s): %s. Sheet Flags lists every flag, blockers first."),
			rowOf[fl.Elements[0]], fl.Elements[0], fl.Code, r.Title.In(meta.Lang), strings.TrimSuffix(fl.Action.In(meta.Lang), ".")))
		break
	}
	if len(lines) == 3 {
		lines = append(lines, meta.text("4. Trang Cảnh báo liệt kê mọi điểm cần quyết định, chặn trước; docs/flags.md nói điều gì xử lý mỗi cảnh báo.",
			"4. Sheet Flags lists every point to decide, blockers first; docs/flags.md says what settles each flag."))
	}
	return append(lines,
		meta.text("5. Lưu tệp (tên tuỳ ý) rồi chạy: archmerge apply TỆP.xlsx --by \"Họ tên\". Nếu có dòng sai, không quyết định nào được ghi và mỗi lỗi chỉ rõ trang, dòng, cột.",
			"5. Save the file (any name) and run: archmerge apply FILE.xlsx --by \"Your name\". Nothing is recorded if any row is wrong, and each problem names its sheet, row and column."),
		meta.text("6. Các trang Tích hợp và Dữ liệu liệt kê những kết nối và dữ liệu bị ảnh hưởng; sổ xuất lần sau hiển thị các quyết định đã ghi.",
			"6. Sheets Integrations and Data list the links and data affected; the next report shows the decisions recorded."))
}
