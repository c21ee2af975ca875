package outfile

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// started is when this run began: a temporary file last written before
// then, and not in use, was left by an earlier run.
var started = time.Now()

// cleaned lists the folders whose stale temporary files this run removed.
var cleaned sync.Map

// outputExts are the extensions of the files archmerge writes: a
// temporary file of one of them, named as Create names them, is ours.
var outputExts = []string{".xlsx", ".xlsm", ".csv", ".json", ".xml", ".html"}

// cleanFolder removes, once per run and folder, the temporary files that
// earlier runs killed before their rename left in dir: hidden files named
// ".<name>.<digits>.tmp" (as Create names them) for a file archmerge writes
// (by extension) or for base, last written before this run started and
// not held open by a run still writing them (see RemoveStale). Errors
// are ignored: cleaning is a courtesy, never a reason to fail.
func cleanFolder(dir, base string) {
	key := dir
	if abs, err := filepath.Abs(dir); err == nil {
		key = abs
	}
	if _, done := cleaned.LoadOrStore(key, true); done {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !StaleName(name, base) {
			continue
		}
		RemoveStale(filepath.Join(dir, name))
	}
}

// Lock marks f, a file this run is still writing, as in use until f is
// closed, so that RemoveStale in another run leaves it alone (on Unix an
// advisory flock; elsewhere an open file cannot be removed anyway). Create
// locks its temporary files; other files of our own naming that a killed
// run could leave behind (a staged workspace) take it too.
func Lock(f *os.File) { lockTemp(f) }

// RemoveStale removes the file at path, then the files also (its
// companions, removed only with it), if path is a regular file last
// modified before this run started that no run holds (Lock): a file a
// killed run left. It reports whether it removed path. Errors are
// ignored: cleaning is a courtesy, never a reason to fail. The caller
// names only files of our own naming.
func RemoveStale(path string, also ...string) bool {
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() || !st.ModTime().Before(started) {
		return false
	}
	return removeUnused(path, also...)
}

// StaleName reports whether name is how Create names the temporary file of
// an output: ".<name>.<digits>.tmp", where <name> is base or ends with the
// extension of a file archmerge writes.
func StaleName(name, base string) bool {
	mid, ok := strings.CutPrefix(name, ".")
	if !ok {
		return false
	}
	if mid, ok = strings.CutSuffix(mid, ".tmp"); !ok {
		return false
	}
	i := strings.LastIndexByte(mid, '.')
	if i <= 0 || i == len(mid)-1 {
		return false
	}
	for _, c := range mid[i+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	target := mid[:i]
	if target == base {
		return true
	}
	ext := strings.ToLower(filepath.Ext(target))
	for _, e := range outputExts {
		if ext == e && len(target) > len(e) {
			return true
		}
	}
	return false
}
