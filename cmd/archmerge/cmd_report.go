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
		Use:   "report --out DIR [--province CODE]...",
		Short: "Write the reconciliation workbooks of the new provinces",
		Long: `Xuất sổ đối soát Excel cho từng tỉnh mới (<mã>-<tên>.xlsx, ví dụ 08-tuyen-quang.xlsx) và sổ tổng hợp
national-summary.xlsx vào thư mục --out, từ phương án đã lưu (lập lại phương án nếu chưa có hoặc đã cũ).
--province giới hạn ở một số tỉnh (khi đó không xuất sổ tổng hợp). Tiêu đề tiếng Việt, --lang en cho tiếng Anh.

Writes one reconciliation workbook per new province and national-summary.xlsx into --out, from the
stored plan (planning first when there is none or it is stale). --province restricts the output to
some provinces (the national summary is then not written). --lang en writes English headers.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return reportRun(a, o) },
	}
	cmd.Flags().StringVar(&o.out, "out", "", "output folder (created if missing)")
	cmd.Flags().StringArrayVar(&o.provinces, "province", nil, "new province code or name (repeat, or separate with commas)")
	cmd.Flags().StringVar(&o.asOf, "as-of", "", "plan date yyyy-mm-dd (default: the stored plan's, else today)")
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
	fmt.Fprintf(a.stderr, a.t("Phương án %s: đã xuất %d sổ vào %s\n", "Plan %s: %d workbooks written into %s\n"), res.PlanID, len(res.Files), o.out)
	for _, f := range res.Files {
		fmt.Fprintln(a.stdout, f)
	}
	return nil
}
