package reports

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// Meta identifies a workbook: the workspace and plan it was written from,
// the tool version, and its language ("vi", the default, or "en"). It is
// written into the hidden identity sheet, which apply reads back.
type Meta struct {
	WorkspaceID, PlanID, ToolVersion, Lang string
}

func (m Meta) en() bool { return m.Lang == "en" }

// text picks the Vietnamese or English form by the workbook's language.
func (m Meta) text(vi, en string) string {
	if m.en() {
		return en
	}
	return vi
}

// Sheet names, in Vietnamese and English. The identity and lists sheets
// have one name in both languages, so that apply finds them whatever the
// workbook's language.
const (
	SheetIdentity = "archmerge"
	SheetLists    = "lists"
)

type sheetName struct{ vi, en string }

var (
	shSummary      = sheetName{"Tổng quan", "Summary"}
	shUnits        = sheetName{"Đơn vị", "Units"}
	shSystems      = sheetName{"Hệ thống", "Systems"}
	shFlags        = sheetName{"Cảnh báo", "Flags"}
	shIntegrations = sheetName{"Tích hợp", "Integrations"}
	shData         = sheetName{"Dữ liệu", "Data"}
	shNational     = sheetName{"Tổng hợp", "Provinces"}
	shProgress     = sheetName{"Tiến độ", "Progress"}
)

func (s sheetName) in(meta Meta) string { return meta.text(s.vi, s.en) }

// TreatmentEN gives each treatment's English label, as the drop-down of an
// English workbook shows it.
var TreatmentEN = map[migrate.Treatment]string{
	migrate.Continue: "Continue using",
	migrate.Connect:  "Standardise, connect",
	migrate.Upgrade:  "Upgrade, extend",
	migrate.Merge:    "Merge",
	migrate.Retire:   "Retire",
	migrate.Add:      "Add new",
}

// TreatmentLabel returns the treatment's label in the workbook language.
func TreatmentLabel(t migrate.Treatment, lang string) string {
	if t == "" {
		return ""
	}
	if lang == "en" {
		return TreatmentEN[t]
	}
	return migrate.TreatmentVI[t]
}

// treatmentWords maps every accepted spelling, folded, to its treatment:
// the Vietnamese and English labels, the English keys, and the usual short
// Vietnamese words staff type.
var treatmentWords = func() map[string]migrate.Treatment {
	w := map[string]migrate.Treatment{}
	for _, t := range migrate.Treatments {
		w[mapping.Fold(string(t))] = t
		w[mapping.Fold(migrate.TreatmentVI[t])] = t
		w[mapping.Fold(TreatmentEN[t])] = t
	}
	for s, t := range map[string]migrate.Treatment{
		"tiếp tục": migrate.Continue, "giữ lại": migrate.Continue, "giữ": migrate.Continue, "keep": migrate.Continue,
		"kết nối": migrate.Connect, "chuẩn hoá": migrate.Connect, "chuẩn hóa": migrate.Connect,
		"nâng cấp": migrate.Upgrade, "mở rộng": migrate.Upgrade,
		"hợp nhất vào": migrate.Merge, "sáp nhập": migrate.Merge, "merge into": migrate.Merge,
		"dừng": migrate.Retire, "thay thế": migrate.Retire, "loại bỏ": migrate.Retire, "thay thế, dừng sử dụng": migrate.Retire,
		"đầu tư": migrate.Add, "bổ sung": migrate.Add, "add": migrate.Add,
	} {
		w[mapping.Fold(s)] = t
	}
	return w
}()

// ParseTreatment reads a decision value in Vietnamese or English, whatever
// the case, diacritics or Unicode form; "" reads as no treatment.
func ParseTreatment(s string) (migrate.Treatment, bool) {
	f := mapping.Fold(s)
	if f == "" {
		return "", true
	}
	t, ok := treatmentWords[f]
	return t, ok
}

// severityLabel is a severity as the workbook shows it.
func severityLabel(s migrate.Severity, meta Meta) string {
	switch s {
	case migrate.Blocker:
		return meta.text("Chặn", "Blocker")
	case migrate.High:
		return meta.text("Cao", "High")
	case migrate.Medium:
		return meta.text("Trung bình", "Medium")
	case migrate.Info:
		return meta.text("Thông tin", "Info")
	}
	return string(s)
}

func levelLabel(l string, meta Meta) string {
	switch mapping.Level(l) {
	case mapping.Province:
		return meta.text("Tỉnh", "Province")
	case mapping.District:
		return meta.text("Huyện", "District")
	case mapping.Commune:
		return meta.text("Xã", "Commune")
	}
	return l
}

func yesNo(b bool, meta Meta) string {
	if b {
		return meta.text("Có", "Yes")
	}
	return ""
}

// layerLabel names a layer of the national digital architecture framework
// (Decision 3090/QĐ-BKHCN).
func layerLabel(n int, meta Meta) string { return layerText(n).In(meta.Lang) }

// layerText names a layer in both languages.
func layerText(n int) lang.Text {
	switch n {
	case 1:
		return lang.T("1. Hạ tầng số, an toàn thông tin", "1. Infrastructure, security")
	case 2:
		return lang.T("2. Dữ liệu, nền tảng", "2. Data, platforms")
	case 3:
		return lang.T("3. Ứng dụng dùng chung", "3. Shared applications")
	case 4:
		return lang.T("4. Kênh tương tác", "4. Interaction channels")
	}
	return lang.T("Khác", "Other")
}

func joinComma(ss []string) string { return strings.Join(ss, ", ") }

// safeText makes an input-derived string harmless in a cell: control
// characters that XML cannot carry become spaces. Cells are always written
// as text, so a leading =, +, - or @ stays text.
func safeText(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return strings.Map(func(r rune) rune {
				if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
					return ' '
				}
				return r
			}, s)
		}
	}
	return s
}

// upperFirst capitalises the first letter, as a workbook cell starts.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
