package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/ndta-vn/archmerge/internal/outfile"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
	"github.com/ndta-vn/archmerge/store"
)

// DashboardOptions choose where the dashboard goes.
type DashboardOptions struct {
	Out string // folder for the pages, created if missing
	// Workbooks is the folder of the workbooks the pages link to; empty:
	// the folder above Out, as batch lays them out (DIR/dashboard beside
	// the workbooks of DIR).
	Workbooks string
	AsOf      string // plan date; empty: the current plan's, else today
}

// DashboardResult lists the pages written.
type DashboardResult struct {
	PlanID string   `json:"plan_id"`
	Index  string   `json:"index"` // the national page
	Files  []string `json:"files"` // every page, the national one first
}

// Dashboard writes the dashboard of the current plan: a page per new
// province and the national page (reports.WriteNationalDashboard). It
// plans part by part (migrate.Partition), as batch does, so that only the
// parts in progress are in memory, and stores the plan's record when the
// workspace does not hold it yet, so that the progress it draws ends with
// what the pages show.
func (w *Workspace) Dashboard(ctx context.Context, o DashboardOptions) (*DashboardResult, error) {
	if err := outfile.CheckFolder(o.Out); err != nil {
		return nil, err
	}
	st, m, err := w.open(ctx)
	if err != nil {
		return nil, err
	}
	books := o.Workbooks
	if books == "" {
		books = filepath.Dir(filepath.Clean(o.Out))
	}
	res := &DashboardResult{}
	var mu sync.Mutex
	record, err := w.nationalParts(ctx, st, o.AsOf, func(plan *migrate.Plan) error {
		meta := w.dashboardMeta(st, plan.ID, plan.AsOf)
		for _, ps := range plan.Provinces {
			book := filepath.Join(books, reports.ProvinceFileName(ps.Code, ps.Name))
			path, err := reports.WriteProvinceDashboard(o.Out, plan, m, ps.Code, meta, linkIfExists(o.Out, book))
			if err != nil {
				return err
			}
			mu.Lock()
			res.Files = append(res.Files, filepath.Clean(path))
			mu.Unlock()
		}
		return nil
	})
	if err != nil {
		return nil, w.stopped(err, "")
	}
	if len(record.Provinces) == 0 {
		return nil, errors.New(w.t("chưa có bản kê khai nào: chạy archmerge import inventory (hoặc batch) trước",
			"no inventory yet: run archmerge import inventory (or batch) first"))
	}
	asOf := record.AsOf
	sort.Strings(res.Files)
	res.PlanID = record.ID
	sums := record.Provinces
	meta := w.dashboardMeta(st, record.ID, asOf)
	index, err := w.writeNationalDashboard(ctx, st, m, o.Out, meta, sums, linkIfExists(o.Out, filepath.Join(books, reports.NationalFileName)))
	if err != nil {
		return nil, err
	}
	res.Index = filepath.Clean(index)
	res.Files = append([]string{res.Index}, res.Files...)
	return res, nil
}

// dashboardMeta identifies the pages of plan planID.
func (w *Workspace) dashboardMeta(st *store.Store, planID, asOf string) reports.DashboardMeta {
	return reports.DashboardMeta{Lang: w.lang, ToolVersion: w.version, PlanID: planID, AsOf: asOf,
		Generated: st.Now().In(vietnam).Format("2006-01-02 15:04") + w.t(" (giờ Việt Nam)", " (Vietnam time)")}
}

// writeNationalDashboard writes the national page into dir from the
// provinces' summaries and the workspace's history, linking the province
// pages found in dir.
func (w *Workspace) writeNationalDashboard(ctx context.Context, st *store.Store, m *mapping.Mapping, dir string, meta reports.DashboardMeta,
	sums []migrate.ProvinceSummary, workbook string) (string, error) {
	snaps, err := st.Snapshots(ctx)
	if err != nil {
		return "", err
	}
	h := weekly(snaps, nil, st.Now())
	d := reports.NationalDashboard{Meta: meta, Provinces: sums, Pages: map[string]string{}, Workbook: workbook}
	for _, s := range sums {
		if l := linkIfExists(dir, filepath.Join(dir, reports.DashboardFileName(s.Code, s.Name))); l != "" {
			d.Pages[s.Code] = l
		}
	}
	for _, wk := range h.Weeks {
		d.History.Weeks = append(d.History.Weeks, wk.Monday)
	}
	d.History.National = dashboardPoints(h.National)
	for _, ph := range h.Provinces {
		d.History.Provinces = append(d.History.Provinces, reports.DashboardSeries{Code: ph.Code, Name: ph.Name, Points: dashboardPoints(ph.Points)})
	}
	path, err := reports.WriteNationalDashboard(dir, d, m)
	if err != nil {
		return "", fmt.Errorf("dashboard: %w", err)
	}
	return path, nil
}

func dashboardPoints(ps []HistoryPoint) []reports.DashboardPoint {
	out := make([]reports.DashboardPoint, len(ps))
	for i, p := range ps {
		out[i] = reports.DashboardPoint{Known: p.Known, Blockers: p.Open[migrate.Blocker], High: p.Open[migrate.High]}
	}
	return out
}

// linkIfExists returns the link from a page in dir to file, or "" when the
// file is not there.
func linkIfExists(dir, file string) string {
	if _, err := os.Stat(file); err != nil {
		return ""
	}
	return reports.RelativeLink(dir, file)
}
