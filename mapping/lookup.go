package mapping

import (
	"slices"
	"sort"
	"strings"
)

// Status is the outcome of a lookup.
type Status string

// Outcomes of Resolve.
const (
	Resolved  Status = "resolved"  // exactly one unit fits
	Ambiguous Status = "ambiguous" // several units fit: all are listed
	NotFound  Status = "not_found" // none fits: Nearest offers the closest names
)

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
}

// Match is one unit that fits a query, with its successors (an old unit) or
// its predecessors (a new unit). The slices are shared by every answer that
// names the unit: callers must not modify them.
type Match struct {
	Unit         Unit         `json:"unit"`
	Successors   []LinkedUnit `json:"successors,omitempty"`
	Predecessors []LinkedUnit `json:"predecessors,omitempty"`
}

// Answer is what Resolve found for one query.
type Answer struct {
	Query   string  `json:"query"`
	Status  Status  `json:"status"`
	Matches []Match `json:"matches"`
	// Nearest lists the units with the closest names when nothing fits.
	Nearest []Unit `json:"nearest,omitempty"`
}

// Index answers lookups over one mapping. Build it with Mapping.Index; it is
// read-only and safe for concurrent use.
type Index struct {
	m     *Mapping
	nOld  int
	units []Unit     // old units, then new units: a unit's id is its place here
	typ   []UnitType // type word of each unit's name
	tone  []string   // FoldTones of each unit's name without its type word
	anc   [][]int32  // units a query may name alongside: its parents up to the province
	other [][]int32  // and the provinces (and districts) of the other vintage it maps to or from
	match []Match    // the answer for each unit
	keys  map[string][]int32
	code  [2]map[string]int32
	near  [2][]nearKey
}

