package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/internal/outfile"
	"github.com/ndta-vn/archmerge/workspace"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/ndta-vn/archmerge/store"
)

const tiHeader = "id,unit_code,kind,name,function_code,owner,security_level,status,users,contract_end,personal_data\n"

// tiGood is a valid inventory of Hà Giang: province, district, commune.
var tiGood = map[string]string{
	"elements.csv": tiHeader +
		"KTTTHC,02,application,Hệ thống giải quyết TTHC tỉnh Hà Giang,KTTTHC,Văn phòng UBND tỉnh,3,active,1.200,31/12/2026,có\n" +
		"DC,02,datacentre,Trung tâm dữ liệu tỉnh Hà Giang,DC,Sở TT&TT,3,active,,,\n" +
		"OLD,02,application,Phần mềm cũ,,Sở TT&TT,,retiring,,,\n" +
		"PORTAL,024,portal,Cổng thông tin TP Hà Giang,CONG_TTDT,UBND TP Hà Giang,2,active,500,2026-06-30,không\n" +
		"PORTAL,00688,portal,Trang thông tin phường Quang Trung,CONG_TTDT,,,,,,\n",
	"relations.csv": "from,to,kind,via,description\n" +
		"KTTTHC,DC,hosted_on,,\n" +
		"02/KTTTHC,024/PORTAL,integrates,lgsp,\n" +
		"024/PORTAL,01/LGSP,integrates,direct,sang tỉnh khác\n",
}

