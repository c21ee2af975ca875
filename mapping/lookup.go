package mapping

import (
	"slices"
	"strings"

	"github.com/ndta-vn/archmerge/internal/limits"
)

// Status is the outcome of a lookup.
type Status string

// Outcomes of Resolve.
const (
	Resolved  Status = "resolved"  // exactly one unit fits
	Ambiguous Status = "ambiguous" // several units fit: all are listed
	NotFound  Status = "not_found" // none fits: Nearest offers the closest names
	// PartlyFound: one unit fits, but at a coarser level than the query
	// asks for (a district or province for an address whose commune part
	// names nothing known): Answer.Unrecognised is that part.
	PartlyFound Status = "partial"
)

// MaxQueryBytes bounds a query: a longer one is answered NotFound without
// being read, so that the cost of a lookup is bounded whatever the input
// (an address is a few hundred bytes at most). It is limits.QueryBytes.
const MaxQueryBytes = limits.QueryBytes

// LinkedUnit is a successor or predecessor of a unit, with the mapping row
// that links them.
type LinkedUnit struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Level      Level    `json:"level"`
	Relation   Relation `json:"relation"`
	Transfer   Transfer `json:"transfer"`
	Resolution string   `json:"resolution"`
	Clause     string   `json:"clause"`
	// Via is the unit of 30 June 2025 the successor is reached through,
	// for a unit of an earlier date (see Match.History).
	Via string `json:"via,omitempty"`
}

// HistoryMatch is the part of an answer about a unit of an earlier date
// than 30 June 2025: when its version was in force and the changes that
// lead from it to the units of 30 June 2025, each with its act.
type HistoryMatch struct {
	ValidFrom string `json:"valid_from,omitempty"`
	ValidTo   string `json:"valid_to,omitempty"`
	Steps     []Step `json:"steps"`
	// Complete is false when a step goes only to a district because no
	// source names the commune that took the unit.
	Complete bool `json:"complete"`
}

// Match is one unit that fits a query, with its successors (an old unit) or
// its predecessors (a new unit). The slices are shared by every answer that
// names the unit: callers must not modify them.
type Match struct {
	Unit Unit `json:"unit"`
	// History is set for a unit version of an earlier date than 30 June
	// 2025 (its Successors are then those of the units it led to).
	History      *HistoryMatch `json:"history,omitempty"`
	Successors   []LinkedUnit  `json:"successors,omitempty"`
	Predecessors []LinkedUnit  `json:"predecessors,omitempty"`
}

// Answer is what Resolve found for one query.
type Answer struct {
	Query   string  `json:"query"`
	Status  Status  `json:"status"`
	Matches []Match `json:"matches"`
	// Unrecognised is the part of the query before the unit found that
	// names nothing known, when the unit is coarser than a commune.
	Unrecognised string `json:"unrecognised,omitempty"`
	// Nearest lists the units with the closest names when nothing fits
	// (or, for a partial answer, the names closest to the part not
	// recognised).
	Nearest []Unit `json:"nearest,omitempty"`
	// TooLong is set when the query exceeded MaxQueryBytes and was not read.
	TooLong bool `json:"-"`
}

// Query says how a lookup reads its text.
type Query struct {
	// Vintage of the units asked about: Old (what did this become?) or New
	// (where did this come from?).
	Vintage Vintage
	// AsOf, an ISO date before 1 July 2025, reads codes and names as they
	// were on that date (with the mapping's history); "" reads them as on
	// 30 June 2025, then, failing that, as on any earlier date.
	AsOf string
	// Quick skips the search for the nearest names when nothing fits.
	Quick bool
}

// Index answers lookups over one mapping and, when the mapping has one,
// its history. Build it with Mapping.Index; it is read-only and safe for
// concurrent use.
type Index struct {
	m    *Mapping
	h    *History
	nOld int // old units are ids [0, nOld)
	nCur int // new units are [nOld, nCur); versions of earlier dates follow
	// units holds the old units, the new units, then (with a history) the
	// versions no longer in force on 30 June 2025: a unit's id is its place.
	units []Unit
	from  []string   // with a history: the date each old unit or version starts ("" at the first list)
	to    []string   // and ends ("" for the units of 30 June 2025)
	typ   []UnitType // type word of each unit's name
	tone  []string   // FoldTones of each unit's name without its type word
	anc   [][]int32  // units a query may name alongside: its parents up to the province
	other [][]int32  // and the provinces (and districts) of the other vintage it maps to or from
	match []Match    // the answer for each unit
	keys  map[string][]int32
	code  [2]map[string]int32
	hcode map[string][]int32 // code → versions of earlier dates, oldest first
	near  [2]*trigrams
}

