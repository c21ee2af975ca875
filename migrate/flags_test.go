package migrate

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/inventory"
)

// flagCase is a minimal inventory and what it must (or must not) raise.
type flagCase struct {
	name  string
	els   []inventory.Element
	rels  []inventory.Relation
	decs  []Decision
	code  string
	unit  string // when set, only flags of this new unit count
	raise bool
}

const app, portal, dataset, host = inventory.Application, inventory.Portal, inventory.Dataset, inventory.Host

func flagCases() []flagCase {
	dupPair := func(o ...opt) []inventory.Element {
		return []inventory.Element{
			el("08/KT", app, "Hệ thống một cửa điện tử", append([]opt{fn("KTTTHC"), product("VNPT", "iGate", "3")}, o...)...),
			el("02/KT", app, "Hệ thống giải quyết TTHC", fn("KTTTHC"), product("VNPT", "iGate", "3")),
		}
	}
	return []flagCase{
		{name: "DUP_FUNCTION raised by two live one-stop shops", code: "DUP_FUNCTION", raise: true, els: dupPair()},
		{name: "DUP_FUNCTION not raised when one is retired", code: "DUP_FUNCTION", els: []inventory.Element{
			el("08/KT", app, "Một cửa", fn("KTTTHC")), el("02/KT", app, "Một cửa cũ", fn("KTTTHC"), status("retired"))}},
		{name: "DUP_PRODUCT raised by one product in two predecessors", code: "DUP_PRODUCT", raise: true, els: []inventory.Element{
			el("08/A", app, "Quản lý đất đai", product("Viettel", "VLand", "")), el("02/B", app, "Phần mềm địa chính", product("Viettel", "VLand", ""))}},
		{name: "DUP_PRODUCT not raised within one predecessor", code: "DUP_PRODUCT", els: []inventory.Element{
			el("08/A", app, "Quản lý đất đai", product("Viettel", "VLand", "")), el("08/B", app, "Phần mềm địa chính", product("Viettel", "VLand", ""))}},
		{name: "DUP_NAME raised by the two provinces' public-service portals", code: "DUP_NAME", raise: true, els: []inventory.Element{
			el("02/P", portal, "Cổng DVC tỉnh Hà Giang"), el("08/P", portal, "Cổng dịch vụ công tỉnh Tuyên Quang")}},
		{name: "DUP_NAME not raised across kinds", code: "DUP_NAME", els: []inventory.Element{
			el("02/P", portal, "Cổng DVC tỉnh Hà Giang"), el("08/P", app, "Cổng dịch vụ công tỉnh Tuyên Quang")}},
		{name: "DUP_NATIONAL_AS_LOCAL raised by NDXP as an original", code: "DUP_NATIONAL_AS_LOCAL", raise: true, els: []inventory.Element{
			el("08/N", inventory.Platform, "Nền tảng NDXP")}},
		{name: "DUP_NATIONAL_AS_LOCAL not raised by a reference", code: "DUP_NATIONAL_AS_LOCAL", els: []inventory.Element{
			el("08/N", inventory.Platform, "Nền tảng NDXP", reference())}},
		{name: "ORPHAN_DISTRICT raised by a district's system", code: "ORPHAN_DISTRICT", raise: true, els: []inventory.Element{
			el("024/A", app, "Phần mềm một cửa thành phố", owner("UBND thành phố Hà Giang"))}},
		{name: "ORPHAN_DISTRICT not raised by a province's system", code: "ORPHAN_DISTRICT", els: []inventory.Element{
			el("08/A", app, "Phần mềm một cửa")}},
		{name: "SPLIT_ALLOCATION raised by a split commune", code: "SPLIT_ALLOCATION", raise: true, els: []inventory.Element{
			el("00688/A", app, "Phần mềm một cửa phường")}},
		{name: "SPLIT_ALLOCATION not raised by a whole merge", code: "SPLIT_ALLOCATION", els: []inventory.Element{
			el("00692/A", app, "Phần mềm một cửa phường")}},
		{name: "ORPHAN_CONTRACT raised by the absorbed province's contract", code: "ORPHAN_CONTRACT", raise: true, els: []inventory.Element{
			el("02/A", app, "Quản lý cán bộ", contract("Sở TT&TT Hà Giang", "2028-12-31"))}},
		{name: "ORPHAN_CONTRACT not raised for the kept province", code: "ORPHAN_CONTRACT", els: []inventory.Element{
			el("08/A", app, "Quản lý cán bộ", contract("Sở KH&CN Tuyên Quang", "2028-12-31"))}},
		{name: "ORPHAN_HOSTING raised by a district server", code: "ORPHAN_HOSTING", raise: true, els: []inventory.Element{
			el("08/A", app, "Quản lý cán bộ", hostedOn("024/S")), el("024/S", host, "Máy chủ thành phố")}},
		{name: "ORPHAN_HOSTING not raised by the province's server", code: "ORPHAN_HOSTING", els: []inventory.Element{
			el("08/A", app, "Quản lý cán bộ", hostedOn("S")), el("08/S", host, "Máy chủ tỉnh")}},
		{name: "CONFLICT_SECURITY_LEVEL raised by levels 2 and 3", code: "CONFLICT_SECURITY_LEVEL", raise: true, els: dupPair(level(2))},
		{name: "CONFLICT_SECURITY_LEVEL not raised by equal levels", code: "CONFLICT_SECURITY_LEVEL", els: dupPair()},
		{name: "SECURITY_LEVEL_MISSING raised by an integrating system without approval", code: "SECURITY_LEVEL_MISSING", raise: true,
			els:  []inventory.Element{el("08/A", app, "Quản lý cán bộ", noDecision()), el("08/B", app, "Quản lý đất đai")},
			rels: []inventory.Relation{rel("08/A", "08/B", "integrates", "lgsp")}},
		{name: "SECURITY_LEVEL_MISSING not raised with an approved level", code: "SECURITY_LEVEL_MISSING",
			els:  []inventory.Element{el("08/A", app, "Quản lý cán bộ"), el("08/B", app, "Quản lý đất đai")},
			rels: []inventory.Relation{rel("08/A", "08/B", "integrates", "lgsp")}},
		{name: "SECURITY_SCOPE_GROWTH raised on the survivor of two provinces", code: "SECURITY_SCOPE_GROWTH", raise: true, els: dupPair()},
		{name: "SECURITY_SCOPE_GROWTH not raised for an ordinary lone system", code: "SECURITY_SCOPE_GROWTH", els: []inventory.Element{
			el("08/A", app, "Quản lý cán bộ", users(100))}},
		{name: "CONFLICT_VENDOR raised by two vendors", code: "CONFLICT_VENDOR", raise: true, els: []inventory.Element{
			el("08/KT", app, "Một cửa", fn("KTTTHC"), product("VNPT", "iGate", "3")), el("02/KT", app, "Một cửa", fn("KTTTHC"), product("Viettel", "VOffice", "3"))}},
		{name: "CONFLICT_VENDOR not raised by one product and version", code: "CONFLICT_VENDOR", els: dupPair()},
		{name: "CONFLICT_OWNER raised by different owners", code: "CONFLICT_OWNER", raise: true, els: dupPair(owner("Văn phòng UBND tỉnh"))},
		{name: "CONFLICT_OWNER not raised by one owner", code: "CONFLICT_OWNER", els: dupPair()},
		{name: "INTEG_TARGET_RETIRING raised by a link to the merged duplicate", code: "INTEG_TARGET_RETIRING", raise: true,
			els:  append(dupPair(), el("08/X", app, "Quản lý cán bộ")),
			rels: []inventory.Relation{rel("08/X", "02/KT", "integrates", "lgsp")}},
		{name: "INTEG_TARGET_RETIRING not raised by a link to the survivor", code: "INTEG_TARGET_RETIRING",
			els:  append(dupPair(), el("08/X", app, "Quản lý cán bộ")),
			rels: []inventory.Relation{rel("08/X", "08/KT", "integrates", "lgsp")}},
		{name: "INTEG_DANGLING raised by an undeclared target", code: "INTEG_DANGLING", raise: true,
			els: []inventory.Element{el("08/A", app, "Quản lý cán bộ")}, rels: []inventory.Relation{rel("08/A", "08/ZZ", "integrates", "lgsp")}},
		{name: "INTEG_DANGLING not raised by a declared target", code: "INTEG_DANGLING",
			els:  []inventory.Element{el("08/A", app, "Quản lý cán bộ"), el("08/ZZ", app, "Quản lý đất đai")},
			rels: []inventory.Relation{rel("08/A", "08/ZZ", "integrates", "lgsp")}},
		{name: "INTEG_NOW_INTERNAL raised between the two old provinces", code: "INTEG_NOW_INTERNAL", raise: true,
			els:  []inventory.Element{el("08/A", app, "Quản lý cán bộ"), el("02/B", app, "Quản lý đất đai")},
			rels: []inventory.Relation{rel("08/A", "02/B", "integrates", "lgsp")}},
		{name: "INTEG_NOW_INTERNAL not raised within one old unit", code: "INTEG_NOW_INTERNAL",
			els:  []inventory.Element{el("08/A", app, "Quản lý cán bộ"), el("08/B", app, "Quản lý đất đai")},
			rels: []inventory.Relation{rel("08/A", "08/B", "integrates", "lgsp")}},
		{name: "INTEG_POINT_TO_POINT raised by a direct link", code: "INTEG_POINT_TO_POINT", raise: true,
			els:  []inventory.Element{el("08/A", app, "Quản lý cán bộ"), el("08/B", app, "Quản lý đất đai")},
			rels: []inventory.Relation{rel("08/A", "08/B", "integrates", "direct")}},
		{name: "INTEG_POINT_TO_POINT not raised through the LGSP", code: "INTEG_POINT_TO_POINT",
			els:  []inventory.Element{el("08/A", app, "Quản lý cán bộ"), el("08/B", app, "Quản lý đất đai")},
			rels: []inventory.Relation{rel("08/A", "08/B", "integrates", "lgsp")}},
		{name: "INTEG_LGSP_ABSORBED raised through the absorbed province's LGSP", code: "INTEG_LGSP_ABSORBED", raise: true,
			els: []inventory.Element{el("08/L", inventory.Platform, "LGSP Tuyên Quang", fn("LGSP")), el("02/L", inventory.Platform, "LGSP Hà Giang", fn("LGSP")),
				el("02/A", app, "Quản lý cán bộ"), el("02/B", app, "Quản lý đất đai")},
			rels: []inventory.Relation{rel("02/A", "02/B", "integrates", "lgsp")}},
		{name: "INTEG_LGSP_ABSORBED not raised through the surviving LGSP", code: "INTEG_LGSP_ABSORBED",
			els: []inventory.Element{el("08/L", inventory.Platform, "LGSP Tuyên Quang", fn("LGSP")), el("02/L", inventory.Platform, "LGSP Hà Giang", fn("LGSP")),
				el("08/A", app, "Quản lý cán bộ"), el("08/B", app, "Quản lý đất đai")},
			rels: []inventory.Relation{rel("08/A", "08/B", "integrates", "lgsp")}},
		{name: "DATA_OLD_UNIT_CODE raised by pre-2025 codes", code: "DATA_OLD_UNIT_CODE", raise: true, els: []inventory.Element{
			el("08/D", dataset, "CSDL hộ tịch", codes("ma_xa", "pre2025"))}},
		{name: "DATA_OLD_UNIT_CODE not raised by post-2025 codes", code: "DATA_OLD_UNIT_CODE", els: []inventory.Element{
			el("08/D", dataset, "CSDL hộ tịch", codes("ma_xa", "post2025"))}},
		{name: "DATA_DISTRICT_KEY raised by a district level", code: "DATA_DISTRICT_KEY", raise: true, els: []inventory.Element{
			el("08/D", dataset, "CSDL hộ tịch", districtKey())}},
		{name: "DATA_DISTRICT_KEY not raised without one", code: "DATA_DISTRICT_KEY", els: []inventory.Element{
			el("08/D", dataset, "CSDL hộ tịch")}},
		{name: "DATA_SPLIT_COMMUNE raised by a split commune's dataset", code: "DATA_SPLIT_COMMUNE", raise: true, els: []inventory.Element{
			el("00688/D", dataset, "Sổ hộ tịch phường")}},
		{name: "DATA_SPLIT_COMMUNE not raised by a whole commune's dataset", code: "DATA_SPLIT_COMMUNE", els: []inventory.Element{
			el("00692/D", dataset, "Sổ hộ tịch phường")}},
		{name: "DATA_ADDRESS_TEXT raised by free-text addresses", code: "DATA_ADDRESS_TEXT", raise: true, els: []inventory.Element{
			el("08/D", dataset, "CSDL hộ tịch", address("dia_chi"))}},
		{name: "DATA_ADDRESS_TEXT not raised without them", code: "DATA_ADDRESS_TEXT", els: []inventory.Element{
			el("08/D", dataset, "CSDL hộ tịch")}},
		{name: "DATA_PERSONAL_ON_RETIRING raised by personal data on a retiring system", code: "DATA_PERSONAL_ON_RETIRING", raise: true, els: []inventory.Element{
			el("08/D", dataset, "CSDL hộ tịch", personal(), status("retiring"))}},
		{name: "DATA_PERSONAL_ON_RETIRING not raised on a system that continues", code: "DATA_PERSONAL_ON_RETIRING", els: []inventory.Element{
			el("08/D", dataset, "CSDL hộ tịch", personal())}},
		{name: "NAME_STALE_UNIT raised by the absorbed province's name", code: "NAME_STALE_UNIT", raise: true, els: []inventory.Element{
			el("02/P", portal, "Cổng DVC tỉnh Hà Giang")}},
		{name: "NAME_STALE_UNIT not raised by the kept province's name", code: "NAME_STALE_UNIT", els: []inventory.Element{
			el("08/P", portal, "Cổng DVC tỉnh Tuyên Quang")}},
		{name: "CONTRACT_EXPIRING raised within 12 months", code: "CONTRACT_EXPIRING", raise: true, els: []inventory.Element{
			el("08/A", app, "Quản lý cán bộ", contract("Sở KH&CN Tuyên Quang", "2026-12-31"))}},
		{name: "CONTRACT_EXPIRING not raised after 12 months", code: "CONTRACT_EXPIRING", els: []inventory.Element{
			el("08/A", app, "Quản lý cán bộ", contract("Sở KH&CN Tuyên Quang", "2027-06-02"))}},
		{name: "MISSING_INVENTORY raised when Hà Giang declared nothing", code: "MISSING_INVENTORY", unit: "08", raise: true, els: []inventory.Element{
			el("08/A", app, "Quản lý cán bộ")}},
		{name: "MISSING_INVENTORY not raised when both provinces declared", code: "MISSING_INVENTORY", unit: "08", els: []inventory.Element{
			el("08/A", app, "Quản lý cán bộ"), el("02/A", app, "Quản lý cán bộ")}},
		{name: "MISSING_REQUIRED raised by an empty owner", code: "MISSING_REQUIRED", raise: true, els: []inventory.Element{
			el("08/A", app, "Quản lý cán bộ", owner(""))}},
		{name: "MISSING_REQUIRED not raised by a complete row", code: "MISSING_REQUIRED", els: []inventory.Element{
			el("08/A", app, "Quản lý cán bộ")}},
	}
}

