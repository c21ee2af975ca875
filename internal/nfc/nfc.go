// Package nfc puts text in Unicode's composed form (NFC) the way archmerge
// compares it, with a fast test for the text nearly every cell holds.
package nfc

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Precomposed reports, quickly, whether s holds only characters that are
// in NFC whatever surrounds them: below U+0300 (ASCII, Latin-1, Latin
// Extended-A and B, where no character combines or decomposes) and the
// precomposed Vietnamese letters of Latin Extended Additional (U+1E00 to
// U+1EFF). Nearly every cell of a Vietnamese inventory is such text, which
// this checks several times faster than the general NFC test; anything
// else (and malformed UTF-8) is left to that test.
func Precomposed(s string) bool { return precomposed(s, 0) }

// PrecomposedText is Precomposed, and also false when s holds a C0
// control character (below U+0020): one pass for both.
func PrecomposedText(s string) bool { return precomposed(s, 0x20) }

func precomposed(s string, lowest byte) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < lowest:
			return false
		case c < utf8.RuneSelf:
		case c >= 0xC2 && c <= 0xCB: // U+0080 to U+02FF
			if i+1 >= len(s) || s[i+1]&0xC0 != 0x80 {
				return false
			}
			i++
		case c == 0xE1: // U+1E00 to U+1EFF
			if i+2 >= len(s) || s[i+1] < 0xB8 || s[i+1] > 0xBB || s[i+2]&0xC0 != 0x80 {
				return false
			}
			i += 2
		default:
			return false
		}
	}
	return true
}

// String returns s in NFC: s itself when Precomposed says it is (most
// cells), else norm.NFC's answer.
func String(s string) string {
	if Precomposed(s) {
		return s
	}
	return norm.NFC.String(s)
}
