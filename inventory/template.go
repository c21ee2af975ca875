package inventory

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/internal/outfile"
	"github.com/ndta-vn/archmerge/internal/sheetfit"
	"github.com/ndta-vn/archmerge/mapping"

	"github.com/xuri/excelize/v2"
)

// SheetLists is the hidden sheet of a blank template that holds the
// drop-down vocabularies.
const SheetLists = "lists"

// TemplateSheets are the names of a blank template's visible sheets in one
// language. The importer finds the elements and relations sheets under
// these names in either language, and under the plain elements and
// relations.
type TemplateSheets struct {
	Instructions, Elements, Relations string
}

// TemplateSheetNames returns the sheet names of a template in language l
// ("vi", the default, or "en").
func TemplateSheetNames(l string) TemplateSheets {
	if l == lang.EN {
		return TemplateSheets{"Instructions", "Elements", "Relations"}
	}
	return TemplateSheets{"Hướng dẫn", "Phần tử", "Quan hệ"}
}

// List returns the sheet names in the workbook's order.
func (s TemplateSheets) List() []string { return []string{s.Instructions, s.Elements, s.Relations} }

// templateRows is how far down the template's drop-downs and text format
// reach: every row of the sheet.
const templateRows = 1048576

// blankRows are the ruled rows under the header of the elements and
// relations sheets, tall enough to write in by hand (communes often fill
// the template on paper): as many as one printed page holds.
var blankRows = [2]int{20, 16}

const blankHeight = 40.0

// vocabulary is a template column with a closed list of values.
type vocabulary struct {
	sheet  int // 0 elements, 1 relations
	key    string
	words  []string // as stored; shown by VocabLabel
	strict bool     // reject other values; function codes only warn
}

// templateVocabularies are the drop-downs of the template, by sheet and
// column, from the columns table: the Word columns' vocabularies (an open
// one, function codes, only warns), the security level and yes/no.
var templateVocabularies = func() []vocabulary {
	var out []vocabulary
	for sheet, cols := range [][]Column{ElementColumns, RelationColumns} {
		for _, c := range cols {
			v := vocabulary{sheet: sheet, key: c.Key, strict: true}
			switch c.Type {
			case Word:
				v.words, v.strict = c.Vocab.Words, !c.Vocab.Open
			case Level:
				v.words = []string{"1", "2", "3", "4", "5"}
			case Flag:
				v.words = []string{"yes", "no"}
			default:
				continue
			}
			out = append(out, v)
		}
	}
	return out
}()

// shown returns a vocabulary's values as its drop-down shows them in
// language l: the labels (yes/no as có/không), the codes for function codes
// and levels.
func (v vocabulary) shown(l string) []string {
	out := make([]string, len(v.words))
	for i, w := range v.words {
		switch w {
		case "yes":
			out[i] = lang.Pick(l, "có", "yes")
		case "no":
			out[i] = lang.Pick(l, "không", "no")
		default:
			out[i] = VocabLabel(w, l)
		}
	}
	return out
}

// textColumns are the code and id columns, formatted as text so that a
// spreadsheet keeps their leading zeros.
var textColumns = map[string]bool{"id": true, "unit_code": true, "hosted_on": true, "from": true, "to": true, "security_decision": true}

// templateWidths are the column widths of the template, narrow enough for
// the elements sheet to print on the width of a landscape A4 page (headers
// and values wrap); other columns are 10 wide.
var templateWidths = map[string]float64{
	"id": 10, "unit_code": 8, "kind": 12, "name": 24, "owner": 16, "operator": 14, "vendor": 12, "product": 12,
	"version": 7, "hosting": 12, "hosted_on": 9, "security_level": 7, "security_decision": 12, "status": 11,
	"record_type": 9, "users": 8, "annual_cost": 11, "contract_holder": 14, "personal_data": 7,
	"has_district_level": 7, "records": 8, "description": 20, "from": 14, "to": 14, "via": 12,
}

func templateWidth(sheet int, key string) float64 {
	if sheet == 1 && key == "description" {
		return 48
	}
	if w, ok := templateWidths[key]; ok {
		return w
	}
	return 10
}

