package inventory

import (
	"fmt"

	"github.com/ndta-vn/archmerge/internal/outfile"

	"github.com/xuri/excelize/v2"
)

// Sheet names of the blank template besides elements and relations.
const (
	SheetInstructions = "Hướng dẫn"
	SheetLists        = "lists" // hidden: the drop-down vocabularies
)

// templateRows is how far down the template's drop-downs and text format
// reach: every row of the sheet.
const templateRows = 1048576

// templateList is a drop-down vocabulary of the template: the values of
// the column at index col of a sheet.
type templateList struct {
	sheet  string
	col    int
	values []string
	strict bool // reject other values; function codes only warn
}

// templateLists are the drop-down vocabularies: those of the Word, Level
// and Flag columns, in sheet and column order.
func templateLists() []templateList {
	yesNo := []string{"có", "không"}
	levels := []string{"1", "2", "3", "4", "5"}
	var out []templateList
	for _, sh := range []struct {
		name string
		cols []Column
	}{{SheetElements, ElementColumns}, {SheetRelations, RelationColumns}} {
		for i := range sh.cols {
			l := templateList{sheet: sh.name, col: i, strict: true}
			switch c := &sh.cols[i]; c.Type {
			case Word:
				l.values, l.strict = c.Vocab.Words, !c.Vocab.Open
			case Level:
				l.values = levels
			case Flag:
				l.values = yesNo
			default:
				continue
			}
			out = append(out, l)
		}
	}
	return out
}

// textColumns are the code and id columns, formatted as text so that a
// spreadsheet keeps their leading zeros.
var textColumns = map[string]bool{"id": true, "unit_code": true, "hosted_on": true, "from": true, "to": true, "security_decision": true}

// WriteTemplate writes the blank inventory workbook at path, atomically:
// an instructions sheet in Vietnamese, the sheets elements and relations
// with Vietnamese headers (required ones marked *) and each column's
// English key and expectations in a note, drop-downs for the closed
// vocabularies (the long ones on a hidden lists sheet, referenced by
// range), code and id columns formatted as text, frozen headers and
// widths.
func WriteTemplate(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildTemplate(f); err != nil {
		return fmt.Errorf("template %s: %w", path, err)
	}
	if err := outfile.Workbook(f, path); err != nil {
		return fmt.Errorf("template %s: %w", path, err)
	}
	return nil
}

// TemplateHeader returns the header a template sheet shows for a column:
// its Vietnamese label, with " *" when a value is required.
func TemplateHeader(c Column) string {
	if c.Required {
		return c.Label + " *"
	}
	return c.Label
}

func buildTemplate(f *excelize.File) error {
	if err := f.SetSheetName("Sheet1", SheetInstructions); err != nil {
		return err
	}
	for _, s := range []string{SheetElements, SheetRelations, SheetLists} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		NumFmt:    49,
	})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	for _, sh := range []struct {
		name string
		cols []Column
	}{{SheetElements, ElementColumns}, {SheetRelations, RelationColumns}} {
		if err := templateSheet(f, sh.name, sh.cols, head, text); err != nil {
			return err
		}
	}
	if err := templateValidations(f); err != nil {
		return err
	}
	if err := templateInstructions(f); err != nil {
		return err
	}
	if err := f.SetSheetVisible(SheetLists, false); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return nil
}

func templateSheet(f *excelize.File, sheet string, cols []Column, head, text int) error {
	for i, c := range cols {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, col+"1", TemplateHeader(c)); err != nil {
			return err
		}
		width := 18.0
		switch c.Key {
		case "name", "owner", "operator", "description", "contract_holder", "security_decision":
			width = 36
		case "id", "unit_code", "kind", "status", "from", "to":
			width = 14
		}
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
		if textColumns[c.Key] {
			if err := f.SetColStyle(sheet, col, text); err != nil {
				return err
			}
		}
		note := fmt.Sprintf("%s\n%s", c.Key, c.ExpectVI)
		if c.Required {
			note += "\nBắt buộc."
		}
		if err := f.AddComment(sheet, excelize.Comment{Cell: col + "1", Author: "archmerge", Text: note, Width: 260, Height: 90}); err != nil {
			return err
		}
	}
	last, err := excelize.ColumnNumberToName(len(cols))
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", last+"1", head); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 32); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func templateValidations(f *excelize.File) error {
	for j, l := range templateLists() {
		cols := ElementColumns
		if l.sheet == SheetRelations {
			cols = RelationColumns
		}
		c := &cols[l.col]
		// Every vocabulary goes on the hidden lists sheet: one column per
		// list, its key in row 1, so that long lists (over Excel's 255
		// characters for an inline list) work like short ones.
		lc, err := excelize.ColumnNumberToName(j + 1)
		if err != nil {
			return err
		}
		if err := f.SetCellStr(SheetLists, lc+"1", l.sheet+"."+c.Key); err != nil {
			return err
		}
		for i, v := range l.values {
			if err := f.SetCellStr(SheetLists, fmt.Sprintf("%s%d", lc, i+2), v); err != nil {
				return err
			}
		}
		col, err := excelize.ColumnNumberToName(l.col + 1)
		if err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, templateRows)
		dv.SetSqrefDropList(fmt.Sprintf("%s!$%s$2:$%s$%d", SheetLists, lc, lc, len(l.values)+1))
		if l.strict {
			dv.SetError(excelize.DataValidationErrorStyleStop, c.Label, "Cần: "+c.ExpectVI)
		} else {
			dv.SetError(excelize.DataValidationErrorStyleWarning, c.Label, "Mã ngoài danh mục vẫn được nhận, kèm cảnh báo.")
		}
		dv.SetInput(c.Label, c.ExpectVI)
		if err := f.AddDataValidation(l.sheet, dv); err != nil {
			return err
		}
	}
	return nil
}

