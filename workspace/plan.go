package workspace

import (
	"context"
	"errors"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

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
	// Full asks for the whole plan (every placement, cluster, relation and
	// flag, with their texts), as plan --format json prints it. Without
	// it a national plan is made part by part and only its record (id and
	// province summaries) is kept.
	Full bool
}

// PlanResult is a plan of the workspace's current inputs.
type PlanResult struct {
	// Plan is the whole plan with Full or a province filter; otherwise its
	// record: id, date, fingerprint, mapping and province summaries.
	Plan *migrate.Plan
	// Stored says the workspace already held this plan (its inputs are
	// unchanged since it was saved).
	Stored  bool
	Seconds float64
	// Unknown lists the old units holding an inventory that the active
	// mapping does not have (a mapping imported with --force): the plan
	// places none of their elements.
	Unknown []store.UnitInventory
}

// Plan plans the workspace's current inputs and stores the plan's record
// as the current plan (a stored plan of the same inputs becomes current
// again). A national plan is made part by part (migrate.Partition), holding
// one part's plan per job at a time, unless Full asks for all of it; a plan
// of some provinces reads and plans only their parts.
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
	in, state, err := st.PlanInput(ctx, asOf, provs)
	if err != nil {
		return nil, err
	}
	var p *migrate.Plan
	if o.Full || len(provs) > 0 {
		p, err = migrate.Build(ctx, in)
	} else {
		p, err = w.planParts(ctx, in, partRun{jobs: runtime.GOMAXPROCS(0)})
	}
	if err != nil {
		return nil, err
	}
	stored, err := w.save(ctx, st, p, state)
	if err != nil {
		return nil, err
	}
	if len(p.Elements) == 0 {
		// A national plan's record holds no element: its decisions are
		// read for it.
		if p.Contradictions, err = w.contradictions(ctx, st, m, provs); err != nil {
			return nil, err
		}
	}
	unknown, err := w.unknownUnits(ctx, st, m)
	if err != nil {
		return nil, err
	}
	return &PlanResult{Plan: p, Stored: stored, Seconds: time.Since(start).Seconds(), Unknown: unknown}, nil
}

// current returns the whole plan of the workspace's current inputs for the
// plan date asOf (empty: the current plan's date, else today) and the new
// provinces given, reading and planning only their parts, and stores its
// record. Apply and a report of some provinces plan through it.
func (w *Workspace) current(ctx context.Context, st *store.Store, asOf string, provinces []string) (*migrate.Plan, error) {
	p, state, err := w.planOf(ctx, st, asOf, provinces)
	if err != nil {
		return nil, err
	}
	if _, err := w.save(ctx, st, p, state); err != nil {
		return nil, err
	}
	return p, nil
}

// planOf plans the provinces given (see current) without storing the plan.
func (w *Workspace) planOf(ctx context.Context, st *store.Store, asOf string, provinces []string) (*migrate.Plan, store.State, error) {
	p, state, _, err := w.planInputOf(ctx, st, asOf, provinces)
	return p, state, err
}

