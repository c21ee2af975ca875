package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/workspace"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/store"
)

// A small user mapping: two provinces into one, a split commune.
const (
	umOld = `code,name,level,parent_code
01,Tỉnh Một,province,
02,Tỉnh Hai,province,
001,Huyện Một,district,01
002,Huyện Hai,district,02
00001,Xã An Bình,commune,001
00002,Xã Bình Minh,commune,001
00003,Xã Cẩm Phô,commune,002
`
	umNew = `code,name,level,parent_code
01,Tỉnh Một Hai,province,
00001,Xã An Bình Mới,commune,01
00003,Xã Cẩm Phô Mới,commune,01
`
	umLinks = `old_code,new_code,relation,transfer,resolution,clause
01,01,merge,whole,R/1,
02,01,merge,whole,R/1,
00001,00001,merge,whole,R/2,1
00002,00001,split,partial,R/2,1
00002,00003,split,whole,R/2,2
00003,00003,merge,whole,R/2,2
`
)

func writeMapping(t *testing.T, old, news, links string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{"old_units.csv": old, "new_units.csv": news, "mapping.csv": links} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestImportMappingRejectsDefects: a missing old unit, an unknown code, a
// duplicate pair and a commune sent to another province's commune are each
// named by file and line; exit 3; the workspace is unchanged.
func TestImportMappingRejectsDefects(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	if code, _, errOut := run(t, "", "--db", db, "init"); code != ExitOK {
		t.Fatalf("init: %s", errOut)
	}
	before := dumpWorkspace(t, db)
	old := umOld + "03,Tỉnh Ba,province,\n003,Huyện Ba,district,03\n00006,Xã Sáu,commune,003\n" +
		"00004,Xã Dốc,commune,002\n" + // old_units line 12: a missing old unit (maps nowhere)
		"00005,Xã Eo,commune,002\n"
	news := umNew + "02,Tỉnh Ba Mới,province,\n00099,Xã Sáu Mới,commune,02\n" +
		"00098,Xã Xa,commune,02\n" // new_units line 7: no predecessor
	links := umLinks + "03,02,rename,whole,R/1,\n00006,00099,rename,whole,R/5,1\n" +
		"00009,00001,merge,whole,R/2,1\n" + // mapping line 10: unknown old code
		"00003,00003,merge,whole,R/2,2\n" + // mapping line 11: duplicate pair
		"00005,00099,merge,whole,R/5,1\n" // mapping line 12: a commune of old province 02 (now 01) sent to a commune of new province 02
	dir := writeMapping(t, old, news, links)
	code, out, errOut := run(t, "", "--db", db, "import", "mapping", dir)
	if code != ExitRejected {
		t.Fatalf("exit %d, want %d\n%s%s", code, ExitRejected, out, errOut)
	}
	for _, want := range []string{
		"old_units.csv, dòng 12, cột code, giá trị \"00004\": đơn vị cũ không được ánh xạ",
		"mapping.csv, dòng 10, cột old_code, giá trị \"00009\": mã không tồn tại",
		"mapping.csv, dòng 11, cột new_code, giá trị \"00003\": cặp trùng 00003 → 00003: đã có ở dòng 7",
		"mapping.csv, dòng 12, cột new_code, giá trị \"00099\": sai tỉnh: xã mới 00099 thuộc tỉnh mới 02, nhưng tỉnh cũ 02 được sáp nhập vào 01",
		"new_units.csv, dòng 7, cột code, giá trị \"00098\": đơn vị mới không có đơn vị tiền thân",
		"kho dữ liệu không thay đổi",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if after := dumpWorkspace(t, db); after != before {
		t.Errorf("the workspace changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	// In English and JSON too; and no workspace is created by a rejection.
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	code, out, _ = run(t, "", "--db", fresh, "--format", "json", "--lang", "en", "import", "mapping", dir)
	var rep workspace.ImportMappingResult
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitRejected || rep.Status != "rejected" || len(rep.Problems) < 5 {
		t.Errorf("exit %d, %v: %s", code, err, out)
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Error("a rejected import created a workspace")
	}
}

func TestImportMappingReplacesAndChains(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	dir := writeMapping(t, umOld, umNew, umLinks)
	if code, _, errOut := run(t, "", "--db", db, "import", "mapping", "--dry-run", dir); code != ExitOK {
		t.Fatalf("dry run: %s", errOut)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a dry run created a workspace")
	}
	code, out, errOut := run(t, "", "--db", db, "import", "mapping", dir)
	if code != ExitOK || !strings.Contains(out, "Đã nạp ánh xạ") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	code, out, _ = run(t, "", "--db", db, "--format", "json", "lookup", "xa binh minh, huyen mot")
	if code != ExitOK || !strings.Contains(out, `"status":"resolved"`) || !strings.Contains(out, `"code":"00003","name":"Xã Cẩm Phô Mới"`) {
		t.Errorf("lookup in the imported mapping: %s", out)
	}
	if code, out, _ := run(t, "", "--db", db, "validate"); code != ExitOK {
		t.Errorf("validate after import: exit %d %s", code, out)
	}
	// A later restructuring of the new units chains onto the active one.
	later := writeMapping(t, umNew, "code,name,level,parent_code\n01,Tỉnh Chung,province,\n00001,Xã Chung,commune,01\n",
		"old_code,new_code,relation,transfer,resolution,clause\n01,01,rename,whole,R/3,\n00001,00001,merge,whole,R/4,1\n00003,00001,merge,whole,R/4,1\n")
	code, out, errOut = run(t, "", "--db", db, "--format", "json", "import", "mapping", later)
	var rep workspace.ImportMappingResult
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitOK || rep.Chained == "" || rep.Counts["old_units"] != 7 {
		t.Fatalf("chained import: exit %d %v %s %s", code, err, out, errOut)
	}
	code, out, _ = run(t, "", "--db", db, "--format", "json", "lookup", "00002")
	if code != ExitOK || !strings.Contains(out, `"code":"00001","name":"Xã Chung"`) || !strings.Contains(out, `"resolution":"R/2 → R/4"`) {
		t.Errorf("lookup through the chain: %s", out)
	}
}

func TestImportMappingBadPaths(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	code, _, errOut := run(t, "", "--db", db, "import", "mapping", filepath.Join(t.TempDir(), "nothing-here"))
	if code != ExitRejected || !strings.Contains(errOut, "không tìm thấy tệp hoặc thư mục") {
		t.Errorf("missing path: exit %d: %s", code, errOut)
	}
	csv := filepath.Join(t.TempDir(), "mapping.csv")
	os.WriteFile(csv, []byte(umLinks), 0o644)
	code, _, errOut = run(t, "", "--db", db, "import", "mapping", csv)
	if code != ExitRejected || !strings.Contains(errOut, "cần một thư mục chứa các tệp CSV") {
		t.Errorf("a lone CSV: exit %d: %s", code, errOut)
	}
	if code, _, _ := run(t, "", "--db", db, "import", "mapping"); code != ExitUsage {
		t.Errorf("no path: exit %d, want %d", code, ExitUsage)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a failed import created a workspace")
	}
}

// TestValidateRejectsBrokenActiveMapping stores a defective mapping directly
// (import would refuse it) and checks that validate names its problems.
func TestValidateRejectsBrokenActiveMapping(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	dir := writeMapping(t, umOld+"00004,Xã Dốc,commune,002\n", umNew, umLinks)
	m, probs, err := mapping.ReadDir(dir)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveMapping(context.Background(), m, dir); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errOut := run(t, "", "--db", db, "validate")
	if code != ExitRejected || !strings.Contains(errOut, "old_units.csv, dòng 9") {
		t.Errorf("exit %d:\n%s%s", code, out, errOut)
	}
}

// TestImportMappingKeepsInventoriesKnown: a mapping of headers only is
// refused; so is one that leaves the imported inventories' units unknown,
// listing the units and their files, unless --force, after which plan,
// status and report name those units instead of quietly leaving their
// elements out.
func TestImportMappingKeepsInventoriesKnown(t *testing.T) {
	db := importPlanInv(t) // units 08, 02, 024 and 00688 of the built-in mapping
	before := dumpWorkspace(t, db)
	empty := writeMapping(t, "code,name,level,parent_code\n", "code,name,level,parent_code\n", "old_code,new_code,relation,transfer,resolution,clause\n")
	code, _, errOut := run(t, "", "--db", db, "--lang", "en", "import", "mapping", empty)
	if code != ExitRejected || !strings.Contains(errOut, "no old unit") || !strings.Contains(errOut, empty) {
		t.Fatalf("headers only: exit %d\n%s", code, errOut)
	}
	other := writeMapping(t, umOld, umNew, umLinks) // knows 02, not 08, 024, 00688
	code, _, errOut = run(t, "", "--db", db, "--lang", "en", "import", "mapping", other)
	if code != ExitRejected {
		t.Fatalf("units left unknown: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"old unit 024", "old unit 00688", "old unit 08 ", "elements.csv", "--force", "3 old units"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, errOut)
		}
	}
	if dumpWorkspace(t, db) != before {
		t.Error("a refused mapping changed the workspace")
	}
	code, _, errOut = run(t, "", "--db", db, "--lang", "en", "import", "mapping", "--force", other)
	if code != ExitOK || !strings.Contains(errOut, "elements of 3 old units are not in the active mapping") {
		t.Fatalf("--force: exit %d\n%s", code, errOut)
	}
	for _, args := range [][]string{{"plan"}, {"status"}, {"report", "--out", filepath.Join(t.TempDir(), "r")}} {
		code, out, errOut := run(t, "", append([]string{"--db", db, "--lang", "en"}, args...)...)
		if !strings.Contains(errOut, "of 3 old units are not in the active mapping") || !strings.Contains(errOut, "  08: ") {
			t.Errorf("%v: exit %d, the unknown units are not named:\n%s%s", args, code, out, errOut)
		}
	}
	code, out, _ := run(t, "", "--db", db, "--format", "json", "status")
	var st workspace.StatusResult
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != ExitOK || len(st.Unknown) != 3 {
		t.Errorf("status JSON: exit %d %v %s", code, err, out)
	}
}

// The check that the imported inventories' units stay known and the
// switch to the new mapping are one: an inventory committed while import
// mapping waits for the workspace's write lock is seen by its check (the
// mapping refused, exit 3), and an inventory import that read the mapping
// before a switch committed fails instead of storing units the new
// mapping does not know (exit 1, nothing written).
func TestImportMappingAndInventoryCannotCross(t *testing.T) {
	ctx := context.Background()
	other := writeMapping(t, umOld, umNew, umLinks) // knows 02, not 08
	inv := func(t *testing.T, dir string) (string, *inventory.Result) {
		t.Helper()
		in := writeFiles(t, filepath.Join(dir, "inv"), map[string]string{
			"elements.csv":  "id,unit_code,kind,name\nKTTTHC,08,application,Hệ thống một cửa điện tử tỉnh Tuyên Quang\n",
			"relations.csv": "from,to,kind\n"})
		m, err := mapping.Builtin()
		if err != nil {
			t.Fatal(err)
		}
		res, err := inventory.ReadPaths(ctx, []string{in}, m, nil)
		if err != nil || len(res.Problems) > 0 {
			t.Fatalf("%v %v", res.Problems, err)
		}
		return in, res
	}
	type outcome struct {
		code   int
		stderr string
	}
	t.Run("an inventory committed while import mapping waits", func(t *testing.T) {
		db, dir := newWorkspace(t)
		_, res := inv(t, dir)
		st, err := store.Open(ctx, db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		im := st.BeginImport(ctx)
		defer im.Abort()
		if err := im.Add(inventory.Batch{Files: res.Files, Units: res.Units(), Elements: res.Elements, Relations: res.Relations}); err != nil {
			t.Fatal(err) // the import now holds the write lock
		}
		done := make(chan outcome)
		go func() {
			code, _, stderr := run(t, "", "--db", db, "--lang", "en", "import", "mapping", other)
			done <- outcome{code, stderr}
		}()
		time.Sleep(300 * time.Millisecond) // import mapping reads, checks and waits for the lock
		if _, err := im.Commit(res); err != nil {
			t.Fatal(err)
		}
		o := <-done
		if o.code != ExitRejected || !strings.Contains(o.stderr, "old unit 08 ") {
			t.Fatalf("exit %d, want %d naming unit 08:\n%s", o.code, ExitRejected, o.stderr)
		}
	})
	t.Run("a mapping switched while import inventory waits", func(t *testing.T) {
		db, dir := newWorkspace(t)
		in, _ := inv(t, dir)
		m, probs, err := mapping.ReadPath(other)
		if err != nil || len(probs.Errors()) > 0 {
			t.Fatal(probs, err)
		}
		st, err := store.Open(ctx, db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		done := make(chan outcome)
		_, err = st.SwitchMapping(ctx, other, func(context.Context) (*mapping.Mapping, error) {
			// Holding the write lock: the import reads the mapping in
			// force and its files, then waits for the lock.
			go func() {
				code, _, stderr := run(t, "", "--db", db, "--lang", "en", "import", "inventory", in)
				done <- outcome{code, stderr}
			}()
			time.Sleep(300 * time.Millisecond)
			return m, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		o := <-done
		// Had the import been slower to start, it would have read the new
		// mapping, and been refused for unit 08 (exit 3): never imported.
		switch {
		case o.code == ExitFailed && strings.Contains(o.stderr, "active mapping of the workspace") && strings.Contains(o.stderr, "nothing was written"):
		case o.code == ExitRejected && strings.Contains(o.stderr, "unknown unit code"):
		default:
			t.Fatalf("exit %d, want %d saying the mapping changed:\n%s", o.code, ExitFailed, o.stderr)
		}
		if units, _ := st.InventoryUnits(ctx); len(units) != 0 {
			t.Errorf("units %v stored against a mapping replaced meanwhile", units)
		}
	})
}
