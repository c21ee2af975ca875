package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/workspace"
)

type dashboardOptions struct {
	out       string
	workbooks string
	asOf      string
}

func newDashboardCmd(a *app) *cobra.Command {
	var o dashboardOptions
	cmd := &cobra.Command{
		Use: a.t("dashboard --out THƯ_MỤC [--workbooks THƯ_MỤC]", "dashboard --out DIR [--workbooks DIR]"),
		Short: a.t("Xuất bảng theo dõi: trang HTML có biểu đồ, toàn quốc và từng tỉnh, mở được khi không có mạng",
			"Write the dashboard: HTML pages with charts, national and per province, that open offline"),
		Long: a.help("dashboard"),
		Args: a.cli.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return dashboardRun(a, o) },
	}
	cmd.Flags().StringVar(&o.out, "out", "", a.t("`THƯ_MỤC` nhận các trang (tạo nếu chưa có)", "`DIR` for the pages (created if missing)"))
	cmd.Flags().StringVar(&o.workbooks, "workbooks", "", a.t("`THƯ_MỤC` chứa các sổ mà trang liên kết tới (mặc định: thư mục chứa --out)", "`DIR` of the workbooks the pages link to (default: the folder holding --out)"))
	cmd.Flags().StringVar(&o.asOf, "as-of", "", asOfUsage(a))
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func dashboardRun(a *app, o dashboardOptions) error {
	res, err := a.workspace().Dashboard(a.ctx, workspace.DashboardOptions{Out: o.out, Workbooks: o.workbooks, AsOf: o.asOf})
	if err != nil {
		return err
	}
	if a.json() {
		return a.printJSON(res)
	}
	fmt.Fprintf(a.stderr, a.t("Phương án %s: đã xuất %s vào %s; mở %s trong trình duyệt\n", "Plan %s: %s written into %s; open %s in a browser\n"),
		res.PlanID, a.counted(len(res.Files), "trang", "page", "pages"), o.out, res.Index)
	for _, f := range res.Files {
		fmt.Fprintln(a.stdout, f)
	}
	return nil
}
