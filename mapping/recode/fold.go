package recode

import (
	"strings"

	"github.com/ndta-vn/archmerge/mapping"
)

// fold reduces a name or header to lower-case ASCII words separated by single
// spaces, as the lookup index does (mapping.Fold): composed or decomposed
// Vietnamese alike, diacritics removed, đ→d, punctuation→space.
func fold(s string) string { return mapping.Fold(s) }

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
