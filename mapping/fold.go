package mapping

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The one name normaliser of archmerge. Lookup uses it now; duplicate
// detection in the engine uses the same functions, so that "Hoà" and "Hòa",
// "TP.HCM" and "Thành phố Hồ Chí Minh" compare the same everywhere.

// foldClass says what Fold does with a rune below foldTabSize: 0 turns it
// into a space, foldDrop drops it (combining marks, zero-width characters),
// foldKeep keeps it lower-cased, and any other value is the ASCII byte it
// becomes.
const (
	foldSpace   = 0
	foldDrop    = 1
	foldKeep    = 2
	foldTabSize = 0x2000
)

// foldBase maps a letter of another script with a diacritic ("ά") to its
// base letter, for Fold.
var foldBase = map[rune]rune{}

var foldTab = func() (t [foldTabSize]byte) {
	for r := rune(0); r < foldTabSize; r++ {
		switch {
		case r < utf8.RuneSelf:
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				t[r] = byte(r)
			case r >= 'A' && r <= 'Z':
				t[r] = byte(r + 'a' - 'A')
			}
		case r == 'đ' || r == 'Đ':
			t[r] = 'd'
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
			t[r] = foldDrop
		case unicode.IsLetter(r):
			base, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r)))
			switch {
			case base >= 'a' && base <= 'z':
				t[r] = byte(base)
			case base >= 'A' && base <= 'Z':
				t[r] = byte(base + 'a' - 'A')
			default:
				t[r] = foldKeep
				if base != r && unicode.IsLetter(base) {
					foldBase[r] = base
				}
			}
		case unicode.IsDigit(r):
			t[r] = foldKeep
		}
	}
	return t
}()

// foldRune classifies a rune of any value like foldTab does.
func foldRune(r rune) byte {
	if r < foldTabSize {
		return foldTab[r]
	}
	switch {
	case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
		return foldDrop
	case unicode.Is(unicode.Mn, r):
		return foldDrop
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return foldKeep
	}
	return foldSpace
}

// Fold reduces a name to its comparable ASCII form: NFC or NFD input alike,
// case folded, every diacritic removed with đ→d (so both tone-mark placements,
// "Hoà" and "Hòa", fold the same), punctuation and symbols turned into
// spaces, spaces collapsed and trimmed. Letters of other scripts are kept,
// lower-cased. Fold("Thị Trấn  Phú-Hoà") is "thi tran phu hoa". It allocates
// once and runs in one pass; the engine calls it on every element name.
func Fold(s string) string {
	return string(foldAppend(make([]byte, 0, len(s)), s, false))
}

// foldAppend appends the folded form of s to dst. With commas, a comma or
// semicolon is kept as "," (its own token) so that address parts stay
// apart; digit runs then also lose their leading zeros ("04" → "4").
func foldAppend(dst []byte, s string, commas bool) []byte {
	start := len(dst)
	space := true // at the start, or after a separator already written
	digitsStart := -1
	for i := 0; i < len(s); {
		c := s[i]
		var cls byte
		var r rune
		if c < utf8.RuneSelf {
			cls = foldTab[c]
			r = rune(c)
			i++
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			cls = foldRune(r)
			i += n
		}
		if commas && (r == ',' || r == ';') {
			if n := len(dst); n > start && dst[n-1] == ' ' {
				dst = dst[:n-1]
			}
			if n := len(dst); n > start && dst[n-1] != ',' {
				dst = append(dst, ',')
			}
			space = true
			digitsStart = -1
			continue
		}
		switch cls {
		case foldDrop:
			continue
		case foldSpace:
			if !space {
				dst = append(dst, ' ')
				space = true
			}
			digitsStart = -1
			continue
		case foldKeep:
			if space && len(dst) > start && dst[len(dst)-1] == ',' {
				dst = append(dst, ' ')
			}
			if b, ok := foldBase[r]; ok {
				r = b
			} else if r >= foldTabSize && !norm.NFC.IsNormalString(string(r)) {
				// A singleton such as a CJK compatibility ideograph.
				r, _ = utf8.DecodeRuneInString(norm.NFC.String(string(r)))
			}
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
			space = false
			digitsStart = -1
			continue
		}
		if space && len(dst) > start && dst[len(dst)-1] == ',' {
			dst = append(dst, ' ')
		}
		if commas && cls >= '0' && cls <= '9' {
			if digitsStart == -1 && space {
				digitsStart = len(dst) // a number starting a token
			}
			// A leading zero of a number is dropped unless it is the
			// number's only digit so far and the last one.
			if digitsStart >= 0 && len(dst) == digitsStart+1 && dst[digitsStart] == '0' {
				dst = dst[:digitsStart]
			}
		} else {
			digitsStart = -1
		}
		dst = append(dst, cls)
		space = false
	}
	for n := len(dst); n > start && (dst[n-1] == ' ' || dst[n-1] == ','); n = len(dst) {
		dst = dst[:n-1]
	}
	return dst
}