func writeFiles(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// dumpWorkspace renders every row of every table of a workspace, to
// compare it before and after a call that must change nothing.
func dumpWorkspace(t *testing.T, db string) string {
	t.Helper()
	st, err := store.Open(context.Background(), db, store.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b strings.Builder
	if err := st.Dump(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func newWorkspace(t *testing.T) (db, dir string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "ws.db")
	if code, _, stderr := run(t, "", "--db", db, "init"); code != ExitOK {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	return db, dir
}

func TestImportInventoryCommand(t *testing.T) {
	db, dir := newWorkspace(t)
	good := writeFiles(t, filepath.Join(dir, "02-ha-giang"), tiGood)
	code, out, stderr := run(t, "", "--db", db, "import", "inventory", good)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"Đã nhập 2 tệp: 3 đơn vị, 5 phần tử, 3 quan hệ", "02 Tỉnh Hà Giang: 3 phần tử, 2 quan hệ", "00688"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "Cảnh báo") || !strings.Contains(stderr, "không có trong bản kê khai nào") {
		t.Errorf("stderr lacks the dangling-endpoint warning:\n%s", stderr)
	}

	// Re-import 02 without OLD: it disappears, the other units stay.
	again := writeFiles(t, filepath.Join(dir, "again"), map[string]string{
		"elements.csv":  strings.Replace(tiGood["elements.csv"], "OLD,02,application,Phần mềm cũ,,Sở TT&TT,,retiring,,,\n", "", 1),
		"relations.csv": "from,to,kind\n",
	})
	code, out, stderr = run(t, "", "--db", db, "--lang", "en", "import", "inventory", filepath.Join(again, "elements.csv"))
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"replaces the previous inventory: 0 new, 2 same key", "disappeared 1: 02/OLD", "In all 1 element disappeared"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}

	// JSON output.
	code, out, stderr = run(t, "", "--db", db, "--format", "json", "import", "inventory", good)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var rep workspace.ImportResult
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !rep.OK || rep.Elements != 5 || len(rep.Units) != 3 || rep.Units[0].Unit != "00688" || len(rep.Files) != 2 || len(rep.Warnings) == 0 {
		t.Errorf("report %+v", rep)
	}
}

func TestImportInventoryDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ws.db")
	good := writeFiles(t, filepath.Join(dir, "hg"), tiGood)
	code, out, stderr := run(t, "", "--db", db, "import", "inventory", "--dry-run", good)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(out, "--dry-run") || !strings.Contains(out, "5 phần tử") {
		t.Errorf("stdout:\n%s", out)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a dry run created the workspace")
	}
}

// TestImportInventoryRejections: each rejection rule, with a good file in
// the same call, exits 3, names the file and the line, and leaves the
// workspace as it was.
func TestImportInventoryRejections(t *testing.T) {
	db, dir := newWorkspace(t)
	good := writeFiles(t, filepath.Join(dir, "good"), tiGood)
	if code, _, stderr := run(t, "", "--db", db, "import", "inventory", good); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	before := dumpWorkspace(t, db)
	okRels := "from,to,kind\n"
	cases := []struct {
		name  string
		elems string
		rels  string
		line  string
		want  string
	}{
		{"unknown kind", tiHeader + "X,01,spreadsheet,Tên,,,,,,,\n", okRels, "dòng 2", "loại không hợp lệ"},
		{"duplicate id in a unit", tiHeader + "X,01,api,Tên,,,,,,,\nY,01,api,Tên,,,,,,,\nX,01,portal,Khác,,,,,,,\n", okRels, "dòng 4", "dòng 2"},
		{"unknown unit code", tiHeader + "X,99999,api,Tên,,,,,,,\n", okRels, "dòng 2", "mã đơn vị"},
		{"level out of range", tiHeader + "X,01,api,Tên,,,7,,,,\n", okRels, "dòng 2", "cấp độ"},
		{"invalid UTF-8", tiHeader + "X,01,api,T\xe0n,,,,,,,\n", okRels, "dòng 2", "UTF-8"},
		{"missing required value", tiHeader + "X,01,,Tên,,,,,,,\n", okRels, "dòng 2", "thiếu giá trị bắt buộc"},
		{"ragged row", tiHeader + "X,01,api,Tên,,,\n", okRels, "dòng 2", "lệch cột"},
		{"bad date", tiHeader + "X,01,api,Tên,,,,,,2026-02-30,\n", okRels, "dòng 2", "ngày"},
		{"bad relation kind", tiHeader + "X,01,api,Tên,,,,,,,\n", "from,to,kind\nX,X,depends\n", "dòng 2", "loại quan hệ"},
		{"missing required column", "id,unit_code,name\nX,01,Tên\n", okRels, "dòng 1", "thiếu cột bắt buộc"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := writeFiles(t, filepath.Join(t.TempDir(), "01-ha-noi"), map[string]string{"elements.csv": c.elems, "relations.csv": c.rels})
			code, out, stderr := run(t, "", "--db", db, "import", "inventory", good, bad)
			if code != ExitRejected {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitRejected, out, stderr)
			}
			var line string
			for _, l := range strings.Split(stderr, "\n") {
				if strings.HasPrefix(l, "Lỗi: ") {
					line = l
					break
				}
			}
			if !strings.Contains(line, bad) || !strings.Contains(line, c.line) || !strings.Contains(line, c.want) {
				t.Errorf("first problem %q does not name the file %s, %q and %q\n%s", line, bad, c.line, c.want, stderr)
			}
			if !strings.Contains(stderr, "không ghi gì") {
				t.Errorf("stderr does not say nothing was written:\n%s", stderr)
			}
			if after := dumpWorkspace(t, db); after != before {
				t.Errorf("the workspace changed")
			}
		})
	}
}

func TestImportInventoryCapsProblems(t *testing.T) {
	db, dir := newWorkspace(t)
	var b strings.Builder
	b.WriteString(tiHeader)
	for i := range 120 {
		fmt.Fprintf(&b, "X%d,01,nonsense,Tên,,,,,,,\n", i)
	}
	bad := writeFiles(t, filepath.Join(dir, "bad"), map[string]string{"elements.csv": b.String(), "relations.csv": "from,to,kind\n"})
	code, _, stderr := run(t, "", "--db", db, "--lang", "en", "import", "inventory", bad)
	if code != ExitRejected {
		t.Fatalf("exit %d", code)
	}
	if n := strings.Count(stderr, "Error: "); n != invMaxListed {
		t.Errorf("%d problem lines, want %d", n, invMaxListed)
	}
	if !strings.Contains(stderr, "and 70 more problems") {
		t.Errorf("no count of the rest:\n%s", stderr[len(stderr)-300:])
	}
}

