package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ndta-vn/archmerge/internal/outfile"
)

// ErrCreatedMeanwhile is returned by Publish when a workspace appeared at
// the path while the staged one was being made.
var ErrCreatedMeanwhile = errors.New("a workspace was created there meanwhile; run the command again")

// ErrLeftovers is returned by CreateStaged and Publish when files SQLite
// keeps beside a database (a write-ahead log, its index, a rollback journal)
// sit beside a workspace path that has no database: what a deleted
// workspace left. SQLite would replay such a log into the new workspace,
// so they must go first, and only a person can say whether they still
// matter.
var ErrLeftovers = errors.New("files of a deleted workspace are beside the path")

// Leftovers lists the companion files of path (path-wal, path-shm,
// path-journal) that exist although path itself does not.
func Leftovers(path string) []string {
	if _, err := os.Lstat(path); err == nil {
		return nil
	}
	var out []string
	for _, p := range []string{path + "-wal", path + "-shm", path + "-journal"} {
		if _, err := os.Lstat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func leftoversError(path string) error {
	if l := Leftovers(path); len(l) > 0 {
		return fmt.Errorf("create workspace %s: %w: %s; move them away or delete them, then run again", path, ErrLeftovers, strings.Join(l, ", "))
	}
	return nil
}

// CreateStaged creates a new workspace meant for path under a temporary
// name beside it: Publish moves it into place once its first use has
// succeeded, Discard removes it (and the folders it made). A workspace thus
// appears at path only complete, and a first import that is rejected or
// interrupted leaves nothing behind.
func CreateStaged(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("create workspace: empty path")
	}
	if !SQLiteAvailable {
		// Before any folder or file is made for it.
		return nil, fmt.Errorf("create workspace %s: %w", path, ErrNoSQLite)
	}
	if err := leftoversError(path); err != nil {
		return nil, err
	}
	removeStaleStaged(path)
	dir := filepath.Dir(path)
	var made []string // the folders MkdirAll creates, deepest first
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		made = append(made, d)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create workspace %s: %w", path, err)
	}
	// An empty file is an empty SQLite database. Made here (not by
	// os.CreateTemp, whose files only their owner may read) with the
	// permissions SQLite gives the files it creates.
	var tmp string
	var lock *os.File
	for attempt := 0; ; attempt++ {
		var rnd [stagedRandom]byte
		rand.Read(rnd[:])
		tmp = filepath.Join(dir, stagedPrefix(path)+hex.EncodeToString(rnd[:]))
		f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			// Held until Publish or Discard: a run started meanwhile
			// sees the staged workspace in use and leaves it alone.
			outfile.Lock(f)
			live.Store(tmp, true)
			lock = f
			break
		}
		if !errors.Is(err, fs.ErrExist) || attempt == 10 {
			removeDirs(made)
			return nil, fmt.Errorf("create workspace %s: %w", path, err)
		}
	}
	s, err := open(ctx, tmp, Options{})
	if err != nil {
		removeLocked(tmp, func() { unlock(lock) })
		removeDirs(made)
		return nil, fmt.Errorf("create workspace %s: %w", path, err)
	}
	s.final, s.madeDirs, s.lock = path, made, lock
	return s, nil
}

// stagedPrefix starts the names of the staged workspaces CreateStaged
// makes for path: ".<name>.new-" and stagedRandom random bytes in hex.
func stagedPrefix(path string) string { return "." + filepath.Base(path) + ".new-" }

const stagedRandom = 6

// companions are the files SQLite keeps beside a database.
var companions = []string{"-wal", "-shm", "-journal"}

// live holds the staged workspaces this process has open, which its own
// clean-up never touches: closing a file SQLite has open in this process
// would drop SQLite's locks on it (POSIX locks belong to the process), and
// a coarse file system clock may date a file made in this run before the
// run started.
var live sync.Map

// unlock releases a staged workspace's lock, the file CreateStaged opened
// at its path; the database must be closed first (see live).
func unlock(lock *os.File) {
	live.Delete(lock.Name())
	lock.Close()
}

