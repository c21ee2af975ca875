package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/inventory"
)

type templateOptions struct {
	path string
}

func newTemplateCmd(a *app) *cobra.Command {
	var o templateOptions
	return &cobra.Command{
		Use:   "template FILE.xlsx",
		Short: "Write the blank inventory workbook",
		Long: `Ghi sổ tính mẫu kê khai trống bằng tiếng Việt (mặc định) hoặc tiếng Anh (--lang en): trang Hướng
dẫn, trang Phần tử và Quan hệ (khoá tiếng Anh trong ghi chú của ô tiêu đề), danh sách chọn với
nhãn theo ngôn ngữ của mẫu cho các cột có danh mục, cột mã định dạng văn bản để giữ số 0 ở đầu,
in trên A4 ngang vừa khổ giấy với tiêu đề lặp lại ở mỗi trang. Lệnh nạp đọc được cả hai ngôn ngữ.

Writes the blank inventory workbook in Vietnamese (the default) or English (--lang en): an
instructions sheet, the Elements and Relations sheets (the English key in each header's note),
drop-downs of labels in the template's language for the closed vocabularies, code columns
formatted as text so that leading zeros stay, and landscape A4 printing fitted to the page
width with the header on every page. The importer reads either language.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.path = args[0]
			return templateRun(a, o)
		},
	}
}

// templateReport is what template prints with --format json.
type templateReport struct {
	Path   string   `json:"path"`
	Sheets []string `json:"sheets"`
}

func templateRun(a *app, o templateOptions) error {
	if !strings.EqualFold(filepath.Ext(o.path), ".xlsx") {
		return usageError(fmt.Errorf("%s", a.t(
			fmt.Sprintf("%s: tệp mẫu phải có đuôi .xlsx", o.path),
			fmt.Sprintf("%s: the template must be an .xlsx file", o.path))))
	}
	if err := inventory.WriteTemplate(o.path, a.lang); err != nil {
		return err
	}
	rep := templateReport{Path: o.path, Sheets: inventory.TemplateSheetNames(a.lang).List()}
	if a.json() {
		return a.printJSON(rep)
	}
	fmt.Fprintln(a.stdout, a.t(
		fmt.Sprintf("Đã ghi mẫu kê khai %s (trang %s). Điền rồi nạp bằng: archmerge import inventory %s", o.path, strings.Join(rep.Sheets, ", "), o.path),
		fmt.Sprintf("Wrote the inventory template %s (sheets %s). Fill it in, then: archmerge import inventory %s", o.path, strings.Join(rep.Sheets, ", "), o.path)))
	return nil
}