// Index returns the mapping's lookup index, built on first use.
func (m *Mapping) Index() *Index {
	m.ixOnce.Do(func() { m.ix = buildIndex(m) })
	return m.ix
}

func vi(v Vintage) int {
	if v == New {
		return 1
	}
	return 0
}

func buildIndex(m *Mapping) *Index {
	h := m.History()
	n := len(m.OldUnits) + len(m.NewUnits)
	ix := &Index{m: m, h: h, nOld: len(m.OldUnits), nCur: n, units: make([]Unit, 0, n),
		keys: make(map[string][]int32, n), code: [2]map[string]int32{make(map[string]int32, len(m.OldUnits)), make(map[string]int32, len(m.NewUnits))}}
	ix.units = append(append(ix.units, m.OldUnits...), m.NewUnits...)
	if h != nil {
		ix.from = make([]string, n, n+len(h.Versions)-len(m.OldUnits))
		ix.to = make([]string, n, cap(ix.from))
		ix.hcode = map[string][]int32{}
		for i, u := range m.OldUnits {
			if v, ok := h.At(u.Level, u.Code, ""); ok {
				ix.from[i] = v.From
			}
		}
		for _, v := range h.Versions {
			if v.Current() {
				continue
			}
			id := int32(len(ix.units))
			ix.units = append(ix.units, Unit{Code: v.Code, Name: v.Name, Level: v.Level, Parent: v.Parent, Vintage: Old})
			ix.from = append(ix.from, v.From)
			ix.to = append(ix.to, v.To)
			ix.hcode[v.Code] = append(ix.hcode[v.Code], id)
		}
	}
	all := len(ix.units)
	ix.typ, ix.tone = make([]UnitType, all), make([]string, all)
	ix.anc, ix.other, ix.match = make([][]int32, all), make([][]int32, all), make([]Match, all)
	nearKeys := [2][]nearKey{}
	for i, u := range ix.units {
		id := int32(i)
		if i < ix.nCur {
			v := vi(u.Vintage)
			if _, dup := ix.code[v][u.Code]; !dup {
				ix.code[v][u.Code] = id
			}
		}
		f := strings.ReplaceAll(string(foldAppend(nil, u.Name, true)), ",", "")
		typ, rest := SplitUnitType(f)
		key := canonNumber(rest)
		ix.typ[i] = typ
		ix.addKey(key, id)
		if i < ix.nCur {
			nearKeys[vi(u.Vintage)] = append(nearKeys[vi(u.Vintage)], nearKey{key, id})
		}
		tone := FoldTones(u.Name)
		if typ != "" {
			words := strings.Count(string(typ), " ") + 1
			for range words {
				_, tone, _ = strings.Cut(tone, " ")
			}
		}
		ix.tone[i] = tone
	}
	for alias, target := range ProvinceAliases {
		for _, id := range ix.keys[target] {
			if ix.units[id].Level == Province {
				ix.addKey(alias, id)
			}
		}
	}
	for i := range ix.nCur {
		ix.match[i] = ix.buildMatch(ix.units[i])
		ix.anc[i], ix.other[i] = ix.ancestors(ix.units[i])
	}
	for i := ix.nCur; i < all; i++ {
		ix.buildHistoryMatch(int32(i))
	}
	ix.near[0], ix.near[1] = newTrigrams(nearKeys[0]), newTrigrams(nearKeys[1])
	return ix
}

func (ix *Index) addKey(key string, id int32) {
	if key == "" || slices.Contains(ix.keys[key], id) {
		return
	}
	ix.keys[key] = append(ix.keys[key], id)
}

func (ix *Index) id(v Vintage, code string) (int32, bool) {
	id, ok := ix.code[vi(v)][code]
	return id, ok
}

// versionID returns the id of the version of a code in force on date ("":
// on 30 June 2025).
func (ix *Index) versionID(level Level, code, date string) (int32, bool) {
	if ix.h == nil || date == "" {
		id, ok := ix.id(Old, code)
		return id, ok && ix.units[id].Level == level
	}
	v, ok := ix.h.At(level, code, date)
	if !ok {
		return 0, false
	}
	if v.Current() {
		id, ok := ix.id(Old, code)
		return id, ok
	}
	for _, id := range ix.hcode[code] {
		if ix.from[id] == v.From && ix.units[id].Level == level {
			return id, true
		}
	}
	return 0, false
}

