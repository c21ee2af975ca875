package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/ndta-vn/archmerge/inventory"
)

// ImportInventory stores a validated read in one transaction: it replaces
// the inventory of every unit whose elements the result declares (its
// elements and the relations it owns), records each file with its SHA-256
// and each row with its file, sheet and line, and writes an audit entry.
// A result with problems is refused.
func (s *Store) ImportInventory(ctx context.Context, res *inventory.Result) (*ImportSummary, error) {
	return s.importResult(ctx, res, true)
}

// PreviewImport says what ImportInventory would do (the same summary,
// disappeared elements and void decisions included) by running it in a
// transaction that is rolled back: the workspace is left as it was.
func (s *Store) PreviewImport(ctx context.Context, res *inventory.Result) (*ImportSummary, error) {
	return s.importResult(ctx, res, false)
}

func (s *Store) importResult(ctx context.Context, res *inventory.Result, commit bool) (*ImportSummary, error) {
	if len(res.Problems) > 0 {
		return nil, fmt.Errorf("import inventory: the input has %d problems; nothing imported", len(res.Problems))
	}
	im := s.BeginImport(ctx)
	defer im.Abort()
	if err := im.Add(inventory.Batch{Files: res.Files, Units: res.Units(), Elements: res.Elements, Relations: res.Relations}); err != nil {
		return nil, err
	}
	if commit {
		return im.Commit(res)
	}
	return im.Preview(res)
}

// An Import is an inventory import in progress, in one write transaction
// begun by the first Add: Add hands the batches a read emits
// (inventory.ReadPathsTo) to a goroutine that stores them, so that storing
// overlaps reading and checking; Commit waits for it, checks that the rows
// stored are the ones the read's files declare, and commits; Abort
// (deferred by every caller) rolls everything back. Nothing is visible to
// others before Commit, and a failed or rejected import leaves the
// workspace as it was. Add, Commit, Preview and Abort are called from one
// goroutine.
type Import struct {
	s    *Store
	ctx  context.Context
	at   string
	conn *sql.Conn // the transaction's connection, for bulk inserts
	tx   *sql.Tx
	id   int64

	fileIDs   map[[2]string]int64 // path, SHA-256 → inventory_files id
	replaced  map[string]bool     // units whose inventories this import replaces
	prior     map[string][]string // unit → keys it held before this import
	unitElems map[string]int      // unit → elements stored
	relCount  map[string]int      // owner unit → relations stored
	links     map[[2]string]bool  // units the rows refer to across units (unit_links)
	done      bool                // committed, previewed or aborted
	mapping   string              // the Fingerprint of the mapping the rows were checked against (ExpectMapping)

	queue  chan inventory.Batch // to the storing goroutine
	stored chan struct{}        // closed when it has stored (or dropped) every batch
	mu     sync.Mutex
	err    error // the first failure: the import is over
}

// BeginImport starts an import. It takes no lock until the first Add.
func (s *Store) BeginImport(ctx context.Context) *Import {
	return &Import{s: s, ctx: ctx, at: s.Now().UTC().Format(time.RFC3339), fileIDs: map[[2]string]int64{},
		replaced: map[string]bool{}, prior: map[string][]string{}, unitElems: map[string]int{}, relCount: map[string]int{},
		links: map[[2]string]bool{}}
}

// ExpectMapping says the rows to come were checked against the mapping of
// that Fingerprint: when the import takes the workspace's write lock, at
// its first Add, the active mapping must still be that one
// (ActiveMappingFingerprint), else the import fails with
// ErrMappingChanged and stores nothing. A mapping imported between the
// check and the lock could otherwise leave the rows' units unknown to the
// mapping in force.
func (im *Import) ExpectMapping(fingerprint string) { im.mapping = fingerprint }

// setErr records the import's first failure and returns it.
func (im *Import) setErr(err error) error {
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.err == nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			im.err = err
		} else {
			im.err = fmt.Errorf("import inventory: %w", err)
		}
	}
	return im.err
}

func (im *Import) failure() error {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.err
}

// fail records a failure and rolls back.
func (im *Import) fail(err error) error {
	err = im.setErr(err)
	im.Abort()
	return err
}

