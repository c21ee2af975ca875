package termsafe

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestString(t *testing.T) {
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
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWriter: layout is kept, everything else escaped, a UTF-8
// sequence cut between writes kept whole, and JSON stays valid JSON.
func TestWriter(t *testing.T) {
	var b bytes.Buffer
	tw := NewWriter(&b)
	s := "Tỉnh\tA\x1b]0;x\x07\nđ\u202e\n"
	for i := 0; i < len(s); i++ { // one byte at a time
		tw.Write([]byte{s[i]})
	}
	tw.Flush()
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
