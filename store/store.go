package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver (cgo; see sqlite_cgo.go)
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is an open workspace.
type Store struct {
	db    *sql.DB
	path  string
	id    string
	final string // a staged workspace's destination (CreateStaged)
	// madeDirs lists the folders CreateStaged made for it, deepest first.
	madeDirs []string
	// lock holds a staged workspace's lock until Publish or Discard (see
	// CreateStaged).
	lock *os.File
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// ErrNotExist is returned by Open with MustExist when the file is missing.
var ErrNotExist = errors.New("workspace does not exist")

// ErrNotWorkspace is returned by Open for a file that is not an SQLite
// database (not a workspace).
var ErrNotWorkspace = errors.New("not an SQLite workspace")

// ErrNewerSchema is returned by Open for a workspace a newer archmerge
// wrote: its schema has migrations this one does not know.
var ErrNewerSchema = errors.New("the workspace was written by a newer archmerge")

// ErrNoSQLite is returned by Open in a build without cgo (CGO_ENABLED=0),
// which has no SQLite engine and so cannot open a workspace.
var ErrNoSQLite = errors.New("this archmerge was built without cgo (CGO_ENABLED=0) and has no SQLite engine: a workspace needs the cgo build")

// Options tune Open.
type Options struct {
	// MustExist makes Open fail with ErrNotExist instead of creating a new
	// workspace.
	MustExist bool
}

// Open opens the workspace at path, creating it (and applying every schema
// migration) on first use, and checks that the connection settings took.
// The staged workspaces for path that killed runs left beside it are
// removed first (see CreateStaged).
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if path != "" {
		removeStaleStaged(path)
	}
	return open(ctx, path, opt)
}

func open(ctx context.Context, path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open workspace: empty path")
	}
	if !SQLiteAvailable {
		return nil, fmt.Errorf("open workspace %s: %w", path, ErrNoSQLite)
	}
	if _, err := os.Stat(path); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open workspace %s: %w", path, err)
		}
		if opt.MustExist {
			return nil, fmt.Errorf("open workspace %s: %w", path, ErrNotExist)
		}
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("create workspace %s: %w", path, err)
			}
		}
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "1")
	q.Set("_txlock", "immediate")
	q.Set("_synchronous", "NORMAL")
	q.Set("_cache_size", "-65536") // 64 MiB of page cache: bulk imports and plan loads
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open workspace %s: %w", path, err)
	}
	s := &Store{db: db, path: path, Now: func() time.Time { return time.Now().UTC() }}
	// Two processes creating the same new workspace race on switching it to
	// WAL, which SQLite answers with SQLITE_BUSY without waiting: try again
	// for a while.
	var err2 error
	for attempt := 0; attempt < 50; attempt++ {
		if err2 = s.setUp(ctx); err2 == nil || !isBusy(err2) {
			break
		}
		select {
		case <-ctx.Done():
			db.Close()
			return nil, ctx.Err()
		case <-time.After(time.Duration(10+attempt*10) * time.Millisecond):
		}
	}
	if err2 != nil {
		db.Close()
		if isNotADBCode(err2) && !errors.Is(err2, ErrNotWorkspace) {
			err2 = fmt.Errorf("%w: %w", ErrNotWorkspace, err2)
		}
		return nil, fmt.Errorf("open workspace %s: %w", path, err2)
	}
	return s, nil
}

func (s *Store) setUp(ctx context.Context) error {
	if err := s.checkSettings(ctx); err != nil {
		return err
	}
	if err := s.migrate(ctx); err != nil {
		return err
	}
	return s.ensureID(ctx)
}

// IsBusy reports whether err is SQLite's "database is locked" or "busy":
// another process held the workspace's write lock longer than the busy
// timeout.
func IsBusy(err error) bool { return err != nil && isBusy(err) }

// isBusy reports whether err is SQLite's "database is locked" or "busy".
func isBusy(err error) bool {
	if isBusyCode(err) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "database is busy")
}

// Close closes the workspace.
func (s *Store) Close() error {
	err := s.db.Close()
	s.unlock() // a staged workspace closed without Publish or Discard stays, for a later run to remove
	return err
}

// Path returns the workspace file's path.
func (s *Store) Path() string { return s.path }

// ID returns the workspace's identity, a random hex string set at creation;
// workbooks carry it so that apply can tell they belong here.
func (s *Store) ID() string { return s.id }