// removeStaleStaged removes the staged workspaces for path that earlier
// runs, killed before Publish or Discard, left beside it: files named as
// CreateStaged names them, with their -wal, -shm and -journal, last
// modified before this run started and held by no run still building
// them (outfile.RemoveStale: a run holds its staged workspace's lock until
// it publishes or discards it). A companion whose database is gone goes
// too. Errors are ignored: cleaning never fails a command.
func removeStaleStaged(path string) {
	dir, prefix := filepath.Dir(path), stagedPrefix(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok {
			continue
		}
		id, companion := rest, ""
		for _, c := range companions {
			if r, ok := strings.CutSuffix(rest, c); ok {
				id, companion = r, c
				break
			}
		}
		if !isStagedID(id) {
			continue
		}
		db := filepath.Join(dir, prefix+id)
		if _, mine := live.Load(db); mine {
			continue
		}
		if companion == "" {
			outfile.RemoveStale(db, db+"-wal", db+"-shm", db+"-journal")
		} else if _, err := os.Lstat(db); errors.Is(err, fs.ErrNotExist) {
			outfile.RemoveStale(db + companion)
		}
	}
}

// isStagedID reports whether s is the random part of a staged
// workspace's name: stagedRandom bytes in lower-case hex.
func isStagedID(s string) bool {
	if len(s) != 2*stagedRandom {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Publish closes a staged workspace and moves it to the path it was created
// for. If a workspace, or files a deleted one left, appeared there
// meanwhile, they are left alone, the staged workspace is discarded and
// Publish fails.
func (s *Store) Publish() error {
	if s.final == "" {
		return errors.New("publish workspace: not a staged workspace")
	}
	final, tmp := s.final, s.path
	// The lock is released once the staged files are gone: released
	// earlier, another run could take them for stale ones.
	defer s.unlock()
	fail := func(err error) error {
		s.db.Close()
		removeLocked(tmp, s.unlock)
		removeDirs(s.madeDirs)
		return err
	}
	s.final = ""
	// Everything into the main file, so that the file alone is the
	// workspace.
	if _, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fail(fmt.Errorf("create workspace %s: %w", final, err))
	}
	if err := s.db.Close(); err != nil {
		return fail(fmt.Errorf("create workspace %s: %w", final, err))
	}
	if st, err := os.Stat(tmp + "-wal"); err == nil && st.Size() > 0 {
		return fail(fmt.Errorf("create workspace %s: the write-ahead log was not checkpointed", final))
	}
	if err := leftoversError(final); err != nil {
		return fail(err)
	}
	// A hard link fails if final exists, where a rename would replace it.
	err := os.Link(tmp, final)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		// No hard links on this file system: rename, after checking (a
		// workspace made in the instant between would be replaced).
		if _, serr := os.Lstat(final); serr == nil {
			err = fs.ErrExist
		} else if errors.Is(serr, fs.ErrNotExist) {
			err = os.Rename(tmp, final)
		}
	}
	removeLocked(tmp, s.unlock)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create workspace %s: %w", final, ErrCreatedMeanwhile)
	}
	if err != nil {
		removeDirs(s.madeDirs)
		return fmt.Errorf("create workspace %s: %w", final, err)
	}
	s.path = final
	return nil
}

// Discard closes a staged workspace and removes it, with the folders
// CreateStaged made if they are empty; it does nothing once the workspace
// is published, so callers defer it.
func (s *Store) Discard() {
	if s.final == "" {
		return
	}
	s.final = ""
	s.db.Close()
	removeLocked(s.path, s.unlock)
	removeDirs(s.madeDirs)
}

// unlock releases the lock of a staged workspace (see CreateStaged), once
// its database is closed.
func (s *Store) unlock() {
	if s.lock != nil {
		unlock(s.lock)
		s.lock = nil
	}
}

// removeLocked removes a staged workspace's files and releases its lock:
// after the removal where an open file can be removed (so that no other
// run takes the files for stale ones meanwhile), before it elsewhere
// (Windows keeps a file while a handle on it is open).
func removeLocked(path string, unlock func()) {
	if !outfile.OpenRemovable {
		unlock()
	}
	removeDB(path)
	unlock()
}

// removeDB removes an SQLite file and its companions.
func removeDB(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		os.Remove(p)
	}
}

// removeDirs removes folders, deepest first, as long as they are empty.
func removeDirs(dirs []string) {
	for _, d := range dirs {
		if os.Remove(d) != nil {
			return
		}
	}
}
