package workspace

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/ndta-vn/archmerge/internal/outfile"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
	"github.com/ndta-vn/archmerge/store"
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
	// Contradictions are merge decisions in force that cannot hold
	// together (recorded by an earlier version): decide them again.
	Contradictions []migrate.Contradiction `json:"contradictions,omitempty"`
	// Unknown lists the old units holding an inventory that the active
	// mapping does not have: no workbook holds their elements.
	Unknown []store.UnitInventory `json:"unknown_units,omitempty"`
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
	if err := outfile.Folder(o.Out); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	res := &ReportResult{}
	if res.Contradictions, err = w.contradictions(ctx, st, m, provs); err != nil {
		return nil, err
	}
	if res.Unknown, err = w.unknownUnits(ctx, st, m); err != nil {
		return nil, err
	}
	var mu sync.Mutex
	written := func(path string) {
		mu.Lock()
		res.Files = append(res.Files, path)
		mu.Unlock()
	}
	jobs := max(1, runtime.GOMAXPROCS(0))
	if len(provs) == 0 {
		// The whole country, part by part: only the parts in progress are
		// in memory.
		record, err := w.nationalParts(ctx, st, o.AsOf, func(p *migrate.Plan) error {
			meta := w.meta(st.ID(), p.ID)
			for _, ps := range p.Provinces {
				path, err := reports.WriteProvince(ctx, o.Out, p, m, ps.Code, meta)
				if err != nil {
					return err
				}
				written(path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		hist, err := w.nationalHistory(ctx)
		if err != nil {
			return nil, err
		}
		path, err := reports.WriteNational(ctx, o.Out, record, m, w.meta(st.ID(), record.ID), hist)
		if err != nil {
			return nil, err
		}
		written(path)
		res.PlanID = record.ID
	} else {
		plan, err := w.current(ctx, st, o.AsOf, provs)
		if err != nil {
			return nil, err
		}
		res.PlanID = plan.ID
		meta := w.meta(st.ID(), plan.ID)
		in := map[string]bool{}
		for _, s := range plan.Provinces {
			in[s.Code] = true
		}
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(jobs)
		for _, code := range provs {
			if !in[code] {
				res.Skipped = append(res.Skipped, code)
				continue
			}
			g.Go(func() error {
				path, err := reports.WriteProvince(gctx, o.Out, plan, m, code, meta)
				if err == nil {
					written(path)
				}
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
	}
	if len(res.Files) == 0 && len(res.Unknown) > 0 {
		return nil, Rejected(errors.New(w.tf("không có tỉnh nào để xuất sổ: đơn vị cũ của mọi bản kê khai đã nhập (%d đơn vị) không có trong ánh xạ đang dùng; hãy nạp ánh xạ có các đơn vị này",
			"no province to write: the old units of every inventory imported (%d units) are not in the active mapping; import a mapping that has them", len(res.Unknown))))
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
	Format    string   // one of reports.ExportFormats
	Out       string   // folder, created if missing
	AsOf      string   // plan date; empty: the current plan's, else today
	Provinces []string // as typed (see Provinces); none: the whole country
	ModelName string   // archi, archimate: the model's name (see reports.ExportOptions)
}

// ExportResult lists the files written and counts what they hold.
type ExportResult struct {
	PlanID    string   `json:"plan_id"`
	Format    string   `json:"format"`
	Provinces []string `json:"provinces,omitempty"` // the provinces exported; none: the whole country
	// Empty lists the provinces asked for that have no inventory: they are
	// exported, with nothing in them.
	Empty []string `json:"empty,omitempty"`
	reports.Exported
}

// Export writes the consolidated architecture of the current plan, of the
// whole country or of the provinces chosen.
func (w *Workspace) Export(ctx context.Context, o ExportOptions) (*ExportResult, error) {
	if !slices.Contains(reports.ExportFormats, o.Format) {
		return nil, Usage(fmt.Errorf(w.t("--format %q: cần một trong %s", "--format %q: expected one of %s"), o.Format, strings.Join(reports.ExportFormats, ", ")))
	}
	if err := outfile.CheckFolder(o.Out); err != nil {
		return nil, err
	}
	st, m, err := w.open(ctx)
	if err != nil {
		return nil, err
	}
	provs, err := w.Provinces(m, o.Provinces)
	if err != nil {
		return nil, err
	}
	var a *migrate.Architecture
	if len(provs) > 0 {
		plan, err := w.current(ctx, st, o.AsOf, provs)
		if err != nil {
			return nil, err
		}
		a = migrate.Consolidate(plan, m)
	} else {
		// The whole country, part by part: each part's plan is let go once
		// its consolidated architecture is taken.
		var mu sync.Mutex
		var parts []*migrate.Architecture
		record, err := w.nationalParts(ctx, st, o.AsOf, func(p *migrate.Plan) error {
			pa := migrate.Consolidate(p, m)
			mu.Lock()
			parts = append(parts, pa)
			mu.Unlock()
			return nil
		})
		if err != nil {
			return nil, err
		}
		a = migrate.MergeArchitectures(record.ID, record.Provinces, parts)
	}
	ex, err := reports.ExportArchitecture(o.Out, reports.ExportOptions{Format: o.Format, Lang: w.lang, ModelName: o.ModelName, National: len(provs) == 0}, a, m)
	if errors.Is(err, reports.ErrNoElements) {
		return nil, errors.New(w.t("không có phần tử nào để xuất: các tỉnh đã chọn chưa có bản kê khai (một mô hình ArchiMate cần ít nhất một phần tử)",
			"nothing to export: the provinces chosen have no inventory (an ArchiMate model needs at least one element)"))
	}
	if err != nil {
		return nil, err
	}
	res := &ExportResult{PlanID: a.PlanID, Format: o.Format, Provinces: provs, Exported: *ex}
	for _, s := range a.Provinces {
		if len(provs) > 0 && s.ElementsBefore == 0 {
			res.Empty = append(res.Empty, s.Code)
		}
	}
	return res, nil
}
