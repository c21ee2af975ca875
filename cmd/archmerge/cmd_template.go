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
		Use:   a.t("template TỆP.xlsx", "template FILE.xlsx"),
		Short: a.t("Ghi sổ mẫu kê khai trống", "Write the blank inventory workbook"),
		Long:  a.help("template"),
		Args:  a.cli.ExactArgs(1, "tệp .xlsx cần ghi", "the .xlsx file to write"),
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
