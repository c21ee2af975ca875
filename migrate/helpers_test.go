package migrate

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
)

func builtin(t testing.TB) *mapping.Mapping {
	t.Helper()
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

type opt func(*inventory.Element)

// el returns a complete, unremarkable element: active, owned, hosted, with
// an approved security level, so that only what a test sets raises flags.
func el(key string, kind inventory.Kind, name string, opts ...opt) inventory.Element {
	unit, id, _ := inventory.SplitKey(key)
	e := inventory.Element{Unit: unit, ID: id, Kind: kind, Name: name, Owner: "Sở Khoa học và Công nghệ",
		Status: "active", RecordType: "original", Hosting: "provincial_dc", SecurityLevel: 3, SecurityDecision: "QĐ 1/2024"}
	for _, o := range opts {
		o(&e)
	}
	return e
}

func fn(code string) opt  { return func(e *inventory.Element) { e.FunctionCode = code } }
func status(s string) opt { return func(e *inventory.Element) { e.Status = s } }
func owner(s string) opt  { return func(e *inventory.Element) { e.Owner = s } }
func product(v, p, ver string) opt {
	return func(e *inventory.Element) { e.Vendor, e.Product, e.Version = v, p, ver }
}
func level(l int) opt   { return func(e *inventory.Element) { e.SecurityLevel = l } }
func users(n int64) opt { return func(e *inventory.Element) { e.Users = n } }
func contract(holder, end string) opt {
	return func(e *inventory.Element) { e.ContractHolder, e.ContractEnd = holder, end }
}
func hostedOn(k string) opt { return func(e *inventory.Element) { e.HostedOn = k } }
func reference() opt        { return func(e *inventory.Element) { e.RecordType = "reference" } }
func personal() opt         { return func(e *inventory.Element) { e.PersonalData = true } }
func codes(fields, vintage string) opt {
	return func(e *inventory.Element) { e.AdminCodeFields, e.CodeVintage = fields, vintage }
}
func districtKey() opt     { return func(e *inventory.Element) { e.HasDistrictLevel = true } }
func address(f string) opt { return func(e *inventory.Element) { e.AddressFields = f } }
func cost(c int64) opt     { return func(e *inventory.Element) { e.AnnualCost = c } }
func noDecision() opt      { return func(e *inventory.Element) { e.SecurityDecision = "" } }

func rel(from, to, kind, via string) inventory.Relation {
	unit, _, _ := inventory.SplitKey(from)
	return inventory.Relation{Owner: unit, From: from, To: to, Kind: kind, Via: via}
}

// input resolves the relations' endpoints against the elements, as import
// does.
func input(m *mapping.Mapping, els []inventory.Element, rels []inventory.Relation, decs []Decision) Input {
	keys := map[string]bool{}
	for i := range els {
		keys[els[i].Key()] = true
	}
	rs := append([]inventory.Relation(nil), rels...)
	for i := range rs {
		rs[i].FromOK, rs[i].ToOK = rs[i].FromOK || keys[rs[i].From], rs[i].ToOK || keys[rs[i].To]
	}
	return Input{Mapping: m, Elements: els, Relations: rs, Decisions: decs, AsOf: "2026-06-01"}
}

func build(t testing.TB, in Input) *Plan {
	t.Helper()
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func planJSON(t testing.TB, p *Plan) []byte {
	t.Helper()
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// synthetic generates an inventory over every old unit of m: perUnit
// elements for each province, a few for districts, and for every commune
// with probability communeShare. It stands in for the fixtures package in
// benchmarks and the determinism test.
func synthetic(m *mapping.Mapping, scale int, communeShare float64, seed uint64) ([]inventory.Element, []inventory.Relation) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e37))
	funcs := []string{"KTTTHC", "QLVBDH", "HOP_TT", "BAO_CAO", "LGSP", "CONG_DVC", "CONG_TTDT", "EMAIL", "IOC", "SSO", "KHO_DL", "SOC", "DC"}
	names := map[string]string{"KTTTHC": "Hệ thống thông tin giải quyết TTHC", "QLVBDH": "Phần mềm QLVBĐH", "HOP_TT": "Hệ thống họp trực tuyến",
		"BAO_CAO": "Hệ thống báo cáo", "LGSP": "Nền tảng tích hợp, chia sẻ dữ liệu LGSP", "CONG_DVC": "Cổng DVC", "CONG_TTDT": "Cổng TTĐT",
		"EMAIL": "Hệ thống thư điện tử", "IOC": "Trung tâm giám sát, điều hành thông minh IOC", "SSO": "Hệ thống xác thực tập trung",
		"KHO_DL": "Kho dữ liệu dùng chung", "SOC": "Trung tâm giám sát an toàn thông tin SOC", "DC": "Trung tâm dữ liệu"}
	vendors := []string{"VNPT", "Viettel", "FPT", "CMC", "MISA"}
	sectors := []string{"đất đai", "hộ tịch", "y tế", "giáo dục", "giao thông", "xây dựng", "nông nghiệp", "lao động", "văn hoá", "tài chính"}
	var els []inventory.Element
	var rels []inventory.Relation
	for _, u := range m.OldUnits {
		var n int
		switch u.Level {
		case mapping.Province:
			n = 30 * scale
		case mapping.District:
			n = 3 * scale
		default:
			if r.Float64() >= communeShare {
				continue
			}
			n = 6 * scale
		}
		first := len(els)
		for i := range n {
			kind := inventory.Application
			e := inventory.Element{Unit: u.Code, ID: fmt.Sprintf("E%04d", i+1), Owner: "UBND " + u.Name, Status: "active",
				RecordType: "original", Hosting: "provincial_dc", SecurityLevel: 1 + r.IntN(4), SecurityDecision: "QĐ",
				Users: int64(r.IntN(20000)), AnnualCost: int64(r.IntN(500)) * 1_000_000}
			if i < len(funcs) && u.Level != mapping.Commune {
				e.FunctionCode = funcs[i]
				e.Name = names[funcs[i]] + " " + u.Name
				v := vendors[r.IntN(len(vendors))]
				e.Vendor, e.Product, e.Version = v, v+" "+funcs[i], fmt.Sprint(1+r.IntN(3))
				if funcs[i] == "CONG_DVC" || funcs[i] == "CONG_TTDT" {
					kind = inventory.Portal
				}
			} else if i%5 == 4 {
				kind = inventory.Dataset
				e.Name = "CSDL " + sectors[r.IntN(len(sectors))] + " " + u.Name
				e.AdminCodeFields, e.CodeVintage, e.PersonalData = "ma_xa", "pre2025", r.IntN(2) == 0
			} else {
				e.Name = "Phần mềm quản lý " + sectors[r.IntN(len(sectors))] + fmt.Sprintf(" %d", r.IntN(1000))
			}
			if r.IntN(10) == 0 {
				e.Status = "retiring"
			}
			if r.IntN(8) == 0 {
				e.ContractEnd = fmt.Sprintf("2026-%02d-15", 1+r.IntN(12))
				e.ContractHolder = "Sở TT&TT " + u.Name
			}
			e.Kind = kind
			els = append(els, e)
		}
		for i := first + 1; i < len(els); i += 3 {
			via := []string{"lgsp", "direct", "ndxp"}[r.IntN(3)]
			to := els[first].Key()
			if r.IntN(20) == 0 {
				to = u.Code + "/MISSING"
			}
			rels = append(rels, inventory.Relation{Owner: u.Code, From: els[i].Key(), To: to, Kind: "integrates", Via: via, FromOK: true, ToOK: to != u.Code+"/MISSING"})
		}
	}
	return els, rels
}