// ancestors lists the units that may stand beside u in an address: its
// parents up to the province, and the provinces (and, for new units, the
// old districts) of the other vintage it maps to or from, so that "xã Việt
// Lâm, Tuyên Quang" finds the old commune under its new province name.
func (ix *Index) ancestors(u Unit) (same, other []int32) {
	m := ix.m
	add := func(v Vintage, code string) {
		out := &same
		if v != u.Vintage {
			out = &other
		}
		if id, ok := ix.id(v, code); ok && !slices.Contains(*out, id) {
			*out = append(*out, id)
		}
	}
	up := func(v Vintage, code string) {
		for range 3 {
			cu, ok := m.Unit(Ref{v, code})
			if !ok || cu.Parent == "" {
				return
			}
			add(v, cu.Parent)
			code = cu.Parent
		}
	}
	up(u.Vintage, u.Code)
	if u.Vintage == Old {
		for _, j := range m.succ[u.Code] {
			add(New, m.NewProvince(m.Links[j].New))
		}
		if u.Level == District {
			if f, ok := m.District(u.Code); ok {
				add(New, f.NewProvince)
			}
		}
		return same, other
	}
	for _, j := range m.pred[u.Code] {
		l := &m.Links[j]
		if ou, ok := m.OldUnit(l.Old); ok && ou.Level != Province {
			up(Old, l.Old)
		}
		add(Old, m.OldProvince(l.Old))
	}
	return same, other
}

// buildHistoryMatch fills the answer and ancestors of a version of an
// earlier date: its chain to the units of 30 June 2025, their successors,
// its parents of its own time, and, as other ancestors, the units of 2025
// around the units it led to.
func (ix *Index) buildHistoryMatch(id int32) {
	u := ix.units[id]
	v := UnitVersion{Code: u.Code, Name: u.Name, Level: u.Level, Parent: u.Parent, From: ix.from[id], To: ix.to[id]}
	steps, ends, complete := ix.h.Chain(v)
	mt := Match{Unit: u, History: &HistoryMatch{ValidFrom: v.From, ValidTo: v.To, Steps: steps, Complete: complete}}
	var other []int32
	addOther := func(x int32) {
		if !slices.Contains(other, x) {
			other = append(other, x)
		}
	}
	for _, e := range ends {
		eid, ok := ix.id(Old, e.Code)
		if !ok {
			continue
		}
		addOther(eid)
		for _, a := range ix.anc[eid] {
			addOther(a)
		}
		for _, a := range ix.other[eid] {
			addOther(a)
		}
		for _, s := range ix.match[eid].Successors {
			s.Via = e.Code
			if !slices.ContainsFunc(mt.Successors, func(x LinkedUnit) bool { return x.Code == s.Code && x.Level == s.Level }) {
				mt.Successors = append(mt.Successors, s)
			}
		}
	}
	if mt.Successors == nil {
		mt.Successors = []LinkedUnit{}
	}
	var same []int32
	at := v.From
	if at == "" {
		at = ix.h.Start
	}
	level, code := u.Level, u.Parent
	for code != "" && level != Province {
		level = parentLevel(level)
		pid, ok := ix.versionID(level, code, at)
		if !ok {
			break
		}
		same = append(same, pid)
		code = ix.units[pid].Parent
	}
	ix.match[id], ix.anc[id], ix.other[id] = mt, same, other
}

