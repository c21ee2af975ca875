package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/internal/outfile"
)

// TestStaleStagedWorkspacesRemoved: the staged workspace a first import
// killed with kill -9 left beside the workspace path (the database, its
// -wal and -shm) is removed by the next run that creates or opens that
// workspace; one a running import still holds, one newer than this run,
// another workspace's and files of other names stay.
func TestStaleStagedWorkspacesRemoved(t *testing.T) {
	ctx := context.Background()
	old := time.Now().Add(-time.Hour) // before this run started
	for _, c := range []struct {
		name string
		run  func(t *testing.T, path string)
	}{
		{"a first import", func(t *testing.T, path string) {
			st, err := CreateStaged(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Publish(); err != nil {
				t.Fatal(err)
			}
			st.Close()
		}},
		{"a first import that fails", func(t *testing.T, path string) {
			st, err := CreateStaged(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			st.Discard()
		}},
		{"opening the workspace", func(t *testing.T, path string) {
			st, err := Open(ctx, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "ws.db")
			mk := func(name string, mtime time.Time) string {
				t.Helper()
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte("half a workspace"), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(p, mtime, mtime); err != nil {
					t.Fatal(err)
				}
				return p
			}
			gone := []string{
				mk(".ws.db.new-0123456789ab", old),
				mk(".ws.db.new-0123456789ab-wal", time.Now()), // its companions go with it, whatever their age
				mk(".ws.db.new-0123456789ab-shm", old),
				mk(".ws.db.new-a1b2c3d4e5f6-wal", old), // a log whose database is gone
			}
			kept := []string{
				mk(".ws.db.new-fedcba987654", time.Now().Add(time.Hour)), // newer than this run
				mk(".ws.db.new-fedcba987654-wal", old),                   // its companion
				mk(".other.db.new-0123456789ab", old),                    // another workspace's
				mk("ws.db.new-0123456789ab", old),                        // not hidden
				mk(".ws.db.new-0123456789", old),                         // not CreateStaged's random part
				mk(".ws.db.new-0123456789AB", old),
				mk(".ws.db.new-0123456789ab.bak", old),
			}
			// A first import still running holds its staged workspace.
			busy := mk(".ws.db.new-b0b0b0b0b0b0", old)
			kept = append(kept, busy, mk(".ws.db.new-b0b0b0b0b0b0-wal", old))
			f, err := os.OpenFile(busy, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			outfile.Lock(f)

			c.run(t, path)
			for _, p := range gone {
				if _, err := os.Lstat(p); err == nil {
					t.Errorf("%s: a stale staged workspace was left", filepath.Base(p))
				}
			}
			for _, p := range kept {
				if _, err := os.Lstat(p); err != nil {
					t.Errorf("%s was removed: %v", filepath.Base(p), err)
				}
			}
		})
	}
}

// A staged workspace being built is never taken for a stale one, by
// another run or by this one: it is held until published or discarded.
func TestStagedWorkspaceHeldWhileBuilt(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ws.db")
	st, err := CreateStaged(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Discard()
	staged := st.path
	// As a run started later would find it: last modified before it.
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(staged, old, old); err != nil {
		t.Fatal(err)
	}
	removeStaleStaged(path) // this run: its own staged workspace
	// Another run, played here by forgetting it is this run's: only the
	// lock tells it is in use.
	live.Delete(staged)
	defer live.Store(staged, true)
	removeStaleStaged(path)
	if _, err := os.Lstat(staged); err != nil {
		t.Fatalf("the staged workspace being built was removed: %v", err)
	}
	if _, err := st.InventoryUnits(ctx); err != nil {
		t.Fatalf("the staged workspace after another run's clean-up: %v", err)
	}
}