// store stores the queued batches; after a failure it drops the rest, so
// that Add never blocks on it.
func (im *Import) store() {
	defer close(im.stored)
	for b := range im.queue {
		if im.failure() != nil {
			continue
		}
		if err := im.add(b); err != nil {
			im.setErr(err)
		}
	}
}

// drain stops the storing goroutine once it has done the queue.
func (im *Import) drain() {
	if im.queue != nil {
		close(im.queue)
		<-im.stored
		im.queue = nil
	}
}

// begin opens the transaction and records the import.
func (im *Import) begin() error {
	if im.tx != nil {
		return nil
	}
	conn, err := im.s.db.Conn(im.ctx)
	if err != nil {
		return err
	}
	im.conn = conn
	tx, err := conn.BeginTx(im.ctx, nil)
	if err != nil {
		return err
	}
	im.tx = tx
	if im.mapping != "" {
		// Under the lock: the mapping cannot change from here on.
		fp, err := activeMappingFingerprint(im.ctx, tx)
		if err != nil {
			return err
		}
		if fp != im.mapping {
			return ErrMappingChanged
		}
	}
	r, err := tx.ExecContext(im.ctx, `INSERT INTO inventory_imports(at, actor, units, elements, relations) VALUES(?, ?, '[]', 0, 0)`,
		im.at, Actor())
	if err != nil {
		return err
	}
	im.id, err = r.LastInsertId()
	return err
}

// Add queues one batch to be stored: its files are recorded, the
// inventories of its units replaced (noting what they held), and its rows
// inserted. The batch must not change until Commit, Preview or Abort
// returns. An error says an earlier batch failed: the import is over.
func (im *Import) Add(b inventory.Batch) error {
	if err := im.failure(); err != nil {
		return err
	}
	if im.done {
		return errors.New("import inventory: the import is over")
	}
	if im.queue == nil {
		if err := im.begin(); err != nil {
			return im.fail(err)
		}
		im.queue, im.stored = make(chan inventory.Batch, 16), make(chan struct{})
		go im.store()
	}
	im.queue <- b
	return nil
}

// add stores a batch, on the storing goroutine (or, once it is done, on the
// caller's).
func (im *Import) add(b inventory.Batch) error {
	if err := im.begin(); err != nil {
		return err
	}
	ctx, tx := im.ctx, im.tx
	for _, f := range b.Files {
		k := [2]string{f.Path, f.SHA256}
		if _, ok := im.fileIDs[k]; ok {
			continue
		}
		r, err := tx.ExecContext(ctx, `INSERT INTO inventory_files(import_id, path, sha256, format, imported_at) VALUES(?, ?, ?, ?, ?)`,
			im.id, f.Path, f.SHA256, f.Format, im.at)
		if err != nil {
			return err
		}
		if im.fileIDs[k], err = r.LastInsertId(); err != nil {
			return err
		}
	}
	if err := im.replace(b.Units); err != nil {
		return err
	}
	linksOf(b, im.links)
	// Rows come file by file and unit by unit: remember the last answers.
	var lastFile, lastSHA string
	var lastID int64
	fileID := func(src inventory.Source) (int64, error) {
		if src.File == lastFile && src.SHA256 == lastSHA && lastID != 0 {
			return lastID, nil
		}
		id, ok := im.fileIDs[[2]string{src.File, src.SHA256}]
		if !ok {
			return 0, fmt.Errorf("row of %s comes from no file of the import", src.Pos)
		}
		lastFile, lastSHA, lastID = src.File, src.SHA256, id
		return id, nil
	}
	lastUnit, unitRows := "", 0
	countUnit := func() {
		if lastUnit != "" {
			im.unitElems[lastUnit] += unitRows
		}
	}
	defer countUnit()
	if len(b.Elements) == 0 && len(b.Relations) == 0 {
		return nil
	}
	// The rows, through the driver, on the transaction's connection.
	return im.conn.Raw(func(dc any) error {
		// database/sql rolls the transaction back on its own when the
		// context is cancelled: never insert outside it.
		if c, ok := dc.(interface{ AutoCommit() bool }); !ok || c.AutoCommit() {
			return errors.New("store rows: the transaction has ended")
		}
		if len(b.Elements) > 0 {
			ins, err := newBulkInsert(ctx, dc, insertElementSQL, 32)
			if err != nil {
				return err
			}
			defer ins.close()
			for i := range b.Elements {
				e := &b.Elements[i]
				if e.Unit != lastUnit {
					if !im.replaced[e.Unit] {
						return fmt.Errorf("element %s of %s: its unit was not announced", e.Key(), e.Source.Pos)
					}
					countUnit()
					lastUnit, unitRows = e.Unit, 0
				}
				fid, err := fileID(e.Source)
				if err != nil {
					return err
				}
				extra := ""
				if len(e.Extra) > 0 {
					b, err := json.Marshal(e.Extra)
					if err != nil {
						return err
					}
					extra = string(b)
				}
				if err := ins.element(e, extra, fid); err != nil {
					return fmt.Errorf("store elements: %w", err)
				}
				unitRows++
			}
			if err := ins.flush(); err != nil {
				return fmt.Errorf("store elements: %w", err)
			}
		}
		if len(b.Relations) > 0 {
			ins, err := newBulkInsert(ctx, dc, insertRelationSQL, 64)
			if err != nil {
				return err
			}
			defer ins.close()
			for i := range b.Relations {
				rel := &b.Relations[i]
				if !im.replaced[rel.Owner] {
					return fmt.Errorf("relation of %s: its unit %s was not announced", rel.Source.Pos, rel.Owner)
				}
				fid, err := fileID(rel.Source)
				if err != nil {
					return err
				}
				if err := ins.relation(rel, fid); err != nil {
					return fmt.Errorf("store relations: %w", err)
				}
				im.relCount[rel.Owner]++
			}
			if err := ins.flush(); err != nil {
				return fmt.Errorf("store relations: %w", err)
			}
		}
		return nil
	})
}

