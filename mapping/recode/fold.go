package recode

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold reduces a name or header to lower-case ASCII words separated by single
// spaces: composed or decomposed Vietnamese ("Phường" in NFC or NFD), tone
// marks and diacritics removed, đ→d, punctuation→space. It matches names the
// way people type them ("Phuong Phuc Xa", "phường phúc xá", "PHƯỜNG PHÚC XÁ").
//
// It is kept private to this package so that recode does not depend on the
// exact normalisation of the lookup index: both fold to the same ASCII words.
func fold(s string) string {
	if isFoldedASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	var it norm.Iter
	it.InitString(norm.NFD, s)
	for !it.Done() {
		seg := it.Next()
		for len(seg) > 0 {
			r, n := utf8.DecodeRune(seg)
			seg = seg[n:]
			switch {
			case r == 'đ' || r == 'Đ':
				r = 'd'
			case unicode.Is(unicode.Mn, r):
				continue
			}
			if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
				b.WriteRune(r)
				space = false
				continue
			}
			if r >= 'A' && r <= 'Z' {
				b.WriteRune(r + 'a' - 'A')
				space = false
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(unicode.ToLower(r))
				space = false
				continue
			}
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// isFoldedASCII reports whether s is already in folded form, the common case
// for names typed without diacritics, so that fold need not allocate.
func isFoldedASCII(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			prevSpace = false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		default:
			return false
		}
	}
	return true
}

// Unit-type words that precede a name in official lists and in user data.
// The longest come first so that "thi xa" is removed before "xa" could be.
var (
	provincePrefixes = []string{"thanh pho truc thuoc trung uong", "thanh pho", "tinh", "tp"}
	districtPrefixes = []string{"thanh pho", "thi xa", "huyen", "quan", "tp", "tx", "q", "h"}
	communePrefixes  = []string{"thi tran", "dac khu", "phuong", "xa", "tt", "p", "x"}
)

// bareName folds a unit name and strips its unit-type word, so that
// "Phường Phúc Xá", "P. Phúc Xá" and "phuc xa" all give "phuc xa". A name
// that is only a type word and a number ("Phường 1") keeps the number.
func bareName(name string, prefixes []string) string {
	f := fold(name)
	for _, p := range prefixes {
		if strings.HasPrefix(f, p+" ") {
			return f[len(p)+1:]
		}
	}
	return f
}