// WriteTemplate writes the blank inventory workbook at path, atomically, in
// language l ("vi", the default, or "en"): an instructions sheet that
// prints on A4, the elements and relations sheets with headers in that
// language (required ones marked *) and each column's English key and
// expectations in a note, drop-downs of labels in that language for the
// closed vocabularies (on a hidden lists sheet, referenced by range), code
// and id columns formatted as text, frozen headers, ruled blank rows to
// fill by hand, and landscape A4 printing fitted to the page width with the
// header repeated. The importer reads the labels of both languages and the
// codes.
func WriteTemplate(path, l string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildTemplate(f, l); err != nil {
		return fmt.Errorf("template %s: %w", path, err)
	}
	if err := outfile.Workbook(f, path); err != nil {
		return fmt.Errorf("template %s: %w", path, err)
	}
	return nil
}

// TemplateHeader returns the header a template in language l shows for a
// column: its Vietnamese label, or in English its key in words ("Unit
// code"), with " *" when a value is required. Both read back as the
// column.
func TemplateHeader(c Column, l string) string {
	h := c.Label.VI
	if l == lang.EN {
		h = englishHeader(c.Key)
	}
	if c.Required {
		return h + " *"
	}
	return h
}

// englishHeader writes a column key as words: "unit_code" is "Unit code".
// It folds back to the key, which the importer matches.
func englishHeader(key string) string {
	if key == "id" {
		return "ID"
	}
	s := strings.ReplaceAll(key, "_", " ")
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// templateStyles are the cell styles of a template.
type templateStyles struct {
	head, text, general, ruledText, ruled int
}

func newTemplateStyles(f *excelize.File) (templateStyles, error) {
	var s templateStyles
	thin := []excelize.Border{{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1}}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	for _, d := range []struct {
		dst *int
		st  *excelize.Style
	}{
		{&s.head, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF", Family: sheetfit.Font, Size: 11}, NumFmt: 49, Border: thin,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}},
		{&s.text, &excelize.Style{NumFmt: 49, Alignment: wrap}},
		{&s.general, &excelize.Style{Alignment: wrap}},
		{&s.ruledText, &excelize.Style{NumFmt: 49, Alignment: wrap, Border: thin}},
		{&s.ruled, &excelize.Style{Alignment: wrap, Border: thin}},
	} {
		id, err := f.NewStyle(d.st)
		if err != nil {
			return s, err
		}
		*d.dst = id
	}
	return s, nil
}

func buildTemplate(f *excelize.File, l string) error {
	names := TemplateSheetNames(l)
	if err := f.SetSheetName("Sheet1", names.Instructions); err != nil {
		return err
	}
	for _, s := range []string{names.Elements, names.Relations, SheetLists} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	st, err := newTemplateStyles(f)
	if err != nil {
		return err
	}
	for i, sh := range []struct {
		name string
		cols []Column
	}{{names.Elements, ElementColumns}, {names.Relations, RelationColumns}} {
		if err := templateSheet(f, l, i, sh.name, sh.cols, st); err != nil {
			return err
		}
	}
	if err := templateValidations(f, l, names); err != nil {
		return err
	}
	if err := templateInstructions(f, l, names); err != nil {
		return err
	}
	if err := f.SetSheetVisible(SheetLists, false); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return nil
}

// columnExpect says what a column expects, in language l: for a closed
// list, the labels to choose from.
func columnExpect(c Column, sheet int, l string) string {
	for _, v := range templateVocabularies {
		if v.sheet == sheet && v.key == c.Key && v.strict && v.key != "security_level" {
			return lang.Pick(l, "Chọn trong danh sách: ", "Choose from the list: ") + strings.Join(v.shown(l), "; ") +
				lang.Pick(l, " (cũng nhận nhãn tiếng Anh và mã: ", " (the Vietnamese labels and the codes are read too: ") +
				strings.Join(v.words, ", ") + ")"
		}
	}
	return lang.Pick(l, c.Expect.VI, c.Expect.EN)
}

// columnNote is the note on a column's header: its English key, what it
// expects, and whether it is required.
func columnNote(c Column, sheet int, l string) string {
	note := c.Key + "\n" + columnExpect(c, sheet, l)
	if c.Required {
		note += lang.Pick(l, "\nBắt buộc.", "\nRequired.")
	}
	return note
}

func templateSheet(f *excelize.File, l string, index int, sheet string, cols []Column, st templateStyles) error {
	headLines := 1
	for i, c := range cols {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		head := TemplateHeader(c, l)
		if err := f.SetCellStr(sheet, col+"1", head); err != nil {
			return err
		}
		width := templateWidth(index, c.Key)
		headLines = max(headLines, sheetfit.Lines(head, width/sheetfit.Bold))
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
		style, ruled := st.general, st.ruled
		if textColumns[c.Key] {
			style, ruled = st.text, st.ruledText
		}
		if err := f.SetColStyle(sheet, col, style); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, fmt.Sprintf("%s2", col), fmt.Sprintf("%s%d", col, blankRows[index]+1), ruled); err != nil {
			return err
		}
		if err := f.AddComment(sheet, excelize.Comment{Cell: col + "1", Author: "archmerge", Text: columnNote(c, index, l), Width: 300, Height: 120}); err != nil {
			return err
		}
	}
	last, err := excelize.ColumnNumberToName(len(cols))
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", last+"1", st.head); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, sheetfit.Height(headLines)); err != nil {
		return err
	}
	for r := 2; r <= blankRows[index]+1; r++ {
		if err := f.SetRowHeight(sheet, r, blankHeight); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	// The elements sheet is wide and prints landscape; the five columns of
	// the relations sheet fill a portrait page.
	return sheetfit.Setup(f, sheet, sheetfit.Page{Landscape: index == 0, HeaderRow: 1, Lang: l})
}

func templateValidations(f *excelize.File, l string, names TemplateSheets) error {
	sheets := []struct {
		name string
		cols []Column
	}{{names.Elements, ElementColumns}, {names.Relations, RelationColumns}}
	for j, v := range templateVocabularies {
		cols := sheets[v.sheet].cols
		idx := -1
		for i, c := range cols {
			if c.Key == v.key {
				idx = i
			}
		}
		if idx < 0 {
			return fmt.Errorf("no column %s in sheet %s", v.key, sheets[v.sheet].name)
		}
		// Every vocabulary goes on the hidden lists sheet: one column per
		// list, its key in row 1, so that long lists (over Excel's 255
		// characters for an inline list) and labels with commas work.
		lc, err := excelize.ColumnNumberToName(j + 1)
		if err != nil {
			return err
		}
		if err := f.SetCellStr(SheetLists, lc+"1", []string{"elements", "relations"}[v.sheet]+"."+v.key); err != nil {
			return err
		}
		shown := v.shown(l)
		for i, s := range shown {
			if err := f.SetCellStr(SheetLists, fmt.Sprintf("%s%d", lc, i+2), s); err != nil {
				return err
			}
		}
		col, err := excelize.ColumnNumberToName(idx + 1)
		if err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, templateRows)
		dv.SetSqrefDropList(fmt.Sprintf("%s!$%s$2:$%s$%d", SheetLists, lc, lc, len(shown)+1))
		c := cols[idx]
		title := TemplateHeader(c, l)
		expect := lang.Pick(l, c.Expect.VI, c.Expect.EN)
		if v.strict {
			dv.SetError(excelize.DataValidationErrorStyleStop, title, lang.Pick(l, "Chọn một giá trị trong danh sách.", "Choose a value from the list."))
		} else {
			dv.SetError(excelize.DataValidationErrorStyleWarning, title, lang.Pick(l, "Mã ngoài danh mục vẫn được nhận, kèm cảnh báo.", "A code outside the list is accepted, with a warning."))
		}
		dv.SetInput(title, expect)
		if err := f.AddDataValidation(sheets[v.sheet].name, dv); err != nil {
			return err
		}
	}
	return nil
}

