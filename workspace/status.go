package workspace

import (
	"context"
	"slices"
	"sort"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/store"
)

// StatusResult is the progress of each new province.
type StatusResult struct {
	PlanID    string           `json:"plan_id"`
	AsOf      string           `json:"as_of"`
	Stored    bool             `json:"stored"` // the plan is the stored one (inputs unchanged since)
	Provinces []StatusProvince `json:"provinces"`
	Totals    StatusProvince   `json:"totals"`
	// Contradictions are merge decisions in force that cannot hold
	// together (recorded by an earlier version): decide them again.
	Contradictions []migrate.Contradiction `json:"contradictions,omitempty"`
	// Unknown lists the old units holding an inventory that the active
	// mapping does not have: their elements are in no province above.
	Unknown []store.UnitInventory `json:"unknown_units,omitempty"`
}

// StatusProvince is one new province's progress (or the totals).
type StatusProvince struct {
	Code      string                   `json:"code"`
	Name      string                   `json:"name"`
	Elements  int                      `json:"elements"`
	After     int                      `json:"elements_after"`
	Open      map[migrate.Severity]int `json:"open"`
	Resolved  map[migrate.Severity]int `json:"resolved"`
	Decisions int                      `json:"decisions"`
}

// Status reports progress per new province, at the current plan's date,
// from what the workspace recorded: each province's summary as last
// planned (store.ProvinceStates). Only the provinces whose inputs changed
// since — an import of one of their units, a decision on or an amendment
// of one of their elements, another mapping or plan date, or a province
// never planned — are planned again, with the provinces linked to them.
// It writes nothing.
func (w *Workspace) Status(ctx context.Context) (*StatusResult, error) {
	st, err := w.existing(ctx)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, w.errNoWorkspace()
	}
	m, err := w.Mapping(ctx)
	if err != nil {
		return nil, err
	}
	asOf, err := w.planDate(ctx, st, "")
	if err != nil {
		return nil, err
	}
	sums, fresh, err := w.summaries(ctx, st, m, asOf)
	if err != nil {
		return nil, err
	}
	res := &StatusResult{AsOf: asOf, Stored: fresh, Provinces: []StatusProvince{},
		Totals: StatusProvince{Open: severities(), Resolved: severities()}}
	var all, groups []string
	for _, s := range sums {
		all = append(all, s.Code)
		groups = append(groups, s.Fingerprint)
		sp := StatusProvince{Code: s.Code, Name: s.Name, Elements: s.ElementsBefore, After: s.ElementsAfter,
			Open: severities(), Resolved: severities(), Decisions: s.Decisions}
		for _, sev := range migrate.Severities {
			sp.Open[sev], sp.Resolved[sev] = s.Flags[sev], s.Resolved[sev]
			res.Totals.Open[sev] += s.Flags[sev]
			res.Totals.Resolved[sev] += s.Resolved[sev]
		}
		res.Totals.Elements += sp.Elements
		res.Totals.After += sp.After
		res.Totals.Decisions += sp.Decisions
		res.Provinces = append(res.Provinces, sp)
	}
	// The id of the national plan of these inputs, from its provinces'
	// fingerprints (what belongs to no province aside).
	res.PlanID = "P" + migrate.Combine(m, asOf, all, groups, nil)[:12]
	if res.Contradictions, err = w.contradictions(ctx, st, m, nil); err != nil {
		return nil, err
	}
	if res.Unknown, err = w.unknownUnits(ctx, st, m); err != nil {
		return nil, err
	}
	return res, nil
}

// summaries returns the summary of every province with an inventory as
// planned from the workspace's current inputs on date asOf, sorted by
// code, planning again only what changed since each was recorded; fresh
// says nothing needed planning.
func (w *Workspace) summaries(ctx context.Context, st *store.Store, m *mapping.Mapping, asOf string) ([]migrate.ProvinceSummary, bool, error) {
	rows, err := st.ProvinceStates(ctx)
	if err != nil {
		return nil, false, err
	}
	cur, err := st.State(ctx)
	if err != nil {
		return nil, false, err
	}
	groups, err := st.Groups(ctx, m)
	if err != nil {
		return nil, false, err
	}
	stale := map[string]bool{}
	since := cur
	for _, p := range groups.Provinces() {
		r, ok := rows[p]
		if !ok || r.AsOf != asOf || r.State.Mapping != cur.Mapping {
			stale[p] = true
			continue
		}
		since.Import = min(since.Import, r.State.Import)
		since.Decision = min(since.Decision, r.State.Decision)
		since.Amendment = min(since.Amendment, r.State.Amendment)
	}
	changes, err := st.ChangesSince(ctx, since)
	if err != nil {
		return nil, false, err
	}
	for _, c := range changes {
		var touched []string
		if c.Import > 0 {
			for _, u := range c.Units {
				touched = append(touched, m.NewProvinceOf(u))
			}
		} else {
			for _, k := range []string{c.Key, c.Into} {
				if u, _, ok := inventory.SplitKey(k); ok {
					touched = append(touched, m.NewProvinceOf(u))
				}
			}
		}
		// A province whose state was recorded before the change is stale
		// when the change touched it, a province planned with it now, or
		// one it was planned with then.
		newer := func(r store.ProvinceState) bool {
			return c.Import > r.State.Import || c.Decision > r.State.Decision || c.Amendment > r.State.Amendment
		}
		for _, t := range touched {
			if t == "" {
				continue
			}
			for _, p := range groups.Of(t) {
				if r, ok := rows[p]; !ok || newer(r) {
					stale[p] = true
				}
			}
			for p, r := range rows {
				if newer(r) && slices.Contains(r.Summary.Group, t) {
					stale[p] = true
				}
			}
		}
	}
	var out []migrate.ProvinceSummary
	var todo []string
	for _, p := range groups.Provinces() {
		if stale[p] {
			todo = append(todo, p)
		} else {
			out = append(out, rows[p].Summary)
		}
	}
	if len(todo) > 0 {
		plan, _, err := w.planOf(ctx, st, asOf, todo)
		if err != nil {
			return nil, false, err
		}
		out = append(out, plan.Provinces...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, len(todo) == 0, nil
}

// severities returns a count per severity, every one present.
func severities() map[migrate.Severity]int {
	m := make(map[migrate.Severity]int, len(migrate.Severities))
	for _, s := range migrate.Severities {
		m[s] = 0
	}
	return m
}
