package migrate

import (
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/mapping"
)

// Names of units inside free text: owners, contract holders, operators and
// element names mention administrative units ("Phòng Văn hoá và Thông tin
// quận Ninh Kiều", "Trang TTĐT phường Trần Phú"). The engine reads them by
// their type word and name together, never by the bare name: "tỉnh Bến Tre"
// (an absorbed province) and "phường Bến Tre" (a new ward) are different
// units, and "huyện Châu Thành" means the district of the element's own old
// province, not another one's of the same name (DOMAIN.md, "Names outlive
// codes").

// unitRef is one unit as free text mentions it: its type word and the
// tokens of its name after the type word.
type unitRef struct {
	code  string
	typ   mapping.UnitType
	level mapping.Level
	core  []string // folded, numbers without leading zeros
}

// unitTable finds units by the first token of their name, longest name
// first.
type unitTable map[string][]*unitRef

func (t unitTable) add(u *unitRef) {
	if len(u.core) == 0 {
		return
	}
	l := t[u.core[0]]
	l = append(l, u)
	sort.SliceStable(l, func(i, j int) bool { return len(l[i].core) > len(l[j].core) })
	t[u.core[0]] = l
}

// unitIndex holds the unit tables the engine reads free text with: per old
// province its own old units (the province, its districts, its communes),
// per new province its new units, and those units by code.
type unitIndex struct {
	oldIn  map[string]unitTable // old province code → its old units
	newIn  map[string]unitTable // new province code → its new units
	oldRef map[string]*unitRef
	newRef map[string]*unitRef
}

func newUnitRef(u mapping.Unit) *unitRef {
	typ, rest := mapping.SplitUnitType(fold(u.Name))
	return &unitRef{code: u.Code, typ: typ, level: u.Level, core: canonTokens(strings.Fields(rest))}
}

// canonTokens writes numbers without their leading zeros ("Phường 07" is
// "Phường 7"), in place.
func canonTokens(toks []string) []string {
	for i, t := range toks {
		toks[i] = canonToken(t)
	}
	return toks
}

func canonToken(t string) string {
	if len(t) < 2 || t[0] != '0' {
		return t
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return t
		}
	}
	t = strings.TrimLeft(t, "0")
	if t == "" {
		return "0"
	}
	return t
}

func newUnitIndex() *unitIndex {
	return &unitIndex{oldIn: map[string]unitTable{}, newIn: map[string]unitTable{},
		oldRef: map[string]*unitRef{}, newRef: map[string]*unitRef{}}
}

// ensure builds, on first use, the tables of an old province and of a new
// province. Route calls it for every element, one at a time; the flag
// workers only read the tables afterwards.
func (ix *unitIndex) ensure(m *mapping.Mapping, oldProv, newProv string) {
	if _, ok := ix.oldIn[oldProv]; !ok && oldProv != "" {
		ix.oldIn[oldProv] = ix.table(m, m.OldUnit, ix.oldRef, oldProv)
	}
	if _, ok := ix.newIn[newProv]; !ok && newProv != "" {
		ix.newIn[newProv] = ix.table(m, m.NewUnit, ix.newRef, newProv)
	}
}

// table gathers a province and every unit under it, of one vintage.
func (ix *unitIndex) table(m *mapping.Mapping, unit func(string) (mapping.Unit, bool), refs map[string]*unitRef, prov string) unitTable {
	t := unitTable{}
	var walk func(code string)
	walk = func(code string) {
		u, ok := unit(code)
		if !ok {
			return
		}
		r := newUnitRef(u)
		refs[code] = r
		t.add(r)
		for _, c := range m.Children(u.Ref()) {
			walk(c)
		}
	}
	walk(prov)
	return t
}

// typeAt recognises a unit-type word at toks[i]: the full words and the
// abbreviations TP and TX (the one-letter ones and TT, "trung tâm" as often
// as "thị trấn", are left out of free text). "xã hội" (society) is not a
// type word.
func typeAt(toks []string, i int) (mapping.UnitType, int) {
	next := ""
	if i+1 < len(toks) {
		next = toks[i+1]
	}
	switch toks[i] {
	case "thanh":
		if next == "pho" {
			return mapping.TypeThanhPho, 2
		}
	case "thi":
		switch next {
		case "xa":
			return mapping.TypeThiXa, 2
		case "tran":
			return mapping.TypeThiTran, 2
		}
	case "dac":
		if next == "khu" {
			return mapping.TypeDacKhu, 2
		}
	case "tinh":
		return mapping.TypeTinh, 1
	case "quan":
		return mapping.TypeQuan, 1
	case "huyen":
		return mapping.TypeHuyen, 1
	case "phuong":
		return mapping.TypePhuong, 1
	case "xa":
		if next != "hoi" {
			return mapping.TypeXa, 1
		}
	case "tp":
		return mapping.TypeThanhPho, 1
	case "tx":
		return mapping.TypeThiXa, 1
	}
	return "", 0
}

