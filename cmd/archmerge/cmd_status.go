package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/workspace"
)

type statusOptions struct {
	history   bool
	provinces []string
}

func newStatusCmd(a *app) *cobra.Command {
	var o statusOptions
	c := &cobra.Command{
		Use: a.t("status [--history [--province MÃ]...]", "status [--history [--province CODE]...]"),
		Short: a.t("Tiến độ theo tỉnh mới: phần tử, cảnh báo còn mở và đã xử lý, quyết định; --history theo tuần",
			"Progress per new province: elements, open and resolved flags, decisions; --history week by week"),
		Long: a.help("status"),
		Args: a.cli.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return statusRun(a, o)
		},
	}
	c.Flags().BoolVar(&o.history, "history", false, a.t("tiến độ theo tuần thay cho tình trạng hiện tại", "weekly progress instead of the current state"))
	c.Flags().StringArrayVar(&o.provinces, "province", nil, a.t("với --history: `MÃ` hoặc tên tỉnh mới (lặp lại, hoặc ngăn bằng dấu phẩy)",
		"with --history: new province `CODE` or name (repeat, or separate with commas)"))
	return c
}

func statusRun(a *app, o statusOptions) error {
	if o.history {
		return historyRun(a, o)
	}
	if len(o.provinces) > 0 {
		return usageError(errors.New(a.t("--province chỉ dùng cùng --history", "--province goes with --history")))
	}
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

// historyRun prints the weekly progress: one row per week of the national
// sums (or of the provinces chosen), a dash for a week before any plan.
func historyRun(a *app, o statusOptions) error {
	h, err := a.workspace().History(a.ctx, o.provinces)
	if err != nil {
		return err
	}
	if a.json() {
		return a.printJSON(h)
	}
	w := a.stdout
	if len(h.Weeks) == 0 {
		fmt.Fprintln(w, a.t("Chưa có số liệu theo tuần: kho chưa lưu phương án nào (chạy archmerge plan).",
			"No weekly figures yet: the workspace has saved no plan (run archmerge plan)."))
		return nil
	}
	scope := a.t("cả nước", "whole country")
	if len(o.provinces) > 0 {
		var names []string
		for _, p := range h.Provinces {
			names = append(names, p.Code+" "+p.Name)
		}
		scope = strings.Join(names, ", ")
		if len(names) == 0 {
			scope = a.t("các tỉnh đã chọn chưa có phương án nào", "the provinces chosen have no plan yet")
		}
	}
	fmt.Fprintf(w, a.t("Tiến độ theo tuần (%s)\n", "Weekly progress (%s)\n"), scope)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, a.t("Tuần\tTừ ngày\tChặn còn mở\tCao còn mở\tĐã xử lý\tQuyết định\t",
		"Week\tFrom\tOpen blockers\tOpen high\tResolved\tDecisions\t"))
	for i, wk := range h.Weeks {
		p := h.National[i]
		if !p.Known {
			fmt.Fprintf(tw, "%s\t%s\t—\t—\t—\t—\t\n", wk.ID, wk.Monday)
			continue
		}
		resolved := 0
		for _, n := range p.Resolved {
			resolved += n
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", wk.ID, wk.Monday, a.count(p.Open[migrate.Blocker]), a.count(p.Open[migrate.High]),
			a.count(resolved), a.count(p.Decisions))
	}
	return tw.Flush()
}
