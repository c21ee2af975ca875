package migrate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
)

// FlagRule describes one kind of flag: its code, severity, legal basis,
// recommended action, and what settles it (docs/flags.md says more).
type FlagRule struct {
	Code       string    `json:"code"`
	Severity   Severity  `json:"severity"`
	LegalBasis string    `json:"legal_basis,omitempty"`
	Action     lang.Text `json:"action"`
	SettledBy  string    `json:"settled_by"` // in English
	// Rekey marks the flags that ask for a dataset's unit codes or
	// addresses to be converted: the workbook lists their datasets on its
	// Data sheet, and the province summary counts them as datasets to
	// re-key.
	Rekey bool `json:"rekey,omitempty"`
	// Title names the flag in a few words, shown beside its code where
	// people read it (the workbooks' flag sheets and legends).
	Title lang.Text `json:"title"`
}

const (
	res202      = "Nghị quyết 202/2025/QH15"
	res203      = "Nghị quyết 203/2025/QH15"
	law91       = "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15"
	decree13    = "Nghị định 13/2023/NĐ-CP"
	law20Art42  = "Luật Giao dịch điện tử 20/2023/QH15, Điều 42"
	law20Art412 = "Luật Giao dịch điện tử 20/2023/QH15, Điều 41 khoản 2"
	notice318   = "Thông báo 318/TB-VPCP"
	decree85    = "Nghị định 85/2016/NĐ-CP, Điều 18"
)

// FlagRules lists the 27 flags of SPEC, in the order of its table.
var FlagRules = []FlagRule{
	{"DUP_FUNCTION", High, notice318, lang.T("Giữ một hệ thống cho mỗi chức năng; hợp nhất các hệ thống còn lại vào hệ thống được giữ", "Keep one system per function; merge the others into it"), "every member has a decided treatment and at most one is not merged or retired", false, lang.T("Trùng chức năng", "Duplicate function")},
	{"DUP_PRODUCT", Medium, notice318, lang.T("Dùng chung một triển khai của sản phẩm cho đơn vị mới", "Use one deployment of the product for the new unit"), "every member has a decided treatment and at most one is not merged or retired", false, lang.T("Trùng sản phẩm", "Duplicate product")},
	{"DUP_NAME", Medium, notice318, lang.T("Xác nhận có phải cùng một hệ thống; nếu đúng, hợp nhất", "Confirm whether they are the same system; if so, merge"), "every member has a decided treatment and at most one is not merged or retired", false, lang.T("Trùng tên", "Duplicate name")},
	{"DUP_NATIONAL_AS_LOCAL", Medium, law20Art42 + "; Nghị định 278/2025/NĐ-CP", lang.T("Ghi là tham chiếu tới nền tảng quốc gia và kết nối, không quản lý như hệ thống riêng", "Record it as a reference to the national platform and connect to it"), "a decided treatment on the element", false, lang.T("Nền tảng quốc gia khai như hệ thống riêng", "National platform declared as a local system")},
	{"ORPHAN_DISTRICT", Blocker, res203, lang.T("Xác định chủ quản và đơn vị mới (tỉnh hoặc xã tiếp nhận), hoặc dừng sử dụng", "Name the new owner and unit (the province or a receiving commune), or retire it"), "a decision naming a new owner, or a merge or retire decision", false, lang.T("Hệ thống của huyện giải thể", "System of an abolished district")},
	{"SPLIT_ALLOCATION", High, "", lang.T("Chọn xã mới tiếp nhận trong các xã kế thừa", "Choose the receiving new commune among the successors"), "a decision whose new unit is one of the candidates, or a merge or retire decision", false, lang.T("Xã chia tách: chọn xã tiếp nhận", "Split commune: choose the receiving commune")},
	{"ORPHAN_CONTRACT", High, res202 + "; " + res203, lang.T("Chuyển giao hợp đồng cho cơ quan kế thừa hoặc thanh lý", "Transfer the contract to the successor agency or end it"), "a decision naming a new owner (the new contract holder), or a merge or retire decision", false, lang.T("Hợp đồng của cơ quan không còn", "Contract held by a former body")},
	{"ORPHAN_HOSTING", Medium, "", lang.T("Chuyển hạ tầng lưu trữ sang máy chủ/trung tâm dữ liệu được giữ lại", "Move the element to a host or data centre that survives"), "a decided treatment or a note on the hosted element", false, lang.T("Nơi lưu trữ không được giữ lại", "Hosted where nothing is kept")},
	{"CONFLICT_SECURITY_LEVEL", High, decree85, lang.T("Lấy cấp độ cao nhất và xác định lại cấp độ cho hệ thống được giữ", "Take the highest level and re-determine the surviving system's level"), "a note (the re-determination decision) on a member that survives", false, lang.T("Cấp độ ATTT khác nhau trong cụm", "Different security levels in a cluster")},
	{"SECURITY_LEVEL_MISSING", Blocker, "Quyết định 1562/QĐ-TTg; Nghị định 85/2016/NĐ-CP", lang.T("Xác định và phê duyệt cấp độ an toàn thông tin trước khi kết nối", "Determine and approve the security level before it interconnects"), "a note (the approving decision) on the element, or a merge or retire decision", false, lang.T("Chưa có cấp độ ATTT được phê duyệt", "No approved security level")},
	{"SECURITY_SCOPE_GROWTH", High, decree85, lang.T("Xác định lại cấp độ an toàn thông tin theo phạm vi mới", "Re-determine the security level for the wider scope"), "a note (the re-determination decision) on the element, or a merge or retire decision", false, lang.T("Phạm vi mở rộng: xác định lại cấp độ ATTT", "Wider scope: re-determine the security level")},
	{"CONFLICT_VENDOR", Medium, notice318, lang.T("Chọn một nhà cung cấp/phiên bản cho chức năng", "Choose one vendor and version for the function"), "every member has a decided treatment and at most one is not merged or retired", false, lang.T("Khác nhà cung cấp hoặc phiên bản", "Different vendors or versions")},
	{"CONFLICT_OWNER", Medium, "", lang.T("Xác định chủ quản của hệ thống sau hợp nhất", "Name the owner of the consolidated system"), "a decision naming a new owner on any member", false, lang.T("Khác chủ quản trong cụm", "Different owners in a cluster")},
	{"INTEG_TARGET_RETIRING", Blocker, "", lang.T("Chuyển kết nối sang phần tử được giữ lại", "Re-point the integration to the survivor"), "a decided treatment or a note on the source element", false, lang.T("Tích hợp tới phần tử bị dừng hoặc hợp nhất", "Integration with an element to be retired or merged")},
	{"INTEG_DANGLING", High, "", lang.T("Khai báo phần tử đích hoặc sửa liên kết", "Declare the target element or correct the relation"), "a decided treatment or a note on the source element", false, lang.T("Tích hợp tới phần tử chưa kê khai", "Integration with an undeclared element")},
	{"INTEG_NOW_INTERNAL", Info, "", lang.T("Xem xét đơn giản hoá tích hợp nội bộ", "Consider simplifying what is now an internal integration"), "any decision on either element", false, lang.T("Tích hợp nay là nội bộ", "Integration now internal")},
	{"INTEG_POINT_TO_POINT", Medium, law20Art42, lang.T("Kết nối qua LGSP/NDXP/NDOP thay cho kết nối trực tiếp", "Connect through the LGSP, NDXP or NDOP instead of directly"), "a decided treatment other than continue on either element", false, lang.T("Kết nối trực tiếp, không qua LGSP/NDXP/NDOP", "Direct link, not through LGSP/NDXP/NDOP")},
	{"INTEG_LGSP_ABSORBED", High, notice318, lang.T("Kết nối lại qua LGSP được giữ lại của tỉnh mới", "Reconnect through the new province's surviving LGSP"), "a decided treatment other than continue on the source element", false, lang.T("LGSP cũ không được giữ lại", "Former LGSP not kept")},
	{"DATA_OLD_UNIT_CODE", Blocker, law20Art412 + "; Quyết định 19/2025/QĐ-TTg", lang.T("Chuyển đổi mã đơn vị hành chính sang danh mục mới (archmerge recode)", "Re-key the unit codes to the new code table (archmerge recode)"), "a decided treatment other than continue, or a note, on the dataset", true, lang.T("Dữ liệu dùng mã ĐVHC cũ", "Data keyed by former unit codes")},
	{"DATA_DISTRICT_KEY", High, law20Art412, lang.T("Bỏ cấp huyện khỏi khoá dữ liệu", "Remove the district level from the data's keys"), "a decided treatment other than continue, or a note, on the dataset", true, lang.T("Khoá dữ liệu có cấp huyện", "District level in the data's keys")},
	{"DATA_SPLIT_COMMUNE", High, law20Art412, lang.T("Phân bổ từng bản ghi cho xã mới theo địa chỉ", "Allocate each record to its new commune by address"), "a decided treatment other than continue, or a note, on the dataset", true, lang.T("Dữ liệu của xã chia tách", "Data of a split commune")},
	{"DATA_ADDRESS_TEXT", Medium, law20Art412, lang.T("Chuẩn hoá địa chỉ văn bản theo đơn vị hành chính mới", "Convert the free-text addresses to the new units"), "a decided treatment other than continue, or a note, on the dataset", true, lang.T("Địa chỉ dạng văn bản cần chuẩn hoá", "Free-text addresses to convert")},
	{"DATA_PERSONAL_ON_RETIRING", High, law91 + " (từ 01/01/2026); " + decree13 + " (trước đó)", lang.T("Lập phương án chuyển đổi và lưu giữ dữ liệu cá nhân trước khi dừng", "Plan the migration and retention of the personal data before retiring"), "a note (the migration and retention plan) on the element", false, lang.T("Dữ liệu cá nhân trên hệ thống sắp dừng", "Personal data on a system being retired")},
	{"NAME_STALE_UNIT", Info, res202 + "; " + res203, lang.T("Đổi tên theo đơn vị mới", "Rename it after the new unit"), "any decision on the element", false, lang.T("Tên còn mang đơn vị cũ", "Name mentions a former unit")},
	{"CONTRACT_EXPIRING", Medium, "", lang.T("Quyết định gia hạn, chuyển giao hoặc dừng trước khi hợp đồng hết hạn", "Decide to renew, transfer or end before the contract expires"), "any decision on the element", false, lang.T("Hợp đồng sắp hết hạn", "Contract ending soon")},
	{"MISSING_INVENTORY", Medium, "", lang.T("Yêu cầu đơn vị cũ kê khai hoặc xác nhận không có hệ thống", "Ask the old unit to declare its estate or confirm it has none"), "importing an inventory for the silent units (no decision settles it)", false, lang.T("Đơn vị cũ chưa kê khai", "Old unit declared nothing")},
	{"MISSING_REQUIRED", Medium, "", lang.T("Bổ sung thông tin còn thiếu", "Fill in the missing attributes"), "a new owner when the owner is missing and a note for the other attributes", false, lang.T("Thiếu thông tin bắt buộc", "Required information missing")},
}

