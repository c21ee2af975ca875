package main

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sort"

	"github.com/ndta-vn/archmerge/workspace"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
)

type demoOptions struct {
	out   string
	scale float64
	seed  int64
	jobs  int
}

func newDemoCmd(a *app) *cobra.Command {
	var o demoOptions
	c := &cobra.Command{
		Use: a.t("demo [--out THƯ_MỤC] [--scale TỈ_LỆ]", "demo [--out DIR] [--scale F]"),
		Short: a.t("Sinh bản kê khai giả lập cho cả nước và chạy toàn bộ quy trình: lệnh nên chạy đầu tiên",
			"Generate inventories for the whole country and run the national batch on them: the first command to run"),
		Long: a.help("demo"),
		Args: a.cli.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return demoRun(a, o) },
	}
	c.Flags().StringVar(&o.out, "out", "archmerge-demo", a.t("`THƯ_MỤC` nhận mọi thứ demo ghi ra", "`DIR` for everything the demo writes"))
	c.Flags().Float64Var(&o.scale, "scale", 1, a.t("quy mô dữ liệu sinh ra (1 ≈ 65.000 phần tử)", "size of the generated estate (1 ≈ 65,000 elements)"))
	c.Flags().Int64Var(&o.seed, "seed", 1, a.t("hạt giống sinh bản kê khai", "seed of the generated inventories"))
	c.Flags().IntVar(&o.jobs, "jobs", runtime.NumCPU(), a.t("số tỉnh xử lý song song", "provinces processed in parallel"))
	return c
}

func demoRun(a *app, o demoOptions) error {
	res, err := workspace.Demo(a.ctx, workspace.DemoOptions{Out: o.out, Scale: o.scale, Seed: o.seed, Jobs: o.jobs}, a.lang, Version, newProgress(a))
	if res == nil {
		return err
	}
	if a.json() {
		if perr := a.printJSON(res); perr != nil {
			return perr
		}
		return err
	}
	_, _, reportsDir := workspace.DemoDirs(o.out)
	printBatch(a, reportsDir, res)
	printDemoTotals(a, reportsDir, res)
	return err
}

func printDemoTotals(a *app, out string, r *workspace.BatchResult) {
	var before, after, clusters int
	flags := map[migrate.Severity]int{}
	type pv struct {
		code, name string
		blockers   int
	}
	var worst []pv
	for _, p := range r.Provinces {
		before += p.ElementsBefore
		after += p.ElementsAfter
		clusters += p.Clusters
		for s, n := range p.Flags {
			flags[s] += n
		}
		worst = append(worst, pv{p.Code, p.Name, p.Flags[migrate.Blocker]})
	}
	sort.SliceStable(worst, func(i, j int) bool { return worst[i].blockers > worst[j].blockers })
	w := a.stdout
	fmt.Fprintln(w)
	fmt.Fprintf(w, a.t("Cả nước: %d tỉnh mới, %s phần tử trước hợp nhất, %s sau; %s cụm trùng lặp\n",
		"Country: %d new provinces, %s elements before consolidation, %s after; %s duplicate clusters\n"),
		len(r.Provinces), a.count(before), a.count(after), a.count(clusters))
	fmt.Fprintf(w, a.t("Cảnh báo cần quyết định: %s chặn, %s cao, %s trung bình, %s thông tin\n",
		"Flags to decide: %s blocker, %s high, %s medium, %s info\n"),
		a.count(flags[migrate.Blocker]), a.count(flags[migrate.High]), a.count(flags[migrate.Medium]), a.count(flags[migrate.Info]))
	fmt.Fprintf(w, a.t("Sổ đối soát: %s\n", "Workbooks: %s\n"), out)
	if r.Dashboard != "" {
		fmt.Fprintf(w, a.t("Bảng theo dõi: mở %s trong trình duyệt (không cần mạng)\n", "Dashboard: open %s in a browser (no network needed)\n"), r.Dashboard)
	}
	fmt.Fprintf(w, a.t("Mở trước: %s (tổng hợp toàn quốc)", "Open first: %s (the national summary)"), filepath.Join(out, reports.NationalFileName))
	if len(worst) > 0 {
		fmt.Fprintf(w, a.t(",\n  rồi %s (%s, nhiều cảnh báo chặn nhất: %s)", ",\n  then %s (%s, the most blockers: %s)"),
			filepath.Join(out, reports.ProvinceFileName(worst[0].code, worst[0].name)), worst[0].name, a.count(worst[0].blockers))
	}
	fmt.Fprintln(w)
}