// Tone marks of Vietnamese, as combining characters.
const toneMarks = "\u0300\u0301\u0303\u0309\u0323"

// toneOf maps a composed lower-case vowel with a tone mark to its toneless
// base (which keeps circumflex, breve and horn) and the mark's index in
// toneMarks+1; withTone composes them back.
var toneOf, withTone = func() (map[rune][2]rune, map[[2]rune]rune) {
	of := map[rune][2]rune{}
	with := map[[2]rune]rune{}
	for _, base := range "aăâeêioôơuưy" {
		for ti, mark := range []rune(toneMarks) {
			c := []rune(norm.NFC.String(string(base) + string(mark)))
			if len(c) == 1 {
				of[c[0]] = [2]rune{base, rune(ti + 1)}
				with[[2]rune{base, rune(ti + 1)}] = c[0]
			}
		}
	}
	return of, with
}()

// FoldTones reduces a name to its comparable form keeping the Vietnamese
// letters and tones: NFC, lower case, the tone mark of "oa", "oe" and "uy"
// ending a syllable put on its first vowel (the placement of most official
// lists: "Hoà" → "hòa", "Thuý" → "thúy", "khoẻ" → "khỏe"; "quý" keeps its
// mark), punctuation turned into spaces, spaces collapsed and trimmed. Two
// names equal under FoldTones are the same name; equal only under Fold they
// differ by diacritics ("Hòa" and "Hóa").
func FoldTones(s string) string {
	s = norm.NFC.String(s)
	out := make([]rune, 0, len(s))
	space := true
	word := 0 // start of the current word in out
	for _, r := range s {
		switch cls := foldRune(r); cls {
		case foldDrop:
			continue
		case foldSpace:
			if !space {
				canonTone(out[word:])
				out = append(out, ' ')
				space = true
			}
			continue
		}
		if space {
			word = len(out)
		}
		out = append(out, unicode.ToLower(r))
		space = false
	}
	if !space {
		canonTone(out[word:])
	} else if n := len(out); n > 0 {
		out = out[:n-1]
	}
	return string(out)
}

// canonTone moves the tone mark of a word ending in "oa", "oe" or "uy" onto
// the first of the two vowels.
func canonTone(w []rune) {
	n := len(w)
	if n < 2 {
		return
	}
	a, b := w[n-2], w[n-1]
	ab, at := toneBase(a)
	bb, bt := toneBase(b)
	if !(ab == 'o' && (bb == 'a' || bb == 'e') || ab == 'u' && bb == 'y') {
		return
	}
	if ab == 'u' && n >= 3 && w[n-3] == 'q' {
		return // "quý": u belongs to the consonant qu
	}
	if at != 0 || bt == 0 {
		return
	}
	w[n-2] = withTone[[2]rune{ab, bt}]
	w[n-1] = bb
}

