package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/workspace"
)

type planOptions struct {
	provinces []string
	asOf      string
}

func newPlanCmd(a *app) *cobra.Command {
	var o planOptions
	c := &cobra.Command{
		Use: a.t("plan [--province MÃ]... [--as-of NGÀY]", "plan [--province CODE]... [--as-of DATE]"),
		Short: a.t("Lập phương án hợp nhất: đơn vị tiếp nhận, trùng lặp, phần tử giữ lại, cảnh báo; lưu phương án",
			"Plan the consolidation: routing, duplicates, survivors, flags; store the plan"),
		Long: a.help("plan"),
		Args: a.cli.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return planRun(a, o)
		},
	}
	c.Flags().StringArrayVar(&o.provinces, "province", nil, a.t("`MÃ` hoặc tên tỉnh mới (lặp lại, hoặc ngăn bằng dấu phẩy; mặc định: mọi tỉnh có bản kê khai)",
		"new province `CODE` or name (repeat, or separate with commas; default: every province with an inventory)"))
	c.Flags().StringVar(&o.asOf, "as-of", "", a.t("`NGÀY` lập phương án, yyyy-mm-dd hoặc dd/mm/yyyy (mặc định hôm nay)", "plan `DATE`, yyyy-mm-dd or dd/mm/yyyy (default today)"))
	return c
}

func planRun(a *app, o planOptions) error {
	res, err := a.workspace().Plan(a.ctx, workspace.PlanOptions{AsOf: o.asOf, Provinces: o.provinces})
	if err != nil {
		return err
	}
	p := res.Plan
	if res.Stored {
		a.warnf(a.t("Phương án %s đã có trong kho: đầu vào không đổi", "Plan %s is already stored: the inputs are unchanged"), p.ID)
	} else {
		a.warnf(a.t("Đã lập và lưu phương án %s trong %.1f giây", "Planned and stored %s in %.1f s"), p.ID, res.Seconds)
	}
	if a.json() {
		return a.printJSON(p)
	}
	printPlanSummary(a, p, len(res.Unknown) > 0)
	printContradictions(a, p.Contradictions)
	printUnknownUnits(a, res.Unknown)
	return nil
}

// printPlanSummary prints a plan's provinces; unknown says that units with
// an inventory are missing from the mapping (listed after it).
func printPlanSummary(a *app, p *migrate.Plan, unknown bool) {
	w := a.stdout
	fmt.Fprintf(w, a.t("Phương án %s — ngày %s — bảng chuyển đổi %s\n", "Plan %s — as of %s — mapping %s\n"), p.ID, p.AsOf, p.Mapping)
	if len(p.Provinces) == 0 && unknown {
		fmt.Fprintln(w, a.t("Không tỉnh mới nào: mọi bản kê khai đã nhập thuộc đơn vị cũ không có trong ánh xạ đang dùng (xem bên dưới).",
			"No new province: every inventory imported is of old units the active mapping does not have (listed below)."))
		return
	}
	if len(p.Provinces) == 0 {
		fmt.Fprintln(w, a.t("Chưa có bản kê khai nào: hãy chạy archmerge import inventory trước.",
			"No inventory yet: run archmerge import inventory first."))
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head, total := a.t("Tỉnh mới", "New province"), a.t("Tổng", "Total")
	labels := []string{head, total}
	for _, s := range p.Provinces {
		labels = append(labels, s.Code+"  "+s.Name)
	}
	width := labelWidth(labels...)
	fmt.Fprintln(tw, padRight(head, width)+a.t("\tTrước\tSau\tCụm trùng\tChặn\tCao\tTrung bình\tThông tin\tĐã xử lý\t",
		"\tBefore\tAfter\tClusters\tBlocker\tHigh\tMedium\tInfo\tResolved\t"))
	var tot migrate.ProvinceSummary
	tot.Flags, tot.Resolved = map[migrate.Severity]int{}, map[migrate.Severity]int{}
	for _, s := range p.Provinces {
		res := 0
		for _, n := range s.Resolved {
			res += n
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", padRight(s.Code+"  "+s.Name, width), s.ElementsBefore, s.ElementsAfter, s.Clusters,
			s.Flags[migrate.Blocker], s.Flags[migrate.High], s.Flags[migrate.Medium], s.Flags[migrate.Info], res)
		tot.ElementsBefore += s.ElementsBefore
		tot.ElementsAfter += s.ElementsAfter
		tot.Clusters += s.Clusters
		for k, n := range s.Flags {
			tot.Flags[k] += n
		}
		for k, n := range s.Resolved {
			tot.Resolved[k] += n
		}
	}
	if len(p.Provinces) > 1 {
		res := 0
		for _, n := range tot.Resolved {
			res += n
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", padRight(total, width), tot.ElementsBefore, tot.ElementsAfter, tot.Clusters,
			tot.Flags[migrate.Blocker], tot.Flags[migrate.High], tot.Flags[migrate.Medium], tot.Flags[migrate.Info], res)
	}
	tw.Flush()
	fmt.Fprintln(w, a.t("Cảnh báo chưa xử lý theo mức độ: chặn, cao, trung bình, thông tin. Xem chi tiết: archmerge report; toàn bộ: archmerge plan --format json.",
		"Open flags by severity: blocker, high, medium, info. Details: archmerge report; everything: archmerge plan --format json."))
}