func (ix *Index) buildMatch(u Unit) Match {
	m := ix.m
	mt := Match{Unit: u}
	if u.Vintage == New {
		mt.Predecessors = make([]LinkedUnit, 0, len(m.pred[u.Code]))
		for _, j := range m.pred[u.Code] {
			l := &m.Links[j]
			ou, _ := m.OldUnit(l.Old)
			mt.Predecessors = append(mt.Predecessors, LinkedUnit{Code: l.Old, Name: ou.Name, Level: ou.Level,
				Relation: l.Relation, Transfer: l.Transfer, Resolution: l.Resolution, Clause: l.Clause})
		}
		return mt
	}
	mt.Successors = make([]LinkedUnit, 0, len(m.succ[u.Code]))
	if ls := m.succ[u.Code]; len(ls) > 0 || u.Level != District {
		for _, j := range ls {
			l := &m.Links[j]
			nu, _ := m.NewUnit(l.New)
			mt.Successors = append(mt.Successors, LinkedUnit{Code: l.New, Name: nu.Name, Level: nu.Level,
				Relation: l.Relation, Transfer: l.Transfer, Resolution: l.Resolution, Clause: l.Clause})
		}
		return mt
	}
	// An abolished district: its new province, then the new communes that
	// took its communes, with the clauses that did it.
	f, ok := m.District(u.Code)
	if !ok {
		return mt
	}
	if np, ok := m.NewUnit(f.NewProvince); ok {
		lu := LinkedUnit{Code: np.Code, Name: np.Name, Level: np.Level, Relation: Merge, Transfer: Whole}
		for _, l := range m.Successors(m.OldProvince(u.Code)) {
			if l.New == np.Code {
				lu.Relation, lu.Resolution, lu.Clause = l.Relation, l.Resolution, l.Clause
			}
		}
		mt.Successors = append(mt.Successors, lu)
	}
	// The resolution and clauses of each new commune, from the rows of the
	// district's communes, in one pass.
	type basis struct {
		resolution string
		clauses    []string
	}
	byNew := make(map[string]*basis, len(f.NewCommunes))
	for _, c := range m.Children(u.Ref()) {
		for _, j := range m.succ[c] {
			l := &m.Links[j]
			b := byNew[l.New]
			if b == nil {
				b = &basis{}
				byNew[l.New] = b
			}
			b.resolution = l.Resolution
			if l.Clause != "" && !slices.Contains(b.clauses, l.Clause) {
				b.clauses = append(b.clauses, l.Clause)
			}
		}
	}
	for _, nc := range f.NewCommunes {
		nu, _ := m.NewUnit(nc)
		lu := LinkedUnit{Code: nc, Name: nu.Name, Level: nu.Level, Relation: Merge, Transfer: Whole}
		if len(f.NewCommunes) > 1 {
			lu.Relation, lu.Transfer = Split, Partial
		}
		if b := byNew[nc]; b != nil {
			lu.Resolution, lu.Clause = b.resolution, strings.Join(b.clauses, ", ")
		}
		mt.Successors = append(mt.Successors, lu)
	}
	return mt
}

// Resolve answers one query for units of vintage v (Old: what did this
// become?; New: where did this come from?), reading old codes and names as
// on 30 June 2025 and, failing that, as on any earlier date of the
// mapping's history. A query is a code, or a name or address (see
// docs/lookup.md):
//
//   - digits: a code of the vintage, by its length (province 2, district 3,
//     commune 5); when no code has that length, the code with the leading
//     zeros a spreadsheet stripped, if exactly one level has it, else every
//     such unit (ambiguous). "old:" or "new:" before a code sets its vintage;
//   - a name or address: its comma-separated parts, most specific first,
//     each optionally led by a unit-type word or abbreviation. The first
//     part that names a unit is the unit, and the following ones must name
//     its district, province (old or new) to tell same-name units apart; a
//     part that opens like a street or hamlet (Thôn, Bản, Phố, Làng…) is
//     read as a unit name first and dropped only when that reading fails.
//
// Several fitting units are all returned (Ambiguous), never one guessed;
// none gives NotFound with the nearest names; a unit coarser than the
// query asks for gives PartlyFound with the part not recognised.
func (ix *Index) Resolve(query string, v Vintage) Answer {
	return ix.Lookup(query, Query{Vintage: v})
}

// ResolveQuick is Resolve without the search for the nearest names when
// nothing fits, for callers that resolve many cells and only need matches.
func (ix *Index) ResolveQuick(query string, v Vintage) Answer {
	return ix.Lookup(query, Query{Vintage: v, Quick: true})
}

// reading is how one pass of a lookup reads codes and names.
type reading struct {
	v    Vintage
	date string // Old: "" for 30 June 2025, else the date the versions must be in force on
	hist bool   // Old: the versions of earlier dates only, whatever their date
}

// fits reports whether a unit is one the reading may answer with.
func (ix *Index) fits(id int32, r reading) bool {
	switch {
	case int(id) >= ix.nCur:
		return r.v == Old && (r.hist || r.date != "" && ix.from[id] <= r.date && r.date < ix.to[id])
	case int(id) >= ix.nOld:
		return r.v == New
	}
	return r.v == Old && !r.hist && (r.date == "" || ix.from == nil || ix.from[id] <= r.date)
}