// instructionLines are the numbered lines of the instructions sheet.
func instructionLines(l string, n TemplateSheets) []string {
	if l == lang.EN {
		return []string{
			"1. Sheet " + n.Elements + ": one row per element (application, portal, platform, database, host, data centre…) that an old unit declares.",
			"2. Sheet " + n.Relations + ": one row per relation between two elements (integrates, hosted on, uses).",
			"3. Columns marked * are required. Hover over a header to read the column's key and what it expects; do not rename the headers. Columns with a closed list have a drop-down.",
			"4. Unit codes keep their leading zeros: province 2 digits (02), district 3 digits (024), commune 5 digits (00688). The code columns are formatted as text.",
			"5. An element id is unique within its unit and holds no /. An element's key is unit_code/id, e.g. 02/KTTTHC.",
			"6. From and To (sheet " + n.Relations + ") and Hosted on hold an element id of the same file, or unit_code/id for an element of another unit.",
			"7. Dates as yyyy-mm-dd or dd/mm/yyyy; numbers may have thousands separators (1,200,000); yes/no as yes or no (có/không are read too).",
			"8. Columns of your own may be added: unknown columns are kept as extra attributes.",
			"9. On paper: print the sheets " + n.Elements + " (landscape A4) and " + n.Relations + " (portrait A4), the header on every page, and write one element or relation per ruled row.",
			"10. Import: archmerge import inventory FILE.xlsx (add --dry-run to check only). On any problem nothing is written and each problem names the file, sheet, row and column.",
		}
	}
	return []string{
		"1. Trang " + n.Elements + ": mỗi dòng là một phần tử (ứng dụng, cổng, nền tảng, cơ sở dữ liệu, máy chủ, trung tâm dữ liệu…) do một đơn vị cũ khai báo.",
		"2. Trang " + n.Relations + ": mỗi dòng là một quan hệ giữa hai phần tử (tích hợp, chạy trên, sử dụng).",
		"3. Cột có dấu * là bắt buộc. Di chuột lên ô tiêu đề để xem khoá tiếng Anh và yêu cầu của cột; không đổi tên tiêu đề. Cột có danh mục có danh sách chọn.",
		"4. Mã đơn vị giữ nguyên số 0 ở đầu: tỉnh 2 chữ số (02), huyện 3 chữ số (024), xã 5 chữ số (00688). Các cột mã đã định dạng văn bản.",
		"5. Mã phần tử không trùng trong cùng một đơn vị và không chứa dấu /. Khoá của phần tử là mã_đơn_vị/mã_phần_tử, ví dụ 02/KTTTHC.",
		"6. Cột Từ, Đến (trang " + n.Relations + ") và Máy chủ/TTDL ghi mã phần tử trong cùng tệp, hoặc mã_đơn_vị/mã_phần_tử khi phần tử thuộc đơn vị khác.",
		"7. Ngày ghi dạng yyyy-mm-dd hoặc dd/mm/yyyy; số có thể có dấu phân cách hàng nghìn (1.200.000); có/không ghi có hoặc không.",
		"8. Có thể thêm cột riêng: cột lạ được giữ lại như thuộc tính bổ sung.",
		"9. Điền trên giấy: in trang " + n.Elements + " (A4 ngang) và " + n.Relations + " (A4 dọc), tiêu đề lặp lại ở mỗi trang; mỗi phần tử hoặc quan hệ ghi một dòng kẻ sẵn.",
		"10. Nạp vào kho: archmerge import inventory TỆP.xlsx (thêm --dry-run để chỉ kiểm tra). Có lỗi thì không ghi gì và mỗi lỗi được chỉ rõ tệp, trang, dòng, cột.",
	}
}

