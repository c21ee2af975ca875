package inventory

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ndta-vn/archmerge/internal/nfc"
	"github.com/ndta-vn/archmerge/mapping"
)

// foldText folds text for matching headers and vocabulary: mapping.Fold
// (no diacritics, đ as d, lower case, punctuation as spaces) with the
// spaces removed too, so "Mã đơn vị", "ma_don_vi" and "MA DON VI" all
// fold to "madonvi".
func foldText(s string) string {
	return strings.ReplaceAll(mapping.Fold(s), " ", "")
}

// cleanText trims a cell and normalises it to NFC, reporting what it
// changed so that the clean-up can be counted per file.
func cleanText(s string) (out string, trimmed, changed bool) {
	t := s
	if len(s) > 0 && (edgeMaySpace(s[0]) || edgeMaySpace(s[len(s)-1])) {
		t = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B' })
	}
	trimmed = len(t) != len(s)
	if nfc.Precomposed(t) || norm.NFC.IsNormalString(t) {
		return t, trimmed, false
	}
	return norm.NFC.String(t), trimmed, true
}

// edgeMaySpace reports whether a text starting or ending with byte c may
// have a space to trim there: an ASCII space, or any non-ASCII byte (a
// no-break space, a byte-order mark, a zero-width space…).
func edgeMaySpace(c byte) bool {
	return c >= utf8.RuneSelf || c == ' ' || c >= '\t' && c <= '\r'
}

// parseYesNo reads a yes/no cell: có/không, yes/no, true/false, x, 1/0, c/k,
// y/n. A blank is false.
func parseYesNo(s string) (bool, bool) {
	switch s {
	case "yes", "có", "x", "1", "true":
		return true, true
	case "", "no", "không", "0", "false":
		return false, true
	}
	switch foldText(s) {
	case "", "khong", "no", "n", "false", "f", "0", "k", "ko":
		return false, true
	case "co", "yes", "y", "true", "t", "x", "1", "c":
		return true, true
	}
	return false, false
}

