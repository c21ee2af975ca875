//go:build cgo

package store

import (
	"errors"

	"github.com/mattn/go-sqlite3"
)

// SQLiteAvailable reports whether this build has the SQLite engine: it is
// C code, compiled in only by a cgo build (see sqlite_nocgo.go).
const SQLiteAvailable = true

// isBusyCode reports whether err carries SQLite's BUSY or LOCKED code.
func isBusyCode(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked
	}
	return false
}

// isNotADBCode reports whether err carries SQLite's NOTADB code: the file
// is not a database.
func isNotADBCode(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrNotADB
}
