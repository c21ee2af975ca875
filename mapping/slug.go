package mapping

import "strings"

// slugTypeWords are the type words a slug drops, folded, longest first.
var slugTypeWords = []string{"thanh pho", "thu do", "huyen dao", "thi xa", "thi tran", "dac khu", "phuong", "huyen", "tinh", "quan", "xa"}

// Slug returns the ASCII file-name form of a unit's name, without its type
// word: "Tỉnh Hà Giang" → "ha-giang", "Thành phố Hồ Chí Minh" →
// "ho-chi-minh", "Tỉnh Bà Rịa - Vũng Tàu" → "ba-ria-vung-tau". Diacritics
// are dropped (đ becomes d), letters are lower-cased, and every run of
// other characters becomes one hyphen. Inventory files and reconciliation
// workbooks are named "<code>-<slug>"; letters of other scripts are
// dropped, so that a slug is always plain ASCII.
func Slug(name string) string {
	f := Fold(name)
	for _, w := range slugTypeWords {
		if len(f) > len(w) && f[len(w)] == ' ' && f[:len(w)] == w {
			f = f[len(w)+1:]
			break
		}
	}
	var b strings.Builder
	b.Grow(len(f))
	hyphen := false
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteByte(c)
			continue
		}
		hyphen = true
	}
	return b.String()
}
