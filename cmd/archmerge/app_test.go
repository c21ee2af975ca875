package main

import (
	"bytes"
	"context"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// run runs the CLI in a test and returns its exit code and outputs.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrorsExit2(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	cases := map[string][]string{
		"unknown command": {"--db", db, "frobnicate"},
		"unknown flag":    {"--db", db, "--no-such-flag"},
		"bad format":      {"--db", db, "--format", "yaml", "status"},
		"bad language":    {"--db", db, "--lang", "fr", "status"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := run(t, "", args...)
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitUsage, stderr)
			}
			if !strings.Contains(stderr, "archmerge --help") {
				t.Errorf("stderr does not point to --help:\n%s", stderr)
			}
		})
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := run(t, "", "--help")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, c := range []string{"init", "import", "validate", "plan", "report", "apply", "status", "batch", "lookup", "recode", "export", "template", "fixtures", "demo", "dashboard"} {
		if !strings.Contains(out, "\n  "+c+" ") {
			t.Errorf("--help does not list %q", c)
		}
	}
}

func TestVersionNamesTheBuild(t *testing.T) {
	defer func(v, c, d string) { Version, Commit, BuildDate = v, c, d }(Version, Commit, BuildDate)
	cases := []struct {
		name                  string
		version, commit, date string
		want                  string
	}{
		{"release build", "1.2.0", "1a2b3c4d5e6f", "2026-12-03T06:40:00Z",
			"archmerge 1.2.0 (commit 1a2b3c4d5e6f, 2026-12-03T06:40:00Z, " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"},
		// go test binaries carry no VCS stamp, so no commit either.
		{"plain build", "0.1.0-dev", "", "",
			"archmerge 0.1.0-dev (" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			Version, Commit, BuildDate = c.version, c.commit, c.date
			code, out, errOut := run(t, "", "--version")
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if out != c.want {
				t.Errorf("--version printed %q, want %q", out, c.want)
			}
		})
	}
}
