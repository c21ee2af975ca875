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
		Use:   "demo [--out DIR] [--scale F]",
		Short: "Generate inventories for the whole country and run the national batch on them: the first command to run",
		Long: `Sinh bản kê khai tổng hợp (giả lập, có chủ đích chứa các lỗi thường gặp) cho mọi đơn vị hành chính cũ
của cả nước, rồi chạy toàn bộ quy trình (nhập, lập phương án, xuất sổ đối soát) vào thư mục DIR:
DIR/inventories (bản kê khai), DIR/archmerge.db (kho dữ liệu), DIR/reports (sổ đối soát Excel) và
DIR/reports/dashboard (bảng theo dõi HTML: mở index.html trong trình duyệt).
Lệnh này luôn dùng kho DIR/archmerge.db, không dùng --db.

Generates synthetic inventories for every old unit in the country and runs the whole job on them
(import, plan, workbooks) into DIR: DIR/inventories, DIR/archmerge.db (always; --db is ignored),
DIR/reports, and the HTML dashboard DIR/reports/dashboard (open index.html in a browser). Running it again resumes and skips what is unchanged.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return demoRun(a, o) },
	}
	c.Flags().StringVar(&o.out, "out", "archmerge-demo", "folder for everything the demo writes")
	c.Flags().Float64Var(&o.scale, "scale", 1, "size of the generated estate (1 ≈ 70,000 elements)")
	c.Flags().Int64Var(&o.seed, "seed", 1, "seed of the generated inventories")
	c.Flags().IntVar(&o.jobs, "jobs", runtime.NumCPU(), "provinces processed in parallel")
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
