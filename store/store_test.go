package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ndta-vn/archmerge/mapping"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ws.db")
	st, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

func TestOpenAppliesSettingsOnEveryConnection(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	// Hold several connections at once: each must have the DSN settings,
	// which a PRAGMA run through db.Exec would give only one of them.
	var conns []*sql.Conn
	for range 4 {
		c, err := st.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		var fk, busy int
		var mode string
		if err := c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if fk != 1 || busy < 5000 || mode != "wal" {
			t.Errorf("connection %d: foreign_keys=%d busy_timeout=%d journal_mode=%s", i, fk, busy, mode)
		}
		c.Close()
	}
}

func TestMigrationsRecordedOnceAndWorkspaceIDStable(t *testing.T) {
	st, path := openTemp(t)
	id := st.ID()
	if len(id) != 32 {
		t.Fatalf("workspace id %q: want 32 hex digits", id)
	}
	var n1 int
	if err := st.db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n1); err != nil {
		t.Fatal(err)
	}
	if n1 == 0 {
		t.Fatal("no migration recorded")
	}
	st.Close()
	st2, err := Open(context.Background(), path, Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	var n2 int
	if err := st2.db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n2); err != nil {
		t.Fatal(err)
	}
	if n1 != n2 {
		t.Errorf("reopening applied migrations again: %d then %d", n1, n2)
	}
	if st2.ID() != id {
		t.Errorf("workspace id changed on reopen: %s then %s", id, st2.ID())
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	st, path := openTemp(t)
	if _, err := st.db.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES(9999, '9999_future.sql', 'x')`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, err := Open(context.Background(), path, Options{})
	if err == nil || !strings.Contains(err.Error(), "newer archmerge") {
		t.Fatalf("want a newer-schema error, got %v", err)
	}
}

func TestOpenMustExist(t *testing.T) {
	_, err := Open(context.Background(), filepath.Join(t.TempDir(), "none.db"), Options{MustExist: true})
	if !errors.Is(err, ErrNotExist) {
		t.Fatalf("want ErrNotExist, got %v", err)
	}
}

func TestOpenRejectsNonSQLiteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.db")
	if err := writeFile(path, "this is not a database, it is a shopping list\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), path, Options{}); !errors.Is(err, ErrNotWorkspace) {
		t.Fatalf("opening a text file as a workspace: %v, want ErrNotWorkspace", err)
	}
}

func TestConcurrentOpenersShareOneID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ws.db")
	ids := make([]string, 4)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := Open(context.Background(), path, Options{})
			if err != nil {
				errs[i] = err
				return
			}
			ids[i] = st.ID()
			st.Close()
		}()
	}
	wg.Wait()
	for i := range ids {
		if errs[i] != nil {
			t.Fatalf("opener %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Fatalf("openers saw different workspace ids: %v", ids)
		}
	}
}

func TestAuditAppendsInTransaction(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := st.tx(ctx, func(tx *sql.Tx) error {
		if err := st.audit(ctx, tx, "tester", "rolled_back", map[string]int{"n": 1}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx returned %v", err)
	}
	if err := st.tx(ctx, func(tx *sql.Tx) error { return st.audit(ctx, tx, "tester", "kept", map[string]int{"n": 2}) }); err != nil {
		t.Fatal(err)
	}
	log, err := st.AuditLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	joined := strings.Join(actions, ",")
	if strings.Contains(joined, "rolled_back") || !strings.Contains(joined, "kept") {
		t.Errorf("audit log actions %v: want kept and not rolled_back", actions)
	}
}

func TestActiveMappingDefaultsToBuiltinAndRoundTrips(t *testing.T) {
	st, path := openTemp(t)
	ctx := context.Background()
	m, info, err := st.ActiveMapping(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Source != "builtin" || len(m.NewUnits) != 3355 {
		t.Fatalf("active mapping %+v with %d new units", info, len(m.NewUnits))
	}
	// A user mapping (here: the built-in rows with one name changed) is
	// stored row by row and read back identical.
	b, _ := mapping.Builtin()
	olds := append([]mapping.Unit(nil), b.OldUnits...)
	olds[0].Name = "Thủ đô Hà Nội"
	user := mapping.NewMapping("user", olds, append([]mapping.Unit(nil), b.NewUnits...), append([]mapping.Link(nil), b.Links...))
	if _, err := st.SaveMapping(ctx, user, "/tmp/user"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	got, info2, err := st2.ActiveMapping(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info2.Source != "/tmp/user" || Fingerprint(got) != Fingerprint(user) {
		t.Fatalf("reloaded mapping differs: %+v", info2)
	}
	if u, _ := got.OldUnit("01"); u.Name != "Thủ đô Hà Nội" {
		t.Errorf("old unit 01 = %+v", u)
	}
	if d, ok := got.District("001"); !ok || d.NewProvince != "01" {
		t.Errorf("district fate after reload: %+v", d)
	}
}
