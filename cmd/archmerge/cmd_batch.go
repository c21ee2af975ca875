package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/ndta-vn/archmerge/internal/termsafe"
	"github.com/ndta-vn/archmerge/workspace"
)

type batchOptions struct {
	paths []string
	out   string
	jobs  int
	asOf  string
	force bool
}

func newBatchCmd(a *app) *cobra.Command {
	var o batchOptions
	c := &cobra.Command{
		Use: a.t("batch ĐƯỜNG_DẪN... --out THƯ_MỤC", "batch PATH... --out DIR"),
		Short: a.t("Nhập mọi bản kê khai, lập phương án và xuất sổ đối soát của mọi tỉnh (song song, chạy tiếp được)",
			"Import every inventory under PATH, plan, and write every province's workbook (in parallel, resumable)"),
		Long: a.help("batch"),
		Args: a.cli.MinArgs(1, "tệp hoặc thư mục kê khai", "an inventory file or folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return batchRun(a, o)
		},
	}
	c.Flags().StringVar(&o.out, "out", "", a.t("`THƯ_MỤC` nhận các sổ (bắt buộc)", "`DIR` for the workbooks (required)"))
	c.Flags().IntVar(&o.jobs, "jobs", runtime.NumCPU(), a.t("số tỉnh xử lý song song", "provinces processed in parallel"))
	c.Flags().StringVar(&o.asOf, "as-of", "", a.t("`NGÀY` lập phương án, yyyy-mm-dd (mặc định hôm nay)", "plan `DATE`, yyyy-mm-dd (default today)"))
	c.Flags().BoolVar(&o.force, "force", false, a.t("làm lại mọi tỉnh, kể cả tỉnh không đổi", "redo every province, even unchanged ones"))
	_ = c.MarkFlagRequired("out")
	return c
}

func batchRun(a *app, o batchOptions) error {
	res, err := a.workspace().Batch(a.ctx, workspace.BatchOptions{Paths: o.paths, Out: o.out, Jobs: o.jobs, AsOf: o.asOf, Force: o.force}, newProgress(a))
	if res == nil {
		return err
	}
	if a.json() {
		if perr := a.printJSON(res); perr != nil {
			return perr
		}
		return err
	}
	printBatch(a, o.out, res)
	printContradictions(a, res.Contradictions)
	return err
}

func printBatch(a *app, out string, r *workspace.BatchResult) {
	w := a.stdout
	fmt.Fprintf(w, a.t("Đầu vào: %s, %s; phương án %s\n", "Inputs: %s, %s; plan %s\n"), a.counted(r.Inputs, "tệp/thư mục", "file or folder", "files and folders"),
		a.counted(r.Elements, "phần tử", "element", "elements"), r.PlanID)
	fmt.Fprintf(w, a.t("Sổ đối soát trong %s: %d đã ghi, %d không đổi (bỏ qua)\n", "Workbooks in %s: %d written, %d unchanged (skipped)\n"), out, len(r.Written), len(r.Skipped))
	if len(r.Failed) > 0 {
		fmt.Fprintln(w, a.t("Không hoàn thành:", "Did not finish:"))
		for _, f := range r.Failed {
			who := f.Province
			if f.Name != "" {
				who = strings.TrimSpace(who + " " + f.Name)
			}
			if who == "" {
				who = f.Input
			} else if f.Input != "" {
				who += " (" + f.Input + ")"
			}
			fmt.Fprintf(w, "  - %s: %s\n", who, f.Reason)
		}
	}
	if n := len(r.Overridden); n > 0 {
		fmt.Fprintln(w, a.t(fmt.Sprintf("%s ghi từ sổ đối soát bị bản kê khai mới nạp thay (--format json liệt kê đủ):", a.counted(n, "sửa đổi", "", "")),
			fmt.Sprintf("%s recorded from workbooks overridden by the inventories imported (--format json lists them all):", a.counted(n, "", "correction", "corrections"))))
		for i, o := range r.Overridden {
			if i == 10 {
				fmt.Fprintf(w, "    … (+%d)\n", n-10)
				break
			}
			fmt.Fprintf(w, "    %s\n", overriddenText(a, o))
		}
	}
	if r.Dashboard != "" {
		fmt.Fprintf(w, a.t("Bảng theo dõi (mở trong trình duyệt): %s\n", "Dashboard (open in a browser): %s\n"), r.Dashboard)
	}
	fmt.Fprintf(w, a.t("Thời gian: đọc %.1fs, nhập %.1fs, lập phương án %.1fs, xuất sổ %.1fs, tổng %.1fs\n",
		"Time: read %.1fs, import %.1fs, plan %.1fs, workbooks %.1fs, total %.1fs\n"),
		r.Seconds["read"], r.Seconds["import"], r.Seconds["plan"], r.Seconds["report"], r.Seconds["total"])
}

// progress shows a workflow's progress on stderr: a bar on a terminal,
// log lines otherwise.
type progress struct {
	a     *app
	tty   bool
	bar   *progressbar.ProgressBar
	name  string
	total int
	done  int
	start time.Time
	mu    sync.Mutex
}

func newProgress(a *app) *progress {
	p := &progress{a: a}
	if f, ok := a.rawStderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	return p
}

func (p *progress) Stage(name string, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finishBar()
	p.name, p.total, p.done, p.start = name, total, 0, time.Now()
	if p.tty && total > 1 {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.a.rawStderr),
			progressbar.OptionSetDescription(name),
			progressbar.OptionShowCount(),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond))
		return
	}
	if total > 1 {
		fmt.Fprintf(p.a.stderr, "%s: %d\n", name, total)
	} else {
		fmt.Fprintln(p.a.stderr, name)
	}
}

func (p *progress) Done(n int, item string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if p.bar != nil {
		if item != "" {
			p.bar.Describe(p.name + ": " + termsafe.String(item))
		}
		_ = p.bar.Add(n)
		return
	}
	if item != "" {
		el := time.Since(p.start)
		eta := time.Duration(0)
		if p.done > 0 {
			eta = el / time.Duration(p.done) * time.Duration(p.total-p.done)
		}
		fmt.Fprintf(p.a.stderr, "[%d/%d] %s (%.1fs, %s %.0fs)\n", p.done, p.total, item, el.Seconds(), p.a.t("còn khoảng", "ETA"), eta.Seconds())
	}
}

func (p *progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finishBar()
}

func (p *progress) finishBar() {
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprintln(p.a.stderr)
		p.bar = nil
	}
}