// instructionWidths are the columns of the instructions sheet: header, key,
// required, expectations; together they fill a portrait A4 page, and the
// numbered lines span them.
var instructionWidths = []float64{24, 18, 9, 48}

func templateInstructions(f *excelize.File, l string, n TemplateSheets) error {
	s := n.Instructions
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Family: sheetfit.Font}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Family: sheetfit.Font}})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: sheetfit.Font, Size: 11}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	total := 0.0
	for i, w := range instructionWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(s, col, col, w); err != nil {
			return err
		}
		total += w
	}
	row := 1
	// line writes a text across the four columns, wrapped, in a row tall
	// enough for it at its font size (a spreadsheet does not size the row
	// of a merged cell).
	line := func(text string, style int, size float64) error {
		ref := fmt.Sprintf("A%d", row)
		if err := f.SetCellStr(s, ref, text); err != nil {
			return err
		}
		if err := f.MergeCell(s, ref, fmt.Sprintf("D%d", row)); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, ref, ref, style); err != nil {
			return err
		}
		n := sheetfit.Lines(text, total*11/size)
		if err := f.SetRowHeight(s, row, min(sheetfit.MaxHeight, math.Ceil(sheetfit.Height(n)*size/11))); err != nil {
			return err
		}
		row++
		return nil
	}
	if err := line(lang.Pick(l, "Mẫu kê khai kiến trúc CNTT của đơn vị hành chính cũ (archmerge)",
		"Inventory of an old administrative unit's IT architecture (archmerge)"), title, 14); err != nil {
		return err
	}
	row++
	for _, t := range instructionLines(l, n) {
		if err := line(t, wrap, 11); err != nil {
			return err
		}
	}
	row++
	for i, sh := range []struct {
		name string
		cols []Column
	}{{n.Elements, ElementColumns}, {n.Relations, RelationColumns}} {
		if err := f.SetCellStr(s, fmt.Sprintf("A%d", row), lang.Pick(l, "Trang ", "Sheet ")+sh.name); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), bold); err != nil {
			return err
		}
		row++
		heads := []string{lang.Pick(l, "Tiêu đề", "Header"), lang.Pick(l, "Khoá (tiếng Anh)", "Key"), lang.Pick(l, "Bắt buộc", "Required"), lang.Pick(l, "Nội dung và yêu cầu", "What it holds")}
		if err := f.SetSheetRow(s, fmt.Sprintf("A%d", row), &heads); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, fmt.Sprintf("A%d", row), fmt.Sprintf("D%d", row), head); err != nil {
			return err
		}
		if err := f.SetRowHeight(s, row, sheetfit.Height(rowLines(heads, instructionWidths))); err != nil {
			return err
		}
		row++
		for _, c := range sh.cols {
			req := ""
			if c.Required {
				req = lang.Pick(l, "có", "yes")
			}
			cells := []string{TemplateHeader(c, l), c.Key, req, columnExpect(c, i, l)}
			if err := f.SetSheetRow(s, fmt.Sprintf("A%d", row), &cells); err != nil {
				return err
			}
			if err := f.SetCellStyle(s, fmt.Sprintf("A%d", row), fmt.Sprintf("D%d", row), wrap); err != nil {
				return err
			}
			if err := f.SetRowHeight(s, row, sheetfit.Height(rowLines(cells, instructionWidths))); err != nil {
				return err
			}
			row++
		}
		row++
	}
	return sheetfit.Setup(f, s, sheetfit.Page{Lang: l})
}

// Unfilled returns a warning for each file of a read that declares no
// element and no relation: most often a template saved without being
// filled in, whose import would otherwise pass silently as nothing.
func (r *Result) Unfilled() mapping.Problems {
	var out mapping.Problems
	for _, f := range r.Files {
		if f.Elements > 0 || f.Relations > 0 {
			continue
		}
		out = append(out, mapping.Problem{Pos: mapping.Pos{File: f.Path}, Warning: true,
			Message: lang.T("tệp không khai báo phần tử nào: có phải mẫu chưa điền? Hãy điền mỗi phần tử một dòng (trang "+
				TemplateSheetNames(lang.VI).Elements+" hoặc "+TemplateSheetNames(lang.EN).Elements+"), lưu rồi nạp lại", "the file declares no element: is it a template not filled in yet? Fill in one row per element (sheet "+
				TemplateSheetNames(lang.EN).Elements+" or "+TemplateSheetNames(lang.VI).Elements+"), save, and import it again")})
	}
	return out
}

// rowLines is how many lines the tallest of a row's cells takes.
func rowLines(cells []string, widths []float64) int {
	n := 1
	for j, v := range cells {
		n = max(n, sheetfit.Lines(v, widths[j]))
	}
	return n
}