// Rule returns the rule of a flag code.
func Rule(code string) (FlagRule, bool) {
	r, ok := ruleByCode[code]
	return r, ok
}

var ruleByCode = func() map[string]FlagRule {
	m := make(map[string]FlagRule, len(FlagRules))
	for _, r := range FlagRules {
		m[r.Code] = r
	}
	return m
}()

// sevRank orders severities, most urgent first.
func sevRank(s Severity) int {
	switch s {
	case Blocker:
		return 0
	case High:
		return 1
	case Medium:
		return 2
	}
	return 3
}

func (b *builder) addFlag(code, newUnit, prov string, keys []string, vi, en string) *Flag {
	return b.addFlagOrdered(code, newUnit, prov, sortedUnique(keys), vi, en)
}

// addFlagOrdered keeps the keys in the given order: relation flags list the
// source first, hosting flags the hosted element first.
func (b *builder) addFlagOrdered(code, newUnit, prov string, keys []string, vi, en string) *Flag {
	r := ruleByCode[code]
	if len(keys) == 2 && keys[0] == keys[1] {
		keys = keys[:1]
	}
	f := Flag{Code: code, Severity: r.Severity, NewUnit: newUnit, Province: prov, Elements: keys,
		Message: lang.T(vi, en), Action: r.Action, LegalBasis: r.LegalBasis}
	fp := &f
	b.flags = append(b.flags, fp)
	return fp
}

func sortedUnique(keys []string) []string {
	out := append([]string{}, keys...)
	sort.Strings(out)
	j := 0
	for i, k := range out {
		if i == 0 || k != out[j-1] {
			out[j] = k
			j++
		}
	}
	return out[:j]
}

