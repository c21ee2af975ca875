package workspace

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/store"
)

// PlanOptions choose what to plan.
type PlanOptions struct {
	// AsOf is the plan date (yyyy-mm-dd or dd/mm/yyyy); empty means today.
	AsOf string
	// Provinces restricts the plan to these new provinces, each a code or
	// a name as a person types it (see mapping.FindNewProvince); values may
	// also be separated by commas. None means every province with an
	// inventory.
	Provinces []string
}

// PlanResult is a plan of the workspace's current inputs.
type PlanResult struct {
	Plan *migrate.Plan
	// Stored says the workspace already held this plan (its inputs are
	// unchanged since it was saved).
	Stored  bool
	Seconds float64
}

// Plan plans the workspace's current inputs and stores the plan's record
// as the current plan (a stored plan of the same inputs becomes current
// again).
func (w *Workspace) Plan(ctx context.Context, o PlanOptions) (*PlanResult, error) {
	asOf, err := w.ParseDate("--as-of", o.AsOf)
	if err != nil {
		return nil, err
	}
	if asOf == "" {
		asOf = Today()
	}
	st, m, err := w.open(ctx)
	if err != nil {
		return nil, err
	}
	provs, err := w.Provinces(m, o.Provinces)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	in, err := st.PlanInput(ctx, asOf, provs)
	if err != nil {
		return nil, err
	}
	p, stored, err := w.build(ctx, st, in, true)
	if err != nil {
		return nil, err
	}
	return &PlanResult{Plan: p, Stored: stored, Seconds: time.Since(start).Seconds()}, nil
}

// current returns the plan of the workspace's current inputs for the plan
// date asOf (empty: the current plan's date, else today) and the new
// provinces given (none: every province with an inventory), and the
// inputs it was built from. It stores the plan when the workspace does not
// hold it yet. Report, export and apply plan through it.
func (w *Workspace) current(ctx context.Context, st *store.Store, asOf string, provinces []string) (*migrate.Plan, migrate.Input, error) {
	asOf, err := w.planDate(ctx, st, asOf)
	if err != nil {
		return nil, migrate.Input{}, err
	}
	in, err := st.PlanInput(ctx, asOf, provinces)
	if err != nil {
		return nil, migrate.Input{}, err
	}
	p, _, err := w.build(ctx, st, in, true)
	return p, in, err
}

// planDate reads an --as-of value; empty is the current plan's date, or
// today when there is none.
func (w *Workspace) planDate(ctx context.Context, st *store.Store, asOf string) (string, error) {
	asOf, err := w.ParseDate("--as-of", asOf)
	if err != nil || asOf != "" {
		return asOf, err
	}
	r, err := st.CurrentPlan(ctx)
	if err != nil {
		return "", err
	}
	if r == nil {
		return Today(), nil
	}
	return r.AsOf, nil
}

// build plans in and says whether the workspace already holds that plan
// (same input fingerprint). Plans are deterministic: building again gives
// the stored plan, and is faster than keeping a national plan's every
// placement and text. With save, a new plan's record is stored and a
// stored one becomes current again.
func (w *Workspace) build(ctx context.Context, st *store.Store, in migrate.Input, save bool) (*migrate.Plan, bool, error) {
	p, err := migrate.Build(ctx, in)
	if err != nil {
		return nil, false, err
	}
	stored, err := st.PlanByFingerprint(ctx, p.Fingerprint)
	if err != nil {
		return nil, false, err
	}
	switch {
	case !save:
	case stored != nil:
		err = st.MakeCurrent(ctx, stored.ID)
	default:
		err = st.SavePlan(ctx, p)
	}
	if err != nil {
		return nil, false, err
	}
	return p, stored != nil, nil
}

// Provinces resolves what a person typed to name new provinces (codes or
// names, repeated or separated by commas) to sorted, unique codes. An old
// province's code or name is a usage error that says what it became.
func (w *Workspace) Provinces(m *mapping.Mapping, args []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, arg := range args {
		for _, one := range strings.Split(arg, ",") {
			code, problem := m.FindNewProvince(one)
			if code == "" {
				return nil, Usage(errors.New("--province " + problem.In(w.lang)))
			}
			if !seen[code] {
				seen[code] = true
				out = append(out, code)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
