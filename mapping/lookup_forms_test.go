package mapping

import (
	"slices"
	"strings"
	"testing"
)

// bareName returns a unit's name without its type word, as written
// ("Xã Bản Vược" → "Bản Vược").
func bareName(u Unit) string {
	typ, _ := SplitUnitType(Fold(u.Name))
	if typ == "" {
		return u.Name
	}
	return strings.Join(strings.Fields(u.Name)[strings.Count(string(typ), " ")+1:], " ")
}

// unaccented folds every part of an address, keeping its commas.
func unaccented(q string) string {
	parts := strings.Split(q, ",")
	for i, p := range parts {
		parts[i] = Fold(p)
	}
	return strings.Join(parts, ", ")
}

func hasUnit(a Answer, u Unit) bool {
	return slices.ContainsFunc(a.Matches, func(m Match) bool { return m.Unit == u })
}

// TestBareStreetWordNames looks up every commune, old and new, whose name
// starts with a word that also opens a street or hamlet part (Bản, Làng,
// Lang, Phố, Xóm, Sóc…): bare, unaccented, with its type word, and in a
// full address. A bare name is a unit name first: it must find the commune.
func TestBareStreetWordNames(t *testing.T) {
	m := builtinT(t)
	ix := m.Index()
	n := 0
	for _, v := range []Vintage{Old, New} {
		units := m.OldUnits
		if v == New {
			units = m.NewUnits
		}
		// How many units of the vintage share each name key.
		same := map[string]int{}
		for _, u := range units {
			same[NameKey(u.Name)]++
		}
		for _, u := range units {
			if u.Level != Commune || !isStreetPart(Fold(bareName(u))) {
				continue
			}
			n++
			bare := bareName(u)
			for _, q := range []string{bare, Fold(bare), u.Name, Fold(u.Name)} {
				a := ix.Resolve(q, v)
				if !hasUnit(a, u) {
					t.Errorf("%s %q: %s %v, want %s %s", v, q, a.Status, codes(a), u.Code, u.Name)
					continue
				}
				if same[NameKey(u.Name)] == 1 && a.Status != Resolved {
					t.Errorf("%s %q: %s %v, want resolved: the name is unique", v, q, a.Status, codes(a))
				}
			}
			// In a full address, with the parents of its vintage.
			parts := []string{bare}
			for p := u.Parent; p != ""; {
				pu, _ := m.Unit(Ref{v, p})
				parts = append(parts, bareName(pu))
				p = pu.Parent
			}
			q := strings.Join(parts, ", ")
			if a := ix.Resolve(q, v); a.Status != Resolved || a.Matches[0].Unit != u {
				if sameIn(m, u, v) == 1 {
					t.Errorf("%s %q: %s %v, want %s", v, q, a.Status, codes(a), u.Code)
				}
			}
		}
	}
	if n < 150 {
		t.Errorf("only %d communes start with a street or hamlet word", n)
	}
}

// sameIn counts the units of u's vintage with u's name key under u's
// parent.
func sameIn(m *Mapping, u Unit, v Vintage) int {
	k := NameKey(u.Name)
	n := 0
	for _, c := range m.Children(Ref{v, u.Parent}) {
		cu, _ := m.Unit(Ref{v, c})
		if NameKey(cu.Name) == k {
			n++
		}
	}
	return n
}

// TestAccuracyEveryOldCommune looks up every old commune in its plain and
// unaccented forms, full and bare, with and without its district and
// province. With its district the answer must be the commune alone
// wherever its name is unique in the district; in every form the commune
// must be among the candidates (a bare number is a code, not a name).
func TestAccuracyEveryOldCommune(t *testing.T) {
	m := builtinT(t)
	ix := m.Index()
	inDistrict := map[[2]string]int{}
	for _, u := range m.OldUnits {
		if u.Level == Commune {
			inDistrict[[2]string{u.Parent, NameKey(u.Name)}]++
		}
	}
	type form struct {
		name   string
		query  string
		unique bool
	}
	total, failed := 0, 0
	for _, u := range m.OldUnits {
		if u.Level != Commune {
			continue
		}
		d, _ := m.OldUnit(u.Parent)
		p, _ := m.OldUnit(d.Parent)
		uniq := inDistrict[[2]string{u.Parent, NameKey(u.Name)}] == 1
		forms := []form{
			{"full", u.Name + ", " + d.Name + ", " + p.Name, uniq},
			{"bare", bareName(u) + ", " + bareName(d) + ", " + bareName(p), uniq},
			{"with its district", u.Name + ", " + d.Name, false},
			{"commune and province", u.Name + ", " + p.Name, false},
			{"bare commune and province", bareName(u) + ", " + bareName(p), false},
			{"commune alone", u.Name, false},
		}
		if !IsDigits(bareName(u)) {
			forms = append(forms, form{"bare commune alone", bareName(u), false})
		}
		for _, f := range forms {
			for _, q := range []string{f.query, unaccented(f.query)} {
				total++
				a := ix.ResolveQuick(q, Old)
				switch {
				case !hasUnit(a, u):
					failed++
					t.Errorf("%s %q: %s %v, want %s %s among them", f.name, q, a.Status, codes(a), u.Code, u.Name)
				case f.unique && a.Status != Resolved:
					failed++
					t.Errorf("%s %q: %s %v, want %s alone: the name is unique in its district", f.name, q, a.Status, codes(a), u.Code)
				}
				if failed > 50 {
					t.Fatalf("stopping after %d failures of %d queries", failed, total)
				}
			}
		}
	}
	if total < 10035*12 {
		t.Errorf("%d queries, want at least 12 for each of 10,035 communes", total)
	}
}

