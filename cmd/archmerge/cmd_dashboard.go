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
		Use:   "dashboard --out DIR [--workbooks DIR]",
		Short: "Write the dashboard: HTML pages with charts, national and per province, that open offline",
		Long: `Xuất bảng theo dõi dạng trang HTML vào thư mục --out: index.html (toàn quốc: bản đồ ô các tỉnh theo
số cảnh báo chặn còn mở, bảng các tỉnh sắp xếp được, tiến độ theo tuần, các mã cảnh báo giữ chân
nhiều tỉnh nhất) và một trang cho mỗi tỉnh mới (<mã>-<tên>.html: kiến trúc theo lớp trước và sau hợp
nhất, cụm trùng lặp, cảnh báo chặn, dữ liệu cần chuyển mã, liên kết tới sổ đối soát). Trang mở trực
tiếp từ ổ đĩa, không cần mạng hay máy chủ, và in được trên khổ A4. Trang liên kết tới sổ đối soát
trong --workbooks (mặc định: thư mục chứa --out, như batch xếp: DIR/dashboard cạnh các sổ của DIR).
batch và demo tự xuất bảng theo dõi vào <thư mục sổ>/dashboard.

Writes the dashboard as HTML pages into --out: index.html (national: a tile map of the provinces by
open blocker flags, a sortable table, weekly progress, the flag codes holding most provinces back)
and one page per new province (<code>-<name>.html: architecture by layer before and after, duplicate
clusters, blockers, datasets to re-key, a link to its workbook). The pages open from disk with no
network or server, and print on A4. They link to the workbooks in --workbooks (default: the folder
holding --out, as batch lays them out). batch and demo write the dashboard into <workbooks>/dashboard.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return dashboardRun(a, o) },
	}
	cmd.Flags().StringVar(&o.out, "out", "", "folder for the pages (created if missing)")
	cmd.Flags().StringVar(&o.workbooks, "workbooks", "", "folder of the workbooks the pages link to (default: the folder holding --out)")
	cmd.Flags().StringVar(&o.asOf, "as-of", "", "plan date yyyy-mm-dd (default: the stored plan's, else today)")
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
	fmt.Fprintf(a.stderr, a.t("Phương án %s: đã xuất %d trang vào %s; mở %s trong trình duyệt\n", "Plan %s: %d pages written into %s; open %s in a browser\n"),
		res.PlanID, len(res.Files), o.out, res.Index)
	for _, f := range res.Files {
		fmt.Fprintln(a.stdout, f)
	}
	return nil
}
