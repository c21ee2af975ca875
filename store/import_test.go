package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

// seedWorkspace gives a workspace Hà Giang's inventory and a decision about
// an element the next import drops.
func seedWorkspace(t *testing.T) *Store {
	t.Helper()
	st, _ := openTemp(t)
	st.Now = func() time.Time { return time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	first := invHeader +
		"KTTTHC,02,application,Một cửa,,,,,,,,\n" +
		"OLD,02,application,Hệ thống cũ,,,,,,,,\n" +
		"P,024,portal,Cổng TP,,,,,,,,\n" +
		"P,04,portal,Cổng Cao Bằng,,,,,,,,\n"
	if _, err := st.ImportInventory(ctx, readInv(t, st, "seed", first, "from,to,kind\nOLD,KTTTHC,uses\n")); err != nil {
		t.Fatal(err)
	}
	err := st.tx(ctx, func(tx *sql.Tx) error {
		return recordDecisions(ctx, tx, "plan1", []migrate.Decision{{Key: "02/OLD", Treatment: "retire", By: "test", At: "2026-11-01T00:00:00Z"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// A folder whose files split unit 02 in two, and whose first file refers to
// elements only a later one declares.
func writeSplitInventory(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"a.json": `{"elements": [
			{"id": "KTTTHC", "unit_code": "02", "kind": "application", "name": "Một cửa (mới)", "hosted_on": "HOST"},
			{"id": "P", "unit_code": "024", "kind": "portal", "name": "Cổng TP"}],
		 "relations": [
			{"from": "KTTTHC", "to": "02/HOST", "kind": "hosted_on"},
			{"from": "024/P", "to": "02/KTTTHC", "kind": "integrates", "via": "lgsp"},
			{"from": "KTTTHC", "to": "01/LGSP", "kind": "integrates"}]}`,
		"b.json": `{"elements": [{"id": "LGSP", "unit_code": "01", "kind": "platform", "name": "LGSP Hà Nội"}]}`,
		"c.json": `{"elements": [{"id": "HOST", "unit_code": "02", "kind": "host", "name": "Máy chủ"}]}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func streamImport(t *testing.T, st *Store, dir string, commit bool) (*ImportSummary, error) {
	t.Helper()
	ctx := context.Background()
	known, err := st.KnownKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	im := st.BeginImport(ctx)
	defer im.Abort()
	res, err := inventory.ReadPathsTo(ctx, []string{dir}, builtinMapping(t), known, im.Add)
	if err != nil {
		t.Fatal(err)
	}
	if commit {
		return im.Commit(res)
	}
	return im.Preview(res)
}

// Streaming an import batch by batch does what importing the whole read at
// once does: the same summary, the same workspace.
func TestStreamedImportEqualsWholeImport(t *testing.T) {
	ctx := context.Background()
	dir := writeSplitInventory(t)
	streamed, whole := seedWorkspace(t), seedWorkspace(t)
	preview, err := streamImport(t, streamed, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	got, err := streamImport(t, streamed, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	known, _ := whole.KnownKeys(ctx)
	res, err := inventory.ReadPaths(ctx, []string{dir}, builtinMapping(t), known)
	if err != nil || len(res.Problems) > 0 {
		t.Fatal(err, res.Problems)
	}
	want, err := whole.ImportInventory(ctx, res)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("streamed summary\n%+v\nwhole\n%+v", got, want)
	}
	preview.ImportID = got.ImportID
	if !reflect.DeepEqual(preview, got) {
		t.Errorf("preview\n%+v\ncommit\n%+v", preview, got)
	}
	var u02 UnitImport
	for _, u := range got.Units {
		if u.Unit == "02" {
			u02 = u
		}
	}
	if u02.Elements != 2 || u02.Kept != 1 || strings.Join(u02.Disappeared, ",") != "02/OLD" || strings.Join(u02.VoidDecision, ",") != "02/OLD" {
		t.Errorf("unit 02: %+v", u02)
	}
	a, _ := streamed.LoadInventory(ctx)
	b, _ := whole.LoadInventory(ctx)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("the workspaces differ:\n%+v\n%+v", a, b)
	}
	for _, e := range a.Elements {
		if e.Key() == "02/KTTTHC" && e.HostedOn != "02/HOST" {
			t.Errorf("hosted_on %q", e.HostedOn)
		}
	}
	// 04 was not in the import: it stays.
	if len(a.Elements) != 5 {
		t.Errorf("%d elements", len(a.Elements))
	}
}

// A problem found after batches were stored, a failing batch, or an abort:
// the workspace is as it was, and the next import is not blocked.
func TestFailedImportLeavesTheWorkspace(t *testing.T) {
	ctx := context.Background()
	st := seedWorkspace(t)
	before, _ := st.InventoryFingerprint(ctx)
	dir := writeSplitInventory(t)
	os.WriteFile(filepath.Join(dir, "d.json"), []byte(`{"elements": [{"id": "X", "unit_code": "99999", "kind": "api", "name": "?"}]}`), 0o644)
	if _, err := streamImport(t, st, dir, true); err == nil || !strings.Contains(err.Error(), "problems") {
		t.Errorf("a read with problems: %v", err)
	}

	im := st.BeginImport(ctx)
	batch := inventory.Batch{Files: []inventory.FileInfo{{Path: "x.json", SHA256: "00", Format: "json"}},
		Elements: []inventory.Element{{Unit: "02", ID: "Y", Kind: inventory.API, Name: "Y", Source: inventory.Source{SHA256: "00"}}}}
	batch.Elements[0].Source.File = "x.json"
	if err := im.Add(batch); err != nil { // stored asynchronously: the error comes later
		t.Fatal(err)
	}
	res := &inventory.Result{Inventory: inventory.Inventory{Elements: batch.Elements}, Files: batch.Files}
	if _, err := im.Commit(res); err == nil || !strings.Contains(err.Error(), "not announced") {
		t.Errorf("an element of a unit never announced: %v", err)
	}
	if err := im.Add(batch); err == nil {
		t.Error("Add after a failure")
	}

	im = st.BeginImport(ctx)
	batch.Units = []string{"02"}
	if err := im.Add(batch); err != nil {
		t.Fatal(err)
	}
	im.Abort()
	im.Abort()
	if _, err := im.Commit(res); err == nil {
		t.Error("Commit after Abort")
	}

	if after, _ := st.InventoryFingerprint(ctx); after != before {
		t.Error("the workspace changed")
	}
	if _, err := streamImport(t, st, writeSplitInventory(t), true); err != nil {
		t.Errorf("the next import: %v", err)
	}
}

func TestImportOfNothingRecordsTheImport(t *testing.T) {
	st, _ := openTemp(t)
	im := st.BeginImport(context.Background())
	defer im.Abort()
	sum, err := im.Commit(&inventory.Result{})
	if err != nil || sum.ImportID == 0 || sum.Elements != 0 {
		t.Errorf("%+v, %v", sum, err)
	}
}

func TestStagedWorkspace(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "ws.db")
	names := func() []string {
		entries, _ := os.ReadDir(filepath.Join(dir, "sub"))
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}

	st, err := CreateStaged(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportInventory(ctx, readInv(t, st, "hg", invHeader+"KTTTHC,02,application,Một cửa,,,,,,,,\n", "from,to,kind\n")); err != nil {
		t.Fatal(err)
	}
	id := st.ID()
	if _, err := os.Stat(path); err == nil {
		t.Fatal("the workspace is at its path before Publish")
	}
	if err := st.Publish(); err != nil {
		t.Fatal(err)
	}
	st.Discard() // no effect once published
	if n := names(); len(n) != 1 || n[0] != "ws.db" {
		t.Errorf("after Publish the folder holds %v", n)
	}
	ws, err := Open(ctx, path, Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := ws.InventoryUnits(ctx)
	if ws.ID() != id || len(keys) != 1 {
		t.Errorf("published workspace: id %s (want %s), units %v", ws.ID(), id, keys)
	}
	ws.Close()
	before, _ := os.ReadFile(path)

	// Discarded: nothing left.
	st, err = CreateStaged(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.Discard()
	if n := names(); len(n) != 1 {
		t.Errorf("after Discard the folder holds %v", n)
	}
	// A workspace appeared meanwhile: it is left alone.
	st, err = CreateStaged(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Publish(); err == nil || !strings.Contains(err.Error(), "meanwhile") {
		t.Errorf("Publish over an existing workspace: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("Publish changed the existing workspace")
	}
	if n := names(); len(n) != 1 {
		t.Errorf("the folder holds %v", n)
	}
}

// Files of a deleted workspace beside the path: refused before and at
// Publish, left as they are; a discarded workspace takes the folders it
// made with it.
func TestStagedWorkspaceLeftovers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "ws.db")
	os.WriteFile(path+"-wal", []byte("old log"), 0o644)
	if _, err := CreateStaged(ctx, path); !errors.Is(err, ErrLeftovers) || !strings.Contains(err.Error(), path+"-wal") {
		t.Errorf("CreateStaged beside a leftover log: %v", err)
	}
	os.Remove(path + "-wal")
	st, err := CreateStaged(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path+"-shm", []byte("old index"), 0o644) // appears meanwhile
	if err := st.Publish(); !errors.Is(err, ErrLeftovers) {
		t.Errorf("Publish beside a leftover index: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "ws.db-shm" {
		t.Errorf("the folder holds %v", entries)
	}
	if b, _ := os.ReadFile(path + "-shm"); string(b) != "old index" {
		t.Error("the leftover was changed")
	}

	deep := filepath.Join(dir, "a", "b", "ws.db")
	st, err = CreateStaged(ctx, deep)
	if err != nil {
		t.Fatal(err)
	}
	st.Discard()
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Error("Discard left the folders CreateStaged made")
	}
}