// parseInt reads a whole number written with or without thousand separators
// ("1.200.000", "1,200,000", "1 200 000") or as a spreadsheet float with no
// fraction ("1200000.0", "1.2E6").
func parseInt(s string) (int64, bool) {
	if s == "" {
		return 0, true
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	neg := false
	t := s
	if strings.HasPrefix(t, "-") {
		neg, t = true, t[1:]
	}
	for _, sep := range []string{".", ",", " ", "\u00a0", "\u202f", "'"} {
		if !strings.Contains(t, sep) {
			continue
		}
		groups := strings.Split(t, sep)
		ok := len(groups[0]) >= 1 && len(groups[0]) <= 3 && mapping.IsDigits(groups[0])
		for _, g := range groups[1:] {
			ok = ok && len(g) == 3 && mapping.IsDigits(g)
		}
		if ok {
			n, err := strconv.ParseInt(strings.Join(groups, ""), 10, 64)
			if err == nil {
				if neg {
					n = -n
				}
				return n, true
			}
		}
	}
	// A float only when written the way spreadsheets write numbers; a
	// separator-looking "1.5" is not a whole number.
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e18 {
		return int64(f), true
	}
	return 0, false
}

// parseLevel reads a security level 1–5, also written "cấp độ 3", "cấp 3" or
// "level 3".
func parseLevel(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	if len(s) == 1 && s[0] >= '1' && s[0] <= '5' {
		return int(s[0] - '0'), true // nearly every cell
	}
	f := foldText(s)
	for _, p := range []string{"capdo", "cap", "level"} {
		f = strings.TrimPrefix(f, p)
	}
	n, ok := parseInt(f)
	if !ok || n < 1 || n > 5 {
		return 0, false
	}
	return int(n), true
}

// parseDate reads a date as ISO yyyy-mm-dd (optionally followed by a time),
// dd/mm/yyyy, dd-mm-yyyy or dd.mm.yyyy, and, when serial is true (XLSX
// cells), an Excel serial number; it returns the ISO form.
func parseDate(s string, serial bool) (string, bool) {
	if s == "" {
		return "", true
	}
	if serial {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 2958466 {
			// Excel's day 1 is 1900-01-01 and it counts a 29 February 1900
			// that never was; serials from 61 on are off by one.
			base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
			if f < 61 {
				base = base.AddDate(0, 0, 1)
			}
			return base.AddDate(0, 0, int(f)).Format(time.DateOnly), true
		}
	}
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		head := s[:10]
		if len(s) == 10 || s[10] == 'T' || s[10] == ' ' {
			if t, err := time.Parse(time.DateOnly, head); err == nil {
				return t.Format(time.DateOnly), true
			}
		}
		return "", false
	}
	for _, sep := range []string{"/", "-", "."} {
		parts := strings.Split(s, sep)
		if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2 {
			continue
		}
		d, err1 := strconv.Atoi(parts[0])
		m, err2 := strconv.Atoi(parts[1])
		y, err3 := strconv.Atoi(parts[2])
		if err1 != nil || err2 != nil || err3 != nil {
			return "", false
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d || int(t.Month()) != m || t.Year() != y {
			return "", false
		}
		return t.Format(time.DateOnly), true
	}
	return "", false
}

// matchWord returns the word of list that s is, folded, or whose label
// (VocabLabel, in either language, or a usual short form) s is.
func matchWord(s string, list []string) (string, bool) {
	for _, w := range list {
		if s == w {
			return w, true
		}
	}
	f := foldText(s)
	for _, w := range list {
		if foldText(w) == f {
			return w, true
		}
	}
	if w, ok := labelWords[f]; ok {
		for _, x := range list {
			if x == w {
				return w, true
			}
		}
	}
	return "", false
}

// vocabLabels are the labels of the words of the closed vocabularies
// (kinds, hostings, statuses, record types, code vintages, relation kinds
// and vias), Vietnamese then English: what the template's drop-downs and
// the workbooks show. The importer reads a label in either language, the
// word itself, and the short forms of shortForms.
var vocabLabels = map[string][2]string{
	"application": {"Ứng dụng", "Application"},
	"portal":      {"Cổng thông tin", "Portal"},
	"platform":    {"Nền tảng", "Platform"},
	"dataset":     {"Cơ sở dữ liệu", "Dataset"},
	"catalogue":   {"Danh mục dùng chung", "Catalogue"},
	"host":        {"Máy chủ", "Host"},
	"datacentre":  {"Trung tâm dữ liệu", "Data centre"},
	"network":     {"Mạng", "Network"},
	"security":    {"An toàn thông tin", "Security"},
	"service":     {"Dịch vụ", "Service"},
	"api":         {"API", "API"},

	"on_prem":       {"Tại chỗ", "On premises"},
	"provincial_dc": {"Trung tâm dữ liệu tỉnh", "Provincial data centre"},
	"cloud":         {"Điện toán đám mây", "Cloud"},
	"national":      {"Hạ tầng quốc gia", "National infrastructure"},
	"saas":          {"Thuê dịch vụ (SaaS)", "Software as a service (SaaS)"},

	"active":   {"Đang hoạt động", "Active"},
	"building": {"Đang xây dựng", "Being built"},
	"planned":  {"Dự kiến", "Planned"},
	"retiring": {"Sắp dừng", "Retiring"},
	"retired":  {"Đã dừng", "Retired"},

	"original":  {"Bản gốc", "Original"},
	"reference": {"Tham chiếu", "Reference"},

	"pre2025":  {"Mã trước 2025", "Codes before 2025"},
	"post2025": {"Mã từ 2025", "Codes from 2025"},
	"mixed":    {"Hỗn hợp", "Mixed"},

	"integrates": {"Tích hợp", "Integrates"},
	"hosted_on":  {"Chạy trên", "Hosted on"},
	"uses":       {"Sử dụng", "Uses"},

	"lgsp":     {"LGSP", "LGSP"},
	"ndxp":     {"NDXP", "NDXP"},
	"ndop":     {"NDOP", "NDOP"},
	"direct":   {"Trực tiếp", "Direct"},
	"tslcd":    {"Mạng TSLCD", "TSLCD network"},
	"internet": {"Internet", "Internet"},
}

// shortForms are other ways staff write vocabulary words, by word.
var shortForms = map[string][]string{
	"application":   {"phần mềm", "hệ thống"},
	"portal":        {"cổng", "trang thông tin điện tử", "cổng TTĐT"},
	"dataset":       {"CSDL", "dữ liệu"},
	"catalogue":     {"danh mục"},
	"datacentre":    {"TTDL", "data center"},
	"security":      {"ATTT"},
	"provincial_dc": {"TTDL tỉnh"},
	"cloud":         {"đám mây"},
	"saas":          {"thuê dịch vụ"},
}

// labelWords maps every label and short form, folded, to its word.
var labelWords = func() map[string]string {
	m := map[string]string{}
	for w, l := range vocabLabels {
		m[foldText(l[0])], m[foldText(l[1])] = w, w
	}
	for w, forms := range shortForms {
		for _, f := range forms {
			m[foldText(f)] = w
		}
	}
	return m
}()

// VocabLabel returns how a vocabulary word (a kind, hosting, status,
// record type, code vintage, relation kind or via) is shown in language
// lang ("vi" or "en"); a word with no label is returned as it is.
func VocabLabel(word, lang string) string {
	l, ok := vocabLabels[word]
	if !ok {
		return word
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// normFunction normalises a function code: without diacritics, upper case,
// spaces and hyphens as underscores ("qlvbđh" → "QLVBDH").
func normFunction(s string) string {
	plain := true // upper-case ASCII already: nearly every cell
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
	}
	if plain {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ' || r == 'Đ':
			b.WriteByte('D')
		case r == ' ' || r == '-' || r == '.':
			b.WriteByte('_')
		default:
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

var knownFunction = func() map[string]bool {
	m := make(map[string]bool, len(FunctionCodes))
	for _, c := range FunctionCodes {
		m[c] = true
	}
	return m
}()

// kindList lists the kinds as strings, the vocabulary of the kind column.
var kindList = func() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = string(k)
	}
	return out
}()

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