// planInputOf is planOf, and returns the input planned too.
func (w *Workspace) planInputOf(ctx context.Context, st *store.Store, asOf string, provinces []string) (*migrate.Plan, store.State, migrate.Input, error) {
	asOf, err := w.planDate(ctx, st, asOf)
	if err != nil {
		return nil, store.State{}, migrate.Input{}, err
	}
	in, state, err := st.PlanInput(ctx, asOf, provinces)
	if err != nil {
		return nil, store.State{}, migrate.Input{}, err
	}
	p, err := migrate.Build(ctx, in)
	return p, state, in, err
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

// save stores the record of p, planned from the inputs of state, as the
// current plan, and says whether the workspace already held it (then it
// only becomes current again). Plans are deterministic: building again
// gives the stored plan, and is cheaper than keeping a national plan's
// every placement and text.
func (w *Workspace) save(ctx context.Context, st *store.Store, p *migrate.Plan, state store.State) (bool, error) {
	stored, err := st.PlanByFingerprint(ctx, p.Fingerprint)
	if err != nil {
		return false, err
	}
	if stored != nil {
		return true, st.MakeCurrent(ctx, stored.ID)
	}
	return false, st.SavePlan(ctx, p, state)
}

// nationalParts plans every province part by part for the plan date asOf
// (as typed: empty is the current plan's date, else today), hands each
// part's plan, named by the whole plan's id, to each, and stores the whole
// plan's record. Report, export and the dashboard write the whole country
// through it.
func (w *Workspace) nationalParts(ctx context.Context, st *store.Store, asOf string, each func(p *migrate.Plan) error) (*migrate.Plan, error) {
	asOf, err := w.planDate(ctx, st, asOf)
	if err != nil {
		return nil, err
	}
	in, state, err := st.PlanInput(ctx, asOf, nil)
	if err != nil {
		return nil, err
	}
	record, err := w.planParts(ctx, in, partRun{jobs: runtime.GOMAXPROCS(0), each: func(p *migrate.Plan, _ string) error { return each(p) }})
	if err != nil {
		return nil, err
	}
	if _, err := w.save(ctx, st, record, state); err != nil {
		return nil, err
	}
	return record, nil
}

// partRun says what planParts does with each part.
type partRun struct {
	jobs int // parts planned at a time
	// started, when set, hears how many provinces the parts hold, before
	// any is planned.
	started func(provinces int)
	// reuse, when set, may give a part's province summaries without
	// planning it (a batch's unchanged parts).
	reuse func(provinces []string, fingerprint string) ([]migrate.ProvinceSummary, bool)
	// each, when set, receives each part's plan, named by the whole plan's
	// id and fingerprint, before it is let go.
	each func(p *migrate.Plan, fingerprint string) error
	// built, when set, hears how long each part took to plan.
	built func(time.Duration)
	// building, when set, is called before a part is planned and returns
	// what to call after: a batch planning ahead of its import lets one
	// part be planned at a time while the import runs.
	building func() (done func())
}

// planParts plans in part by part (migrate.Split), r.jobs parts at a time,
// and returns the record of the whole plan: its id, date, fingerprint,
// mapping and every province's summary.
func (w *Workspace) planParts(ctx context.Context, in migrate.Input, r partRun) (*migrate.Plan, error) {
	defer softMemoryLimit()()
	parts, unrouted := migrate.Split(in)
	record := &migrate.Plan{AsOf: in.AsOf, Mapping: in.Mapping.Name, Provinces: []migrate.ProvinceSummary{}}
	m := in.Mapping
	in = migrate.Input{} // the parts hold what is needed
	// The whole plan's id first: the parts' workbooks carry it.
	fps := make([]string, len(parts))
	var all []string
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, r.jobs))
	for i := range parts {
		all = append(all, parts[i].Provinces...)
		g.Go(func() error {
			// Kept with the part: its plan takes its fingerprints from
			// the same digest.
			parts[i].Digest = migrate.DigestOf(parts[i])
			fps[i] = parts[i].Digest.Province(parts[i].Provinces[0])
			return gctx.Err()
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	record.Fingerprint = migrate.Combine(m, record.AsOf, all, fps, unrouted)
	record.ID = "P" + record.Fingerprint[:12]
	if r.started != nil {
		r.started(len(all))
	}
	var mu sync.Mutex
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(max(1, r.jobs))
	for i := range parts {
		g.Go(func() error {
			if r.reuse != nil {
				if sums, ok := r.reuse(parts[i].Provinces, fps[i]); ok {
					mu.Lock()
					record.Provinces = append(record.Provinces, sums...)
					mu.Unlock()
					parts[i] = migrate.Input{}
					return nil
				}
			}
			t := time.Now()
			done := func() {}
			if r.building != nil {
				done = r.building()
			}
			p, err := migrate.Build(gctx, parts[i])
			done()
			parts[i] = migrate.Input{}
			if err != nil {
				return err
			}
			if r.built != nil {
				r.built(time.Since(t))
			}
			p.ID, p.Fingerprint = record.ID, record.Fingerprint
			mu.Lock()
			record.Provinces = append(record.Provinces, p.Provinces...)
			mu.Unlock()
			if r.each != nil {
				return r.each(p, fps[i])
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	sort.Slice(record.Provinces, func(i, j int) bool { return record.Provinces[i].Code < record.Provinces[j].Code })
	return record, nil
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
