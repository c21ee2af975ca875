package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/ndta-vn/archmerge/reports"
)

// ReportOptions choose which workbooks to write.
type ReportOptions struct {
	Out       string   // folder, created if missing
	Provinces []string // as typed (see Provinces); none: every province and the national summary
	AsOf      string   // plan date; empty: the current plan's, else today
}

// ReportResult lists the workbooks written.
type ReportResult struct {
	PlanID string   `json:"plan_id"`
	Files  []string `json:"files"`
	// Skipped lists the provinces asked for that have no inventory.
	Skipped []string `json:"skipped,omitempty"`
}

// Report writes the reconciliation workbooks of the current plan: one per
// new province (in parallel), and the national summary when no province
// was chosen.
func (w *Workspace) Report(ctx context.Context, o ReportOptions) (*ReportResult, error) {
	st, m, err := w.open(ctx)
	if err != nil {
		return nil, err
	}
	provs, err := w.Provinces(m, o.Provinces)
	if err != nil {
		return nil, err
	}
	plan, _, err := w.current(ctx, st, o.AsOf, provs)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	meta := w.meta(st.ID(), plan.ID)
	res := &ReportResult{PlanID: plan.ID}
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
		res.Skipped = append(res.Skipped, c)
	}
	sort.Strings(res.Skipped)
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, runtime.GOMAXPROCS(0)))
	for _, code := range todo {
		g.Go(func() error {
			path, err := reports.WriteProvince(gctx, o.Out, plan, m, code, meta)
			if err != nil {
				return err
			}
			mu.Lock()
			res.Files = append(res.Files, path)
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if len(provs) == 0 {
		hist, err := w.nationalHistory(ctx)
		if err != nil {
			return nil, err
		}
		path, err := reports.WriteNational(ctx, o.Out, plan, m, meta, hist)
		if err != nil {
			return nil, err
		}
		res.Files = append(res.Files, path)
	}
	if len(res.Files) == 0 {
		return nil, errors.New(w.t("không có tỉnh nào để xuất sổ", "no province to write"))
	}
	sort.Strings(res.Files)
	for i, f := range res.Files {
		res.Files[i] = filepath.Clean(f)
	}
	return res, nil
}

// nationalHistory is the weekly progress of every province, as the
// national summary shows it.
func (w *Workspace) nationalHistory(ctx context.Context) (*reports.History, error) {
	h, err := w.History(ctx, nil)
	if err != nil {
		return nil, err
	}
	point := func(p HistoryPoint) reports.HistoryPoint {
		return reports.HistoryPoint{Known: p.Known, Open: p.Open, Resolved: p.Resolved, Decisions: p.Decisions}
	}
	out := &reports.History{}
	for _, wk := range h.Weeks {
		out.Weeks = append(out.Weeks, reports.HistoryWeek{ID: wk.ID, Monday: wk.Monday})
	}
	for _, p := range h.National {
		out.National = append(out.National, point(p))
	}
	for _, ph := range h.Provinces {
		rp := reports.ProvinceHistory{Code: ph.Code, Name: ph.Name}
		for _, p := range ph.Points {
			rp.Points = append(rp.Points, point(p))
		}
		out.Provinces = append(out.Provinces, rp)
	}
	return out, nil
}

// meta identifies the workbooks written from plan planID.
func (w *Workspace) meta(workspaceID, planID string) reports.Meta {
	return reports.Meta{WorkspaceID: workspaceID, PlanID: planID, ToolVersion: w.version, Lang: w.lang}
}

// ExportOptions choose what to export and how.
type ExportOptions struct {
	Format string // one of reports.ExportFormats
	Out    string // folder, created if missing
	AsOf   string // plan date; empty: the current plan's, else today
}

// ExportResult lists the files written.
type ExportResult struct {
	PlanID string   `json:"plan_id"`
	Format string   `json:"format"`
	Files  []string `json:"files"`
}

// Export writes the consolidated architecture of the current plan.
func (w *Workspace) Export(ctx context.Context, o ExportOptions) (*ExportResult, error) {
	if !slices.Contains(reports.ExportFormats, o.Format) {
		return nil, Usage(fmt.Errorf(w.t("--format %q: cần một trong %s", "--format %q: expected one of %s"), o.Format, strings.Join(reports.ExportFormats, ", ")))
	}
	st, m, err := w.open(ctx)
	if err != nil {
		return nil, err
	}
	plan, _, err := w.current(ctx, st, o.AsOf, nil)
	if err != nil {
		return nil, err
	}
	paths, err := reports.Export(o.Out, o.Format, plan, m)
	if err != nil {
		return nil, err
	}
	return &ExportResult{PlanID: plan.ID, Format: o.Format, Files: paths}, nil
}
