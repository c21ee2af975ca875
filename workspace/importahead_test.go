package workspace

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/store"
)

// A batch into a new workspace plans while it imports: the same plan as a
// batch into a workspace that cannot plan ahead (it has a decision), and
// when another command writes meanwhile, it plans again from the
// workspace; a failed import writes nothing.
func TestBatchPlansAheadOfItsImport(t *testing.T) {
	ctx := context.Background()
	inv := nationalInventories(t)
	const asOf = "2025-09-01"
	batch := func(t *testing.T, dir string, prog Progress) (*Workspace, *BatchResult, error) {
		t.Helper()
		w := New(filepath.Join(dir, "ws.db"), "vi", "test")
		t.Cleanup(func() { w.Close() })
		res, err := w.Batch(ctx, BatchOptions{Paths: []string{inv}, Out: filepath.Join(dir, "reports"), Jobs: 2, AsOf: asOf}, prog)
		return w, res, err
	}
	planned := func(t *testing.T, w *Workspace) string {
		t.Helper()
		p, err := w.Plan(ctx, PlanOptions{AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		return p.Plan.ID
	}
	t.Cleanup(func() { importAheadStarts = nil })

	t.Run("ahead", func(t *testing.T) {
		ran := false
		importAheadStarts = func() { ran = true }
		stages := &stageCount{}
		w, res, err := batch(t, t.TempDir(), stages)
		importAheadStarts = nil
		if err != nil || !ran {
			t.Fatalf("batch: %v (planned ahead: %v)", err, ran)
		}
		if len(res.Written) != 35 || len(res.Skipped) != 0 {
			t.Errorf("wrote %d, skipped %d", len(res.Written), len(res.Skipped))
		}
		if id := planned(t, w); id != res.PlanID {
			t.Errorf("batch planned %s, the workspace plans %s", res.PlanID, id)
		}
		if stages.planning != 1 || stages.importing != 0 {
			t.Errorf("%d planning and %d import stages, want 1 and 0 (the import runs under planning)", stages.planning, stages.importing)
		}
		// The same inputs into a workspace with a decision (which an
		// import may void: no planning ahead) give the same plan.
		dir := t.TempDir()
		w2 := New(filepath.Join(dir, "ws.db"), "vi", "test")
		defer w2.Close()
		small := writeInventory(t, "id,unit_code,kind,name\nX,01,application,Hệ thống thử\n", "from,to,kind\n")
		if _, err := w2.ImportInventory(ctx, ImportOptions{Paths: []string{small}}); err != nil {
			t.Fatal(err)
		}
		st, err := w2.create(ctx)
		if err != nil {
			t.Fatal(err)
		}
		in, _, err := st.PlanInput(ctx, asOf, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Decide(ctx, func(context.Context) (*store.DecisionBatch, error) {
			return &store.DecisionBatch{PlanID: "P1", Actor: "test", Decisions: []migrate.Decision{
				{Key: in.Elements[0].Key(), Treatment: migrate.Continue, By: "test", At: "2025-09-01T00:00:00Z"}}}, nil
		}); err != nil {
			t.Fatal(err)
		}
		stages = &stageCount{}
		_, res2, err := batch(t, dir, stages)
		if err != nil {
			t.Fatal(err)
		}
		if stages.importing != 1 || stages.planning != 1 {
			t.Errorf("%d import and %d planning stages, want 1 and 1", stages.importing, stages.planning)
		}
		if id := planned(t, w2); id != res2.PlanID {
			t.Errorf("batch planned %s, the workspace plans %s", res2.PlanID, id)
		}
	})

	t.Run("another command writes meanwhile", func(t *testing.T) {
		dir := t.TempDir()
		other := writeInventory(t, "id,unit_code,kind,name\nX,96,application,Hệ thống khác\n", "from,to,kind\n")
		importAheadStarts = func() {
			w := New(filepath.Join(dir, "ws.db"), "vi", "test")
			defer w.Close()
			if _, err := w.ImportInventory(ctx, ImportOptions{Paths: []string{other}}); err != nil {
				t.Error(err)
			}
		}
		stages := &stageCount{}
		w, res, err := batch(t, dir, stages)
		importAheadStarts = nil
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Written) != 35 || len(res.Skipped) != 0 {
			t.Errorf("wrote %d, skipped %d", len(res.Written), len(res.Skipped))
		}
		if id := planned(t, w); id != res.PlanID {
			t.Errorf("batch planned %s, the workspace plans %s", res.PlanID, id)
		}
		if stages.planning != 2 {
			t.Errorf("%d planning stages, want 2 (planned ahead, then again)", stages.planning)
		}
	})

	t.Run("the import fails", func(t *testing.T) {
		dir := t.TempDir()
		cctx, cancel := context.WithCancel(ctx)
		importAheadStarts = cancel
		w := New(filepath.Join(dir, "ws.db"), "vi", "test")
		defer w.Close()
		res, err := w.Batch(cctx, BatchOptions{Paths: []string{inv}, Out: filepath.Join(dir, "reports"), Jobs: 2, AsOf: asOf}, nil)
		importAheadStarts = nil
		if err == nil || res != nil || !strings.Contains(err.Error(), "chưa nhập") {
			t.Fatalf("batch: %v, %v", res, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "reports")); !os.IsNotExist(err) {
			t.Errorf("the output folder was made: %v", err)
		}
	})
}

// stageCount is a Progress that counts the import and planning stages.
type stageCount struct {
	mu                  sync.Mutex
	importing, planning int
}

func (s *stageCount) Stage(name string, _ int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case strings.HasPrefix(name, "Nhập vào kho"):
		s.importing++
	case strings.HasPrefix(name, "Lập phương án"):
		s.planning++
	}
}
func (s *stageCount) Done(int, string) {}
func (s *stageCount) Finish()          {}
