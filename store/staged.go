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
	for attempt := 0; ; attempt++ {
		var rnd [6]byte
		rand.Read(rnd[:])
		tmp = filepath.Join(dir, "."+filepath.Base(path)+".new-"+hex.EncodeToString(rnd[:]))
		f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			f.Close()
			break
		}
		if !errors.Is(err, fs.ErrExist) || attempt == 10 {
			removeDirs(made)
			return nil, fmt.Errorf("create workspace %s: %w", path, err)
		}
	}
	s, err := Open(ctx, tmp, Options{})
	if err != nil {
		removeDB(tmp)
		removeDirs(made)
		return nil, fmt.Errorf("create workspace %s: %w", path, err)
	}
	s.final, s.madeDirs = path, made
	return s, nil
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
	fail := func(err error) error {
		s.db.Close()
		removeDB(tmp)
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
	removeDB(tmp)
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
	removeDB(s.path)
	removeDirs(s.madeDirs)
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