// withBasis joins legal bases, each cited once, in the order given.
func withBasis(parts ...string) string {
	var out []string
	for _, p := range parts {
		for _, x := range strings.Split(p, "; ") {
			if x = strings.TrimSpace(x); x != "" && !contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return strings.Join(out, "; ")
}

func label(it *item) string { return it.label }

// maxNamed caps how many elements a message names; the flag's Elements
// lists them all.
const maxNamed = 6

// raiseFlags raises every flag of the covered provinces.
func (b *builder) raiseFlags() {
	integrates := map[int]bool{}
	for i := range b.rels {
		ri := &b.rels[i]
		if ri.r.Kind == "integrates" && ri.from >= 0 && ri.to >= 0 && !ri.pr.Collapsed {
			integrates[ri.from], integrates[ri.to] = true, true
		}
	}
	// Every unit's name core is computed now: the workers below only read
	// the memo.
	for _, u := range b.m.NewUnits {
		if b.covered[b.m.NewProvince(u.Code)] {
			b.core(u.Name)
		}
	}
	for _, u := range b.m.OldUnits {
		b.core(u.Name)
	}
	b.coresFrozen = true
	// Per-element flags are independent: workers raise them over
	// contiguous ranges of the sorted elements, and the ranges' flags are
	// appended in order, so the result does not depend on scheduling.
	workers := max(1, min(runtime.GOMAXPROCS(0), 8))
	chunk := (len(b.items) + workers - 1) / workers
	parts := make([][]*Flag, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, len(b.items))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			cb := *b // shares the read-only state; collects its own flags
			cb.flags = nil
			for i := lo; i < hi; i++ {
				if it := &b.items[i]; b.inPlan(it) {
					cb.itemFlags(it, integrates[i])
				}
			}
			parts[w] = cb.flags
		}()
	}
	wg.Wait()
	for _, part := range parts {
		b.flags = append(b.flags, part...)
	}
	b.prog.Add(len(b.items))
	b.coresFrozen = false
	b.clusterFlags()
	b.vendorFlags()
	b.relationFlags()
	b.hostingFlags()
	b.missingInventory()
	for _, f := range b.flags {
		f.ID = flagID(f)
	}
	// Keep one flag per ID: two relations between the same elements raise
	// one. Equal IDs are equal flags but for the message; the sort keeps
	// the first raised (its order among equals is the order raised, which
	// the sorted inputs make deterministic). A stable sort of a national
	// plan's flags compared several times as often (measured: 1.7 s of 9
	// planning a scale-10 country).
	raised := make([]rankedFlag, len(b.flags))
	for i, f := range b.flags {
		raised[i] = rankedFlag{f, i}
	}
	slices.SortFunc(raised, func(a, c rankedFlag) int {
		if r := flagCmp(a.f, c.f); r != 0 {
			return r
		}
		return a.i - c.i
	})
	for i := range raised {
		b.flags[i] = raised[i].f
	}
	out := b.flags[:0]
	for _, f := range b.flags {
		if len(out) > 0 && out[len(out)-1].ID == f.ID {
			continue
		}
		out = append(out, f)
	}
	b.flags = out
}

func (b *builder) core(name string) string {
	if c, ok := b.cores[name]; ok {
		return c
	}
	c := nameCore(name)
	if !b.coresFrozen {
		b.cores[name] = c
	}
	return c
}

func flagID(f *Flag) string {
	// SHA-256 of code, new unit, elements and units joined by NUL, built
	// in one buffer (this runs for every flag raised).
	var buf [512]byte
	b := append(buf[:0], f.Code...)
	b = append(b, 0)
	b = append(b, f.NewUnit...)
	b = append(b, 0)
	for i, k := range f.Elements {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, k...)
	}
	b = append(b, 0)
	for i, u := range f.Units {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, u...)
	}
	sum := sha256.Sum256(b)
	id := make([]byte, len(f.Code)+11)
	copy(id, f.Code)
	id[len(f.Code)] = '-'
	hex.Encode(id[len(f.Code)+1:], sum[:5])
	return string(id)
}

// flagCmp orders flags by province, then severity (a province's blockers
// come first, in the plan and in its workbook), new unit, code and id.
// rankedFlag is a flag and the order it was raised in.
type rankedFlag struct {
	f *Flag
	i int
}

func flagCmp(a, c *Flag) int {
	if r := strings.Compare(a.Province, c.Province); r != 0 {
		return r
	}
	if r := sevRank(a.Severity) - sevRank(c.Severity); r != 0 {
		return r
	}
	if r := strings.Compare(a.NewUnit, c.NewUnit); r != 0 {
		return r
	}
	if r := strings.Compare(a.Code, c.Code); r != 0 {
		return r
	}
	return strings.Compare(a.ID, c.ID)
}

// orphanDistrict raises ORPHAN_DISTRICT for an element declared by an
// abolished district, or owned or operated by a district body. Its
// candidates are the new province and the communes that took the
// district's territory (with the element's own successors, for a commune's
// element).
func (b *builder) orphanDistrict(it *item) {
	m := b.m
	if it.district {
		communes := it.candidates[1:]
		f := b.addFlag("ORPHAN_DISTRICT", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("Hệ thống %s của %s, đơn vị cấp huyện đã chấm dứt hoạt động: cần xác định chủ quản và đơn vị mới; địa bàn nay thuộc %s",
				label(it), unitName(m, it.oldUnit), strings.Join(communes, ", ")),
			fmt.Sprintf("System %s belongs to %s, a district-level unit that was abolished: name its new owner and unit; its territory now belongs to %s",
				label(it), unitName(m, it.oldUnit), strings.Join(communes, ", ")))
		f.Candidates = append([]string(nil), it.candidates...)
		f.LegalBasis = withBasis(res203, b.districtBasis([]string{it.oldUnit}))
		return
	}
	var roles, rolesEN []string
	var districts []string
	for _, r := range []struct {
		bd     body
		text   string
		vi, en string
	}{{it.owner, it.e.Owner, "chủ quản", "owner"}, {it.operator, it.e.Operator, "đơn vị vận hành", "operator"}} {
		if !r.bd.district {
			continue
		}
		roles = append(roles, fmt.Sprintf("%s %q", r.vi, strings.TrimSpace(r.text)))
		rolesEN = append(rolesEN, fmt.Sprintf("%s %q", r.en, strings.TrimSpace(r.text)))
		districts = append(districts, r.bd.districts...)
	}
	districts = sortedUnique(districts)
	whose, whoseEN := "một cơ quan cấp huyện, cấp đã chấm dứt hoạt động; không xác định được huyện trong các đơn vị cấp huyện của "+unitName(m, it.oldProv),
		"a district-level body, a level that was abolished; its district is not one of those of "+unitName(m, it.oldProv)
	if len(districts) > 0 {
		var communes []string
		for _, d := range districts {
			fate, _ := m.District(d)
			communes = append(communes, fate.NewCommunes...)
		}
		whose = "cơ quan của " + joinNames(m, districts, " hoặc ") + ", đơn vị cấp huyện đã chấm dứt hoạt động; địa bàn huyện nay thuộc " + strings.Join(sortedUnique(communes), ", ")
		whoseEN = "a body of " + joinNames(m, districts, " or ") + ", a district-level unit that was abolished; the district's territory now belongs to " + strings.Join(sortedUnique(communes), ", ")
	}
	f := b.addFlag("ORPHAN_DISTRICT", it.newUnit, it.newProv, []string{it.key},
		fmt.Sprintf("Hệ thống %s có %s (%s): cần xác định chủ quản mới", label(it), strings.Join(roles, " và "), whose),
		fmt.Sprintf("System %s has the %s (%s): name its new owner", label(it), strings.Join(rolesEN, " and "), whoseEN))
	f.Candidates = append([]string(nil), it.candidates...)
	f.LegalBasis = withBasis(res203, b.districtBasis(districts))
}

