package mapping

import (
	"slices"
	"strings"
)

// Reading a name or an address: the query is folded (Fold rules, commas
// kept), split into comma parts and each part into the unit names it holds;
// then the first name whose units agree with every later name is the
// answer. docs/lookup.md describes the rules with examples.

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
	start    int // first token, type word included
	from, to int // token range of the name, type word excluded
	// street marks an untyped name that opens a part shaped like a street
	// or hamlet ("Bản Vược", "Làng Ngâm"): a unit name if that reading
	// fits, else the street or hamlet it looks like.
	street bool
}

// nameResult is what a reading of a name found.
type nameResult struct {
	ids   []int32
	piece int // the piece that named them (a larger number: later in the query)
	// skipped is set when the query has words before that piece that were
	// read as no unit (a street, a hamlet, or an unknown name).
	skipped bool
	// unrecognised is the text of those words (the original parts when
	// whole parts were passed over).
	unrecognised string
}

// byName finds the units an address or name names in reading r. query is
// the original text (for messages and diacritics), s the same trimmed.
func (ix *Index) byName(query, s string, r reading) nameResult {
	var bufArr [256]byte
	buf := foldAppend(bufArr[:0], s, true)
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
	if len(toks) == 0 {
		return nameResult{}
	}
	var piecesArr [maxTokens]piece
	pieces := piecesArr[:0]
	// named[k]: part k (from the first) does not open like a street.
	var namedArr [maxTokens]bool
	named := namedArr[:0]
	for s := 0; s < len(toks); {
		e := s
		for e < len(toks) && toks[e].part == toks[s].part {
			e++
		}
		for len(named) <= toks[s].part-toks[0].part {
			named = append(named, false)
		}
		var street bool
		pieces, street = ix.parsePart(buf, toks[s:e], s, pieces)
		named[toks[s].part-toks[0].part] = !street
		s = e
	}
	for t := range pieces {
		cands := ix.candidates(pieces, t, r)
		if len(cands) == 0 {
			if pieces[t].typ != "" && !pieces[t].street {
				// A name given with its type word is the unit asked
				// about: no later part stands in for it.
				return nameResult{}
			}
			continue
		}
		if len(cands) > 1 {
			cands = ix.preferTones(s, pieces[t], cands)
		}
		if len(cands) > 1 && slices.Contains(named[:pieces[t].part-toks[0].part], true) {
			// An earlier part that names no unit but is not a street
			// stood where the commune goes: this part names what
			// contains it ("xa viet lamm, vi xuyen": the district).
			if coarse := slices.DeleteFunc(slices.Clone(cands), func(id int32) bool { return ix.units[id].Level == Commune }); len(coarse) > 0 {
				cands = coarse
			}
		}
		slices.Sort(cands)
		res := nameResult{ids: cands, piece: t}
		if p := pieces[t]; p.start > 0 {
			res.skipped = true
			if !slices.ContainsFunc(cands, func(id int32) bool { return ix.units[id].Level == Commune }) {
				res.unrecognised = ix.skippedText(s, buf, toks, p)
			}
		}
		return res
	}
	return nameResult{}
}

// skippedText renders the words before piece p: the original comma parts
// before p's part, or, within one part, its folded words before p.
func (ix *Index) skippedText(s string, buf []byte, toks []qtoken, p piece) string {
	first := toks[0].part
	if p.part > first {
		var parts []string
		for _, o := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
			if Fold(o) != "" {
				parts = append(parts, strings.TrimSpace(o))
			}
		}
		if p.part <= len(parts) {
			return strings.Join(parts[first:p.part], ", ")
		}
	}
	var words []string
	for _, t := range toks[:p.start] {
		if t.part == p.part {
			words = append(words, string(buf[t.start:t.end]))
		}
	}
	return strings.Join(words, " ")
}

// parsePart splits the tokens of one address part into the unit names it
// holds, the most tokens matched with the fewest names, and appends them;
// street reports whether the part opens like a street or hamlet.
func (ix *Index) parsePart(buf []byte, toks []qtoken, base int, out []piece) (_ []piece, street bool) {
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
			if len(lookup(i, j)) > 0 {
				try(state{matched: best[j].matched + j - i, pieces: best[j].pieces + 1, next: j})
			}
		}
		for tl := 1; tl <= 2 && i+tl < n; tl++ {
			typ, ok := unitTypeWords[string(buf[toks[i].start:toks[i+tl-1].end])]
			if !ok {
				continue
			}
			for j := i + tl + 1; j <= n && j-i-tl <= maxNameWords; j++ {
				if len(lookup(i+tl, j)) > 0 {
					try(state{matched: best[j].matched + j - i, pieces: best[j].pieces + 1, next: j, typLen: tl, typ: typ})
				}
			}
		}
	}
	street = isStreetPart(string(buf[toks[0].start:toks[n-1].end]))
	skipped := false
	for i := 0; i < n; {
		s := best[i]
		if s.typLen < 0 {
			skipped = true
			i = s.next
			continue
		}
		from := i + s.typLen
		// An untyped name after words that name nothing is a street or
		// hamlet ("đường Trần Phú"); one that opens a part shaped like a
		// street is kept, marked, to be tried as a unit first ("Bản
		// Vược"). A name followed by words that name nothing is only the
		// start of an unknown name ("xa viet lamm" is not "Xã Việt").
		truncated := s.next < n && best[s.next].typLen < 0
		if !truncated && (s.typLen > 0 || !skipped) {
			out = append(out, piece{ids: lookup(from, s.next), typ: s.typ, part: toks[0].part, start: base + i,
				from: base + from, to: base + s.next, street: street && s.typLen == 0 && i == 0})
		}
		i = s.next
	}
	return out, street
}

// candidates returns the units piece t names in reading r that every later
// piece agrees with, or nil.
func (ix *Index) candidates(pieces []piece, t int, r reading) []int32 {
	var cands []int32
	for _, id := range pieces[t].ids {
		if ix.fits(id, r) && typeFits(pieces[t].typ, ix.typ[id]) {
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
	if len(cands) > 1 {
		cands = ix.inOrder(pieces, t, cands)
	}
	return cands
}

// inOrder keeps, among candidates that all agree with the later pieces,
// those of which the most later pieces name ancestors in order, each one
// further up than the last ("Vĩnh Quang, Cao Bằng, Cao Bằng": the Vĩnh
// Quang of the city of Cao Bằng, whose district and province are both
// named, not another one of the province, whose district is not). A piece
// that may name either of two ancestors is matched to the nearer, so
// "Hưng Đạo, Cao Bằng" stays ambiguous between the Hưng Đạo of the city
// and of the province.
func (ix *Index) inOrder(pieces []piece, t int, cands []int32) []int32 {
	best, out := -1, cands[:0:0]
	for _, id := range cands {
		score, depth := 0, 0
		anc := ix.anc[id]
		for c := t + 1; c < len(pieces); c++ {
			for d := depth; d < len(anc); d++ {
				if slices.Contains(pieces[c].ids, anc[d]) && typeFits(pieces[c].typ, ix.typ[anc[d]]) {
					score, depth = score+1, d+1
					break
				}
			}
		}
		switch {
		case score > best:
			best, out = score, append(out[:0], id)
		case score == best:
			out = append(out, id)
		}
	}
	return out
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
