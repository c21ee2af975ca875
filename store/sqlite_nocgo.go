//go:build !cgo

package store

// SQLiteAvailable reports whether this build has the SQLite engine. Built
// with CGO_ENABLED=0, go-sqlite3 is a stub whose every connection fails
// with a message about its own build; Open refuses first, with ErrNoSQLite,
// so that the commands without a workspace (lookup, recode, template,
// fixtures) still work and the others say what to do.
const SQLiteAvailable = false

// isBusyCode: the stub has no error codes; isBusy falls back on the message.
func isBusyCode(error) bool { return false }

// isNotADBCode: the stub opens no file.
func isNotADBCode(error) bool { return false }