// joinNames names old units with their type word and code, joined by sep.
func joinNames(m *mapping.Mapping, codes []string, sep string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = unitName(m, c)
	}
	return strings.Join(names, sep)
}

// districtBasis cites the resolutions that gave the districts' territory
// to their new communes (one per new province), without clauses: a
// district's communes span many.
func (b *builder) districtBasis(districts []string) string {
	var out []string
	for _, d := range districts {
		fate, _ := b.m.District(d)
		for _, c := range fate.NewCommunes {
			for _, j := range b.pred[c] {
				if r := b.m.Links[j].Resolution; r != "" {
					out = append(out, "Nghị quyết "+r)
					break
				}
			}
		}
	}
	return strings.Join(sortedUnique(out), "; ")
}

func (b *builder) itemFlags(it *item, integrates bool) {
	e := it.e
	m := b.m
	// An element to be merged raises no flag that only asks again what
	// its merge settles (its owner, contract or name): the duplicate flag
	// that recommends the merge asks it once.
	merged := it.treatment == Merge
	if it.national && !it.reference {
		b.addFlag("DUP_NATIONAL_AS_LOCAL", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("%s là nền tảng quốc gia (%s) nhưng được kê khai như hệ thống riêng của %s", label(it), nationalID(e), unitName(m, it.oldUnit)),
			fmt.Sprintf("%s is a national platform (%s) declared as an original of %s", label(it), nationalID(e), unitName(m, it.oldUnit)))
	}
	if !merged && (it.district || it.owner.district || it.operator.district) {
		b.orphanDistrict(it)
	}
	if it.split {
		succ := strings.Join(it.succ, ", ")
		now, nowEN := "tạm đưa về "+newUnitName(m, it.newUnit)+", cần chọn xã tiếp nhận", "placed in "+newUnitName(m, it.newUnit)+" for now: choose the receiving commune"
		if it.decUnit {
			now, nowEN = "đã quyết định đưa về "+newUnitName(m, it.newUnit), "decided to go to "+newUnitName(m, it.newUnit)
		}
		f := b.addFlag("SPLIT_ALLOCATION", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("%s thuộc %s, đơn vị cũ đã bị chia tách cho %s: %s", label(it), unitName(m, it.oldUnit), succ, now),
			fmt.Sprintf("%s belongs to %s, an old unit split between %s: %s", label(it), unitName(m, it.oldUnit), succ, nowEN))
		f.Candidates = append([]string(nil), it.candidates...)
		f.LegalBasis = b.communeBasis(it.oldUnit)
	}
	if h := strings.TrimSpace(e.ContractHolder); h != "" && !merged && e.Live() && !b.expired(e.ContractEnd) {
		b.orphanContract(it, h)
	}
	if integrates && !it.reference && !it.national && (e.SecurityLevel == 0 || strings.TrimSpace(e.SecurityDecision) == "") && !it.gone() {
		b.addFlag("SECURITY_LEVEL_MISSING", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("%s tham gia kết nối nhưng chưa có cấp độ an toàn thông tin được phê duyệt", label(it)),
			fmt.Sprintf("%s interconnects but has no approved security level", label(it)))
	}
	if !it.reference && !it.national && it.cluster < 0 && e.Live() && !it.gone() && inventory.OncePerUnit[e.FunctionCode] && b.widerUnit(it) {
		where, whereEN := b.where(it)
		b.addFlag("SECURITY_SCOPE_GROWTH", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("%s (chức năng %s) sau sắp xếp phục vụ toàn bộ %s: cần xác định lại cấp độ", label(it), e.FunctionCode, where),
			fmt.Sprintf("%s (function %s) now serves all of %s: re-determine its security level", label(it), e.FunctionCode, whereEN))
	}
	if e.Kind == inventory.Dataset || e.Kind == inventory.Catalogue {
		b.dataFlags(it)
	}
	if e.PersonalData && (it.gone() || e.Status == "retiring") {
		f := b.addFlag("DATA_PERSONAL_ON_RETIRING", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("%s chứa dữ liệu cá nhân và sẽ dừng hoặc hợp nhất: cần phương án chuyển đổi và lưu giữ", label(it)),
			fmt.Sprintf("%s holds personal data and is to be retired or merged: plan its migration and retention", label(it)))
		f.LegalBasis = b.personalDataBasis()
	}
	// A reference's name is its source's: the source carries the flag.
	if !merged && !it.reference && !it.national {
		if stale := b.staleMentions(it); len(stale) > 0 {
			b.staleName(it, stale)
		}
	}
	if !merged && e.Live() && validDate(e.ContractEnd) {
		limit := b.asOf.AddDate(1, 0, 0).Format("2006-01-02")
		if e.ContractEnd < limit {
			vi, en := "hết hạn ngày "+e.ContractEnd+", trong vòng 12 tháng kể từ "+b.in.AsOf, "ends on "+e.ContractEnd+", within 12 months of "+b.in.AsOf
			if b.expired(e.ContractEnd) {
				vi, en = "đã hết hạn ngày "+e.ContractEnd, "ended on "+e.ContractEnd
			}
			b.addFlag("CONTRACT_EXPIRING", it.newUnit, it.newProv, []string{it.key},
				fmt.Sprintf("Hợp đồng của %s %s", label(it), vi), fmt.Sprintf("The contract of %s %s", label(it), en))
		}
	}
	if miss := requiredMissing(it); len(miss) > 0 {
		b.addFlag("MISSING_REQUIRED", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("%s thiếu thông tin bắt buộc: %s", label(it), strings.Join(miss, ", ")),
			fmt.Sprintf("%s lacks required attributes: %s", label(it), strings.Join(miss, ", ")))
	}
}

func (b *builder) expired(end string) bool {
	return validDate(end) && end < b.in.AsOf
}

// widerUnit reports whether an element now serves more territory than its
// old unit: it comes from a unit of its new unit's level, and the new unit
// has other predecessors of that level.
func (b *builder) widerUnit(it *item) bool {
	if it.district || it.oldLevel == "" {
		return false
	}
	n := 0
	for _, j := range b.pred[it.newUnit] {
		if u, ok := b.m.OldUnit(b.m.Links[j].Old); ok && u.Level == it.oldLevel {
			n++
		}
	}
	return n > 1
}

