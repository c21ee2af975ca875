package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/workspace"
)

func TestDashboardCommand(t *testing.T) {
	dir, db := reportWorkspace(t)
	books := filepath.Join(dir, "so")
	if code, _, stderr := run(t, "", "--db", db, "report", "--out", books); code != ExitOK {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	for _, c := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no --out", []string{"dashboard"}, ExitUsage, "required flag"},
		{"a bad date", []string{"dashboard", "--out", filepath.Join(dir, "x"), "--as-of", "31/13/2026"}, ExitUsage, "--as-of"},
		{"no workspace", []string{"--db", filepath.Join(dir, "none.db"), "dashboard", "--out", filepath.Join(dir, "x")}, ExitFailed, "archmerge init"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := c.args
			if args[0] == "dashboard" {
				args = append([]string{"--db", db}, args...)
			}
			code, _, stderr := run(t, "", args...)
			if code != c.code || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.code, stderr)
			}
		})
	}

	t.Run("beside the workbooks, in Vietnamese", func(t *testing.T) {
		out := filepath.Join(books, "dashboard")
		code, stdout, stderr := run(t, "", "--db", db, "dashboard", "--out", out)
		if code != ExitOK {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		if len(lines) != 2 || lines[0] != filepath.Join(out, "index.html") || lines[1] != filepath.Join(out, "08-tuyen-quang.html") {
			t.Errorf("stdout lists %q, want the national page and 08's", lines)
		}
		if !strings.Contains(stderr, "mở "+filepath.Join(out, "index.html")+" trong trình duyệt") {
			t.Errorf("stderr does not say what to open:\n%s", stderr)
		}
		page, err := os.ReadFile(lines[1])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), `<html lang="vi">`) || !strings.Contains(string(page), `href="../08-tuyen-quang.xlsx"`) {
			t.Error("the page of 08 is not Vietnamese or does not link ../08-tuyen-quang.xlsx")
		}
	})
	t.Run("elsewhere, in English, as JSON", func(t *testing.T) {
		out := filepath.Join(dir, "web")
		code, stdout, stderr := run(t, "", "--db", db, "--lang", "en", "--format", "json", "dashboard", "--out", out, "--workbooks", books)
		if code != ExitOK {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		var res workspace.DashboardResult
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatalf("%v\n%s", err, stdout)
		}
		if res.Index != filepath.Join(out, "index.html") || len(res.Files) != 2 || res.PlanID == "" {
			t.Errorf("result %+v", res)
		}
		page, err := os.ReadFile(filepath.Join(out, "08-tuyen-quang.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), `<html lang="en">`) || !strings.Contains(string(page), `href="../so/08-tuyen-quang.xlsx"`) {
			t.Error("the page of 08 is not English or does not link ../so/08-tuyen-quang.xlsx")
		}
	})
}
