package migrate

import (
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/mapping"
)

// fold is the lookup normaliser (mapping.Fold): NFC or NFD alike, lower
// case, diacritics removed, đ→d, punctuation turned into spaces and spaces
// collapsed, so that "Cổng DVC tỉnh Hà Giang" and "cong dvc tinh ha giang"
// compare equal. Names and lookups fold the same way everywhere.
func fold(s string) string { return mapping.Fold(s) }

// unitTypeWords are the folded unit-type words and abbreviations of the
// mapping package (but its one-letter ones, which are only abbreviations
// before a dot) and the words that name a unit's authority, stripped from
// names before comparing them: a system is the same thing whether its name
// says "tỉnh", "thành phố" or "UBND tỉnh".
var unitTypeWords = func() []string {
	out := []string{"uy ban nhan dan", "ubnd", "tinh uy", "huyen uy"}
	for _, w := range mapping.UnitTypeWords {
		if len(w) > 1 {
			out = append(out, w)
		}
	}
	return out
}()

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
	for from := 0; from+len(phrase) <= len(text); {
		i := strings.Index(text[from:], phrase)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(phrase)
		if (i == 0 || text[i-1] == ' ') && (end == len(text) || text[end] == ' ') {
			return true
		}
		from = i + 1
	}
	return false
}
