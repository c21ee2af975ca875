package mapping

import (
	"slices"
	"strings"
	"testing"
)

func historyT(tb testing.TB) *History {
	tb.Helper()
	h := builtinT(tb).History()
	if h == nil {
		tb.Fatal("the built-in mapping has no history")
	}
	return h
}

// TestHistoryLeadsToBuiltin checks that the versions in force at the end
// of the history are the old units of the built-in mapping, so that the
// mapping takes the history.
func TestHistoryLeadsToBuiltin(t *testing.T) {
	m := builtinT(t)
	if m.History() == nil {
		t.Fatal("the built-in mapping has no history")
	}
	h := m.History()
	starts := map[Level]int{}
	for _, v := range h.Versions {
		if v.From == "" {
			starts[v.Level]++
		}
	}
	if starts[Province] != 63 || starts[District] != 713 || starts[Commune] != 11162 {
		t.Errorf("the first list has %v units, want 63 provinces, 713 districts, 11,162 communes", starts)
	}
	// A mapping whose old side is another list takes no history.
	other := NewMapping("x", []Unit{{Code: "01", Name: "Tỉnh A", Level: Province}}, nil, nil)
	if other.History() != nil {
		t.Error("a mapping of other units took the history")
	}
}

// TestHistoryConsistent checks the shape of the data: each code's versions
// follow one another without gap or overlap, every version that ends has
// the change that ended it, every change names versions that exist, and
// every version's parent exists when the version starts.
func TestHistoryConsistent(t *testing.T) {
	h := historyT(t)
	type key struct {
		l Level
		c string
	}
	codes := map[key]bool{}
	for _, v := range h.Versions {
		codes[key{v.Level, v.Code}] = true
	}
	byCode := map[string]Level{}
	for k := range codes {
		if l, ok := byCode[k.c]; ok && l != k.l {
			t.Errorf("code %s is both %s and %s", k.c, l, k.l)
		}
		byCode[k.c] = k.l
		vs := h.VersionsOf(k.l, k.c)
		for i := 1; i < len(vs); i++ {
			if vs[i-1].To != vs[i].From {
				t.Errorf("%s %s: version ending %q is followed by one starting %q", k.l, k.c, vs[i-1].To, vs[i].From)
			}
		}
		ends := map[string]bool{}
		for _, c := range h.ChangesOf(k.l, k.c) {
			ends[c.Date] = ends[c.Date] || c.Kind != ChangeCreate
		}
		for _, v := range vs {
			if v.To != "" && !ends[v.To] {
				t.Errorf("%s %s %q ends on %s with no change", k.l, k.c, v.Name, v.To)
			}
		}
		if vs[0].From != "" {
			found := false
			for _, c := range h.ChangesOf(k.l, k.c) {
				found = found || c.Kind == ChangeCreate && c.Date == vs[0].From
			}
			if !found {
				t.Errorf("%s %s starts on %s with no create row", k.l, k.c, vs[0].From)
			}
		}
		for _, v := range vs {
			if v.Level == Province {
				continue
			}
			at := v.From
			if at == "" {
				at = h.Start
			}
			if _, ok := h.At(parentLevel(v.Level), v.Parent, at); !ok {
				t.Errorf("%s %s %q: parent %s does not exist on %s", k.l, k.c, v.Name, v.Parent, at)
			}
		}
	}
	for _, c := range h.Changes {
		if c.Kind == ChangeCreate {
			continue
		}
		ok := false
		for _, v := range h.VersionsOf(c.Level, c.Code) {
			ok = ok || v.To == c.Date
		}
		if !ok {
			t.Errorf("%s: change of %s on %s matches no version's end", c.Pos, c.Code, c.Date)
		}
		if c.Kind == ChangeMerge || c.Kind == ChangeSplit {
			asOf := c.NewAsOf
			if asOf == "" {
				asOf = c.Date
			}
			if asOf == HistoryEnd {
				asOf = ""
			}
			if v, ok := h.At(c.Level, c.NewCode, asOf); !ok {
				t.Errorf("%s: %s went to %s, which does not exist on %q", c.Pos, c.Code, c.NewCode, asOf)
			} else if Fold(v.Name) != Fold(c.NewName) {
				t.Errorf("%s: %s went to %s %q, listed as %q", c.Pos, c.Code, c.NewCode, c.NewName, v.Name)
			}
		}
	}
}

