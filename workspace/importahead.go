package workspace

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/store"
)

// importAhead is a batch's import running while the batch plans from the
// rows it imports (store.PlanInputAhead): the import takes one core and
// planning the other, instead of planning waiting for the import. Nothing
// is written before the import is done and the workspace is found to have
// changed by it alone (store.ImportedOnly); should anything else have been
// recorded meanwhile, the plans made are dropped and the batch plans
// again from the workspace, as it does when it cannot plan ahead.
type importAhead struct {
	in     migrate.Input // the input planned from, until planning takes it
	before store.State   // the workspace's State the input was made at

	done    chan struct{} // closed when the import is over
	res     *inventory.Result
	sum     *store.ImportSummary
	err     error // the import failed
	seconds float64
}

// importAheadStarts, set by tests, runs on the import's goroutine before
// it imports: another command may write to the workspace there.
var importAheadStarts func()

// errStaleAhead says the workspace changed by more than the import while
// the batch planned ahead of it.
var errStaleAhead = errors.New("the workspace changed while the batch planned: planned again")

// startImportAhead imports res on its own goroutine.
func startImportAhead(ctx context.Context, st *store.Store, res *inventory.Result, in migrate.Input, before store.State) *importAhead {
	a := &importAhead{in: in, before: before, done: make(chan struct{}), res: res}
	go func() {
		defer close(a.done)
		if importAheadStarts != nil {
			importAheadStarts()
		}
		t := time.Now()
		a.sum, a.err = st.ImportInventory(ctx, res)
		a.seconds = time.Since(t).Seconds()
	}()
	return a
}

// over reports, without waiting, whether the import is over.
func (a *importAhead) over() bool {
	select {
	case <-a.done:
		return true
	default:
		return false
	}
}

// heldBudget is how many elements the plans built while an import ahead
// runs may hold in all (heldPlans): at scale 1 the whole country, at ten
// times that a part or two, so that memory stays within the batch's.
const heldBudget = 15_000

// heldPlans keeps plans built while an import ahead runs, until it is
// over, within a budget of elements.
type heldPlans struct {
	mu       sync.Mutex
	budget   int
	elements int
	plans    []*migrate.Plan
}

// hold keeps p if the budget has room for it.
func (h *heldPlans) hold(p *migrate.Plan) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.elements+len(p.Elements) > h.budget {
		return false
	}
	h.elements += len(p.Elements)
	h.plans = append(h.plans, p)
	return true
}

// take returns a plan held, or nil.
func (h *heldPlans) take() *migrate.Plan {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := len(h.plans)
	if n == 0 {
		return nil
	}
	p := h.plans[n-1]
	h.plans[n-1] = nil
	h.plans = h.plans[:n-1]
	h.elements -= len(p.Elements)
	return p
}

// wait waits for the import and returns the workspace's State after it,
// errStaleAhead when the input planned from no longer holds, or the
// import's error.
func (a *importAhead) wait(ctx context.Context, st *store.Store) (store.State, error) {
	select {
	case <-a.done:
	case <-ctx.Done():
		<-a.done // the import stops on the same context
		return store.State{}, ctx.Err()
	}
	if a.err != nil {
		return store.State{}, a.err
	}
	now, ok, err := st.ImportedOnly(ctx, a.before, a.sum)
	if err != nil {
		return now, err
	}
	if !ok {
		return now, errStaleAhead
	}
	a.res = nil // planned from as it is: not needed to plan again
	return now, nil
}

// batchPlanAhead plans and writes while the import ahead runs; when the
// workspace changed by more than the import meanwhile, it plans again from
// the workspace (batchPlanWrite after the import).
func (w *Workspace) batchPlanAhead(ctx context.Context, st *store.Store, m *mapping.Mapping, o BatchOptions, asOf string, ahead *importAhead,
	failedProv map[string]BatchFailure, res *BatchResult, prog Progress, t0 time.Time) error {
	skipped, written := len(res.Skipped), len(res.Written)
	err := w.batchPlanWrite(ctx, st, m, o, asOf, planFrom{ahead: ahead}, failedProv, res, prog, t0)
	<-ahead.done
	res.Seconds["import"] = ahead.seconds
	switch {
	case ahead.err != nil:
		return w.stopped(ahead.err, w.t("chưa nhập được bản kê khai nào", "no inventory was imported"))
	case errors.Is(err, errStaleAhead):
		// Nothing was written: the parts reused meanwhile are counted
		// again.
		res.Skipped, res.Written = res.Skipped[:skipped], res.Written[:written]
		return w.batchPlanWrite(ctx, st, m, o, asOf, planFrom{res: ahead.res, sum: ahead.sum}, failedProv, res, prog, t0)
	}
	return err
}
