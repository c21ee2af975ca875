package inventory

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// precomposed's claim: every character it accepts is in NFC and starts a
// new segment (combines with nothing before it), so any string of them is
// in NFC.
func TestPrecomposedAcceptsOnlyStableCharacters(t *testing.T) {
	accepted := 0
	for r := rune(0); r < 0x2000; r++ {
		s := string(r)
		if !precomposed(s) {
			continue
		}
		accepted++
		p := norm.NFC.PropertiesString(s)
		if !norm.NFC.IsNormalString(s) || p.CCC() != 0 || !p.BoundaryBefore() {
			t.Errorf("U+%04X accepted but not stable in NFC", r)
		}
	}
	if accepted != 0x300+0x100 {
		t.Errorf("%d characters accepted, want every one below U+0300 and U+1E00 to U+1EFF", accepted)
	}
	// Decomposed text, other scripts and malformed bytes go to the full test.
	for _, s := range []string{"Ha\u0300 No\u0323i", "Ω", "\u2126", "日本", "\xc3", "a\xe1\xbb", "\xe1\x80\x80", "\xff"} {
		if precomposed(s) {
			t.Errorf("precomposed(%q)", s)
		}
	}
}

// Random strings over the characters Vietnamese inventories hold:
// cleanText gives what the general test gives.
func TestCleanTextFastPathAgrees(t *testing.T) {
	alphabet := []rune("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẠẢÃàáạảãệỆữỮ ,.-/()0123456789\u0300\u0301\u0323\u2013\u201c\t\n\u00a0\ufeff\u200b\u3000")
	trim := func(s string) string {
		return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' || r == '\u200b' })
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		got, trimmed, changed := cleanText(s)
		want := norm.NFC.String(trim(s))
		if got != want || trimmed != (trim(s) != s) || changed != (want != trim(s)) {
			t.Fatalf("cleanText(%q) = %q, %v, %v; want %q", s, got, trimmed, changed, want)
		}
	}
}
