package reports

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ndta-vn/archmerge/migrate"
)

// FuzzApplyAcrossRows fills the decision columns of several rows of a
// province workbook (whose plan has a retire and a merge in force) with
// what the fuzzer chooses, three bytes a row: the row, the decision, the
// merge target (an element of the province, of another province, or an
// unknown key). Reading and checking it (ReadDecisions, Check) never
// panics, and whatever Check accepts holds together with the decisions in
// force: every key once and in the province, every merge into another
// element of the province, and no contradiction (migrate.Contradictions)
// that involves a row of the workbook.
func FuzzApplyAcrossRows(f *testing.F) {
	m := builtin(f)
	in := fixtureInput(f, m, 0.15, "02", "08")
	in.Provinces = []string{"08"}
	p0 := build(f, in)
	var keys []string
	other := ""
	for _, e := range p0.Elements {
		if e.NewProvince == "08" && len(keys) < 6 {
			keys = append(keys, e.Key)
		} else if e.NewProvince != "08" && other == "" {
			other = e.Key
		}
	}
	if len(keys) < 6 {
		f.Fatalf("only %d elements in 08", len(keys))
	}
	in.Decisions = []migrate.Decision{
		{Key: keys[4], Treatment: migrate.Retire, At: "2026-01-01T00:00:00Z"},
		{Key: keys[5], Treatment: migrate.Merge, MergeInto: keys[3], At: "2026-01-01T00:00:00Z"},
	}
	p := build(f, in)
	src, err := WriteProvince(context.Background(), f.TempDir(), p, m, "08", testMeta(p, "vi"))
	if err != nil {
		f.Fatal(err)
	}
	targets := append(append([]string{}, keys...), other, "08/KHONG-CO", "")
	decisions := []string{"", "Tiếp tục sử dụng", "Chuẩn hoá, kết nối", "Nâng cấp, mở rộng", "Hợp nhất", "Dừng sử dụng", "Đầu tư mới", "có lẽ"}
	for _, seed := range [][]byte{
		{0, 4, 1},             // a merge into another element
		{0, 4, 1, 1, 4, 0},    // a cycle across rows
		{0, 4, 4},             // into the element retired in force
		{3, 5, 0},             // retiring what a merge in force goes into
		{0, 4, 0},             // into itself
		{0, 4, 6, 1, 4, 7},    // another province's, an unknown key
		{0, 1, 0, 1, 5, 0},    // plain decisions
		{2, 4, 1, 1, 4, 3, 3}, // a chain, and a byte left over
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		edits := map[string]map[string]string{}
		for i := 0; i+2 < len(data) && i < 3*len(keys); i += 3 {
			k := keys[int(data[i])%len(keys)]
			di := int(data[i+1]) % len(decisions)
			e := map[string]string{"Quyết định": decisions[di]}
			if di == 4 || data[i+2]%2 == 1 { // a merge, or a target on another decision
				e["Hợp nhất vào"] = targets[int(data[i+2])%len(targets)]
			}
			edits[k] = e
		}
		if len(edits) == 0 {
			return
		}
		dst := filepath.Join(t.TempDir(), "filled.xlsx")
		fill(t, src, dst, edits)
		fl, probs, err := ReadDecisions(dst)
		if err != nil {
			t.Fatal(err)
		}
		if len(probs) > 0 {
			return // an unknown decision word: refused, as it must be
		}
		ck, probs := Check([]*Filled{fl}, p, "ws-test")
		if len(probs) > 0 {
			return
		}
		byKey := map[string]*migrate.PlannedElement{}
		for i := range p.Elements {
			byKey[p.Elements[i].Key] = &p.Elements[i]
		}
		chosen := map[string]bool{}
		overlay := []migrate.Decision{}
		for _, d := range ck.Decisions {
			e := byKey[d.Key]
			if chosen[d.Key] || e == nil || e.NewProvince != "08" {
				t.Fatalf("decision %+v: recorded twice, or not of the province", d)
			}
			chosen[d.Key] = true
			if d.Treatment == migrate.Merge {
				if t2 := byKey[d.MergeInto]; t2 == nil || t2.NewProvince != "08" || d.MergeInto == d.Key {
					t.Fatalf("merge %s into %q accepted", d.Key, d.MergeInto)
				}
			}
			overlay = append(overlay, d)
		}
		for _, d := range in.Decisions {
			if !chosen[d.Key] {
				overlay = append(overlay, d)
			}
		}
		provinceOf := func(k string) string {
			if e := byKey[k]; e != nil {
				return e.NewProvince
			}
			return ""
		}
		for _, c := range migrate.Contradictions(overlay, provinceOf) {
			if chosen[c.Key] || chosen[c.MergeInto] {
				t.Fatalf("accepted a contradiction: %+v (edits %v)", c, edits)
			}
		}
	})
}