// orphanContract raises ORPHAN_CONTRACT when a live contract's holder is a
// body of a unit that no longer exists: a district body (the holder names a
// district, or the element is a district's), or the body of an absorbed
// province or commune (one whose code its new unit did not keep), unless
// the holder names the new unit and not the old one.
func (b *builder) orphanContract(it *item, holder string) {
	m := b.m
	if it.holder.district || it.district {
		whose, whoseEN := "một cơ quan cấp huyện, cấp đã chấm dứt hoạt động", "a district-level body, a level that was abolished"
		switch {
		case len(it.holder.districts) > 0:
			whose = "cơ quan của " + joinNames(m, it.holder.districts, " hoặc ") + ", đơn vị cấp huyện đã chấm dứt hoạt động"
			whoseEN = "a body of " + joinNames(m, it.holder.districts, " or ") + ", a district-level unit that was abolished"
		case !it.holder.district:
			whose = "cho phần tử của " + unitName(m, it.oldUnit) + ", đơn vị cấp huyện đã chấm dứt hoạt động"
			whoseEN = "for an element of " + unitName(m, it.oldUnit) + ", a district-level unit that was abolished"
		}
		f := b.addFlag("ORPHAN_CONTRACT", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("Hợp đồng của %s do %q ký, %s", label(it), holder, whose),
			fmt.Sprintf("The contract of %s is held by %q, %s", label(it), holder, whoseEN))
		f.LegalBasis = res203
		return
	}
	if b.keptCode(it) || it.oldUnit == "" || it.unknown {
		return
	}
	// A holder named after a unit that still exists under that type and
	// name, as the element's successor, is still there: "UBND xã Tam Ngãi"
	// of old 29332 is the body of new Xã Tam Ngãi (29335).
	if h := it.holder; h.core != nil && b.current(it, nil, true, h.typ, h.core) {
		return
	}
	fh := fold(holder)
	if nu, ok := m.NewUnit(it.newUnit); ok {
		if c := b.core(nu.Name); containsPhrase(fh, c) {
			if ou, ok := m.OldUnit(it.oldUnit); !ok || !containsPhrase(fh, b.core(ou.Name)) {
				return
			}
		}
	}
	where, whereEN := b.where(it)
	f := b.addFlag("ORPHAN_CONTRACT", it.newUnit, it.newProv, []string{it.key},
		fmt.Sprintf("Hợp đồng của %s do %q ký, cơ quan của %s, đơn vị đã được sắp xếp lại; phần tử nay thuộc %s", label(it), holder, unitName(m, it.oldUnit), where),
		fmt.Sprintf("The contract of %s is held by %q, a body of %s, a unit that was rearranged; the element now belongs to %s", label(it), holder, unitName(m, it.oldUnit), whereEN))
	f.LegalBasis = b.changeBasis(it)
}

// personalDataBasis cites the personal-data rules in force at the plan
// date: the Law on Personal Data Protection from 1 January 2026, Decree
// 13/2023/NĐ-CP before.
func (b *builder) personalDataBasis() string {
	if b.in.AsOf >= law91From {
		return law91
	}
	return decree13
}

// law91From is the day Law 91/2025/QH15 came into force.
const law91From = "2026-01-01"

// where names the element's new unit, saying so when it is a provisional
// choice among a split commune's successors.
func (b *builder) where(it *item) (vi, en string) {
	if !it.provisional() {
		return newUnitName(b.m, it.newUnit), newUnitName(b.m, it.newUnit)
	}
	return fmt.Sprintf("%s (tạm xếp, chờ chọn trong %s)", newUnitName(b.m, it.newUnit), strings.Join(it.succ, ", ")),
		fmt.Sprintf("%s (for now, until one of %s is chosen)", newUnitName(b.m, it.newUnit), strings.Join(it.succ, ", "))
}

// changeBasis cites what rearranged the element's own old unit: Resolution
// 202/2025/QH15 for a province, 203/2025/QH15 for a district, and the
// clauses that created a commune's successors.
func (b *builder) changeBasis(it *item) string {
	switch it.oldLevel {
	case mapping.Province:
		return res202
	case mapping.District:
		return res203
	}
	return b.communeBasis(it.oldUnit)
}

// communeBasis cites the resolution clauses that gave an old commune to its
// successors.
func (b *builder) communeBasis(old string) string {
	var out []string
	for _, j := range b.succ[old] {
		if l := b.m.Links[j]; l.Resolution != "" {
			ref := "Nghị quyết " + l.Resolution
			if l.Clause != "" {
				ref += ", khoản " + l.Clause
			}
			out = append(out, ref)
		}
	}
	return strings.Join(sortedUnique(out), "; ")
}

// staleName raises NAME_STALE_UNIT, saying what became of each unit the
// name mentions, and citing what changed it.
func (b *builder) staleName(it *item, stale []staleMention) {
	m := b.m
	var vi, en, basis []string
	for _, s := range stale {
		u := s.unit
		name := oldName(m, u.code)
		var fate, fateEN string
		switch u.level {
		case mapping.Province:
			np := m.NewProvinceOf(u.code)
			fate, fateEN = "nay là một phần của "+newName(m, np), "now part of "+newNameEN(m, np)
			basis = append(basis, res202)
		case mapping.District:
			fate, fateEN = "đơn vị cấp huyện đã chấm dứt hoạt động", "a district-level unit that was abolished"
			basis = append(basis, res203)
		default:
			basis = append(basis, b.communeBasis(u.code))
			var succ []string
			for _, j := range b.succ[u.code] {
				succ = append(succ, b.m.Links[j].New)
			}
			succ = sortedUnique(succ)
			switch {
			case s.own && it.split:
				w, wEN := b.where(it)
				fate, fateEN = "nay chia cho "+strings.Join(succ, ", ")+"; phần tử đặt tại "+w, "now divided between "+strings.Join(succ, ", ")+"; the element is placed in "+wEN
			case s.own:
				fate, fateEN = "nay thuộc "+newName(m, it.newUnit), "now part of "+newNameEN(m, it.newUnit)
			case len(succ) == 1:
				fate, fateEN = "nay thuộc "+newName(m, succ[0]), "now part of "+newNameEN(m, succ[0])
			default:
				fate, fateEN = "nay chia cho "+strings.Join(succ, ", "), "now divided between "+strings.Join(succ, ", ")
			}
		}
		if len(s.others) > 0 {
			var on, onEN []string
			for _, c := range s.others {
				on, onEN = append(on, newName(m, c)), append(onEN, newNameEN(m, c))
			}
			fate += "; tên này nay là của đơn vị khác: " + strings.Join(on, ", ")
			fateEN += "; the name now belongs to another unit: " + strings.Join(onEN, ", ")
		}
		vi = append(vi, name+", "+fate)
		en = append(en, oldNameEN(m, u.code)+", "+fateEN)
	}
	f := b.addFlag("NAME_STALE_UNIT", it.newUnit, it.newProv, []string{it.key},
		fmt.Sprintf("Tên %q nhắc tới %s", it.e.Name, strings.Join(vi, "; ")),
		fmt.Sprintf("The name %q mentions %s", it.e.Name, strings.Join(en, "; ")))
	f.LegalBasis = withBasis(basis...)
}