func toneBase(r rune) (base, tone rune) {
	if t, ok := toneOf[r]; ok {
		return t[0], t[1]
	}
	return r, 0
}

// UnitType is the folded type word of a unit's name: "tinh", "thanh pho",
// "quan", "huyen", "thi xa", "thi tran", "phuong", "xa" or "dac khu".
type UnitType string

// Unit types, by their folded full word.
const (
	TypeTinh     UnitType = "tinh"
	TypeThanhPho UnitType = "thanh pho"
	TypeQuan     UnitType = "quan"
	TypeHuyen    UnitType = "huyen"
	TypeThiXa    UnitType = "thi xa"
	TypeThiTran  UnitType = "thi tran"
	TypePhuong   UnitType = "phuong"
	TypeXa       UnitType = "xa"
	TypeDacKhu   UnitType = "dac khu"
)

// Level returns the level a unit of this type has, or "" for "thanh pho",
// which names both provinces (Hà Nội) and old districts (TP Hà Giang).
func (t UnitType) Level() Level {
	switch t {
	case TypeTinh:
		return Province
	case TypeQuan, TypeHuyen, TypeThiXa:
		return District
	case TypeThiTran, TypePhuong, TypeXa, TypeDacKhu:
		return Commune
	}
	return ""
}

// unitTypeWords maps every folded type word and abbreviation to its type.
// Abbreviations are the forms of addresses: "TP.", "Q.", "H.", "TX.",
// "TT.", "P.", "X.", "T.", folded without their dot.
var unitTypeWords = map[string]UnitType{
	"tinh": TypeTinh, "t": TypeTinh,
	"thanh pho": TypeThanhPho, "tp": TypeThanhPho, "thu do": TypeThanhPho,
	"quan": TypeQuan, "q": TypeQuan,
	"huyen": TypeHuyen, "h": TypeHuyen, "huyen dao": TypeHuyen,
	"thi xa": TypeThiXa, "tx": TypeThiXa,
	"thi tran": TypeThiTran, "tt": TypeThiTran,
	"phuong": TypePhuong, "p": TypePhuong,
	"xa": TypeXa, "x": TypeXa,
	"dac khu": TypeDacKhu, "dk": TypeDacKhu,
}

// UnitTypeWords lists the folded unit-type words and their abbreviations,
// longest first, so that the engine can strip them from system names
// ("cong dvc tinh ha giang"). The one-letter abbreviations (t, q, h, p, x)
// are last: strip them only where a dot followed them in the original.
var UnitTypeWords = []string{
	"thanh pho", "thu do", "huyen dao", "thi xa", "thi tran", "dac khu",
	"phuong", "huyen", "tinh", "quan", "xa",
	"tp", "tx", "tt", "dk",
	"t", "q", "h", "p", "x",
}

// SplitUnitType splits a folded name into its leading unit-type word (or
// abbreviation) and the rest: "xa viet lam" → (TypeXa, "viet lam"). A name
// that is only a type word, or has none, comes back whole with type "".
func SplitUnitType(folded string) (UnitType, string) {
	for _, w := range UnitTypeWords {
		if len(folded) > len(w)+1 && folded[len(w)] == ' ' && folded[:len(w)] == w {
			return unitTypeWords[w], folded[len(w)+1:]
		}
	}
	return "", folded
}

// StripUnitType removes the leading unit-type word of a folded name and
// returns the level it implies ("" when there is none, or for "thanh pho",
// which is a province or a district) and the rest.
func StripUnitType(folded string) (typ Level, rest string) {
	t, rest := SplitUnitType(folded)
	return t.Level(), rest
}

// romanNumerals are the numbered wards written in Roman numerals.
var romanNumerals = map[string]string{
	"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8",
	"ix": "9", "x": "10", "xi": "11", "xii": "12", "xiii": "13", "xiv": "14", "xv": "15",
	"xvi": "16", "xvii": "17", "xviii": "18", "xix": "19", "xx": "20",
}