// TestHistoryEveryRetiredCodeChains follows every code that ended since
// 2019 to the units of 30 June 2025 and through the built-in mapping to at
// least one unit of 1 July 2025.
func TestHistoryEveryRetiredCodeChains(t *testing.T) {
	m := builtinT(t)
	h := historyT(t)
	ended, incomplete := map[Level]int{}, 0
	for _, v := range h.Versions {
		if v.Current() {
			continue
		}
		last := h.VersionsOf(v.Level, v.Code)
		if last[len(last)-1] != v {
			continue // a renamed code: its later version carries on
		}
		ended[v.Level]++
		steps, ends, complete := h.Chain(v)
		if len(ends) == 0 {
			t.Errorf("%s %s %q (until %s) chains to no unit of 30 June 2025; steps %v", v.Level, v.Code, v.Name, v.To, steps)
			continue
		}
		if !complete {
			incomplete++
		}
		reached := 0
		for _, e := range ends {
			if len(m.Successors(e.Code)) > 0 {
				reached++
			} else if f, ok := m.District(e.Code); ok && f.NewProvince != "" {
				reached++
			}
		}
		if reached == 0 {
			t.Errorf("%s %s %q: its units of 30 June 2025 %v have no successor in the 2025 mapping", v.Level, v.Code, v.Name, ends)
		}
	}
	// 1,135 communes and 19 districts ended (history/README.md); 32
	// communes have no stated successor and chain through their district.
	if ended[Commune] != 1135 || ended[District] != 19 {
		t.Errorf("ended: %v, want 1,135 communes and 19 districts", ended)
	}
	if incomplete != 32 {
		t.Errorf("%d chains end at a district for want of a source, want 32", incomplete)
	}
}