// oldName and newName name a unit with its type word and its code marked
// by vintage, in Vietnamese, and oldNameEN and newNameEN in English: a new
// unit often carries an old code of another territory.
func oldName(m *mapping.Mapping, code string) string   { return tagged(m.OldUnit, code, "mã cũ ") }
func oldNameEN(m *mapping.Mapping, code string) string { return tagged(m.OldUnit, code, "old code ") }
func newName(m *mapping.Mapping, code string) string   { return tagged(m.NewUnit, code, "mã mới ") }
func newNameEN(m *mapping.Mapping, code string) string { return tagged(m.NewUnit, code, "new code ") }

// tagged names the unit of a code, "Name (tag code)", or gives the code
// alone when the unit is unknown.
func tagged(unit func(string) (mapping.Unit, bool), code, tag string) string {
	if u, ok := unit(code); ok {
		return u.Name + " (" + tag + code + ")"
	}
	return code
}

func (b *builder) dataFlags(it *item) {
	e, m := it.e, b.m
	if strings.TrimSpace(e.AdminCodeFields) != "" && e.CodeVintage != "post2025" {
		vintage := e.CodeVintage
		if vintage == "" {
			vintage = "pre2025?"
		}
		b.addFlag("DATA_OLD_UNIT_CODE", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("Dữ liệu %s dùng mã đơn vị hành chính trước 2025 (%s) ở các trường %s: cần chuyển sang mã mới", label(it), vintage, e.AdminCodeFields),
			fmt.Sprintf("Dataset %s is keyed by pre-2025 unit codes (%s) in %s: re-key to the new codes", label(it), vintage, e.AdminCodeFields))
	}
	if e.HasDistrictLevel {
		b.addFlag("DATA_DISTRICT_KEY", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("Dữ liệu %s có cấp huyện trong khoá, cấp này đã bỏ", label(it)),
			fmt.Sprintf("Dataset %s has the district level, now abolished, in its keys", label(it)))
	}
	if it.split {
		b.addFlag("DATA_SPLIT_COMMUNE", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("Dữ liệu %s của %s, đơn vị cũ đã bị chia tách cho %s: mã không chuyển đổi một-một được", label(it), unitName(m, it.oldUnit), strings.Join(it.succ, ", ")),
			fmt.Sprintf("Dataset %s of %s, an old unit split between %s: its codes cannot be converted one to one", label(it), unitName(m, it.oldUnit), strings.Join(it.succ, ", ")))
	}
	if strings.TrimSpace(e.AddressFields) != "" {
		b.addFlag("DATA_ADDRESS_TEXT", it.newUnit, it.newProv, []string{it.key},
			fmt.Sprintf("Dữ liệu %s có địa chỉ dạng văn bản (%s) cần chuẩn hoá theo đơn vị mới", label(it), e.AddressFields),
			fmt.Sprintf("Dataset %s holds free-text addresses (%s) to convert to the new units", label(it), e.AddressFields))
	}
}

// requiredMissing lists the required attributes an element lacks
// (docs/flags.md): owner and status for every original; hosting and an
// approved security level for information systems.
func requiredMissing(it *item) []string {
	if it.reference || it.national {
		return nil
	}
	e := it.e
	var miss []string
	if strings.TrimSpace(e.Owner) == "" {
		miss = append(miss, "owner")
	}
	if e.Status == "" {
		miss = append(miss, "status")
	}
	switch e.Kind {
	case inventory.Application, inventory.Portal, inventory.Platform, inventory.Service:
		if e.Hosting == "" && e.HostedOn == "" {
			miss = append(miss, "hosting")
		}
		if e.SecurityLevel == 0 {
			miss = append(miss, "security_level")
		}
	case inventory.Dataset:
		if strings.TrimSpace(e.AdminCodeFields) != "" && e.CodeVintage == "" {
			miss = append(miss, "code_vintage")
		}
	}
	return miss
}

