package main

import (
	"fmt"

	"github.com/ndta-vn/archmerge/workspace"

	"github.com/spf13/cobra"
)

type exportOptions struct {
	format    string
	out       string
	asOf      string
	provinces []string
	modelName string
}

func newExportCmd(a *app) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use: a.t("export --format json|csv|archi|archimate --out THƯ_MỤC [--province MÃ]... [--model-name TÊN]", "export --format json|csv|archi|archimate --out DIR [--province CODE]... [--model-name NAME]"),
		Short: a.t("Xuất kiến trúc sau hợp nhất (JSON, CSV, CSV nhập vào Archi, định dạng trao đổi ArchiMate)",
			"Export the consolidated architecture (JSON, CSV, Archi CSV import, ArchiMate exchange format)"),
		Long: a.help("export"),
		Args: a.cli.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return exportRun(a, o) },
	}
	// This local --format shadows the global one (text|json): cobra adds a
	// parent's persistent flag only when no local flag has its name.
	cmd.Flags().StringVar(&o.format, "format", "", a.t("`ĐỊNH_DẠNG`: json, csv, archi hoặc archimate", "`FORMAT`: json, csv, archi or archimate"))
	cmd.Flags().StringVar(&o.out, "out", "", a.t("`THƯ_MỤC` nhận kết quả (tạo nếu chưa có)", "output `DIR` (created if missing)"))
	cmd.Flags().StringVar(&o.asOf, "as-of", "", asOfUsage(a))
	cmd.Flags().StringArrayVar(&o.provinces, "province", nil, a.t("`MÃ` hoặc tên tỉnh mới (lặp lại, hoặc ngăn bằng dấu phẩy); mặc định: cả nước",
		"new province `CODE` or name (repeat, or separate with commas); default: the whole country"))
	cmd.Flags().StringVar(&o.modelName, "model-name", "", a.t("archi, archimate: `TÊN` của mô hình (archi: nhập vào sẽ đổi tên mô hình đích)",
		"archi, archimate: `NAME` of the model (archi: importing renames the model it goes into)"))
	_ = cmd.MarkFlagRequired("format")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func exportRun(a *app, o exportOptions) error {
	res, err := a.workspace().Export(a.ctx, workspace.ExportOptions{Format: o.format, Out: o.out, AsOf: o.asOf,
		Provinces: o.provinces, ModelName: o.modelName})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, a.t("Phương án %s: %s, %s; đã xuất %s (%s) vào %s\n",
		"Plan %s: %s, %s; %s (%s) written into %s\n"),
		res.PlanID, a.counted(res.Elements, "phần tử", "element", "elements"), a.counted(res.Relations, "quan hệ", "relation", "relations"),
		a.counted(len(res.Files), "tệp", "file", "files"), res.Format, o.out)
	if res.Dropped > 0 || res.DroppedHosting > 0 {
		fmt.Fprintf(a.stderr, a.t("Bỏ qua %s quan hệ (một đầu bị dừng, không được kê khai, ở tỉnh khác, hoặc hai đầu đã hợp nhất) và %s giá trị hosted_on (máy chủ bị dừng, không được kê khai hoặc ở tỉnh khác)\n",
			"Left out %s relations (an end retired, undeclared or in another province, or both ends merged) and %s hosted_on values (the host retired, undeclared or in another province)\n"),
			a.count(res.Dropped), a.count(res.DroppedHosting))
	}
	for _, c := range res.Empty {
		a.warnf(a.t("Tỉnh %s chưa có bản kê khai nào: phần của tỉnh trong tệp xuất không có phần tử", "Province %s has no inventory yet: its part of the export holds no element"), c)
	}
	if res.Unrouted > 0 {
		a.warnf(a.t("%s phần tử thuộc đơn vị không có trong bảng chuyển đổi: không xuất (chưa có đơn vị mới)",
			"%s elements belong to units missing from the mapping: not exported (no new unit)"), a.count(res.Unrouted))
	}
	for _, p := range res.Files {
		fmt.Fprintln(a.stdout, p)
	}
	return nil
}