func TestFlagScenarios(t *testing.T) {
	m := builtin(t)
	raised := map[string]bool{}
	missed := map[string]bool{}
	for _, tc := range flagCases() {
		t.Run(tc.name, func(t *testing.T) {
			p := build(t, input(m, tc.els, tc.rels, tc.decs))
			var got []Flag
			for _, f := range p.Flags {
				if f.Code == tc.code && (tc.unit == "" || f.NewUnit == tc.unit) {
					got = append(got, f)
				}
			}
			if tc.raise != (len(got) > 0) {
				var all []string
				for _, f := range p.Flags {
					all = append(all, f.Code+" "+strings.Join(f.Elements, ","))
				}
				t.Fatalf("%s raised %d times, want raised=%v; all flags:\n%s", tc.code, len(got), tc.raise, strings.Join(all, "\n"))
			}
			for _, f := range got {
				checkFlag(t, f)
			}
		})
		if tc.raise {
			raised[tc.code] = true
		} else {
			missed[tc.code] = true
		}
	}
	for _, r := range FlagRules {
		if !raised[r.Code] || !missed[r.Code] {
			t.Errorf("flag %s lacks a scenario (raise %v, near miss %v)", r.Code, raised[r.Code], missed[r.Code])
		}
	}
	if len(FlagRules) != 27 {
		t.Errorf("%d flag rules, SPEC has 27", len(FlagRules))
	}
}