// clusterFlags raises the duplicate and conflict flags of every cluster.
func (b *builder) clusterFlags() {
	// Buckets are raised most specific first; a bucket whose members a
	// raised bucket of the same cluster already covers adds nothing.
	order := map[string]int{"function": 0, "product": 1, "name": 2}
	bs := append([]bucket(nil), b.buckets...)
	sort.SliceStable(bs, func(i, j int) bool { return order[bs[i].basis] < order[bs[j].basis] })
	covered := map[int][][]int{}
	for _, bu := range bs {
		ci := b.items[bu.members[0]].cluster
		dup := false
		for _, prev := range covered[ci] {
			if subset(bu.members, prev) {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		covered[ci] = append(covered[ci], bu.members)
		c := b.clusters[ci]
		keys, names := b.keysNames(bu.members)
		surv := b.items[c.survivor].key
		switch bu.basis {
		case "function":
			b.addFlag("DUP_FUNCTION", bu.newUnit, c.newProv, keys,
				fmt.Sprintf("%s có %d hệ thống cùng chức năng %s: %s; đề xuất giữ %s", newUnitName(b.m, bu.newUnit), len(keys), bu.label, names, surv),
				fmt.Sprintf("%s has %d live systems for function %s: %s; keep %s is recommended", newUnitName(b.m, bu.newUnit), len(keys), bu.label, names, surv))
		case "product":
			b.addFlag("DUP_PRODUCT", bu.newUnit, c.newProv, keys,
				fmt.Sprintf("Cùng sản phẩm %s được triển khai ở nhiều đơn vị cũ của %s: %s", bu.label, newUnitName(b.m, bu.newUnit), names),
				fmt.Sprintf("The same product %s is deployed by several predecessors of %s: %s", bu.label, newUnitName(b.m, bu.newUnit), names))
		case "name":
			b.addFlag("DUP_NAME", bu.newUnit, c.newProv, keys,
				fmt.Sprintf("Các phần tử cùng loại, tên gần như trùng nhau ở các đơn vị cũ khác nhau của %s: %s", newUnitName(b.m, bu.newUnit), names),
				fmt.Sprintf("Same kind and near-identical names in different predecessors of %s: %s", newUnitName(b.m, bu.newUnit), names))
		}
	}
	for _, c := range b.clusters {
		levels := map[int]bool{}
		var withLevel []int
		owners := map[string]bool{}
		var users int64
		for _, i := range c.members {
			e := b.items[i].e
			if e.SecurityLevel > 0 {
				levels[e.SecurityLevel] = true
				withLevel = append(withLevel, i)
			}
			if o := fold(e.Owner); o != "" {
				owners[o] = true
			}
			users += e.Users
		}
		s := &b.items[c.survivor]
		if len(levels) > 1 {
			hi := 0
			var ls []string
			for l := range levels {
				hi = max(hi, l)
			}
			for l := 1; l <= 5; l++ {
				if levels[l] {
					ls = append(ls, itoa(l))
				}
			}
			keys, names := b.keysNames(withLevel)
			b.addFlag("CONFLICT_SECURITY_LEVEL", c.newUnit, c.newProv, keys,
				fmt.Sprintf("Các phần tử trùng trong cụm %s có cấp độ khác nhau (%s): %s; lấy cấp độ cao nhất (%d) và xác định lại", c.id, strings.Join(ls, ", "), names, hi),
				fmt.Sprintf("The duplicates of cluster %s carry different security levels (%s): %s; take the highest (%d) and re-determine", c.id, strings.Join(ls, ", "), names, hi))
		}
		if len(owners) > 1 {
			keys, names := b.keysNames(c.members)
			b.addFlag("CONFLICT_OWNER", c.newUnit, c.newProv, keys,
				fmt.Sprintf("Các phần tử trùng trong cụm %s có chủ quản khác nhau: %s", c.id, names),
				fmt.Sprintf("The duplicates of cluster %s have different owners: %s", c.id, names))
		}
		if !s.gone() && s.e.Live() && (c.multi || (users >= 10000 && s.e.Users < 10000)) {
			why, whyEN := "phục vụ địa bàn của nhiều đơn vị cũ", "it serves the territory of several old units"
			if !c.multi {
				why, whyEN = fmt.Sprintf("phục vụ %d người dùng", users), fmt.Sprintf("it serves %d users", users)
			}
			b.addFlag("SECURITY_SCOPE_GROWTH", c.newUnit, c.newProv, []string{s.key},
				fmt.Sprintf("Sau hợp nhất, %s %s: cần xác định lại cấp độ an toàn thông tin", label(s), why),
				fmt.Sprintf("After consolidation %s: %s; re-determine its security level", label(s), whyEN))
		}
	}
}

func subset(a, b []int) bool {
	set := make(map[int]bool, len(b))
	for _, x := range b {
		set[x] = true
	}
	for _, x := range a {
		if !set[x] {
			return false
		}
	}
	return true
}

func (b *builder) keysNames(idx []int) ([]string, string) {
	keys := make([]string, 0, len(idx))
	for _, i := range idx {
		keys = append(keys, b.items[i].key)
	}
	keys = sortedUnique(keys)
	names := make([]string, 0, min(len(keys), maxNamed)+1)
	for _, k := range keys[:min(len(keys), maxNamed)] {
		names = append(names, label(&b.items[b.byKey[k]]))
	}
	if len(keys) > maxNamed {
		names = append(names, fmt.Sprintf("… (+%d)", len(keys)-maxNamed))
	}
	return keys, strings.Join(names, ", ")
}

// vendorFlags raises CONFLICT_VENDOR: one once-per-unit function in one new
// unit on different vendors, or on different versions of one product.
func (b *builder) vendorFlags() {
	groups := map[string][]int{}
	var keys []string
	for i := range b.items {
		it := &b.items[i]
		e := it.e
		if !b.inPlan(it) || it.reference || it.national || !e.Live() || !inventory.OncePerUnit[e.FunctionCode] || fold(e.Vendor) == "" {
			continue
		}
		k := it.newUnit + "\x00" + e.FunctionCode
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	sort.Strings(keys)
	for _, k := range keys {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		vendors, versions := map[string]bool{}, map[string]bool{}
		for _, i := range g {
			e := b.items[i].e
			vendors[fold(e.Vendor)] = true
			if v := fold(e.Product + " " + e.Version); strings.TrimSpace(e.Version) != "" {
				versions[v] = true
			}
		}
		if len(vendors) < 2 && len(versions) < 2 {
			continue
		}
		it := &b.items[g[0]]
		ks, names := b.keysNames(g)
		b.addFlag("CONFLICT_VENDOR", it.newUnit, it.newProv, ks,
			fmt.Sprintf("Chức năng %s của %s chạy trên các nhà cung cấp/phiên bản khác nhau: %s", it.e.FunctionCode, newUnitName(b.m, it.newUnit), names),
			fmt.Sprintf("Function %s of %s runs on different vendors or versions: %s", it.e.FunctionCode, newUnitName(b.m, it.newUnit), names))
	}
}

// relationFlags raises the integration flags.
func (b *builder) relationFlags() {
	for i := range b.rels {
		ri := &b.rels[i]
		r, pr := ri.r, &ri.pr
		unit := ri.prov
		var f, t *item
		if ri.from >= 0 {
			f = &b.items[ri.from]
			unit = f.newUnit
		}
		if ri.to >= 0 {
			t = &b.items[ri.to]
			if f == nil {
				unit = t.newUnit
			}
		}
		pair := []string{r.From, r.To} // source first
		if pr.Dangling {
			missing := r.To
			if f == nil {
				missing = r.From
			}
			b.addFlagOrdered("INTEG_DANGLING", unit, ri.prov, pair,
				fmt.Sprintf("Liên kết %s → %s trỏ tới %q, phần tử không có trong bản kê khai nào", r.From, r.To, missing),
				fmt.Sprintf("Relation %s → %s points at %q, which no inventory declares", r.From, r.To, missing))
			continue
		}
		if pr.Collapsed {
			continue // both ends are one element now: the relation ends with the merge
		}
		if t.gone() && !f.gone() && pr.NewTo != r.To {
			vi, en := "dừng sử dụng", "retired"
			if t.treatment == Merge {
				vi, en = "hợp nhất vào "+t.mergeInto, "merged into "+t.mergeInto
			}
			b.addFlagOrdered("INTEG_TARGET_RETIRING", unit, ri.prov, pair,
				fmt.Sprintf("%s kết nối tới %s, phần tử sẽ %s: chuyển kết nối sang %s", label(f), label(t), vi, pr.NewTo),
				fmt.Sprintf("%s integrates with %s, which is to be %s: re-point it to %s", label(f), label(t), en, pr.NewTo))
		} else if t.gone() && !f.gone() {
			b.addFlagOrdered("INTEG_TARGET_RETIRING", unit, ri.prov, pair,
				fmt.Sprintf("%s kết nối tới %s, phần tử sẽ dừng sử dụng mà không có phần tử thay thế", label(f), label(t)),
				fmt.Sprintf("%s integrates with %s, which is to be retired with no survivor to re-point to", label(f), label(t)))
		}
		if f.gone() {
			// The source is merged or retired: how it connects is settled
			// by that decision (its survivor's own relations say the rest).
			continue
		}
		if pr.Internal && !t.gone() {
			where, whereEN := newUnitName(b.m, f.newUnit), newUnitName(b.m, f.newUnit)
			if f.provisional() || t.provisional() {
				where += " (nếu giữ đơn vị tạm xếp của phần tử thuộc xã bị chia tách)"
				whereEN += " (if the split commune's element stays where it is placed for now)"
			}
			b.addFlagOrdered("INTEG_NOW_INTERNAL", unit, ri.prov, pair,
				fmt.Sprintf("Tích hợp giữa %s và %s nay là nội bộ của %s", label(f), label(t), where),
				fmt.Sprintf("The integration between %s and %s is now internal to %s", label(f), label(t), whereEN))
		}
		if isPointToPoint(r) {
			b.addFlagOrdered("INTEG_POINT_TO_POINT", unit, ri.prov, pair,
				fmt.Sprintf("%s kết nối trực tiếp (%s) với %s, không qua LGSP/NDXP/NDOP", label(f), r.Via, label(t)),
				fmt.Sprintf("%s connects directly (%s) to %s, not through the LGSP, NDXP or NDOP", label(f), r.Via, label(t)))
		}
		if strings.EqualFold(r.Via, "lgsp") && f.viaAbsorbed {
			b.addFlagOrdered("INTEG_LGSP_ABSORBED", unit, ri.prov, pair,
				fmt.Sprintf("%s kết nối với %s qua LGSP của tỉnh cũ %s, không phải LGSP được giữ lại của tỉnh mới (tỉnh cũ %s)", label(f), label(t), unitName(b.m, f.oldProv), b.lgsp[f.newProv]),
				fmt.Sprintf("%s reaches %s through the LGSP of old province %s, not the new province's surviving LGSP (old %s)", label(f), label(t), unitName(b.m, f.oldProv), b.lgsp[f.newProv]))
		}
	}
}

// hostingFlags raises ORPHAN_HOSTING for elements hosted on a host or data
// centre of an abolished district, or on one to be retired or merged.
func (b *builder) hostingFlags() {
	type pair struct{ el, host int }
	var pairs []pair
	for i := range b.items {
		it := &b.items[i]
		if !b.inPlan(it) || it.e.HostedOn == "" {
			continue
		}
		k := it.e.HostedOn
		if !strings.Contains(k, "/") {
			k = it.e.Unit + "/" + k
		}
		if h, ok := b.byKey[k]; ok && h != i {
			pairs = append(pairs, pair{i, h})
		}
	}
	for i := range b.rels {
		ri := &b.rels[i]
		if ri.r.Kind == "hosted_on" && ri.from >= 0 && ri.to >= 0 && ri.from != ri.to {
			pairs = append(pairs, pair{ri.from, ri.to})
		}
	}
	for _, p := range pairs {
		it, h := &b.items[p.el], &b.items[p.host]
		if it.gone() || !(h.district || h.gone()) {
			continue
		}
		if h.e.Kind != inventory.Host && h.e.Kind != inventory.Datacentre {
			continue
		}
		why, whyEN := "thuộc "+unitName(b.m, h.oldUnit)+", đơn vị cấp huyện đã chấm dứt hoạt động", "belongs to "+unitName(b.m, h.oldUnit)+", a district-level unit that was abolished"
		if h.gone() {
			why, whyEN = "sẽ dừng hoặc hợp nhất", "is to be retired or merged"
		}
		b.addFlagOrdered("ORPHAN_HOSTING", it.newUnit, it.newProv, []string{it.key, h.key}, // hosted element first
			fmt.Sprintf("%s đặt trên %s, hạ tầng %s", label(it), label(h), why),
			fmt.Sprintf("%s is hosted on %s, which %s", label(it), label(h), whyEN))
	}
}

// missingInventory raises one MISSING_INVENTORY per new province listing,
// in Units, every old province and commune of its territory that declared
// nothing. Districts are left out: most had no estate of their own. The
// message names the first few; the workbook's Units sheet marks them all.
func (b *builder) missingInventory() {
	declared := map[string]bool{}
	for i := range b.items {
		declared[b.items[i].oldUnit] = true
	}
	silent := map[string][]string{}
	for _, l := range b.m.Links {
		if declared[l.Old] {
			continue
		}
		p := b.m.NewProvince(l.New)
		if !b.covered[p] {
			continue
		}
		if ou, ok := b.m.OldUnit(l.Old); !ok || ou.Level == mapping.District {
			continue
		}
		silent[p] = append(silent[p], l.Old)
	}
	for _, p := range b.provs {
		units := sortedUnique(silent[p])
		if len(units) == 0 {
			continue
		}
		// Old provinces first, then communes, each by code.
		sort.SliceStable(units, func(i, j int) bool { return len(units[i]) < len(units[j]) })
		provs, communes := 0, 0
		for _, u := range units {
			if len(u) == mapping.CodeLen[mapping.Province] {
				provs++
			} else {
				communes++
			}
		}
		var names []string
		for _, u := range units[:min(len(units), maxSilentNamed)] {
			names = append(names, unitName(b.m, u))
		}
		more, moreEN := "", ""
		if n := len(units) - maxSilentNamed; n > 0 {
			more, moreEN = fmt.Sprintf(" và %d đơn vị khác (xem trang Đơn vị)", n), fmt.Sprintf(" and %d more (see the Units sheet)", n)
		}
		f := b.addFlag("MISSING_INVENTORY", p, p, nil,
			fmt.Sprintf("%s: %d đơn vị cũ chưa kê khai hệ thống nào (%d cấp tỉnh, %d cấp xã), gồm %s%s", newUnitName(b.m, p), len(units), provs, communes, strings.Join(names, ", "), more),
			fmt.Sprintf("%s: %d old units declared nothing (%d province-level, %d commune-level), among them %s%s", newUnitName(b.m, p), len(units), provs, communes, strings.Join(names, ", "), moreEN))
		f.Units = units
	}
}

// maxSilentNamed caps how many silent units MISSING_INVENTORY's message
// names; its Units lists them all.
const maxSilentNamed = 12
