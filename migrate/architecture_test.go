package migrate

import (
	"slices"
	"testing"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
)

// mergedCommunes finds a new commune of province 08 formed whole from at
// least three old communes, each of which it alone succeeds.
func mergedCommunes(t *testing.T, m *mapping.Mapping) (string, []string) {
	t.Helper()
	for _, u := range m.NewUnits {
		if u.Level != mapping.Commune || m.NewProvince(u.Code) != "08" {
			continue
		}
		var olds []string
		for _, l := range m.Predecessors(u.Code) {
			if o, ok := m.OldUnit(l.Old); ok && o.Level == mapping.Commune && len(m.Successors(l.Old)) == 1 {
				olds = append(olds, l.Old)
			}
		}
		if len(olds) >= 3 && len(olds) == len(m.Predecessors(u.Code)) {
			slices.Sort(olds)
			return u.Code, olds[:3]
		}
	}
	t.Fatal("no new commune of 08 made of three whole old communes")
	return "", nil
}

func relationsOf(a *Architecture) map[[3]string][]string {
	out := map[[3]string][]string{}
	for _, r := range a.Relations {
		out[[3]string{r.From, r.To, r.Kind}] = r.Before
	}
	return out
}

func TestConsolidateReferencesOncePerNewUnit(t *testing.T) {
	m := builtin(t)
	newCommune, olds := mergedCommunes(t, m)
	var els []inventory.Element
	var rels []inventory.Relation
	els = append(els, el("08/KTTTHC", inventory.Application, "Hệ thống thông tin giải quyết TTHC tỉnh Tuyên Quang", fn("KTTTHC")))
	sectors := []string{"đất đai", "y tế", "giáo dục"} // distinct systems: no cluster
	for i, c := range olds {
		els = append(els,
			// The province's system, referenced by each commune.
			el(c+"/KTTTHC", inventory.Application, "Hệ thống thông tin giải quyết TTHC tỉnh Tuyên Quang", fn("KTTTHC"), reference()),
			// A national platform, named as each commune writes it.
			el(c+"/VNEID", inventory.Application, "Ứng dụng VNeID", reference()),
			el(c+"/HT", inventory.Application, "Phần mềm quản lý "+sectors[i]),
		)
		rels = append(rels, rel(c+"/KTTTHC", "08/KTTTHC", "uses", ""), rel(c+"/HT", c+"/VNEID", "integrates", "ndxp"))
	}
	p := build(t, input(m, els, rels, nil))
	a := Consolidate(p, m)

	after := 0
	for _, s := range p.Provinces {
		after += s.ElementsAfter
	}
	if len(a.Elements) != after {
		t.Fatalf("%d elements, the summaries count %d", len(a.Elements), after)
	}
	byKey := map[string]ArchElement{}
	for _, e := range a.Elements {
		byKey[e.Key] = e
	}
	for _, id := range []string{"KTTTHC", "VNEID"} {
		first := olds[0] + "/" + id
		e, ok := byKey[first]
		if !ok {
			t.Fatalf("%s, the first reference of %s, is not exported", first, newCommune)
		}
		if want := []string{olds[1] + "/" + id, olds[2] + "/" + id}; !slices.Equal(e.SameReference, want) {
			t.Errorf("%s stands for %v, want %v", first, e.SameReference, want)
		}
		for _, c := range olds[1:] {
			if _, ok := byKey[c+"/"+id]; ok {
				t.Errorf("%s/%s exported besides %s", c, id, first)
			}
		}
	}
	got := relationsOf(a)
	uses := got[[3]string{olds[0] + "/KTTTHC", "08/KTTTHC", "uses"}]
	if len(uses) != 3 {
		t.Errorf("the three communes' uses of 08/KTTTHC became %v, want one relation from three", uses)
	}
	for _, c := range olds {
		if b := got[[3]string{c + "/HT", olds[0] + "/VNEID", "integrates"}]; len(b) != 1 || b[0] != c+"/HT>"+c+"/VNEID" {
			t.Errorf("%s/HT integrates the new commune's one VNeID reference: %v", c, b)
		}
	}
}

