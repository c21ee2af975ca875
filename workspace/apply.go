package workspace

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
	"github.com/ndta-vn/archmerge/store"
)

// ApplyOptions name the filled-in workbooks and who decided.
type ApplyOptions struct {
	Files  []string
	By     string // who decided; empty: $ARCHMERGE_USER or the login name
	DryRun bool   // check only; record nothing
	AsOf   string // plan date; empty: the current plan's, else today
}

// ApplyResult is what Apply recorded, or found wrong.
type ApplyResult struct {
	DryRun    bool               `json:"dry_run"`
	PlanID    string             `json:"plan_id"`
	Files     []ApplyFile        `json:"files"`
	Recorded  []migrate.Decision `json:"recorded"`
	Unchanged int                `json:"unchanged"`
	// Changes lists every read-only cell a person changed (sheet, row,
	// cell, column, old → new value), recorded as an amendment or, when
	// the files were rejected, refused; Amendments are those recorded.
	Changes    []reports.CellChange  `json:"changes"`
	Amendments []inventory.Amendment `json:"amendments"`
	Settled    []migrate.Flag        `json:"settled"`
	Warnings   mapping.Problems      `json:"warnings"`
	// Problems are why the files were rejected (nothing was recorded).
	Problems mapping.Problems `json:"problems,omitempty"`
}

// ApplyFile is one workbook read.
type ApplyFile struct {
	Path     string `json:"path"`
	SHA256   string `json:"sha256"`
	Province string `json:"province"`
	PlanID   string `json:"plan_id"`
	Rows     int    `json:"rows"`
}

