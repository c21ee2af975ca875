package migrate

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold is the lookup normaliser: NFC, lower case, diacritics removed, đ→d,
// punctuation turned into spaces and spaces collapsed, so that "Cổng DVC
// tỉnh Hà Giang" and "cong dvc tinh ha giang" compare equal.
//
// It mirrors mapping.Fold; the engine keeps its own copy until the mapping
// package provides it, so that the two always agree on the same rules.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case r < 0x80:
			switch {
			case r >= 'A' && r <= 'Z':
				r += 'a' - 'A'
			case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			default:
				if !space {
					b.WriteByte(' ')
					space = true
				}
				continue
			}
			b.WriteByte(byte(r))
			space = false
			continue
		case r < rune(len(foldTable)) && foldTable[r] != 0:
			r = foldTable[r]
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		if r == 0 {
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// foldTable maps each letter below U+2000 to its folded base letter (-1 for
// a combining mark), so that fold needs no normalisation pass: precomposed
// and decomposed Vietnamese fold alike.
var foldTable = func() []rune {
	t := make([]rune, 0x2000)
	for r := rune(0x80); r < 0x2000; r++ {
		switch {
		case r == 'đ' || r == 'Đ':
			t[r] = 'd'
		case unicode.Is(unicode.Mn, r):
			t[r] = 0
		case unicode.IsLetter(r):
			base := []rune(norm.NFD.String(string(r)))[0]
			t[r] = unicode.ToLower(base)
		}
	}
	return t
}()

// unitTypeWords are folded unit-type words and abbreviations, stripped from
// names before comparing them: a system is the same thing whether its name
// says "tỉnh" or "thành phố".
var unitTypeWords = []string{
	"uy ban nhan dan", "ubnd", "tinh", "thanh pho", "tp", "huyen", "quan", "thi xa", "tx", "thi tran", "tt",
	"xa", "phuong", "dac khu", "so", "tinh uy", "huyen uy",
}

// abbreviations expands the usual abbreviations of Vietnamese system names
// (folded), so that "Cổng DVC" and "Cổng dịch vụ công" compare equal.
var abbreviations = map[string]string{
	"dvc":    "dich vu cong",
	"dvcqg":  "dich vu cong quoc gia",
	"ttdt":   "thong tin dien tu",
	"cttdt":  "cong thong tin dien tu",
	"csdl":   "co so du lieu",
	"qlvb":   "quan ly van ban",
	"qlvbdh": "quan ly van ban va dieu hanh",
	"httt":   "he thong thong tin",
	"tthc":   "thu tuc hanh chinh",
	"gqtthc": "giai quyet thu tuc hanh chinh",
	"pm":     "phan mem",
	"cntt":   "cong nghe thong tin",
	"ql":     "quan ly",
	"vb":     "van ban",
	"dh":     "dieu hanh",
	"dl":     "du lieu",
	"hc":     "hanh chinh",
	"gq":     "giai quyet",
	"mc":     "mot cua",
	"mcdt":   "mot cua dien tu",
	"tttt":   "thong tin va truyen thong",
	"khcn":   "khoa hoc va cong nghe",
	"ttdl":   "trung tam du lieu",
	"attt":   "an toan thong tin",
	"hnth":   "hop truc tuyen",
	"htth":   "hop truc tuyen",
	"dtdt":   "dien tu",
}

// fillerWords are generic words that say what sort of thing a name is
// rather than which thing: "Hệ thống quản lý văn bản" and "Phần mềm quản lý
// văn bản" are the same system.
var fillerWords = [][]string{
	{"he", "thong"}, {"phan", "mem"}, {"ung", "dung"}, {"chuong", "trinh"}, {"giai", "phap"},
	{"va"}, {"cua"}, {"cho"}, {"tai"}, {"tren"}, {"dia", "ban"}, {"dung", "chung"}, {"ban"},
}

// phraseSet matches token sequences at a position, longest first.
type phraseSet map[string][][]string

func (p phraseSet) add(phrase string) {
	toks := strings.Fields(phrase)
	if len(toks) == 0 {
		return
	}
	p[toks[0]] = append(p[toks[0]], toks)
	sort.SliceStable(p[toks[0]], func(i, j int) bool { return len(p[toks[0]][i]) > len(p[toks[0]][j]) })
}

// match returns the length of the longest phrase starting at toks[i], or 0.
func (p phraseSet) match(toks []string, i int) int {
	for _, ph := range p[toks[i]] {
		if i+len(ph) > len(toks) {
			continue
		}
		ok := true
		for k := range ph {
			if toks[i+k] != ph[k] {
				ok = false
				break
			}
		}
		if ok {
			return len(ph)
		}
	}
	return 0
}

var (
	typePhrases   = phraseSet{}
	fillerPhrases = phraseSet{}
)

func init() {
	for _, w := range unitTypeWords {
		typePhrases.add(w)
	}
	for _, f := range fillerWords {
		fillerPhrases.add(strings.Join(f, " "))
	}
}

// nameCore folds a unit name and strips its leading unit-type words:
// "Tỉnh Hà Giang" → "ha giang", "Thị xã Sa Pa" → "sa pa".
func nameCore(name string) string {
	toks := strings.Fields(fold(name))
	if len(toks) > 0 {
		if n := typePhrases.match(toks, 0); n > 0 && n < len(toks) {
			toks = toks[n:]
		}
	}
	return strings.Join(toks, " ")
}

// normaliser compares element names within one new province: it strips
// unit-type words and the names of the province's old and new units, and
// expands the usual abbreviations.
type normaliser struct {
	unitNames phraseSet
}

func newNormaliser(unitNames []string) *normaliser {
	n := &normaliser{unitNames: phraseSet{}}
	seen := map[string]bool{}
	for _, u := range unitNames {
		c := nameCore(u)
		// One-word and numbered names ("Phường 3") would strip ordinary
		// words from system names: only names of two words or more go.
		if strings.Count(c, " ") < 1 || isNumberish(c[strings.LastIndexByte(c, ' ')+1:]) || seen[c] {
			continue
		}
		seen[c] = true
		n.unitNames.add(c)
	}
	return n
}

// key returns the comparison key of a name: its significant tokens, sorted
// and de-duplicated, so that word order and repetition do not matter. Names
// with no significant token left give "".
func (n *normaliser) key(name string) string {
	raw := strings.Fields(fold(name))
	toks := make([]string, 0, len(raw)+4)
	for _, t := range raw {
		if exp, ok := abbreviations[t]; ok {
			toks = append(toks, strings.Fields(exp)...)
			continue
		}
		toks = append(toks, t)
	}
	kept := make([]string, 0, len(toks))
	for i := 0; i < len(toks); {
		if k := n.unitNames.match(toks, i); k > 0 {
			i += k
			continue
		}
		if k := typePhrases.match(toks, i); k > 0 {
			i += k
			continue
		}
		if k := fillerPhrases.match(toks, i); k > 0 {
			i += k
			continue
		}
		if isNumberish(toks[i]) {
			i++
			continue
		}
		kept = append(kept, toks[i])
		i++
	}
	if len(kept) == 0 {
		return ""
	}
	sort.Strings(kept)
	out := kept[:1]
	for _, t := range kept[1:] {
		if t != out[len(out)-1] {
			out = append(out, t)
		}
	}
	return strings.Join(out, " ")
}

// isNumberish reports version and year tokens ("2024", "v2", "4g"), which
// do not tell two systems apart.
func isNumberish(t string) bool {
	digits := 0
	for _, r := range t {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits == len(t) {
		return true
	}
	return digits > 0 && len(t) <= 3
}

// containsPhrase reports whether folded text contains the folded phrase as
// whole words.
func containsPhrase(text, phrase string) bool {
	if phrase == "" {
		return false
	}
	return strings.Contains(" "+text+" ", " "+phrase+" ")
}