func TestConsolidateHosting(t *testing.T) {
	m := builtin(t)
	els := []inventory.Element{
		el("08/HOST01", inventory.Host, "Máy chủ 1"),
		el("02/HOST01", inventory.Host, "Máy chủ 1"), // merged into 08/HOST01 by decision
		el("08/HOST09", inventory.Host, "Máy chủ cũ", status("retired")),
		el("08/A", inventory.Application, "Ứng dụng A", hostedOn("HOST01")), // a bare id of its unit
		el("02/B", inventory.Application, "Ứng dụng B", hostedOn("02/HOST01")),
		el("08/C", inventory.Application, "Ứng dụng C", hostedOn("08/HOST09")),
		el("08/D", inventory.Application, "Ứng dụng D", hostedOn("08/KHONG_CO")),
		el("08/E", inventory.Application, "Ứng dụng E", hostedOn("01/HOST01")), // Hà Nội: outside the plan
		el("01/HOST01", inventory.Host, "Máy chủ Hà Nội"),
		el("08/F", inventory.Application, "Ứng dụng F", hostedOn("08/F")),
	}
	rels := []inventory.Relation{rel("08/A", "08/HOST01", "hosted_on", "")} // declared too: one relation
	decs := []Decision{{Key: "02/HOST01", Treatment: Merge, MergeInto: "08/HOST01", At: "2026-01-01T00:00:00Z"}}
	in := input(m, els, rels, decs)
	in.Provinces = []string{"08"}
	a := Consolidate(build(t, in), m)
	got := relationsOf(a)
	cases := []struct {
		name, from, to string
		before         []string
	}{
		{"a bare id, declared as a relation too", "08/A", "08/HOST01", []string{"08/A>08/HOST01", "08/A>08/HOST01"}},
		{"a host merged into another", "02/B", "08/HOST01", []string{"02/B>02/HOST01"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if b := got[[3]string{tc.from, tc.to, "hosted_on"}]; !slices.Equal(b, tc.before) {
				t.Errorf("%s hosted on %s from %v, want %v", tc.from, tc.to, b, tc.before)
			}
		})
	}
	if len(a.Relations) != len(cases) {
		t.Errorf("relations %+v", a.Relations)
	}
	// Retired host, undeclared host, a host outside the plan, itself.
	if a.DroppedHosting != 4 {
		t.Errorf("%d hosted_on values dropped, want 4", a.DroppedHosting)
	}
}

func TestConsolidateCountsAsSummaries(t *testing.T) {
	m := builtin(t)
	els, rels := synthetic(m, 1, 0.3, 5)
	// References to national platforms and provincial systems from every
	// commune that has an inventory, and some with an unknown unit.
	n := len(els)
	for i := range n {
		e := els[i]
		if u, ok := m.OldUnit(e.Unit); !ok || u.Level != mapping.Commune || e.ID != "E0001" {
			continue
		}
		prov := m.OldProvince(e.Unit)
		els = append(els,
			el(e.Unit+"/VNEID", inventory.Application, "Ứng dụng định danh điện tử VNeID", reference()),
			el(e.Unit+"/KTTTHC", inventory.Application, "Hệ thống thông tin giải quyết TTHC tỉnh "+prov, reference()))
		rels = append(rels, rel(e.Unit+"/KTTTHC", prov+"/E0001", "uses", ""))
	}
	els = append(els, el("99999/X", inventory.Application, "Ứng dụng của đơn vị không có trong bảng"))
	p := build(t, input(m, els, rels, nil))
	a := Consolidate(p, m)
	perProv := map[string]int{}
	for _, e := range a.Elements {
		perProv[e.NewProvince]++
	}
	for _, s := range p.Provinces {
		if perProv[s.Code] != s.ElementsAfter {
			t.Errorf("province %s: %d elements exported, the summary counts %d", s.Code, perProv[s.Code], s.ElementsAfter)
		}
	}
	if a.Unrouted != 1 {
		t.Errorf("%d unrouted elements, want 1 (99999/X)", a.Unrouted)
	}
	alive := map[string]bool{}
	for _, e := range a.Elements {
		alive[e.Key] = true
	}
	seen := map[[4]string]bool{}
	for _, r := range a.Relations {
		k := [4]string{r.From, r.To, r.Kind, r.Via}
		if !alive[r.From] || !alive[r.To] || r.From == r.To || seen[k] {
			t.Fatalf("relation %+v: an end not exported, a loop, or a repeat", r)
		}
		seen[k] = true
	}
}
