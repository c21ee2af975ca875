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
)

// CreateStaged creates a new workspace meant for path under a temporary
// name beside it: Publish moves it into place once its first use has
// succeeded, Discard removes it. A workspace thus appears at path only
// complete, and a first import that is rejected or interrupted leaves no
// file behind.
func CreateStaged(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("create workspace: empty path")
	}
	dir := filepath.Dir(path)
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
			return nil, fmt.Errorf("create workspace %s: %w", path, err)
		}
	}
	s, err := Open(ctx, tmp, Options{})
	if err != nil {
		removeDB(tmp)
		return nil, fmt.Errorf("create workspace %s: %w", path, err)
	}
	s.final = path
	return s, nil
}

// Publish closes a staged workspace and moves it to the path it was created
// for, unless a workspace appeared there meanwhile (then it is discarded and
// Publish fails).
func (s *Store) Publish() error {
	if s.final == "" {
		return errors.New("publish workspace: not a staged workspace")
	}
	final, tmp := s.final, s.path
	s.final = ""
	// Everything into the main file, so that the file alone is the
	// workspace.
	if _, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		s.db.Close()
		removeDB(tmp)
		return fmt.Errorf("create workspace %s: %w", final, err)
	}
	if err := s.db.Close(); err != nil {
		removeDB(tmp)
		return fmt.Errorf("create workspace %s: %w", final, err)
	}
	if st, err := os.Stat(tmp + "-wal"); err == nil && st.Size() > 0 {
		removeDB(tmp)
		return fmt.Errorf("create workspace %s: the write-ahead log was not checkpointed", final)
	}
	// A hard link fails if final exists, where a rename would replace it.
	err := os.Link(tmp, final)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		// No hard links on this file system: rename, after checking.
		if _, serr := os.Lstat(final); errors.Is(serr, fs.ErrNotExist) {
			err = os.Rename(tmp, final)
		}
	}
	removeDB(tmp)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create workspace %s: a workspace was created there meanwhile; run the command again", final)
	}
	if err != nil {
		return fmt.Errorf("create workspace %s: %w", final, err)
	}
	s.path = final
	return nil
}

// Discard closes a staged workspace and removes it; it does nothing once
// the workspace is published, so callers defer it.
func (s *Store) Discard() {
	if s.final == "" {
		return
	}
	s.final = ""
	s.db.Close()
	removeDB(s.path)
}

// removeDB removes an SQLite file and its companions.
func removeDB(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		os.Remove(p)
	}
}
