package workspace

import (
	"context"

	"github.com/ndta-vn/archmerge/migrate"
)

// StatusResult is the progress of each new province.
type StatusResult struct {
	PlanID    string           `json:"plan_id"`
	AsOf      string           `json:"as_of"`
	Stored    bool             `json:"stored"` // the plan is the stored one (inputs unchanged since)
	Provinces []StatusProvince `json:"provinces"`
	Totals    StatusProvince   `json:"totals"`
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

// Status reports progress per new province by the latest decisions, at the
// current plan's date; it writes nothing.
func (w *Workspace) Status(ctx context.Context) (*StatusResult, error) {
	st, err := w.existing(ctx)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, w.errNoWorkspace()
	}
	asOf, err := w.planDate(ctx, st, "")
	if err != nil {
		return nil, err
	}
	in, err := st.PlanInput(ctx, asOf, nil)
	if err != nil {
		return nil, err
	}
	p, stored, err := w.build(ctx, st, in, false)
	if err != nil {
		return nil, err
	}
	res := &StatusResult{PlanID: p.ID, AsOf: p.AsOf, Stored: stored, Provinces: []StatusProvince{},
		Totals: StatusProvince{Open: severities(), Resolved: severities()}}
	for _, s := range p.Provinces {
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
	return res, nil
}

// severities returns a count per severity, every one present.
func severities() map[migrate.Severity]int {
	m := make(map[migrate.Severity]int, len(migrate.Severities))
	for _, s := range migrate.Severities {
		m[s] = 0
	}
	return m
}