type nearKey struct {
	key string
	id  int32
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
	n := len(m.OldUnits) + len(m.NewUnits)
	ix := &Index{m: m, nOld: len(m.OldUnits), units: make([]Unit, 0, n), typ: make([]UnitType, n), tone: make([]string, n),
		anc: make([][]int32, n), other: make([][]int32, n), match: make([]Match, n), keys: make(map[string][]int32, n),
		code: [2]map[string]int32{make(map[string]int32, len(m.OldUnits)), make(map[string]int32, len(m.NewUnits))}}
	ix.units = append(append(ix.units, m.OldUnits...), m.NewUnits...)
	for i, u := range ix.units {
		id := int32(i)
		v := vi(u.Vintage)
		if _, dup := ix.code[v][u.Code]; !dup {
			ix.code[v][u.Code] = id
		}
		f := strings.ReplaceAll(string(foldAppend(nil, u.Name, true)), ",", "")
		typ, rest := SplitUnitType(f)
		key := canonNumber(rest)
		ix.typ[i] = typ
		ix.addKey(key, id)
		ix.near[v] = append(ix.near[v], nearKey{key, id})
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
	for i, u := range ix.units {
		ix.match[i] = ix.buildMatch(u)
		ix.anc[i], ix.other[i] = ix.ancestors(u)
	}
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
// become?; New: where did this come from?). A query is a code, or a name or
// address (see docs/lookup.md):
//
//   - digits: a code of the vintage, by its length (province 2, district 3,
//     commune 5); when no code has that length, the code with the leading
//     zeros a spreadsheet stripped, if exactly one level has it, else every
//     such unit (ambiguous). "old:" or "new:" before a code sets its vintage;
//   - a name or address: its comma-separated parts, most specific first,
//     each optionally led by a unit-type word or abbreviation; street and
//     hamlet parts are skipped; the first part that names a unit is the
//     unit, and the following ones must name its district, province (old or
//     new) to tell same-name units apart.
//
// Several fitting units are all returned (Ambiguous), never one guessed;
// none gives NotFound with the nearest names.
func (ix *Index) Resolve(query string, v Vintage) Answer {
	a := ix.resolve(query, v)
	if a.Status == NotFound {
		a.Nearest = ix.Nearest(query, v, 5)
	}
	return a
}

// ResolveQuick is Resolve without the search for the nearest names when
// nothing fits, for callers that resolve many cells and only need matches.
func (ix *Index) ResolveQuick(query string, v Vintage) Answer { return ix.resolve(query, v) }

func (ix *Index) resolve(query string, v Vintage) Answer {
	a := Answer{Query: query, Status: NotFound}
	q := strings.TrimSpace(query)
	if p, rest, ok := strings.Cut(q, ":"); ok && IsDigits(strings.TrimSpace(rest)) {
		if pv, err := ParseVintage(p); err == nil {
			v, q = pv, strings.TrimSpace(rest)
		}
	}
	var ids []int32
	if IsDigits(q) {
		ids = ix.byCode(q, v)
	} else {
		ids = ix.byName(q, v)
	}
	return ix.answer(a, ids)
}

func (ix *Index) answer(a Answer, ids []int32) Answer {
	switch len(ids) {
	case 0:
		return a
	case 1:
		a.Status = Resolved
	default:
		a.Status = Ambiguous
	}
	a.Matches = make([]Match, len(ids))
	for i, id := range ids {
		a.Matches[i] = ix.match[id]
	}
	return a
}

// byCode finds the unit with a code, restoring stripped leading zeros.
func (ix *Index) byCode(q string, v Vintage) []int32 {
	if id, ok := ix.id(v, q); ok {
		if CodeLen[ix.units[id].Level] == len(q) {
			return []int32{id}
		}
	}
	var out []int32
	for _, n := range []int{2, 3, 5} {
		if n <= len(q) {
			continue
		}
		if id, ok := ix.id(v, strings.Repeat("0", n-len(q))+q); ok && CodeLen[ix.units[id].Level] == n {
			out = append(out, id)
		}
	}
	return out
}

// maxTokens bounds the words of a query considered (the last ones, which
// name the units; a longer street part is ignored).
const maxTokens = 48

// maxNameWords bounds the words of one unit name.
const maxNameWords = 10

type qtoken struct {
	start, end int
	part       int
}

type piece struct {
	ids      []int32
	typ      UnitType
	part     int
	from, to int // token range of the name, type word excluded
}

// byName finds the units an address or name names.
func (ix *Index) byName(q string, v Vintage) []int32 {
	var bufArr [256]byte
	buf := foldAppend(bufArr[:0], q, true)
	var toksArr [maxTokens]qtoken
	toks := toksArr[:0]
	part := 0
	for i := 0; i < len(buf); {
		switch buf[i] {
		case ' ':
			i++
			continue
		case ',':
			part++
			i++
			continue
		}
		j := i
		for j < len(buf) && buf[j] != ' ' && buf[j] != ',' {
			j++
		}
		if len(toks) == maxTokens {
			copy(toks, toks[1:])
			toks = toks[:maxTokens-1]
		}
		toks = append(toks, qtoken{i, j, part})
		i = j
	}
	var piecesArr [maxTokens]piece
	pieces := piecesArr[:0]
	firstNamed := -1 // the first part that does not open like a street
	for s := 0; s < len(toks); {
		e := s
		for e < len(toks) && toks[e].part == toks[s].part {
			e++
		}
		if firstNamed < 0 && !isStreetPart(string(buf[toks[s].start:toks[e-1].end])) {
			firstNamed = toks[s].part
		}
		pieces = ix.parsePart(buf, toks[s:e], s, pieces)
		s = e
	}
	// The first part that is not a street must name something: "xa viet
	// lamm, vi xuyen" asks for an unknown commune, not for the district.
	if firstNamed >= 0 && !slices.ContainsFunc(pieces, func(p piece) bool { return p.part == firstNamed }) {
		return nil
	}
	for t := range pieces {
		cands := ix.candidates(pieces, t, v)
		if len(cands) == 0 {
			if pieces[t].typ != "" {
				// A name given with its type word is the unit asked
				// about: no later part stands in for it.
				return nil
			}
			continue
		}
		if len(cands) > 1 {
			cands = ix.preferTones(q, pieces[t], cands)
		}
		slices.Sort(cands)
		return cands
	}
	return nil
}

// parsePart splits the tokens of one address part into the unit names it
// holds, the most tokens matched with the fewest names, and appends them.
func (ix *Index) parsePart(buf []byte, toks []qtoken, base int, out []piece) []piece {
	n := len(toks)
	type state struct {
		matched, pieces int
		next            int // end of this step
		typLen          int // words of the type word; -1 for a skipped token
		typ             UnitType
	}
	var bestArr [maxTokens + 1]state
	best := bestArr[:n+1]
	lookup := func(i, j int) []int32 {
		if j == i+1 {
			if d, ok := romanNumerals[string(buf[toks[i].start:toks[i].end])]; ok {
				return ix.keys[d]
			}
		}
		return ix.keys[string(buf[toks[i].start:toks[j-1].end])]
	}
	for i := n - 1; i >= 0; i-- {
		// Skipping the token is always possible.
		best[i] = state{matched: best[i+1].matched, pieces: best[i+1].pieces, next: i + 1, typLen: -1}
		try := func(s state) {
			if s.matched > best[i].matched || s.matched == best[i].matched && s.pieces < best[i].pieces {
				best[i] = s
			}
		}
		for j := i + 1; j <= n && j-i <= maxNameWords; j++ {
			if ix.keysHas(lookup(i, j)) {
				try(state{matched: best[j].matched + j - i, pieces: best[j].pieces + 1, next: j})
			}
		}
		for tl := 1; tl <= 2 && i+tl < n; tl++ {
			typ, ok := unitTypeWords[string(buf[toks[i].start:toks[i+tl-1].end])]
			if !ok {
				continue
			}
			for j := i + tl + 1; j <= n && j-i-tl <= maxNameWords; j++ {
				if ix.keysHas(lookup(i+tl, j)) {
					try(state{matched: best[j].matched + j - i, pieces: best[j].pieces + 1, next: j, typLen: tl, typ: typ})
				}
			}
		}
	}
	street := isStreetPart(string(buf[toks[0].start:toks[n-1].end]))
	skipped := false
	for i := 0; i < n; {
		s := best[i]
		if s.typLen < 0 {
			skipped = true
			i = s.next
			continue
		}
		from := i + s.typLen
		// An untyped name after words that name nothing, or in a part that
		// opens like a street, is a street or hamlet ("đường Trần Phú").
		// A name followed by words that name nothing is only the start of
		// an unknown name ("xa viet lamm" is not "Xã Việt").
		truncated := s.next < n && best[s.next].typLen < 0
		if !truncated && (s.typLen > 0 || !(skipped || street)) {
			out = append(out, piece{ids: lookup(from, s.next), typ: s.typ, part: toks[0].part, from: base + from, to: base + s.next})
		}
		i = s.next
	}
	return out
}

func (ix *Index) keysHas(ids []int32) bool { return len(ids) > 0 }

// candidates returns the units piece t names in vintage v that every later
// piece agrees with, or nil.
func (ix *Index) candidates(pieces []piece, t int, v Vintage) []int32 {
	var cands []int32
	for _, id := range pieces[t].ids {
		if ix.units[id].Vintage == v && typeFits(pieces[t].typ, ix.typ[id]) {
			cands = append(cands, id)
		}
	}
	for c := t + 1; c < len(pieces) && len(cands) > 0; c++ {
		// A unit's own vintage first ("Phường 2, TP Hồ Chí Minh" is a ward
		// of old HCM, not of old Vũng Tàu, now in HCM too), its type word
		// first, then the other vintage's provinces ("xã Việt Lâm, Tuyên
		// Quang": an old commune under its new province).
		var kept []int32
		for _, tier := range [4]struct{ other, typed bool }{{false, true}, {false, false}, {true, true}, {true, false}} {
			if kept = ix.agree(cands, pieces[c], tier.typed, tier.other); len(kept) > 0 {
				break
			}
		}
		cands = kept
	}
	return cands
}

// agree keeps the candidates that have an ancestor the piece names.
func (ix *Index) agree(cands []int32, p piece, typed, other bool) []int32 {
	var out []int32
	for _, id := range cands {
		anc := ix.anc[id]
		if other {
			anc = ix.other[id]
		}
		for _, a := range anc {
			if slices.Contains(p.ids, a) && (!typed || typeFits(p.typ, ix.typ[a])) {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

// typeFits reports whether a unit of type unit may be named with type word
// query: the same type, or no type on either side.
func typeFits(query, unit UnitType) bool {
	return query == "" || unit == "" || query == unit
}

// preferTones keeps, among same-name candidates, those whose name has the
// query's exact diacritics, when the query has diacritics and some do.
func (ix *Index) preferTones(q string, p piece, cands []int32) []int32 {
	ascii := true
	for i := 0; i < len(q); i++ {
		if q[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return cands
	}
	parts := strings.FieldsFunc(q, func(r rune) bool { return r == ',' || r == ';' })
	if p.part >= len(parts) {
		return cands
	}
	tp := " " + FoldTones(parts[p.part]) + " "
	var out []int32
	for _, id := range cands {
		if strings.Contains(tp, " "+ix.tone[id]+" ") {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return cands
	}
	return out
}

// Nearest returns up to n units of vintage v whose names are closest to the
// query's first named part (edit distance on folded names, ties by code).
func (ix *Index) Nearest(query string, v Vintage, n int) []Unit {
	parts := SplitAddress(query)
	target := ""
	for _, p := range parts {
		if p != "" {
			target = p
			break
		}
	}
	if a, ok := ProvinceAliases[target]; ok {
		target = a
	}
	_, target = SplitUnitType(target)
	target = canonNumber(target)
	if target == "" || n <= 0 {
		return nil
	}
	type cand struct {
		d  int
		id int32
	}
	var top []cand
	prev := make([]int, len(target)+1)
	cur := make([]int, len(target)+1)
	for _, k := range ix.near[vi(v)] {
		limit := 1 << 30
		if len(top) == n {
			limit = top[n-1].d
		}
		if abs(len(k.key)-len(target)) > limit {
			continue
		}
		d := levenshtein(target, k.key, prev, cur, limit)
		if d > limit || (d == limit && len(top) == n) {
			continue
		}
		top = append(top, cand{d, k.id})
		sort.SliceStable(top, func(i, j int) bool { return top[i].d < top[j].d })
		if len(top) > n {
			top = top[:n]
		}
	}
	out := make([]Unit, len(top))
	for i, c := range top {
		out[i] = ix.units[c.id]
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// levenshtein is the edit distance of two byte strings, using the two
// rows given (each len(a)+1 long); once it must exceed limit it returns
// limit+1.
func levenshtein(a, b string, prev, cur []int, limit int) int {
	for i := range prev {
		prev[i] = i
	}
	for j := 1; j <= len(b); j++ {
		cur[0] = j
		lo := cur[0]
		for i := 1; i <= len(a); i++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[i] = min(prev[i]+1, cur[i-1]+1, prev[i-1]+cost)
			lo = min(lo, cur[i])
		}
		if lo > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(a)]
}