func templateInstructions(f *excelize.File) error {
	s := SheetInstructions
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	lines := []string{
		"Mẫu kê khai kiến trúc CNTT của đơn vị hành chính cũ (archmerge)",
		"",
		"1. Trang elements: mỗi dòng là một phần tử (ứng dụng, cổng, nền tảng, cơ sở dữ liệu, máy chủ, trung tâm dữ liệu…) do một đơn vị cũ khai báo.",
		"2. Trang relations: mỗi dòng là một quan hệ giữa hai phần tử (tích hợp, chạy trên, sử dụng).",
		"3. Cột có dấu * là bắt buộc. Di chuột lên ô tiêu đề để xem khoá tiếng Anh và yêu cầu của cột; không đổi tên tiêu đề.",
		"4. Mã đơn vị giữ nguyên số 0 ở đầu: tỉnh 2 chữ số (02), huyện 3 chữ số (024), xã 5 chữ số (00688). Các cột mã đã định dạng văn bản.",
		"5. Mã phần tử không trùng trong cùng một đơn vị và không chứa dấu /. Khoá của phần tử là mã_đơn_vị/mã_phần_tử, ví dụ 02/KTTTHC.",
		"6. Cột Từ, Đến (trang relations) và Máy chủ/TTDL ghi mã phần tử trong cùng tệp, hoặc mã_đơn_vị/mã_phần_tử khi phần tử thuộc đơn vị khác.",
		"7. Ngày ghi dạng yyyy-mm-dd hoặc dd/mm/yyyy; số có thể có dấu phân cách hàng nghìn (1.200.000); có/không ghi có hoặc không.",
		"8. Có thể thêm cột riêng: cột lạ được giữ lại như thuộc tính bổ sung.",
		"9. Nạp vào kho: archmerge import inventory TỆP.xlsx (thêm --dry-run để chỉ kiểm tra). Có lỗi thì không ghi gì và mỗi lỗi được chỉ rõ tệp, trang, dòng, cột.",
		"",
	}
	row := 1
	for _, l := range lines {
		if err := f.SetCellStr(s, fmt.Sprintf("A%d", row), l); err != nil {
			return err
		}
		row++
	}
	if err := f.SetCellStyle(s, "A1", "A1", bold); err != nil {
		return err
	}
	for _, sh := range []struct {
		name string
		cols []Column
	}{{SheetElements, ElementColumns}, {SheetRelations, RelationColumns}} {
		if err := f.SetCellStr(s, fmt.Sprintf("A%d", row), "Trang "+sh.name); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), bold); err != nil {
			return err
		}
		row++
		if err := f.SetSheetRow(s, fmt.Sprintf("A%d", row), &[]string{"Tiêu đề", "Khoá (tiếng Anh)", "Bắt buộc", "Nội dung và yêu cầu"}); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, fmt.Sprintf("A%d", row), fmt.Sprintf("D%d", row), head); err != nil {
			return err
		}
		row++
		for _, c := range sh.cols {
			req := ""
			if c.Required {
				req = "có"
			}
			if err := f.SetSheetRow(s, fmt.Sprintf("A%d", row), &[]string{c.Label, c.Key, req, c.ExpectVI}); err != nil {
				return err
			}
			if err := f.SetCellStyle(s, fmt.Sprintf("A%d", row), fmt.Sprintf("D%d", row), wrap); err != nil {
				return err
			}
			row++
		}
		row++
	}
	for col, w := range map[string]float64{"A": 34, "B": 22, "C": 10, "D": 80} {
		if err := f.SetColWidth(s, col, col, w); err != nil {
			return err
		}
	}
	return nil
}
