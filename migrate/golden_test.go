package migrate

import (
	"bytes"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/ndta-vn/archmerge/internal/golden"

	"github.com/ndta-vn/archmerge/fixtures"
	"github.com/ndta-vn/archmerge/inventory"
)

// tuyenQuang is the two-province scenario of the golden test: new 08 Tuyên
// Quang = old 08 Tuyên Quang (code kept) + old 02 Hà Giang (absorbed), with
// an abolished district (024 Thành phố Hà Giang), a split commune (00688
// Phường Quang Trung), duplicates at province and commune level, a dangling
// and a point-to-point integration, a relation whose ends merge into one,
// and a dataset keyed by old codes.
func tuyenQuang() ([]inventory.Element, []inventory.Relation, []Decision) {
	els := []inventory.Element{
		el("08/KTTTHC", app, "Hệ thống thông tin giải quyết TTHC tỉnh Tuyên Quang", fn("KTTTHC"), product("VNPT", "iGate", "3.1"), users(250000), cost(900_000_000),
			contract("Sở KH&CN Tuyên Quang", "2026-11-30"), personal()),
		el("02/KTTTHC", app, "Hệ thống một cửa điện tử tỉnh Hà Giang", fn("KTTTHC"), product("Viettel", "VOffice-MC", "2"), level(2), users(120000), cost(600_000_000),
			contract("Sở TT&TT Hà Giang", "2027-12-31"), personal()),
		el("024/MC", app, "Phần mềm một cửa thành phố Hà Giang", fn("KTTTHC"), owner("UBND thành phố Hà Giang"), level(0), noDecision(), users(3000)),
		el("024/SRV", host, "Máy chủ UBND thành phố Hà Giang", owner("UBND thành phố Hà Giang")),
		el("08/QLVB", app, "Phần mềm QLVBĐH", fn("QLVBDH"), product("VNPT", "iOffice", "4")),
		el("02/QLVB", app, "Hệ thống quản lý văn bản và điều hành", fn("QLVBDH"), product("VNPT", "iOffice", "4"), status("retiring"), hostedOn("024/SRV")),
		el("08/LGSP", inventory.Platform, "Nền tảng LGSP tỉnh Tuyên Quang", fn("LGSP")),
		el("02/LGSP", inventory.Platform, "Nền tảng LGSP tỉnh Hà Giang", fn("LGSP")),
		el("08/CONGDVC", portal, "Cổng dịch vụ công tỉnh Tuyên Quang", fn("CONG_DVC")),
		el("02/CONGDVC", portal, "Cổng DVC tỉnh Hà Giang", fn("CONG_DVC")),
		el("08/NDXP", inventory.Platform, "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)", reference()),
		el("02/NDXP", inventory.Platform, "NDXP", reference()),
		el("08/HOTICH", dataset, "CSDL hộ tịch tỉnh Tuyên Quang", fn("HO_TICH"), codes("ma_tinh,ma_huyen,ma_xa", "pre2025"), districtKey(), personal()),
		el("02/DATDAI", app, "Phần mềm quản lý đất đai", fn("DAT_DAI"), owner(""), hostedOn("024/SRV")),
		el("00688/HT", dataset, "Sổ hộ tịch điện tử phường Quang Trung", fn("HO_TICH"), address("dia_chi_thuong_tru")),
		el("00691/WEB", portal, "Trang thông tin điện tử phường Trần Phú", owner("UBND phường Trần Phú")),
		el("00692/WEB", portal, "Trang TTĐT phường Ngọc Hà", owner("UBND phường Ngọc Hà")),
	}
	rels := []inventory.Relation{
		rel("08/CONGDVC", "08/KTTTHC", "integrates", "lgsp"),
		rel("02/CONGDVC", "02/KTTTHC", "integrates", "direct"),
		rel("02/DATDAI", "08/HOTICH", "integrates", "lgsp"),
		rel("08/KTTTHC", "08/DVCQG", "integrates", "ndxp"),
		rel("02/QLVB", "024/MC", "integrates", "lgsp"),
		rel("02/DATDAI", "02/LGSP", "uses", ""),
		rel("02/LGSP", "08/LGSP", "integrates", "lgsp"), // 02/LGSP merges into 08/LGSP: the relation ends
	}
	decs := []Decision{
		{Key: "00688/HT", NewUnit: "00691", By: "cb.sokhcn", At: "2026-05-20T08:00:00Z", File: "08-tuyen-quang.xlsx"},
	}
	return els, rels, decs
}