// Apply reads the decision columns of filled-in workbooks and records the
// decisions, and the read-only cells a person changed, which it records as
// amendments of the elements where they may be corrected (the Amendable
// columns) and refuses otherwise (reports.CheckEdits). Every row of every
// file is checked first, against the plan of the inputs, decisions and
// amendments in force while the workspace's write lock is held, so that
// two applies started together are checked one after the other and cannot
// record decisions or amendments that contradict each other; the
// decisions and amendments are recorded in that same transaction. Any
// problem records nothing and returns the result with its problems (and
// the cells changed) and a Rejected error.
func (w *Workspace) Apply(ctx context.Context, o ApplyOptions) (*ApplyResult, error) {
	st, m, err := w.open(ctx)
	if err != nil {
		return nil, err
	}
	// While the workbooks are read, their provinces are planned from the
	// inputs in force now: the plan is taken under the write lock below
	// only if nothing was recorded in between (else planned again there).
	type early struct {
		provinces []string
		plan      *migrate.Plan
		state     store.State
		in        migrate.Input
		err       error
	}
	var ahead chan early
	if provinces := hintedProvinces(m, o.Files); len(provinces) > 0 {
		ahead = make(chan early, 1)
		pctx, cancel := context.WithCancel(ctx)
		defer cancel() // a file refused: the plan is not waited for
		go func() {
			p, state, in, err := w.planInputOf(pctx, st, o.AsOf, provinces)
			ahead <- early{provinces, p, state, in, err}
		}()
	}
	var filled []*reports.Filled
	var probs mapping.Problems
	for _, path := range o.Files {
		fl, ps, err := reports.ReadDecisions(path)
		if err != nil {
			return nil, err
		}
		probs = append(probs, ps...)
		if fl != nil {
			filled = append(filled, fl)
		}
	}
	if len(probs) > 0 {
		return w.applyRejected(probs, nil)
	}
	// Plan the provinces of the files only: the plan a province's workbook
	// was written from, when the inputs have not changed since.
	provs := map[string]bool{}
	for _, fl := range filled {
		provs[fl.Identity.Province] = true
	}
	var provinces []string
	for c := range provs {
		if _, ok := m.NewUnit(c); ok {
			provinces = append(provinces, c)
		}
	}
	sort.Strings(provinces)
	by := o.By
	if by == "" {
		by = store.Actor()
	}
	var res *ApplyResult
	var before *migrate.Plan
	// What before was planned from, at which State: planning again after
	// the decisions reads only them (store.PlanInputAfterDecisions).
	var beforeIn migrate.Input
	var beforeState store.State
	var planned *early
	if ahead != nil {
		e := <-ahead
		planned = &e
	}
	if applyBeforeLock != nil {
		applyBeforeLock()
	}
	check := func(ctx context.Context) (*store.DecisionBatch, error) {
		// Not saved here: saving needs the write lock this check holds.
		var plan *migrate.Plan
		if planned != nil && planned.err == nil && slices.Equal(planned.provinces, provinces) {
			// Planned while the files were read: still the plan of the
			// inputs in force if nothing was recorded since.
			now, err := st.State(ctx)
			asOf, derr := w.planDate(ctx, st, o.AsOf)
			if err == nil && derr == nil && now == planned.state && asOf == planned.plan.AsOf {
				plan, beforeIn, beforeState = planned.plan, planned.in, planned.state
			}
		}
		if plan == nil {
			var err error
			if plan, beforeState, beforeIn, err = w.planInputOf(ctx, st, o.AsOf, provinces); err != nil {
				return nil, err
			}
		}
		inForce, err := st.Amendments(ctx)
		if err != nil {
			return nil, err
		}
		ck, probs := reports.Check(filled, plan, st.ID())
		ed, eprobs := reports.CheckEdits(filled, plan, m, inForce)
		if probs = append(probs, eprobs...); len(probs) > 0 {
			var rerr error
			res, rerr = w.applyRejected(probs, ed.Changes)
			return nil, rerr
		}
		before = plan
		res = &ApplyResult{DryRun: o.DryRun, PlanID: plan.ID, Unchanged: ck.Unchanged, Warnings: append(ck.Warnings, ed.Warnings...),
			Recorded: ck.Decisions, Changes: ed.Changes, Amendments: ed.Amendments, Settled: []migrate.Flag{}}
		for _, fl := range filled {
			res.Files = append(res.Files, ApplyFile{Path: fl.Path, SHA256: fl.SHA256, Province: fl.Identity.Province, PlanID: fl.Identity.PlanID, Rows: len(fl.Rows)})
		}
		if res.Recorded == nil {
			res.Recorded = []migrate.Decision{}
		}
		if res.Warnings == nil {
			res.Warnings = mapping.Problems{}
		}
		if o.DryRun || res.nothing() {
			return nil, nil
		}
		at := st.Now().UTC().Format(time.RFC3339)
		for i := range res.Recorded {
			d := &res.Recorded[i]
			d.By, d.At = by, at
			if abs, err := filepath.Abs(d.File); err == nil {
				d.File = abs
			}
		}
		for i := range res.Amendments {
			a := &res.Amendments[i]
			a.By, a.At = by, at
			if abs, err := filepath.Abs(a.File); err == nil {
				a.File = abs
			}
		}
		return &store.DecisionBatch{PlanID: plan.ID, Decisions: res.Recorded, Amendments: res.Amendments, Actor: by,
			Detail: map[string]any{"plan_id": plan.ID, "files": res.Files, "decisions": len(res.Recorded), "amendments": len(res.Amendments),
				"unchanged": res.Unchanged}}, nil
	}
	if o.DryRun {
		_, err = check(ctx)
	} else {
		err = st.Decide(ctx, check)
	}
	if err != nil {
		if KindOf(err) == Reject {
			return res, err
		}
		return nil, fmt.Errorf("apply: %w", err)
	}
	if o.DryRun || res.nothing() {
		return res, nil
	}
	// Plan again with the new decisions and amendments (and store that
	// plan), and compare the flags.
	if afterDecisionsHook != nil {
		afterDecisionsHook()
	}
	after, err := w.afterDecisions(ctx, st, o.AsOf, provinces, beforeIn, beforeState)
	if err != nil {
		return res, fmt.Errorf(w.t("đã ghi %s và %s, nhưng chưa lập lại được phương án: %w", "%s and %s recorded, but planning again failed: %w"),
			w.count(len(res.Recorded), "quyết định", "decision", "decisions"), w.count(len(res.Amendments), "sửa đổi", "correction", "corrections"), err)
	}
	res.Settled = settledFlags(before, after)
	res.PlanID = after.ID
	return res, nil
}

