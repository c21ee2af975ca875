package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"Xã Việt Lâm":           "Xã Việt Lâm",
		"a\x1b[2Jb":             `a\x1b[2Jb`,
		"nul\x00 bell\x07":      `nul\x00 bell\x07`,
		"line\nnext\ttab\rret":  `line\nnext\ttab\rret`,
		"del\x7f c1\u009b":      `del\u007f c1\u009b`,
		"bidi\u202eevil":        `bidi\u202eevil`,
		"bad\xffutf8":           `bad\xffutf8`,
		"zero\u200bwidth space": `zero\u200bwidth space`,
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTermWriter: layout is kept, everything else escaped, a UTF-8
// sequence cut between writes kept whole, and JSON stays valid JSON.
func TestTermWriter(t *testing.T) {
	var b bytes.Buffer
	tw := &termWriter{w: &b}
	s := "Tỉnh\tA\x1b]0;x\x07\nđ\u202e\n"
	for i := 0; i < len(s); i++ { // one byte at a time
		tw.Write([]byte{s[i]})
	}
	tw.flush()
	if want := "Tỉnh\tA\\x1b]0;x\\x07\nđ\\u202e\n"; b.String() != want {
		t.Errorf("wrote %q, want %q", b.String(), want)
	}
	b.Reset()
	j, _ := json.Marshal(map[string]string{"name": "a\x1b\x7f\u009b\u202eb"})
	tw.Write(j)
	var v map[string]string
	if err := json.Unmarshal(b.Bytes(), &v); err != nil || v["name"] != "a\x1b\x7f\u009b\u202eb" {
		t.Errorf("JSON through the writer: %s, %v", b.Bytes(), err)
	}
}

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
