package inventory

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

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
