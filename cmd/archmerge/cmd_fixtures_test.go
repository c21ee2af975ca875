package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFixturesWritesProvinceFilesAndReports(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ws.db")
	out := filepath.Join(dir, "kekhai")
	code, stdout, stderr := run(t, "", "--db", db, "fixtures", "--out", out, "--province", "02,08", "--scale", "0.3")
	if code != ExitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for _, p := range []string{"02-ha-giang/elements.csv", "02-ha-giang/relations.csv", "08-tuyen-quang/elements.csv", "08-tuyen-quang/relations.csv"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("not written: %v", err)
		}
	}
	for _, want := range []string{"02 Tỉnh Hà Giang", "08 Tỉnh Tuyên Quang", "Đã ghi 2 tệp (csv)", "phần tử", "archmerge import inventory"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("fixtures created a workspace it does not need")
	}

	// The fixtures import cleanly: the command's own promise.
	code, _, stderr = run(t, "", "--db", db, "import", "inventory", out)
	if code != ExitOK {
		t.Fatalf("importing the fixtures: exit %d; stderr:\n%s", code, stderr)
	}
}

func TestFixturesFormatsAndJSONReport(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		format, file string
	}{
		{"xlsx", "02-ha-giang.xlsx"},
		{"json", "02-ha-giang.json"},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			out := filepath.Join(dir, c.format)
			code, stdout, stderr := run(t, "", "--lang", "en", "fixtures", "--out", out, "--format", c.format,
				"--province", "02", "--scale", "0.2", "--seed", "9", "--report", "json")
			if code != ExitOK {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			var rep struct {
				Format string `json:"format"`
				Seed   int64  `json:"seed"`
				Files  []struct {
					Code      string `json:"code"`
					Path      string `json:"path"`
					Elements  int    `json:"elements"`
					Relations int    `json:"relations"`
				} `json:"files"`
				Elements int `json:"elements"`
			}
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatalf("report is not JSON: %v\n%s", err, stdout)
			}
			if rep.Format != c.format || rep.Seed != 9 || len(rep.Files) != 1 || rep.Files[0].Code != "02" ||
				filepath.Base(rep.Files[0].Path) != c.file || rep.Elements == 0 || rep.Files[0].Elements != rep.Elements {
				t.Errorf("report %+v", rep)
			}
			if _, err := os.Stat(filepath.Join(out, c.file)); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestFixturesEnglishText(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x")
	code, stdout, stderr := run(t, "", "--lang", "en", "fixtures", "--out", out, "--province", "4", "--scale", "0.1")
	if code != ExitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "Wrote 1 file (csv)") || !strings.Contains(stdout, "Old province") || !strings.Contains(stdout, "04 Tỉnh Cao Bằng") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

func TestFixturesUsageErrors(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]string{
		"no --out":         {"fixtures"},
		"unknown format":   {"fixtures", "--out", dir, "--format", "yaml"},
		"unknown report":   {"fixtures", "--out", dir, "--report", "xml"},
		"zero scale":       {"fixtures", "--out", dir, "--scale", "0"},
		"negative scale":   {"fixtures", "--out", dir, "--scale", "-1"},
		"unknown province": {"fixtures", "--out", dir, "--province", "99"},
		"district code":    {"fixtures", "--out", dir, "--province", "001"},
		"argument":         {"fixtures", "--out", dir, "extra"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", append([]string{"--db", filepath.Join(dir, "ws.db")}, args...)...)
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitUsage, stderr)
			}
			if stdout != "" {
				t.Errorf("printed a result on a usage error:\n%s", stdout)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a usage error wrote files: %v", entries)
	}
}