// afterDecisions plans the provinces again once a workbook's decisions
// are recorded, and stores the plan, as current does; when nothing but
// decisions was recorded since in was read at state, for the same plan
// date, it plans from in with the decisions read again rather than read
// the inventory back (a second of apply's five on a province of 28,000
// rows).
func (w *Workspace) afterDecisions(ctx context.Context, st *store.Store, asOf string, provinces []string, in migrate.Input, state store.State) (*migrate.Plan, error) {
	date, err := w.planDate(ctx, st, asOf)
	if err != nil || in.Mapping == nil || date != in.AsOf {
		return w.current(ctx, st, asOf, provinces)
	}
	next, now, ok, err := st.PlanInputAfterDecisions(ctx, in, state, provinces)
	if err != nil {
		return nil, err
	}
	if !ok {
		return w.current(ctx, st, asOf, provinces)
	}
	p, err := migrate.Build(ctx, next)
	if err != nil {
		return nil, err
	}
	if _, err := w.save(ctx, st, p, now); err != nil {
		return nil, err
	}
	return p, nil
}

// nothing reports whether the files hold nothing to record.
func (r *ApplyResult) nothing() bool { return len(r.Recorded) == 0 && len(r.Amendments) == 0 }

// afterDecisionsHook, set by tests, runs once the decisions are recorded,
// before the provinces are planned again.
var afterDecisionsHook func()

// applyBeforeLock, set by tests, runs after the files are read and their
// provinces planned, before the write lock is taken.
var applyBeforeLock func()

// hintedProvinces are the new provinces the workbooks' identity sheets
// name, sorted, as Apply plans them (nil when one cannot be told).
func hintedProvinces(m *mapping.Mapping, files []string) []string {
	provs := map[string]bool{}
	for _, f := range files {
		c := reports.ProvinceOf(f)
		if c == "" {
			return nil
		}
		if _, ok := m.NewUnit(c); ok {
			provs[c] = true
		}
	}
	out := make([]string, 0, len(provs))
	for c := range provs {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// applyRejected returns the result and error of rejected workbooks, with
// the read-only cells found changed.
func (w *Workspace) applyRejected(probs mapping.Problems, changes []reports.CellChange) (*ApplyResult, error) {
	probs.Sort()
	if changes == nil {
		changes = []reports.CellChange{}
	}
	n := len(probs.Errors())
	return &ApplyResult{Problems: probs, Recorded: []migrate.Decision{}, Changes: changes, Amendments: []inventory.Amendment{},
			Settled: []migrate.Flag{}, Warnings: mapping.Problems{}},
		Rejected(errors.New(w.tf("%s; không ghi quyết định hay sửa đổi nào", "%s; no decision or correction was recorded", w.problemCount(n))))
}

// settledFlags lists the flags open in before and resolved in after, or
// no longer raised at all (an amendment may remove what raised it: a
// security level typed in settles SECURITY_LEVEL_MISSING).
func settledFlags(before, after *migrate.Plan) []migrate.Flag {
	now := make(map[string]*migrate.Flag, len(after.Flags))
	for i := range after.Flags {
		now[after.Flags[i].ID] = &after.Flags[i]
	}
	out := []migrate.Flag{}
	for _, f := range before.Flags {
		if f.Resolved {
			continue
		}
		switch a := now[f.ID]; {
		case a == nil:
			out = append(out, f)
		case a.Resolved:
			out = append(out, *a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
