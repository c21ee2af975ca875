package mapping

import (
	"slices"
	"sort"
	"sync"
)

// The search for the nearest names when nothing fits. A scan of every
// name by edit distance cost about a millisecond a query; a trigram index
// over the folded names bounds it: only names sharing the most three-letter
// sequences with the query are measured.

// nearTarget bounds the bytes of the query part compared (no unit name is
// longer).
const nearTarget = 64

// nearShortlist is the number of names measured by edit distance.
const nearShortlist = 48

// nearCommon is the number of names beyond which a trigram is common.
const nearCommon = 400

type nearKey struct {
	key string
	id  int32
}

// trigrams indexes the folded names of one vintage by their three-byte
// sequences (the name padded with a space at each end).
type trigrams struct {
	keys    []nearKey
	posting map[uint32][]int32 // trigram → places in keys, ascending
	scratch sync.Pool          // *nearScratch
}

type nearScratch struct {
	count   []uint16
	touched []int32
	prev    []int
	cur     []int
}

func grams(s string, fn func(uint32)) {
	p := " " + s + " "
	for i := 0; i+3 <= len(p); i++ {
		fn(uint32(p[i])<<16 | uint32(p[i+1])<<8 | uint32(p[i+2]))
	}
}

func newTrigrams(keys []nearKey) *trigrams {
	t := &trigrams{keys: keys, posting: map[uint32][]int32{}}
	for i, k := range keys {
		grams(k.key, func(g uint32) {
			ps := t.posting[g]
			if n := len(ps); n == 0 || ps[n-1] != int32(i) {
				t.posting[g] = append(ps, int32(i))
			}
		})
	}
	t.scratch.New = func() any { return &nearScratch{count: make([]uint16, len(keys))} }
	return t
}

// Nearest returns up to n units of vintage v whose names are closest to the
// query's first named part (edit distance on folded names, among the names
// that share the most three-letter sequences with it; ties by file order).
// Its cost is bounded whatever the query.
func (ix *Index) Nearest(query string, v Vintage, n int) []Unit {
	if len(query) > MaxQueryBytes || n <= 0 {
		return nil
	}
	target := ""
	for _, p := range SplitAddress(query) {
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
	if len(target) > nearTarget {
		target = target[:nearTarget]
	}
	if target == "" {
		return nil
	}
	t := ix.near[vi(v)]
	sc := t.scratch.Get().(*nearScratch)
	defer t.scratch.Put(sc)
	sc.touched = sc.touched[:0]
	// The query's distinct trigrams, rarest first; the common ones (in
	// more than nearCommon names: "ong", "an ") are counted only while
	// fewer than two rarer ones were, which bounds the work.
	var gArr [nearTarget + 2][]int32
	gs := gArr[:0]
	var seenArr [nearTarget + 2]uint32
	seen := seenArr[:0]
	grams(target, func(g uint32) {
		if slices.Contains(seen, g) {
			return
		}
		seen = append(seen, g)
		if ps := t.posting[g]; len(ps) > 0 {
			gs = append(gs, ps)
		}
	})
	slices.SortFunc(gs, func(a, b []int32) int { return len(a) - len(b) })
	for k, ps := range gs {
		if k >= 2 && len(ps) > nearCommon {
			break
		}
		for _, i := range ps {
			if sc.count[i] == 0 {
				sc.touched = append(sc.touched, i)
			}
			sc.count[i]++
		}
	}
	// The shortlist: the names sharing the most trigrams, found with a
	// histogram of the counts (no sort of every name touched); names tied
	// at the cut are taken in the order the posting lists met them.
	var hist [nearTarget + 3]int
	for _, i := range sc.touched {
		hist[sc.count[i]]++
	}
	cut, have := len(hist)-1, 0
	for cut > 1 && have+hist[cut] < nearShortlist {
		have += hist[cut]
		cut--
	}
	short := make([]int32, 0, nearShortlist)
	for _, i := range sc.touched {
		if c := int(sc.count[i]); c > cut {
			short = append(short, i)
		}
	}
	for _, i := range sc.touched {
		if len(short) == nearShortlist {
			break
		}
		if int(sc.count[i]) == cut {
			short = append(short, i)
		}
	}
	type cand struct {
		d int
		i int32
	}
	top := make([]cand, 0, n+1)
	if cap(sc.prev) < len(target)+1 {
		sc.prev, sc.cur = make([]int, len(target)+1), make([]int, len(target)+1)
	}
	prev, cur := sc.prev[:len(target)+1], sc.cur[:len(target)+1]
	for _, i := range short {
		k := t.keys[i].key
		limit := 1 << 30
		if len(top) == n {
			limit = top[n-1].d
		}
		if abs(len(k)-len(target)) > limit {
			continue
		}
		d := levenshtein(target, k, prev, cur, limit)
		if d > limit || d == limit && len(top) == n {
			continue
		}
		top = append(top, cand{d, i})
		sort.SliceStable(top, func(a, b int) bool { return top[a].d < top[b].d || top[a].d == top[b].d && top[a].i < top[b].i })
		if len(top) > n {
			top = top[:n]
		}
	}
	for _, i := range sc.touched {
		sc.count[i] = 0
	}
	out := make([]Unit, len(top))
	for i, c := range top {
		out[i] = ix.units[t.keys[c.i].id]
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
