package main

import (
	"bytes"
	"context"
	"path/filepath"
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