// Lookup answers one query as q says; see Resolve.
func (ix *Index) Lookup(query string, q Query) Answer {
	a := Answer{Query: query, Status: NotFound}
	if len(query) > MaxQueryBytes {
		a.TooLong = true
		return a
	}
	r := reading{v: q.Vintage}
	if q.Vintage == Old && q.AsOf != "" && ix.h != nil {
		r.date = q.AsOf
	}
	s := strings.TrimSpace(query)
	if p, rest, ok := strings.Cut(s, ":"); ok && IsDigits(strings.TrimSpace(rest)) {
		if pv, err := ParseVintage(p); err == nil {
			r.v, s = pv, strings.TrimSpace(rest)
			if pv == New {
				r.date = ""
			}
		}
	}
	var res nameResult
	if IsDigits(s) {
		res.ids = ix.byCode(s, r)
		if len(res.ids) == 0 && r.v == Old && r.date == "" && ix.h != nil {
			res.ids = ix.byCode(s, reading{v: Old, hist: true})
		}
	} else {
		res = ix.byName(query, s, r)
		// A name of an earlier date: when the units of 30 June 2025 fit
		// nothing, or only a later part of the query, read the query
		// again among the versions of earlier dates.
		if r.v == Old && r.date == "" && ix.h != nil && (len(res.ids) == 0 || res.piece > 0 ||
			res.skipped && ix.units[res.ids[0]].Level != Commune) {
			if hres := ix.byName(query, s, reading{v: Old, hist: true}); len(hres.ids) > 0 && (len(res.ids) == 0 || hres.piece < res.piece) {
				res = hres
			}
		}
	}
	a = ix.answer(a, res)
	if !q.Quick {
		switch {
		case a.Status == NotFound && IsDigits(s):
			a.Nearest = ix.otherDates(s, r)
		case a.Status == NotFound && s != "":
			a.Nearest = ix.Nearest(s, r.v, 5)
		case a.Status == PartlyFound:
			a.Nearest = ix.Nearest(a.Unrecognised, r.v, 5)
		}
	}
	return a
}

func (ix *Index) answer(a Answer, res nameResult) Answer {
	ids := res.ids
	switch len(ids) {
	case 0:
		return a
	case 1:
		a.Status = Resolved
	default:
		a.Status = Ambiguous
	}
	a.Matches = make([]Match, len(ids))
	coarse := true
	for i, id := range ids {
		a.Matches[i] = ix.match[id]
		coarse = coarse && ix.units[id].Level != Commune
	}
	if coarse && res.unrecognised != "" {
		a.Unrecognised = res.unrecognised
		if a.Status == Resolved {
			a.Status = PartlyFound
		}
	}
	return a
}

// otherDates lists the versions of a code (stripped zeros restored) that a
// reading on a date did not take: the code existed, but not then.
func (ix *Index) otherDates(code string, r reading) []Unit {
	if ix.h == nil || r.v != Old || r.date == "" {
		return nil
	}
	var out []Unit
	for _, n := range []int{len(code), 2, 3, 5} {
		if n < len(code) {
			continue
		}
		c := strings.Repeat("0", n-len(code)) + code
		if id, ok := ix.id(Old, c); ok && CodeLen[ix.units[id].Level] == n && !slices.Contains(out, ix.units[id]) {
			out = append(out, ix.units[id])
		}
		for _, id := range ix.hcode[c] {
			if CodeLen[ix.units[id].Level] == n && !slices.Contains(out, ix.units[id]) {
				out = append(out, ix.units[id])
			}
		}
	}
	return out
}

// byCode finds the unit with a code, restoring stripped leading zeros.
func (ix *Index) byCode(q string, r reading) []int32 {
	if id, ok := ix.codeID(q, r); ok && CodeLen[ix.units[id].Level] == len(q) {
		return []int32{id}
	}
	var out []int32
	for _, n := range []int{2, 3, 5} {
		if n <= len(q) {
			continue
		}
		if id, ok := ix.codeID(strings.Repeat("0", n-len(q))+q, r); ok && CodeLen[ix.units[id].Level] == n {
			out = append(out, id)
		}
	}
	return out
}

// codeID returns the unit with a code in a reading: of the vintage; on a
// date, the version then in force; among earlier versions, the latest.
func (ix *Index) codeID(code string, r reading) (int32, bool) {
	if r.v == New || ix.h == nil || !r.hist && r.date == "" {
		return ix.id(r.v, code)
	}
	if r.hist {
		vs := ix.hcode[code]
		if len(vs) == 0 {
			return 0, false
		}
		return vs[len(vs)-1], true
	}
	if id, ok := ix.id(Old, code); ok && ix.fits(id, r) {
		return id, true
	}
	for _, id := range ix.hcode[code] {
		if ix.fits(id, r) {
			return id, true
		}
	}
	return 0, false
}