// checkSettings verifies that the DSN's per-connection settings took effect:
// a driver that ignored them would silently lose WAL or foreign keys.
func (s *Store) checkSettings(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("%w: %w", ErrNotWorkspace, err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal_mode is %q, want wal", mode)
	}
	var fk, busy int
	if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return err
	}
	if fk != 1 {
		return errors.New("foreign_keys is off")
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
		return err
	}
	if busy <= 0 {
		return errors.New("busy_timeout is not set")
	}
	return nil
}

// migrate applies the embedded migrations that are not yet recorded, in
// order, one transaction each.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	applied := map[int]bool{}
	rows, err := s.db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	maxKnown := 0
	for _, n := range names {
		base := filepath.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return fmt.Errorf("migration %s: name must start with a number and an underscore", base)
		}
		maxKnown = max(maxKnown, v)
		if applied[v] {
			continue
		}
		body, err := migrationFS.ReadFile(n)
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			// Another process may have applied it since we looked: the
			// immediate transaction holds the write lock, so look again.
			var done int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, v).Scan(&done); err != nil {
				return err
			}
			if done > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES(?, ?, ?)`,
				v, base, s.Now().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	for v := range applied {
		if v > maxKnown {
			return fmt.Errorf("%w (schema version %d); upgrade archmerge", ErrNewerSchema, v)
		}
	}
	return nil
}

func (s *Store) ensureID(ctx context.Context) error {
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'workspace_id'`).Scan(&s.id)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	id := hex.EncodeToString(b[:])
	err = s.tx(ctx, func(tx *sql.Tx) error {
		// INSERT OR IGNORE: a concurrent opener may have won the race.
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO meta(key, value) VALUES('workspace_id', ?), ('created_at', ?)`,
			id, s.Now().Format(time.RFC3339)); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'workspace_id'`).Scan(&s.id)
	})
	return err
}

// tx runs fn in one immediate transaction, committing when it returns nil
// and rolling back otherwise.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Meta returns a workspace setting, or "" when unset.
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// setMeta stores a workspace setting inside tx.
func setMeta(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID     int64           `json:"id"`
	At     string          `json:"at"`
	Actor  string          `json:"actor"`
	Action string          `json:"action"`
	Detail json.RawMessage `json:"detail"`
}

// audit appends an entry to the audit log inside tx; detail is marshalled
// to JSON. Every use case that changes the workspace writes one in the same
// transaction as its change.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, actor, action string, detail any) error {
	b, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	if actor == "" {
		actor = Actor()
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit(at, actor, action, detail) VALUES(?, ?, ?, ?)`,
		s.Now().Format(time.RFC3339Nano), actor, action, string(b))
	return err
}

// AuditLog returns the audit log, oldest first.
func (s *Store) AuditLog(ctx context.Context) ([]AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, actor, action, detail FROM audit ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var d string
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &d); err != nil {
			return nil, err
		}
		e.Detail = json.RawMessage(d)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Actor names who runs this process, for the audit log: $ARCHMERGE_USER,
// else the login name.
func Actor() string {
	for _, k := range []string{"ARCHMERGE_USER", "USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unknown"
}

// Dump writes every row of every table of the workspace as text, tables by
// name and rows in rowid order: comparing two dumps tells whether a
// command that must change nothing (a rejected import, a dry run) did.
func (s *Store) Dump(ctx context.Context, w io.Writer) error {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, tb := range tables {
		if err := dumpTable(ctx, s.db, tb, w); err != nil {
			return fmt.Errorf("dump %s: %w", tb, err)
		}
	}
	return nil
}

func dumpTable(ctx context.Context, db *sql.DB, table string, w io.Writer) error {
	// The table names come from sqlite_master, not from input.
	rows, err := db.QueryContext(ctx, `SELECT * FROM "`+strings.ReplaceAll(table, `"`, `""`)+`" ORDER BY rowid`)
	if err != nil {
		// WITHOUT ROWID tables have no rowid: their primary key orders them.
		rows, err = db.QueryContext(ctx, `SELECT * FROM "`+strings.ReplaceAll(table, `"`, `""`)+`" ORDER BY 1`)
		if err != nil {
			return err
		}
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s", table)
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				fmt.Fprintf(w, "\t%x", b)
			} else {
				fmt.Fprintf(w, "\t%v", v)
			}
		}
		fmt.Fprintln(w)
	}
	return rows.Err()
}