// NameKey is the key under which a unit name is compared: folded, its type
// word removed, a number without leading zeros ("Phường 04" and "Phường IV"
// both give "4"), and a province alias replaced by the province's own key
// ("TP.HCM" gives "ho chi minh").
func NameKey(name string) string {
	f := string(foldAppend(nil, name, true))
	f = strings.ReplaceAll(f, ",", "")
	f = strings.Join(strings.Fields(f), " ")
	if a, ok := ProvinceAliases[f]; ok {
		return a
	}
	_, rest := SplitUnitType(f)
	return canonNumber(rest)
}

// canonNumber maps a lone Roman numeral to its digits.
func canonNumber(key string) string {
	if d, ok := romanNumerals[key]; ok {
		return d
	}
	return key
}

// ProvinceAliases maps the common folded short forms of province names to
// the key of the province's own name (see NameKey).
var ProvinceAliases = map[string]string{
	"hcm": "ho chi minh", "tphcm": "ho chi minh", "tp hcm": "ho chi minh", "hcmc": "ho chi minh",
	"tp ho chi minh": "ho chi minh", "sai gon": "ho chi minh", "saigon": "ho chi minh", "sg": "ho chi minh",
	"hochiminh": "ho chi minh", "thanh pho hcm": "ho chi minh",
	"hn": "ha noi", "tphn": "ha noi", "tp hn": "ha noi", "hanoi": "ha noi", "thu do ha noi": "ha noi",
	"hp": "hai phong", "haiphong": "hai phong", "tphp": "hai phong",
	"danang": "da nang", "tpdn": "da nang",
	"ct": "can tho", "cantho": "can tho",
	"brvt": "ba ria vung tau", "br vt": "ba ria vung tau",
	"tth": "hue", "tt hue": "hue", "thua thien hue": "hue",
	"daklak": "dak lak", "dac lac": "dak lak", "dak lac": "dak lak",
	"daknong": "dak nong", "dac nong": "dak nong",
	"kontum": "kon tum", "hbinh": "hoa binh",
}

// streetWords open the street, hamlet or house-number part of an address,
// which names no administrative unit.
var streetWords = map[string]bool{
	"so": true, "so nha": true, "duong": true, "pho": true, "ngo": true, "ngach": true, "hem": true,
	"kiet": true, "to": true, "to dan pho": true, "thon": true, "ap": true, "xom": true, "ban": true,
	"khu pho": true, "kp": true, "khom": true, "lo": true, "km": true, "quoc lo": true, "ql": true,
	"tinh lo": true, "dl": true, "dai lo": true, "khu": true, "cum": true, "lang": true, "buon": true,
	"plei": true, "soc": true, "toa nha": true, "can ho": true, "tang": true,
}

// isStreetPart reports whether a folded address part starts like a street,
// hamlet or house number ("so 12 duong tran phu", "12 tran phu", "thon 3").
func isStreetPart(folded string) bool {
	if folded == "" {
		return false
	}
	if c := folded[0]; c >= '0' && c <= '9' {
		return strings.Contains(folded, " ") // "12 tran phu", not a lone ward or district number
	}
	first, rest, _ := strings.Cut(folded, " ")
	if streetWords[first] {
		return true
	}
	second, _, _ := strings.Cut(rest, " ")
	return streetWords[first+" "+second]
}

// SplitAddress folds an address and splits it into its comma- or
// semicolon-separated parts, spaces around them trimmed and digit runs
// without leading zeros, dropping the leading street, hamlet or house-number
// parts ("Số 12 đường Trần Phú, P. Quang Trung" → ["p quang trung"]) as long
// as one part remains.
func SplitAddress(s string) []string {
	parts := strings.Split(string(foldAppend(nil, s, true)), ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	for len(parts) > 1 && (parts[0] == "" || isStreetPart(parts[0])) {
		parts = parts[1:]
	}
	return parts
}
