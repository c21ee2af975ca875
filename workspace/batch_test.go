package workspace

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// cancelAfter is a Progress that cancels the run once n workbooks are
// written.
type cancelAfter struct {
	mu     sync.Mutex
	n      int
	cancel func()
}

func (c *cancelAfter) Stage(string, int) {}
func (c *cancelAfter) Finish()           {}
func (c *cancelAfter) Done(_ int, item string) {
	if item == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n--; c.n == 0 {
		c.cancel()
	}
}

func workbooks(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temp file left behind: %s", e.Name())
		}
		if filepath.Ext(e.Name()) == ".xlsx" {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestBatchCancelledMidwayResumes(t *testing.T) {
	inv := nationalInventories(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "reports")
	o := BatchOptions{Paths: []string{inv}, Out: out, Jobs: 2, AsOf: "2025-09-01"}
	ctx, cancel := context.WithCancel(context.Background())
	w := New(filepath.Join(dir, "ws.db"), "vi", "test")
	defer w.Close()
	res, err := w.Batch(ctx, o, &cancelAfter{n: 5, cancel: cancel})
	if err == nil || res != nil || !strings.Contains(err.Error(), "dừng") {
		t.Fatalf("cancelled batch: %v, %v", res, err)
	}
	first := workbooks(t, out)
	if len(first) < 5 || len(first) >= 35 {
		t.Fatalf("%d workbooks after the cancel: want a part of them", len(first))
	}

	res, err = w.Batch(context.Background(), o, nil)
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	if len(res.Skipped) < len(first) {
		t.Errorf("rerun skipped %d, but %d were already written before the cancel", len(res.Skipped), len(first))
	}
	if got := len(res.Skipped) + len(res.Written); got != 35 {
		t.Errorf("rerun: %d skipped + %d written, want 35", len(res.Skipped), len(res.Written))
	}
	if books := workbooks(t, out); len(books) != 35 {
		t.Fatalf("%d workbooks after the rerun, want 35", len(books))
	}

	// A third run has nothing to do; Force redoes everything.
	if res, err = w.Batch(context.Background(), o, nil); err != nil || len(res.Written) != 0 || len(res.Skipped) != 35 {
		t.Errorf("unchanged rerun: %v, wrote %v", err, res.Written)
	}
	o.Force = true
	if res, err = w.Batch(context.Background(), o, nil); err != nil || len(res.Written) != 35 {
		t.Errorf("forced rerun: %v, wrote %d workbooks, want 35", err, len(res.Written))
	}
}
