package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestControlCharactersNeverReachTheTerminal: a query, and a mapping name
// printed by lookup, holding terminal escapes come out escaped, in text;
// JSON output is valid JSON with the query intact.
func TestControlCharactersNeverReachTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	hostile := "Hà\x1b[2J\x1b]0;pwned\x07Giang\u202e"
	code, stdout, stderr := run(t, hostile+"\n", "--db", db, "lookup", hostile, "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, out := range []string{stdout, stderr} {
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("raw control characters reached the output: %q", out)
		}
	}
	code, stdout, _ = run(t, "", "--db", db, "--format", "json", "lookup", hostile)
	var ans struct{ Query string }
	if err := json.Unmarshal([]byte(stdout), &ans); err != nil || code != ExitOK || ans.Query != hostile {
		t.Errorf("JSON: exit %d, %q, %v", code, stdout, err)
	}
}