// TestHistoryChecks asserts the changes of testdata/history_checks.tsv,
// each checked against the text of its resolution or a publication quoting
// it (the last column gives the address).
func TestHistoryChecks(t *testing.T) {
	h := historyT(t)
	recs := readTSV(t, "testdata/history_checks.tsv")
	if len(recs) < 15 {
		t.Fatalf("%d checks", len(recs)-1)
	}
	for _, rec := range recs[1:] {
		act, date, code, kind, newCode, newName := rec[0], rec[1], rec[2], rec[3], rec[4], rec[5]
		t.Run(act+"/"+code, func(t *testing.T) {
			var found *Change
			for _, l := range []Level{Commune, District, Province} {
				for _, c := range h.ChangesOf(l, code) {
					if c.Date == date && string(c.Kind) == kind {
						found = &c
					}
				}
			}
			if found == nil {
				t.Fatalf("no %s of %s on %s", kind, code, date)
			}
			if found.NewCode != newCode || newName != "" && found.NewName != newName {
				t.Errorf("%s went to %s %q, want %s %q", code, found.NewCode, found.NewName, newCode, newName)
			}
			if !strings.Contains(" "+found.Act+" ", " "+act+" ") {
				t.Errorf("act %q, want %s", found.Act, act)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2020-06-01", "2020-06-01"}, {"01/06/2020", "2020-06-01"}, {"1/6/2020", "2020-06-01"},
		{"01-06-2020", "2020-06-01"}, {" 01.06.2020 ", "2020-06-01"},
	}
	for _, c := range cases {
		if got, err := ParseDate(c.in); err != nil || got != c.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "2020", "32/01/2020", "2020-13-01", "hôm qua"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

// TestLookupHistory resolves codes and names of earlier dates, with and
// without a reading date.
func TestLookupHistory(t *testing.T) {
	ix := builtinT(t).Index()
	type want struct {
		code, name string
		to         string // "" for a unit of 30 June 2025 (no history)
		kind       ChangeKind
		act        string
		complete   bool
		succ       string // a 2025 successor that must be listed
	}
	cases := []struct {
		name, query, asOf string
		want              *want
	}{
		{"renamed code read on an earlier date", "13636", "2020-01-01", &want{"13636", "Phường Trần Tế Xương", "2024-09-01", ChangeRename, "1104/NQ-UBTVQH15", true, "13669"}},
		{"the same code read on 30 June 2025", "13636", "", &want{"13636", "Phường Vị Xuyên", "", "", "", true, "13669"}},
		{"retired code, no date", "13639", "", &want{"13639", "Phường Vị Hoàng", "2024-09-01", ChangeMerge, "1104/NQ-UBTVQH15", true, "13669"}},
		{"retired code after it ended", "13639", "2025-01-01", nil},
		{"a name of two units, on an earlier date", "Phường Vị Xuyên, Nam Định", "2020-01-01", &want{"13642", "Phường Vị Xuyên", "2024-09-01", ChangeMerge, "1104/NQ-UBTVQH15", true, "13669"}},
		{"the same name on 30 June 2025", "Phường Vị Xuyên, Nam Định", "", &want{"13636", "Phường Vị Xuyên", "", "", "", true, "13669"}},
		{"a province's former name", "Tỉnh Thừa Thiên Huế", "2020-01-01", &want{"46", "Tỉnh Thừa Thiên Huế", "2025-01-01", ChangeReclassify + "+" + ChangeRename, "175/2024/QH15", true, "46"}},
		{"its code then", "46", "2020-01-01", &want{"46", "Tỉnh Thừa Thiên Huế", "2025-01-01", ChangeReclassify + "+" + ChangeRename, "175/2024/QH15", true, "46"}},
		{"a retired commune under its district of the time", "Mỹ Tiến, Mỹ Lộc, Nam Định", "", &want{"13714", "Xã Mỹ Tiến", "2024-09-01", ChangeMerge, "1104/NQ-UBTVQH15", true, "13708"}},
		{"no stated successor: through its district", "Xã An Vĩnh, Huyện Lý Sơn", "", &want{"21541", "Xã An Vĩnh", "2020-02-01", ChangeWithin, "867/NQ-UBTVQH14", false, "21548"}},
		{"a date before the first list reads it", "00001", "2010-01-01", &want{"00001", "Phường Phúc Xá", "", "", "", true, "00097"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := ix.Lookup(c.query, Query{Vintage: Old, AsOf: c.asOf})
			if c.want == nil {
				if a.Status != NotFound || len(a.Nearest) == 0 || a.Nearest[0].Code != c.query {
					t.Fatalf("got %s %v, nearest %v; want not found, with the code's other dates", a.Status, codes(a), a.Nearest)
				}
				return
			}
			if a.Status != Resolved {
				t.Fatalf("got %s %v", a.Status, codes(a))
			}
			mt := a.Matches[0]
			w := c.want
			if mt.Unit.Code != w.code || mt.Unit.Name != w.name {
				t.Fatalf("got %s %s, want %s %s", mt.Unit.Code, mt.Unit.Name, w.code, w.name)
			}
			if w.to == "" {
				if mt.History != nil {
					t.Errorf("a unit of 30 June 2025 with history %+v", mt.History)
				}
			} else {
				h := mt.History
				if h == nil || h.ValidTo != w.to || len(h.Steps) == 0 || h.Steps[0].Kind != w.kind || h.Steps[0].Act != w.act || h.Complete != w.complete {
					t.Fatalf("history %+v, want until %s, first step %s by %s, complete %v", h, w.to, w.kind, w.act, w.complete)
				}
			}
			if !slices.ContainsFunc(mt.Successors, func(l LinkedUnit) bool { return l.Code == w.succ }) {
				t.Errorf("successors %v lack %s", mt.Successors, w.succ)
			}
		})
	}
}
