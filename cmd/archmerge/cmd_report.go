package main

import (
	"fmt"

	"github.com/ndta-vn/archmerge/workspace"

	"github.com/spf13/cobra"
)

type reportOptions struct {
	out       string
	provinces []string
	asOf      string
}

func newReportCmd(a *app) *cobra.Command {
	var o reportOptions
	cmd := &cobra.Command{
		Use:   a.t("report --out THƯ_MỤC [--province MÃ]...", "report --out DIR [--province CODE]..."),
		Short: a.t("Xuất sổ đối soát của các tỉnh mới", "Write the reconciliation workbooks of the new provinces"),
		Long:  a.help("report"),
		Args:  a.cli.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return reportRun(a, o) },
	}
	cmd.Flags().StringVar(&o.out, "out", "", a.t("`THƯ_MỤC` nhận các sổ (tạo nếu chưa có)", "output `DIR` (created if missing)"))
	cmd.Flags().StringArrayVar(&o.provinces, "province", nil, a.t("`MÃ` hoặc tên tỉnh mới (lặp lại, hoặc ngăn bằng dấu phẩy)", "new province `CODE` or name (repeat, or separate with commas)"))
	cmd.Flags().StringVar(&o.asOf, "as-of", "", asOfUsage(a))
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func reportRun(a *app, o reportOptions) error {
	res, err := a.workspace().Report(a.ctx, workspace.ReportOptions{Out: o.out, Provinces: o.provinces, AsOf: o.asOf})
	if err != nil {
		return err
	}
	for _, c := range res.Skipped {
		a.warnf(a.t("Tỉnh %s không có trong phương án (chưa có kê khai nào): bỏ qua", "Province %s is not in the plan (no inventory): skipped"), c)
	}
	if a.json() {
		return a.printJSON(res)
	}
	printContradictions(a, res.Contradictions)
	printUnknownUnits(a, res.Unknown)
	fmt.Fprintf(a.stderr, a.t("Phương án %s: đã xuất %s vào %s\n", "Plan %s: %s written into %s\n"), res.PlanID, a.counted(len(res.Files), "sổ", "workbook", "workbooks"), o.out)
	for _, f := range res.Files {
		fmt.Fprintln(a.stdout, f)
	}
	return nil
}