// namesFirst reports whether the first comma part of q, after its type
// word, starts with u's name (or an alias of it): what a query must look
// like for u, coarser than a commune, to be called found.
func namesFirst(q string, u Unit) bool {
	first, _, _ := strings.Cut(string(foldAppend(nil, q, true)), ",")
	_, rest := SplitUnitType(strings.TrimSpace(first))
	key := NameKey(u.Name)
	words := strings.Fields(rest)
	for n := 1; n <= len(words); n++ {
		p := strings.Join(words[:n], " ")
		if p == key || canonNumber(p) == key || ProvinceAliases[p] == key {
			return true
		}
	}
	return NameKey(rest) == key
}

// checkLevel fails when an answer calls a unit coarser than a commune found
// although the query has words before it that name nothing.
func checkLevel(t *testing.T, q string, a Answer) {
	t.Helper()
	switch a.Status {
	case Resolved:
		if u := a.Matches[0].Unit; u.Level != Commune && !strings.Contains(q, ":") && !IsDigits(strings.TrimSpace(q)) && !namesFirst(q, u) {
			t.Fatalf("%q: resolved to %s %s %s, coarser than the words before it", q, u.Level, u.Code, u.Name)
		}
	case PartlyFound:
		if len(a.Matches) != 1 || a.Unrecognised == "" || a.Matches[0].Unit.Level == Commune {
			t.Fatalf("%q: partial with %v, unrecognised %q", q, codes(a), a.Unrecognised)
		}
	}
}

// FuzzResolveLevel checks that a lookup never answers a unit coarser than
// the query asks for while calling it found: any words before a district
// or province that name nothing make the answer partial.
func FuzzResolveLevel(f *testing.F) {
	for _, s := range []string{"Bản Vược, Bát Xát, Lào Cai", "Bản Xyz, Bát Xát, Lào Cai", "xa viet lamm, vi xuyen", "Thôn 3, Huyện Vị Xuyên",
		"UBND huyện Vị Xuyên", "Tổ 5, Quận 1, TP.HCM", "Lang Thíp, Văn Yên, Yên Bái", "Làng Mới, Hà Giang", "12 Trần Phú Quận 1",
		"Phố Huế, Hai Bà Trưng, Hà Nội", "Xóm Củi, Quận 8", "Mỹ Tiến, Mỹ Lộc, Nam Định", "Sóc Sơn", "Khu 3, Sóc Sơn, Hà Nội"} {
		f.Add(s)
	}
	ix := builtinT(f).Index()
	f.Fuzz(func(t *testing.T, q string) {
		for _, v := range []Vintage{Old, New} {
			checkLevel(t, q, ix.ResolveQuick(q, v))
		}
	})
}

// FuzzAddressPrefix puts any text before the district and province of an
// old commune: the answer is never the district called found.
func FuzzAddressPrefix(f *testing.F) {
	for _, s := range []string{"Bản Xyz", "xa viet lamm", "Thôn 3", "Số 12 đường Trần Phú", "Phường Không Có", "ấp 4", "ban"} {
		f.Add(s, uint16(967))
	}
	m := builtinT(f)
	ix := m.Index()
	var communes []Unit
	for _, u := range m.OldUnits {
		if u.Level == Commune {
			communes = append(communes, u)
		}
	}
	f.Fuzz(func(t *testing.T, prefix string, i uint16) {
		u := communes[int(i)%len(communes)]
		d, _ := m.OldUnit(u.Parent)
		p, _ := m.OldUnit(d.Parent)
		q := prefix + ", " + d.Name + ", " + p.Name
		a := ix.ResolveQuick(q, Old)
		checkLevel(t, q, a)
		if a.Status == Resolved && a.Matches[0].Unit.Level == Commune && !slices.Contains(m.Children(d.Ref()), a.Matches[0].Unit.Code) {
			t.Fatalf("%q: resolved to %v, not in %s", q, a.Matches[0].Unit, d.Name)
		}
	})
}

// TestLongQuery: a query over MaxQueryBytes is not read, whatever it holds.
func TestLongQuery(t *testing.T) {
	ix := builtinT(t).Index()
	long := strings.Repeat("Thôn Bản Vược ", 1<<20/len("Thôn Bản Vược ")) + ", Xã Việt Lâm, Vị Xuyên, Hà Giang"
	for _, q := range []string{long, strings.Repeat("x", 1<<20), strings.Repeat(",", MaxQueryBytes+1)} {
		a := ix.Resolve(q, Old)
		if a.Status != NotFound || !a.TooLong || len(a.Matches) != 0 || a.Nearest != nil {
			t.Errorf("%d-byte query: %s, too long %v, %d matches", len(q), a.Status, a.TooLong, len(a.Matches))
		}
	}
	// Just under the bound, it is read (and its last parts name the unit).
	q := strings.Repeat("a ", (MaxQueryBytes-100)/2) + ", Xã Việt Lâm, Vị Xuyên, Hà Giang"
	if a := ix.Resolve(q, Old); a.Status != Resolved || a.Matches[0].Unit.Code != "00967" {
		t.Errorf("%d-byte query: %s %v", len(q), a.Status, codes(a))
	}
}