// TestImportInventoryFormats imports the same inventory as CSV (with a BOM,
// semicolons, NFD text and codes as numbers), XLSX and JSON: the stored
// content is the same.
func TestImportInventoryFormats(t *testing.T) {
	dir := t.TempDir()
	name := norm.NFD.String("Hệ thống giải quyết TTHC tỉnh Hà Giang")
	csvDir := writeFiles(t, filepath.Join(dir, "csv"), map[string]string{
		"elements.csv": "\uFEFFid;unit_code;kind;name;security_level;users;personal_data\n" +
			"KTTTHC;2;application;" + name + ";3;1.200;có\n" +
			"P;00688;portal;Cổng phường;;;\n",
		"relations.csv": "\uFEFFfrom;to;kind\nKTTTHC;00688/P;integrates\n",
	})
	jsonPath := filepath.Join(dir, "hg.json")
	os.WriteFile(jsonPath, []byte(`{"elements": [
{"id": "KTTTHC", "unit_code": 2, "kind": "application", "name": "`+norm.NFC.String(name)+`", "security_level": 3, "users": 1200, "personal_data": true},
{"id": "P", "unit_code": "00688", "kind": "portal", "name": "Cổng phường"}
],
"relations": [
{"from": "KTTTHC", "to": "00688/P", "kind": "integrates"}
]}`), 0o644)
	xlsxPath := filepath.Join(dir, "hg.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "elements")
	f.NewSheet("relations")
	f.SetSheetRow("elements", "A1", &[]any{"Mã phần tử", "Mã đơn vị", "Loại", "Tên", "Cấp độ ATTT", "Số người dùng", "Dữ liệu cá nhân"})
	f.SetSheetRow("elements", "A2", &[]any{"KTTTHC", 2, "application", name, 3, 1200, "có"})
	f.SetSheetRow("elements", "A3", &[]any{"P", "00688", "portal", "Cổng phường"})
	f.SetSheetRow("relations", "A1", &[]any{"Từ", "Đến", "Loại quan hệ"})
	f.SetSheetRow("relations", "A2", &[]any{"KTTTHC", "00688/P", "integrates"})
	if err := f.SaveAs(xlsxPath); err != nil {
		t.Fatal(err)
	}
	var prints []string
	for _, in := range []string{csvDir, xlsxPath, jsonPath} {
		db := filepath.Join(t.TempDir(), "ws.db")
		code, _, stderr := run(t, "", "--db", db, "import", "inventory", in)
		if code != ExitOK {
			t.Fatalf("%s: exit %d\n%s", in, code, stderr)
		}
		if !strings.Contains(stderr, "khôi phục số 0") {
			t.Errorf("%s: no warning about the restored code:\n%s", in, stderr)
		}
		st, err := store.Open(context.Background(), db, store.Options{MustExist: true})
		if err != nil {
			t.Fatal(err)
		}
		fp, err := st.InventoryFingerprint(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		inv, _ := st.LoadInventory(context.Background())
		st.Close()
		if e := inv.Elements[0]; e.Key() != "00688/P" || inv.Elements[1].Name != norm.NFC.String(name) || inv.Elements[1].Unit != "02" {
			t.Errorf("%s: elements %+v", in, inv.Elements)
		}
		prints = append(prints, fp)
	}
	if prints[0] != prints[1] || prints[1] != prints[2] {
		t.Errorf("CSV, XLSX and JSON stored different content: %v", prints)
	}
}

func TestImportInventoryUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	if code, _, _ := run(t, "", "--db", db, "import", "inventory"); code != ExitUsage {
		t.Errorf("no path: exit %d, want %d", code, ExitUsage)
	}
	code, _, stderr := run(t, "", "--db", db, "import", "inventory", filepath.Join(t.TempDir(), "nope.xlsx"))
	if code != ExitRejected || !strings.Contains(stderr, "nope.xlsx") {
		t.Errorf("missing file: exit %d\n%s", code, stderr)
	}
}

func TestImportInventoryDryRunShowsWhatDisappears(t *testing.T) {
	db, dir := newWorkspace(t)
	good := writeFiles(t, filepath.Join(dir, "good"), tiGood)
	if code, _, stderr := run(t, "", "--db", db, "import", "inventory", good); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	before := dumpWorkspace(t, db)
	smaller := writeFiles(t, filepath.Join(dir, "smaller"), map[string]string{
		"elements.csv":  tiHeader + "KTTTHC,02,application,Một cửa,,,,,,,\n",
		"relations.csv": "from,to,kind\n",
	})
	code, out, stderr := run(t, "", "--db", db, "import", "inventory", "--dry-run", smaller)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(out, "biến mất 2: 02/DC, 02/OLD") || !strings.Contains(out, "--dry-run") {
		t.Errorf("stdout:\n%s", out)
	}
	if dumpWorkspace(t, db) != before {
		t.Error("a dry run changed the workspace")
	}
}

// The first import creates the workspace, and only when it succeeds: a
// rejected first import (its good file already stored when the bad one is
// found) leaves no workspace and no temporary file behind.
func TestImportInventoryCreatesTheWorkspaceOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	wsDir := filepath.Join(dir, "ws")
	db := filepath.Join(wsDir, "archmerge.db")
	good := writeFiles(t, filepath.Join(dir, "a-good"), tiGood)
	bad := writeFiles(t, filepath.Join(dir, "b-bad"), map[string]string{
		"elements.csv": tiHeader + "X,01,spreadsheet,Tên,,,,,,,\n", "relations.csv": "from,to,kind\n"})
	code, _, stderr := run(t, "", "--db", db, "import", "inventory", good, bad)
	if code != ExitRejected {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(wsDir); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(wsDir)
		t.Errorf("a rejected first import left the folder %s holding %v", wsDir, entries)
	}
	if code, _, stderr := run(t, "", "--db", db, "import", "inventory", good); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	entries, _ := os.ReadDir(wsDir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "archmerge.db" {
		t.Errorf("after the first import the folder holds %v, want the workspace alone", names)
	}
	if !strings.Contains(dumpWorkspace(t, db), "02/KTTTHC") {
		t.Error("the imported inventory is not in the workspace")
	}
}

// Files a deleted workspace left beside the path (here its write-ahead
// log) would be replayed into a new workspace: the first import refuses,
// names them, and touches nothing.
func TestImportInventoryRefusesALeftoverLog(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "archmerge.db")
	good := writeFiles(t, filepath.Join(dir, "good"), tiGood)
	if err := os.WriteFile(db+"-wal", []byte("log of a deleted workspace"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "", "--db", db, "import", "inventory", good)
	if code != ExitFailed || !strings.Contains(stderr, db+"-wal") || !strings.Contains(stderr, "không ghi gì") {
		t.Fatalf("exit %d, want %d naming the log\n%s", code, ExitFailed, stderr)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "archmerge.db-wal good" {
		t.Errorf("the folder holds %v", names)
	}
	if b, _ := os.ReadFile(db + "-wal"); string(b) != "log of a deleted workspace" {
		t.Error("the leftover log was changed")
	}
}

// A first import killed (kill -9) leaves its staged workspace beside the
// path: the next import removes it, and leaves the one an import still
// running holds.
func TestImportInventoryRemovesStaleStagedWorkspaces(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "archmerge.db")
	good := writeFiles(t, filepath.Join(dir, "good"), tiGood)
	old := time.Now().Add(-time.Hour) // before this run started
	mk := func(name string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("half a workspace"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := []string{mk(".archmerge.db.new-5eed5eed5eed"), mk(".archmerge.db.new-5eed5eed5eed-wal"), mk(".archmerge.db.new-5eed5eed5eed-shm")}
	held := []string{mk(".archmerge.db.new-c0ffeec0ffee"), mk(".archmerge.db.new-c0ffeec0ffee-wal")}
	f, err := os.OpenFile(held[0], os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	outfile.Lock(f) // an import still running

	if code, _, stderr := run(t, "", "--db", db, "import", "inventory", good); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, p := range stale {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s: the killed import's staged workspace was left", filepath.Base(p))
		}
	}
	for _, p := range held {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s, held by a running import, was removed", filepath.Base(p))
		}
	}
}