// districtTypes are the type words of district-level units. A district's
// type changed more than once (huyện → thị xã → thành phố), so any of them
// names it; "quận" names only a quận ("quản", folded the same, is common).
func districtType(t mapping.UnitType) bool {
	return t == mapping.TypeHuyen || t == mapping.TypeThiXa || t == mapping.TypeThanhPho
}

// fits reports how a mention's type word fits a unit: 2 when it is the
// unit's own, 1 when it is another district-level word for a district, 0
// when it does not fit.
func fits(mention mapping.UnitType, u *unitRef) int {
	switch {
	case mention == u.typ:
		return 2
	case u.level == mapping.District && districtType(mention) && districtType(u.typ):
		return 1
	}
	return 0
}

// coreAt reports whether the name tokens core start at toks[i].
func coreAt(toks []string, i int, core []string) bool {
	if i+len(core) > len(toks) {
		return false
	}
	for k, c := range core {
		if canonToken(toks[i+k]) != c {
			return false
		}
	}
	return true
}

// lookup returns the units of t named at toks[i] with the longest name that
// fits the type word typ, the best fitting first, and that name's length.
func (t unitTable) lookup(toks []string, i int, typ mapping.UnitType) ([]*unitRef, int) {
	if i >= len(toks) || t == nil {
		return nil, 0
	}
	var out []*unitRef
	n, best := 0, 0
	for _, u := range t[canonToken(toks[i])] {
		if n > 0 && len(u.core) < n {
			break
		}
		f := fits(typ, u)
		if f == 0 || !coreAt(toks, i, u.core) {
			continue
		}
		if f > best {
			out, best = out[:0], f
		} else if f < best {
			continue
		}
		n = len(u.core)
		out = append(out, u)
	}
	return out, n
}

// bodyBefore reports whether the words before toks[i] name a unit's
// authority (UBND, Ủy ban nhân dân): "UBND xã A, huyện B" is a commune's
// body, whatever it says after.
func bodyBefore(toks []string, i int) bool {
	if i >= 1 && toks[i-1] == "ubnd" {
		return true
	}
	return i >= 4 && toks[i-4] == "uy" && toks[i-3] == "ban" && toks[i-2] == "nhan" && toks[i-1] == "dan"
}

// body is what bodyOf found in the name of a body.
type body struct {
	district  bool     // a district-level body
	districts []string // the old districts it names, none when it is not one of the old province's
	// typ and core are the type word and name of the unit it names
	// first, old or new (nil core when it names none).
	typ  mapping.UnitType
	core []string
}

// bodyOf reads an owner, operator or contract holder: the first unit it
// names decides whose body it is. A district of the element's old province
// named with any district-level type word (or "quận" for a quận) makes it a
// district body; a commune or the province (old, or new: "UBND phường Sơn
// Đông" is named after its new ward) makes it theirs. Without a known unit,
// "huyện X" and "thị xã X", and "UBND quận X", still name a district body,
// whose district is not identified.
func (b *builder) bodyOf(text, oldProv, newProv string) body {
	if text == "" {
		return body{}
	}
	k := bodyKey{text, oldProv}
	if b.bodies != nil {
		if v, ok := b.bodies[k]; ok {
			return v
		}
	}
	v := b.readBody(text, oldProv, newProv)
	if b.bodies != nil {
		b.bodies[k] = v
	}
	return v
}

type bodyKey struct{ text, prov string }

func (b *builder) readBody(text, oldProv, newProv string) body {
	toks := strings.Fields(fold(text))
	olds, news := b.units.oldIn[oldProv], b.units.newIn[newProv]
	for i := 0; i < len(toks); i++ {
		typ, n := typeAt(toks, i)
		if n == 0 {
			continue
		}
		if us, _ := olds.lookup(toks, i+n, typ); len(us) > 0 {
			out := body{typ: typ, core: us[0].core}
			if us[0].level != mapping.District {
				return out
			}
			out.district = true
			for _, u := range us {
				out.districts = append(out.districts, u.code)
			}
			sort.Strings(out.districts)
			return out
		}
		if us, _ := news.lookup(toks, i+n, typ); len(us) > 0 {
			return body{typ: typ, core: us[0].core}
		}
		if i+n >= len(toks) {
			continue
		}
		switch {
		case typ.Level() == mapping.Commune && bodyBefore(toks, i):
			return body{}
		case typ == mapping.TypeHuyen || typ == mapping.TypeThiXa || typ == mapping.TypeQuan && bodyBefore(toks, i):
			return body{district: true}
		}
	}
	return body{}
}

