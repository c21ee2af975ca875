package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/workspace"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/fixtures"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
	"github.com/ndta-vn/archmerge/store"
)

// reportWorkspace makes a workspace holding the synthetic inventories of old
// provinces 02 Hà Giang and 08 Tuyên Quang (new 08 Tuyên Quang).
func reportWorkspace(t *testing.T) (dir, db string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "ws.db")
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := fixtures.Write(context.Background(), filepath.Join(dir, "inv"), m, fixtures.Options{Scale: 0.1, Seed: 3, Provinces: []string{"02", "08"}})
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, "", append([]string{"--db", db, "import", "inventory"}, paths...)...); code != ExitOK {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	return dir, db
}

// fillWorkbook writes decision cells into a workbook through excelize's
// ordinary API (a different writer from report's stream) and saves a copy.
func fillWorkbook(t *testing.T, src, dst string, edits map[string]map[string]string) {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Hệ thống")
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for j, h := range rows[0] {
		col[h] = j + 1
	}
	n := 0
	for i, r := range rows[1:] {
		for h, v := range edits[r[0]] {
			ref, _ := excelize.CoordinatesToCellName(col[h], i+2)
			if err := f.SetCellValue("Hệ thống", ref, v); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no cell edited")
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
}

func decisionLog(t *testing.T, db string) []migrate.Decision {
	t.Helper()
	st, err := store.Open(context.Background(), db, store.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, _, err := st.DecisionLog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// keysOf returns element keys of the workbook's Hệ thống sheet: the first
// two members of a duplicate cluster when there is one, and a third key.
func keysOf(t *testing.T, path string) (a, b, c string, rowB int) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Hệ thống")
	// Three elements of one planned new unit (column E) and kind (F), which
	// may merge into each other.
	groups := map[string][]string{}
	row := map[string]int{}
	for i, r := range rows[1:] {
		g := r[4] + "/" + r[5]
		groups[g] = append(groups[g], r[0])
		row[r[0]] = i + 2
		if ks := groups[g]; len(ks) == 3 {
			return ks[0], ks[1], ks[2], row[ks[1]]
		}
	}
	t.Fatalf("no three elements of one unit and kind in %d rows", len(rows))
	return
}

func TestReportApplyRoundTrip(t *testing.T) {
	dir, db := reportWorkspace(t)
	out := filepath.Join(dir, "so")

	code, stdout, stderr := run(t, "", "--db", db, "report", "--out", out, "--province", "8")
	if code != ExitOK {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	book := filepath.Join(out, "08-tuyen-quang.xlsx")
	if strings.TrimSpace(stdout) != book {
		t.Fatalf("report printed %q, want %q", stdout, book)
	}
	a, b, c, rowB := keysOf(t, book)

	// An invalid file records nothing, and says where the problem is.
	bad := filepath.Join(dir, "bad.xlsx")
	fillWorkbook(t, book, bad, map[string]map[string]string{a: {"Quyết định": "Dừng sử dụng"}, b: {"Quyết định": "giữ nguyên đi"}})
	code, _, stderr = run(t, "", "--db", db, "apply", bad)
	if code != ExitRejected {
		t.Fatalf("apply of an invalid file: exit %d, want 3\n%s", code, stderr)
	}
	if !strings.Contains(stderr, fmt.Sprintf("tệp %s, trang Hệ thống, dòng %d, cột Quyết định", bad, rowB)) || !strings.Contains(stderr, "không quyết định nào được ghi") {
		t.Errorf("stderr does not name file, sheet, row and column:\n%s", stderr)
	}
	if n := len(decisionLog(t, db)); n != 0 {
		t.Fatalf("an invalid file recorded %d decisions", n)
	}

	// Decisions filled in by a different writer, in both languages.
	good := filepath.Join(dir, "good.xlsx")
	fillWorkbook(t, book, good, map[string]map[string]string{
		a: {"Quyết định": "retire", "Ghi chú": "hết hợp đồng"},
		b: {"Quyết định": "Hợp nhất", "Hợp nhất vào": c},
		c: {"Quyết định": "TIẾP TỤC SỬ DỤNG", "Chủ quản mới": "Sở Khoa học và Công nghệ"},
	})
	code, _, stderr = run(t, "", "--db", db, "apply", good, "--dry-run")
	if code != ExitOK || len(decisionLog(t, db)) != 0 {
		t.Fatalf("dry run: exit %d, %d decisions recorded\n%s", code, len(decisionLog(t, db)), stderr)
	}
	code, stdout, stderr = run(t, "", "--db", db, "apply", good, "--by", "Nguyễn Văn A")
	if code != ExitOK {
		t.Fatalf("apply: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "Đã ghi 3 quyết định") || !strings.Contains(stdout, a+": Dừng sử dụng") || !strings.Contains(stdout, b+": Hợp nhất; vào "+c) {
		t.Errorf("apply printed:\n%s", stdout)
	}
	log := decisionLog(t, db)
	if len(log) != 3 {
		t.Fatalf("%d decisions recorded, want 3", len(log))
	}
	for _, d := range log {
		if d.By != "Nguyễn Văn A" || len(d.SHA256) != 64 || !strings.HasSuffix(d.File, "good.xlsx") || d.At == "" {
			t.Errorf("decision provenance %+v", d)
		}
	}
	st, err := store.Open(context.Background(), db, store.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	audit, _ := st.AuditLog(context.Background())
	st.Close()
	var applied []store.AuditEntry
	for _, e := range audit {
		if e.Action == "apply" {
			applied = append(applied, e)
		}
	}
	if len(applied) != 1 || applied[0].Actor != "Nguyễn Văn A" || !strings.Contains(string(applied[0].Detail), log[0].SHA256) {
		t.Errorf("apply audit entries %+v", applied)
	}

	// Status counts them.
	code, stdout, stderr = run(t, "", "--db", db, "--format", "json", "status")
	if code != ExitOK {
		t.Fatalf("status: exit %d\n%s", code, stderr)
	}
	var status struct {
		Totals struct {
			Decisions int `json:"decisions"`
		} `json:"totals"`
	}
	if err := json.Unmarshal([]byte(stdout), &status); err != nil || status.Totals.Decisions != 3 {
		t.Errorf("status counts %d decisions, want 3 (%v):\n%s", status.Totals.Decisions, err, stdout)
	}

	// Applying the same file again changes nothing.
	code, stdout, _ = run(t, "", "--db", db, "apply", good)
	if code != ExitOK || !strings.Contains(stdout, "Không có quyết định mới") || len(decisionLog(t, db)) != 3 {
		t.Errorf("re-apply: exit %d, %d decisions\n%s", code, len(decisionLog(t, db)), stdout)
	}

	// The next report shows them filled in.
	code, _, stderr = run(t, "", "--db", db, "report", "--out", out, "--province", "08")
	if code != ExitOK {
		t.Fatalf("second report: exit %d\n%s", code, stderr)
	}
	fl, probs, err := reports.ReadDecisions(book)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	got := map[string]reports.FilledRow{}
	for _, r := range fl.Rows {
		got[r.Key] = r
	}
	if got[a].Value != "Dừng sử dụng" || got[a].Note != "hết hợp đồng" || got[b].Value != "Hợp nhất" || got[b].MergeInto != c ||
		got[c].Value != "Tiếp tục sử dụng" || got[c].NewOwner != "Sở Khoa học và Công nghệ" {
		t.Errorf("the next report does not show the decisions: %+v %+v %+v", got[a], got[b], got[c])
	}
	if !got[a].Untouched || !got[b].Untouched || !got[c].Untouched {
		t.Errorf("rows written with their decisions do not read as left as written: %+v %+v %+v", got[a], got[b], got[c])
	}

	// A file rewritten by LibreOffice reads back the same.
	t.Run("LibreOffice", func(t *testing.T) {
		soffice, err := exec.LookPath("soffice")
		if err != nil {
			t.Skip("soffice (LibreOffice, Debian package libreoffice-calc-nogui) is not installed: the LibreOffice round trip is not checked")
		}
		lo := filepath.Join(dir, "lo")
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo-profile"), "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", lo, good)
		if outb, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, outb)
		}
		fl, probs, err := reports.ReadDecisions(filepath.Join(lo, "good.xlsx"))
		if err != nil || len(probs) > 0 {
			t.Fatal(err, probs)
		}
		n := 0
		for _, r := range fl.Rows {
			if r.Key == a && r.Treatment == migrate.Retire || r.Key == b && r.MergeInto == c || r.Key == c && r.Treatment == migrate.Continue {
				n++
			}
		}
		if n != 3 || fl.Identity.Province != "08" {
			t.Errorf("LibreOffice copy read %d of 3 decisions, identity %+v", n, fl.Identity)
		}
		code, stdout, stderr := run(t, "", "--db", db, "apply", filepath.Join(lo, "good.xlsx"))
		if code != ExitOK || !strings.Contains(stdout, "Không có quyết định mới") {
			t.Errorf("apply of the LibreOffice copy: exit %d\n%s%s", code, stdout, stderr)
		}
	})

	// Emptying a prefilled row withdraws that decision.
	cleared := filepath.Join(dir, "cleared.xlsx")
	fillWorkbook(t, book, cleared, map[string]map[string]string{a: {"Quyết định": "", "Ghi chú": ""}})
	code, stdout, stderr = run(t, "", "--db", db, "apply", cleared)
	if code != ExitOK || !strings.Contains(stdout, "Đã ghi 1 quyết định") {
		t.Fatalf("withdrawal: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = run(t, "", "--db", db, "--format", "json", "status")
	if err := json.Unmarshal([]byte(stdout), &status); code != ExitOK || err != nil || status.Totals.Decisions != 2 {
		t.Errorf("after a withdrawal status counts %d decisions, want 2", status.Totals.Decisions)
	}
}

func TestReportAllAndEnglish(t *testing.T) {
	dir, db := reportWorkspace(t)
	out := filepath.Join(dir, "reports")
	code, stdout, stderr := run(t, "", "--db", db, "--lang", "en", "--format", "json", "report", "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var res workspace.ReportResult
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err, stdout)
	}
	var names []string
	for _, f := range res.Files {
		names = append(names, filepath.Base(f))
	}
	if !slices.Equal(names, []string{"08-tuyen-quang.xlsx", "national-summary.xlsx"}) || res.PlanID == "" {
		t.Fatalf("files %v plan %q", names, res.PlanID)
	}
	f, err := excelize.OpenFile(res.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !slices.Contains(f.GetSheetList(), "Systems") {
		t.Errorf("English workbook sheets %v", f.GetSheetList())
	}
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ws.db")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no --out", []string{"report"}, ExitUsage, "out"},
		{"no workspace", []string{"report", "--out", dir}, ExitFailed, "archmerge init"},
		{"apply without files", []string{"apply"}, ExitUsage, "arg"},
		{"apply without workspace", []string{"apply", "x.xlsx"}, ExitFailed, "archmerge init"},
		{"export bad format", []string{"export", "--format", "xml", "--out", dir}, ExitUsage, "json, csv, archi"},
		{"export without workspace", []string{"export", "--format", "json", "--out", dir}, ExitFailed, "archmerge init"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, "", append([]string{"--db", db}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
		})
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a failed command created the workspace")
	}
}

func TestReportBadProvince(t *testing.T) {
	_, db := reportWorkspace(t)
	code, _, stderr := run(t, "", "--db", db, "report", "--out", t.TempDir(), "--province", "99")
	if code != ExitUsage || !strings.Contains(stderr, "99") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

func TestExportCommand(t *testing.T) {
	dir, db := reportWorkspace(t)
	for _, format := range []string{"json", "csv", "archi", "archimate"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(dir, "export-"+format)
			code, stdout, stderr := run(t, "", "--db", db, "export", "--format", format, "--out", out)
			if code != ExitOK {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			files := strings.Fields(stdout)
			want := map[string]int{"json": 1, "csv": 3, "archi": 3, "archimate": 1}[format]
			if len(files) != want {
				t.Fatalf("printed %v", files)
			}
			for _, f := range files {
				if st, err := os.Stat(f); err != nil || st.Size() == 0 {
					t.Errorf("%s: %v", f, err)
				}
			}
		})
	}
}
