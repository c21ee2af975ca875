package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
	"github.com/ndta-vn/archmerge/store"
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
	cmd.Flags().StringArrayVar(&o.provinces, "province", nil, "new province code (repeatable)")
	cmd.Flags().StringVar(&o.asOf, "as-of", "", "plan date yyyy-mm-dd (default: the stored plan's, else today)")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

// reportResult is what report prints with --format json.
type reportResult struct {
	PlanID string   `json:"plan_id"`
	Files  []string `json:"files"`
}

// errNoWorkspace is returned by commands that need a workspace holding
// inventories.
func errNoWorkspace(a *app) error {
	return fmt.Errorf(a.t("chưa có kho dữ liệu %s: chạy archmerge init rồi archmerge import inventory trước",
		"no workspace at %s: run archmerge init and archmerge import inventory first"), a.dbPath)
}

// workspace opens the workspace, which must exist (the commands that read
// a plan never create one), and its active mapping.
func (a *app) workspace() (*store.Store, *mapping.Mapping, error) {
	st, err := a.existingStore()
	if err != nil {
		return nil, nil, err
	}
	if st == nil {
		return nil, nil, errNoWorkspace(a)
	}
	m, err := a.activeMapping()
	if err != nil {
		return nil, nil, err
	}
	return st, m, nil
}

// provinceCodes checks the --province values against the mapping's new
// provinces, restoring a leading zero a user left out ("8" for "08").
func provinceCodes(a *app, m *mapping.Mapping, codes []string) ([]string, error) {
	var out []string
	for _, c := range codes {
		c = strings.TrimSpace(c)
		u, ok := m.NewUnit(c)
		if !ok && len(c) == 1 {
			c = "0" + c
			u, ok = m.NewUnit(c)
		}
		if !ok || u.Level != mapping.Province {
			return nil, usageError(fmt.Errorf(a.t("--province %q: không phải mã tỉnh mới (2 chữ số, ví dụ 08)", "--province %q: not a new province code (2 digits, e.g. 08)"), c))
		}
		out = append(out, c)
	}
	sort.Strings(out)
	return out, nil
}

func reportRun(a *app, o reportOptions) error {
	st, m, err := a.workspace()
	if err != nil {
		return err
	}
	provs, err := provinceCodes(a, m, o.provinces)
	if err != nil {
		return err
	}
	plan, err := a.currentPlan(o.asOf, provs)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	meta := reports.Meta{WorkspaceID: st.ID(), PlanID: plan.ID, ToolVersion: Version, Lang: a.lang}
	files, err := writeWorkbooks(a, o.out, plan, m, provs, meta)
	if err != nil {
		return err
	}
	if a.json() {
		return a.printJSON(reportResult{PlanID: plan.ID, Files: files})
	}
	fmt.Fprintf(a.stderr, a.t("Phương án %s: đã xuất %d sổ vào %s\n", "Plan %s: %d workbooks written into %s\n"), plan.ID, len(files), o.out)
	for _, f := range files {
		fmt.Fprintln(a.stdout, f)
	}
	return nil
}

// writeWorkbooks writes the workbooks of the plan's provinces (or of provs
// when given) in parallel, then the national summary when no province was
// chosen, and returns the paths, sorted.
func writeWorkbooks(a *app, dir string, plan *migrate.Plan, m *mapping.Mapping, provs []string, meta reports.Meta) ([]string, error) {
	want := map[string]bool{}
	for _, c := range provs {
		want[c] = true
	}
	var todo []string
	for _, s := range plan.Provinces {
		if len(want) == 0 || want[s.Code] {
			todo = append(todo, s.Code)
			delete(want, s.Code)
		}
	}
	for c := range want {
		a.warnf(a.t("Tỉnh %s không có trong phương án (chưa có kê khai nào): bỏ qua", "Province %s is not in the plan (no inventory): skipped"), c)
	}
	var mu sync.Mutex
	var files []string
	g, ctx := errgroup.WithContext(a.ctx)
	g.SetLimit(max(1, runtime.GOMAXPROCS(0)))
	for _, code := range todo {
		g.Go(func() error {
			path, err := reports.WriteProvince(ctx, dir, plan, m, code, meta)
			if err != nil {
				return err
			}
			mu.Lock()
			files = append(files, path)
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if len(provs) == 0 {
		path, err := reports.WriteNational(a.ctx, dir, plan, m, meta)
		if err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	if len(files) == 0 {
		return nil, errors.New(a.t("không có tỉnh nào để xuất sổ", "no province to write"))
	}
	sort.Strings(files)
	for i, f := range files {
		files[i] = filepath.Clean(f)
	}
	return files, nil
}