// staleMention is a unit an element's name mentions that no longer exists
// under that name and type for the element.
type staleMention struct {
	unit   *unitRef // the old unit the name mentions
	own    bool     // one of the element's own old units (its commune, district or province)
	others []string // new units, not its successors, that now carry the name
}

// staleMentions reads an element's name for the old units it mentions and
// returns those that no longer exist under the name as written. A mention
// is the type word and the name together ("phường Trần Phú"), of a unit of
// the element's old province, read as the element's own unit where it can
// be; it is current when a successor (the element's own, for its own
// units; the unit's, for another) carries that very type and name. A bare
// name of the element's own units ("Hà Giang", two words or more) is
// current when a successor carries the name with any type word: the name
// alone does not say which unit it means.
func (b *builder) staleMentions(it *item) []staleMention {
	if it.unknown || it.oldProv == "" {
		return nil
	}
	olds, news := b.units.oldIn[it.oldProv], b.units.newIn[it.newProv]
	var chain [3]*unitRef
	nchain := 0
	for code := it.oldUnit; code != "" && nchain < 3; {
		r := b.units.oldRef[code]
		if r == nil {
			break
		}
		chain[nchain] = r
		nchain++
		u, _ := b.m.OldUnit(code)
		code = u.Parent
	}
	own := func(r *unitRef) bool {
		for _, c := range chain[:nchain] {
			if c == r {
				return true
			}
		}
		return false
	}
	toks := strings.Fields(fold(it.e.Name))
	var out []staleMention
	for i := 0; i < len(toks); {
		typ, n := typeAt(toks, i)
		if n > 0 {
			// The element's own successor, named by its type and name, is
			// current whatever old unit once had that name.
			if ns, l := news.lookup(toks, i+n, typ); len(ns) > 0 && b.current(it, nil, true, typ, ns[0].core) {
				i += n + l
				continue
			}
			us, l := olds.lookup(toks, i+n, typ)
			if len(us) == 0 {
				// A new unit's name ("phường Hà Giang 1") is read whole,
				// so that no old name is read inside it.
				_, l = news.lookup(toks, i+n, typ)
				i += n + l
				continue
			}
			readings := us[:0:0]
			for _, u := range us {
				if own(u) {
					readings = append(readings, u)
				}
			}
			if len(readings) == 0 {
				readings = us
			}
			stale := true
			for _, u := range readings {
				if b.current(it, u, own(u), typ, u.core) {
					stale = false
					break
				}
			}
			if stale {
				m := staleMention{unit: readings[0], own: own(readings[0])}
				holders, _ := news.lookup(toks, i+n, typ)
				for _, h := range holders {
					if fits(typ, h) == 2 && len(h.core) == l {
						m.others = append(m.others, h.code)
					}
				}
				out = append(out, m)
			}
			i += n + l
			continue
		}
		matched := false
		for _, u := range chain[:nchain] {
			if len(u.core) < 2 || !coreAt(toks, i, u.core) {
				continue
			}
			matched = true
			if !b.current(it, u, true, "", u.core) {
				out = append(out, staleMention{unit: u, own: true})
			}
			i += len(u.core)
			break
		}
		if !matched {
			i++
		}
	}
	return out
}

// current reports whether a successor of u (the element's, when u is one
// of its own units) carries the name core with the type word typ (with any
// type word when typ is "").
func (b *builder) current(it *item, u *unitRef, own bool, typ mapping.UnitType, core []string) bool {
	carries := func(code string) bool {
		r := b.units.newRef[code]
		return r != nil && (typ == "" || r.typ == typ) && sameTokens(r.core, core)
	}
	if own {
		if carries(it.newProv) {
			return true
		}
		for _, c := range it.succ {
			if carries(c) {
				return true
			}
		}
		return false
	}
	switch u.level {
	case mapping.Province:
		return carries(b.m.NewProvinceOf(u.code))
	case mapping.Commune:
		for _, j := range b.succ[u.code] {
			if carries(b.m.Links[j].New) {
				return true
			}
		}
	}
	return false // a district: the level is gone
}

func sameTokens(a, c []string) bool {
	if len(a) != len(c) {
		return false
	}
	for i := range a {
		if a[i] != c[i] {
			return false
		}
	}
	return true
}