// replace notes what the units held before this import and removes it:
// their elements and the relations they own. Elements are found by key
// range ("unit/" up to "unit0"), which the key index answers without
// scanning the table.
func (im *Import) replace(units []string) error {
	var fresh []string
	for _, u := range units {
		if !im.replaced[u] {
			im.replaced[u] = true
			fresh = append(fresh, u)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	js, _ := json.Marshal(fresh)
	ctx, tx := im.ctx, im.tx
	// CROSS JOIN keeps the units outside: SQLite 3.54's planner otherwise
	// scans the whole key index once per unit.
	rows, err := tx.QueryContext(ctx, `SELECT e.key, u.value FROM json_each(?) u
		CROSS JOIN elements e ON e.key >= u.value || '/' AND e.key < u.value || '0'`, string(js))
	if err != nil {
		return err
	}
	for rows.Next() {
		var k, u string
		if err := rows.Scan(&k, &u); err != nil {
			rows.Close()
			return err
		}
		im.prior[u] = append(im.prior[u], k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM elements WHERE rowid IN (SELECT e.rowid FROM json_each(?) u
		CROSS JOIN elements e ON e.key >= u.value || '/' AND e.key < u.value || '0')`, string(js)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM relations WHERE owner_unit IN (SELECT value FROM json_each(?))`, string(js))
	return err
}

// Commit finishes the import of the read res (its files; its rows, if it
// has any, went through Add): it checks that the rows added are the ones
// its files declare, records the import, lists per unit what disappeared and which
// decisions no longer apply, writes the audit entry and commits.
func (im *Import) Commit(res *inventory.Result) (*ImportSummary, error) {
	return im.finish(res, true)
}

// Preview is Commit, rolled back: the summary of what Commit would do.
func (im *Import) Preview(res *inventory.Result) (*ImportSummary, error) {
	return im.finish(res, false)
}

func (im *Import) finish(res *inventory.Result, commit bool) (*ImportSummary, error) {
	if im.done {
		return nil, errors.New("import inventory: the import is over")
	}
	im.drain()
	if err := im.failure(); err != nil {
		im.Abort()
		return nil, err
	}
	if len(res.Problems) > 0 {
		im.Abort()
		return nil, fmt.Errorf("import inventory: the input has %d problems; nothing imported", len(res.Problems))
	}
	sum, err := im.summarise(res)
	if err != nil {
		return nil, im.fail(err)
	}
	if !commit {
		im.Abort()
		sum.ImportID = 0
		return sum, nil
	}
	im.done = true
	err = im.tx.Commit()
	im.release()
	if err != nil {
		return nil, fmt.Errorf("import inventory: %w", err)
	}
	return sum, nil
}

func (im *Import) summarise(res *inventory.Result) (*ImportSummary, error) {
	// An empty read still records an import (and its files).
	if err := im.add(inventory.Batch{Files: res.Files}); err != nil {
		return nil, err
	}
	ctx, tx := im.ctx, im.tx
	// What was stored must be what the files declare: a guard on the
	// read's promise.
	var elements, relations int
	declared := map[string]bool{}
	for _, f := range res.Files {
		elements += f.Elements
		relations += f.Relations
		for _, u := range f.Units {
			declared[u] = true
		}
	}
	nElems, nRels := 0, 0 // what was stored
	for _, n := range im.unitElems {
		nElems += n
	}
	for _, n := range im.relCount {
		nRels += n
	}
	if nElems != elements || nRels != relations || len(im.replaced) != len(declared) {
		return nil, fmt.Errorf("the batches stored (%d elements, %d relations, %d units) are not what the files declare (%d, %d, %d)",
			nElems, nRels, len(im.replaced), elements, relations, len(declared))
	}
	units := make([]string, 0, len(im.replaced))
	for u := range im.replaced {
		units = append(units, u)
	}
	sort.Strings(units)
	unitsJSON, _ := json.Marshal(units)
	if _, err := tx.ExecContext(ctx, `UPDATE inventory_imports SET units = ?, elements = ?, relations = ? WHERE id = ?`,
		string(unitsJSON), nElems, nRels, im.id); err != nil {
		return nil, err
	}
	// Which of the elements the units held before are not there now.
	var before []string
	for _, keys := range im.prior {
		before = append(before, keys...)
	}
	gone := map[string]bool{}
	if len(before) > 0 {
		js, _ := json.Marshal(before)
		rows, err := tx.QueryContext(ctx, `SELECT value FROM json_each(?) WHERE NOT EXISTS (SELECT 1 FROM elements WHERE key = value)`, string(js))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, err
			}
			gone[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	sum := &ImportSummary{ImportID: im.id, At: im.at, Files: res.Files, Elements: nElems, Relations: nRels}
	for _, u := range units {
		ui := UnitImport{Unit: u, Replaced: len(im.prior[u]) > 0, Elements: im.unitElems[u], Relations: im.relCount[u]}
		sort.Strings(im.prior[u])
		for _, k := range im.prior[u] {
			if gone[k] {
				ui.Disappeared = append(ui.Disappeared, k)
			} else {
				ui.Kept++
			}
		}
		ui.Added = ui.Elements - ui.Kept
		sum.Units = append(sum.Units, ui)
	}
	if err := voidDecisions(ctx, tx, gone, sum.Units); err != nil {
		return nil, err
	}
	if err := overrideAmendments(ctx, tx, im.id, sum.Units); err != nil {
		return nil, err
	}
	if err := saveLinks(ctx, tx, units, im.links); err != nil {
		return nil, err
	}
	files := make([]string, len(res.Files))
	for i, f := range res.Files {
		files[i] = f.Path + " " + f.SHA256
	}
	if err := im.s.audit(ctx, tx, "", "import_inventory", map[string]any{
		"import_id": im.id, "files": files, "units": units, "elements": nElems,
		"relations": nRels, "disappeared": len(gone), "overridden_amendments": overridden(sum.Units)}); err != nil {
		return nil, err
	}
	return sum, nil
}

// Abort rolls the import back unless it was committed; it may be called
// any number of times, and is deferred by every caller.
func (im *Import) Abort() {
	if im.done {
		return
	}
	im.done = true
	im.drain()
	if im.tx != nil {
		_ = im.tx.Rollback()
	}
	im.release()
}

// release gives the connection back to the pool.
func (im *Import) release() {
	if im.conn != nil {
		im.conn.Close()
		im.conn = nil
	}
}