// checkFlag checks what every flag must carry.
func checkFlag(t *testing.T, f Flag) {
	t.Helper()
	if f.ID == "" || !strings.HasPrefix(f.ID, f.Code+"-") || f.Severity == "" || f.NewUnit == "" || f.Province == "" ||
		f.Message.VI == "" || f.Message.EN == "" || f.Action.VI == "" || f.Action.EN == "" {
		t.Errorf("incomplete flag %+v", f)
	}
	if f.Code != "MISSING_INVENTORY" && len(f.Elements) == 0 {
		t.Errorf("flag %s names no element", f.Code)
	}
	if f.Code == "MISSING_INVENTORY" && len(f.Units) == 0 {
		t.Errorf("MISSING_INVENTORY lists no unit")
	}
	if strings.HasPrefix(f.Code, "INTEG_") && f.Code != "INTEG_DANGLING" && len(f.Elements) != 2 {
		t.Errorf("relation flag %s has %d elements, want both endpoints", f.Code, len(f.Elements))
	}
	if r := ruleByCode[f.Code]; r.Severity != f.Severity {
		t.Errorf("%s severity %s, rule says %s", f.Code, f.Severity, r.Severity)
	}
}

func flagsOf(p *Plan, code string) []Flag {
	var out []Flag
	for _, f := range p.Flags {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

func TestDecisionsSettleFlags(t *testing.T) {
	m := builtin(t)
	dup := []inventory.Element{
		el("08/KT", app, "Một cửa", fn("KTTTHC"), product("VNPT", "iGate", "3")),
		el("02/KT", app, "Một cửa", fn("KTTTHC"), product("VNPT", "iGate", "3")),
	}
	tests := []struct {
		name     string
		els      []inventory.Element
		decs     []Decision
		code     string
		resolved bool
	}{
		{"a duplicate stays open with one decision", dup, []Decision{{Key: "08/KT", Treatment: Continue}}, "DUP_FUNCTION", false},
		{"a duplicate is settled when every member is decided", dup,
			[]Decision{{Key: "08/KT", Treatment: Continue}, {Key: "02/KT", Treatment: Merge, MergeInto: "08/KT"}}, "DUP_FUNCTION", true},
		{"two survivors leave the duplicate open", dup,
			[]Decision{{Key: "08/KT", Treatment: Continue}, {Key: "02/KT", Treatment: Continue}}, "DUP_FUNCTION", false},
		{"an orphan district system is settled by a new owner", []inventory.Element{el("024/A", app, "Một cửa")},
			[]Decision{{Key: "024/A", NewOwner: "Văn phòng UBND tỉnh"}}, "ORPHAN_DISTRICT", true},
		{"an orphan district system stays open with a note only", []inventory.Element{el("024/A", app, "Một cửa")},
			[]Decision{{Key: "024/A", Note: "xem sau"}}, "ORPHAN_DISTRICT", false},
		{"a split is settled by a candidate", []inventory.Element{el("00688/A", app, "Một cửa")},
			[]Decision{{Key: "00688/A", NewUnit: "00691"}}, "SPLIT_ALLOCATION", true},
		{"a split stays open with a unit that is not a candidate", []inventory.Element{el("00688/A", app, "Một cửa")},
			[]Decision{{Key: "00688/A", NewUnit: "00967"}}, "SPLIT_ALLOCATION", false},
		{"a missing level is settled by a note", []inventory.Element{el("08/KT", app, "Một cửa", fn("KTTTHC")), el("02/KT", app, "Một cửa", fn("KTTTHC"))},
			[]Decision{{Key: "08/KT", Note: "QĐ 12/QĐ-UBND phê duyệt cấp độ 3"}}, "SECURITY_SCOPE_GROWTH", true},
		{"MISSING_INVENTORY is never settled by a decision", []inventory.Element{el("08/A", app, "Quản lý cán bộ")},
			[]Decision{{Key: "08/A", Treatment: Continue, Note: "x"}}, "MISSING_INVENTORY", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := build(t, input(m, tc.els, nil, tc.decs))
			fs := flagsOf(p, tc.code)
			if len(fs) == 0 {
				t.Fatalf("no %s flag", tc.code)
			}
			if fs[0].Resolved != tc.resolved {
				t.Fatalf("%s resolved = %v, want %v (%+v)", tc.code, fs[0].Resolved, tc.resolved, fs[0])
			}
			if tc.resolved && len(fs[0].ResolvedBy) == 0 {
				t.Errorf("resolved flag names no deciding element")
			}
			var open, res int
			for _, s := range p.Provinces {
				for _, n := range s.Flags {
					open += n
				}
				for _, n := range s.Resolved {
					res += n
				}
			}
			if open+res != len(p.Flags) {
				t.Errorf("summary counts %d open + %d resolved, plan has %d flags", open, res, len(p.Flags))
			}
		})
	}
}

func TestFlagRulesDocumented(t *testing.T) {
	codes := map[string]bool{}
	for _, r := range FlagRules {
		if codes[r.Code] {
			t.Errorf("duplicate rule %s", r.Code)
		}
		codes[r.Code] = true
		if r.Action.VI == "" || r.Action.EN == "" || r.SettledBy == "" {
			t.Errorf("rule %s incomplete", r.Code)
		}
	}
	var list []string
	for c := range codes {
		list = append(list, c)
	}
	sort.Strings(list)
	if len(list) != 27 {
		t.Errorf("%d rules: %v", len(list), list)
	}
}

// The ID is the first five bytes of SHA-256 over code, new unit, elements
// and units joined by NUL: stored decisions and workbooks carry IDs, so the
// formula must not drift.
func TestFlagIDFormula(t *testing.T) {
	for _, f := range []Flag{
		{Code: "DUPLICATE_FUNCTION", NewUnit: "08", Elements: []string{"02/A", "08/B"}},
		{Code: "MISSING_INVENTORY", NewUnit: "08", Units: []string{"024", "026"}},
		{Code: "X", Elements: []string{"01/Đ"}, Units: []string{"01"}},
		{Code: strings.Repeat("LONG_CODE_", 7), NewUnit: "01"},
	} {
		h := sha256.Sum256([]byte(f.Code + "\x00" + f.NewUnit + "\x00" + strings.Join(f.Elements, "\x00") + "\x00" + strings.Join(f.Units, "\x00")))
		if want := f.Code + "-" + hex.EncodeToString(h[:5]); flagID(&f) != want {
			t.Errorf("flagID = %s, want %s", flagID(&f), want)
		}
	}
}