func TestGoldenPlan(t *testing.T) {
	m := builtin(t)
	els, rels, decs := tuyenQuang()
	got := planJSON(t, build(t, input(m, els, rels, decs)))
	golden.Check(t, filepath.Join("testdata", "tuyen-quang", "plan.golden.json"), got)
}

func TestPlanIsDeterministic(t *testing.T) {
	m := builtin(t)
	tests := []struct {
		name string
		gen  func() ([]inventory.Element, []inventory.Relation, []Decision)
	}{
		{"two provinces", tuyenQuang},
		{"fixtures of new province 08", func() ([]inventory.Element, []inventory.Relation, []Decision) {
			var els []inventory.Element
			var rels []inventory.Relation
			for _, p := range fixtures.Generate(m, fixtures.Options{Scale: 1, Seed: 3, Provinces: []string{"02", "08"}}) {
				els = append(els, p.Inventory.Elements...)
				rels = append(rels, p.Inventory.Relations...)
			}
			return els, rels, []Decision{{Key: els[0].Key(), Treatment: Merge, MergeInto: els[1].Key()}}
		}},
		{"whole country, sampled", func() ([]inventory.Element, []inventory.Relation, []Decision) {
			els, rels := synthetic(m, 1, 0.02, 7)
			return els, rels, []Decision{{Key: els[3].Key(), Treatment: Retire}, {Key: els[40].Key(), NewOwner: "Sở KH&CN"}}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			els, rels, decs := tc.gen()
			first := planJSON(t, build(t, input(m, els, rels, decs)))
			r := rand.New(rand.NewPCG(1, 2))
			for range 2 {
				r.Shuffle(len(els), func(i, j int) { els[i], els[j] = els[j], els[i] })
				r.Shuffle(len(rels), func(i, j int) { rels[i], rels[j] = rels[j], rels[i] })
				r.Shuffle(len(decs), func(i, j int) { decs[i], decs[j] = decs[j], decs[i] })
				again := planJSON(t, build(t, input(m, els, rels, decs)))
				if !bytes.Equal(first, again) {
					t.Fatalf("plan changed with input order:\n%s", golden.Diff(string(first), string(again)))
				}
			}
			// The input's digest made before (as a batch makes it for
			// the plan's id) gives the same plan.
			in := input(m, els, rels, decs)
			in.Digest = DigestOf(in)
			if again := planJSON(t, build(t, in)); !bytes.Equal(first, again) {
				t.Fatalf("plan changed with its digest made before:\n%s", golden.Diff(string(first), string(again)))
			}
		})
	}
}

func TestPlanOnly(t *testing.T) {
	m := builtin(t)
	els, rels, decs := tuyenQuang()
	els = append(els, el("01/KT", app, "Một cửa Hà Nội", fn("KTTTHC")), el("01/KT2", app, "Một cửa Hà Nội 2", fn("KTTTHC")))
	whole := build(t, input(m, els, rels, decs))
	only := build(t, func() Input { in := input(m, els, rels, decs); in.Provinces = []string{"08"}; return in }())
	view := whole.Only([]string{"08"})
	if len(whole.Provinces) != 2 || len(view.Provinces) != 1 || view.Provinces[0].Code != "08" {
		t.Fatalf("view provinces %+v", view.Provinces)
	}
	// The view of the whole plan and the plan of 08 alone agree but for
	// the ids and fingerprints.
	view.ID, view.Fingerprint, only.ID, only.Fingerprint = "", "", "", ""
	view.Provinces[0].Fingerprint, only.Provinces[0].Fingerprint = "", ""
	if a, b := planJSON(t, view), planJSON(t, only); !bytes.Equal(a, b) {
		t.Errorf("view of the whole plan differs from the plan of 08:\n%s", golden.Diff(string(b), string(a)))
	}
	if whole.Only(nil) != whole {
		t.Errorf("Only(nil) is not the plan itself")
	}
}
