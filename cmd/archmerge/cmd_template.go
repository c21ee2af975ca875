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
		Long: `Ghi sổ tính mẫu kê khai trống: trang Hướng dẫn, trang elements và relations với tiêu đề tiếng Việt
(khoá tiếng Anh trong ghi chú của ô tiêu đề), danh sách chọn cho các cột có danh mục, cột mã
định dạng văn bản để giữ số 0 ở đầu.

Writes the blank inventory workbook: an instructions sheet, the elements and relations sheets
with Vietnamese headers (the English key in each header's note), drop-downs for the closed
vocabularies, and code columns formatted as text so that leading zeros stay.`,
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
	if err := inventory.WriteTemplate(o.path); err != nil {
		return err
	}
	rep := templateReport{Path: o.path, Sheets: []string{inventory.SheetInstructions, inventory.SheetElements, inventory.SheetRelations}}
	if a.json() {
		return a.printJSON(rep)
	}
	fmt.Fprintln(a.stdout, a.t(
		fmt.Sprintf("Đã ghi mẫu kê khai %s (trang %s). Điền rồi nạp bằng: archmerge import inventory %s", o.path, strings.Join(rep.Sheets, ", "), o.path),
		fmt.Sprintf("Wrote the inventory template %s (sheets %s). Fill it in, then: archmerge import inventory %s", o.path, strings.Join(rep.Sheets, ", "), o.path)))
	return nil
}
