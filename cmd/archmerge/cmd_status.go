package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/workspace"
)

type statusOptions struct{}

func newStatusCmd(a *app) *cobra.Command {
	var o statusOptions
	return &cobra.Command{
		Use:   "status",
		Short: "Progress per new province: elements, open and resolved flags, decisions",
		Long: `Cho biết tiến độ theo từng tỉnh mới: số phần tử, số cảnh báo còn mở và đã xử lý theo mức độ, số
quyết định đã ghi. Tính theo các quyết định mới nhất (không cần chạy lại plan) với ngày lập của
phương án đã lưu; không ghi gì vào kho.

Shows progress per new province: elements, open and resolved flags by severity, and decisions
recorded. It reflects the latest decisions (no need to run plan again) at the stored plan's date,
and writes nothing.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return statusRun(a, o)
		},
	}
}

func statusRun(a *app, _ statusOptions) error {
	rep, err := a.workspace().Status(a.ctx)
	if err != nil {
		return err
	}
	if a.json() {
		return a.printJSON(rep)
	}
	w := a.stdout
	if len(rep.Provinces) == 0 && len(rep.Unknown) > 0 {
		fmt.Fprintln(w, a.t("Không tỉnh mới nào: mọi bản kê khai đã nhập thuộc đơn vị cũ không có trong ánh xạ đang dùng.",
			"No new province: every inventory imported is of old units the active mapping does not have."))
		printUnknownUnits(a, rep.Unknown)
		return nil
	}
	if len(rep.Provinces) == 0 {
		fmt.Fprintln(w, a.t("Chưa có bản kê khai nào: hãy chạy archmerge import inventory.", "No inventory yet: run archmerge import inventory."))
		return nil
	}
	fmt.Fprintf(w, a.t("Tiến độ theo phương án %s (ngày %s)\n", "Progress by plan %s (as of %s)\n"), rep.PlanID, rep.AsOf)
	if !rep.Stored {
		fmt.Fprintln(w, a.t("Đầu vào đã thay đổi từ lần lập phương án gần nhất; số liệu dưới đây theo đầu vào hiện tại (chạy archmerge plan để lưu).",
			"The inputs changed since the last plan; the figures below follow the current inputs (run archmerge plan to store it)."))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := a.t("Tỉnh mới", "New province")
	labels := []string{head, a.t("Tổng", "Total")}
	for _, sp := range rep.Provinces {
		labels = append(labels, sp.Code+"  "+sp.Name)
	}
	width := labelWidth(labels...)
	fmt.Fprintln(tw, padRight(head, width)+a.t("\tPhần tử\tCòn mở: chặn\tcao\tTB\tTT\tĐã xử lý: chặn\tcao\tTB\tTT\tQuyết định\t",
		"\tElements\tOpen: blocker\thigh\tmedium\tinfo\tResolved: blocker\thigh\tmedium\tinfo\tDecisions\t"))
	row := func(sp workspace.StatusProvince, label string) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", padRight(label, width), sp.Elements,
			sp.Open[migrate.Blocker], sp.Open[migrate.High], sp.Open[migrate.Medium], sp.Open[migrate.Info],
			sp.Resolved[migrate.Blocker], sp.Resolved[migrate.High], sp.Resolved[migrate.Medium], sp.Resolved[migrate.Info], sp.Decisions)
	}
	for _, sp := range rep.Provinces {
		row(sp, sp.Code+"  "+sp.Name)
	}
	if len(rep.Provinces) > 1 {
		row(rep.Totals, a.t("Tổng", "Total"))
	}
	err = tw.Flush()
	printContradictions(a, rep.Contradictions)
	printUnknownUnits(a, rep.Unknown)
	return err
}
