package mapping

import "strings"

// Chains reports whether next continues prev: next's old units are exactly
// prev's new units (the same codes at the same levels), as for a later
// restructuring of the units the 2025 one created. A correction of prev has
// prev's old units instead, and replaces it.
func Chains(prev, next *Mapping) bool {
	if prev == nil || next == nil || len(next.OldUnits) != len(prev.NewUnits) || len(next.OldUnits) == 0 {
		return false
	}
	for _, u := range next.OldUnits {
		p, ok := prev.NewUnit(u.Code)
		if !ok || p.Level != u.Level {
			return false
		}
	}
	return true
}

// Chain composes two restructurings into one from prev's old units to
// next's new units, so that every code of the workspace keeps one meaning
// (old = before the first, new = after the second). Each pair of rows
// old→mid→new gives one row: its transfer is whole when both steps are
// whole, its relation is split when the old unit ends in several units,
// merge when the new unit comes from several, unchanged when neither and
// both steps were unchanged with the same code, rename otherwise; its
// resolution and clause name both acts ("A → B"). Callers check Chains
// first, and Validate the result.
func Chain(prev, next *Mapping) *Mapping {
	type pair struct{ o, n string }
	idx := map[pair]int{}
	var links []Link
	var steps [][2]Link
	for _, a := range prev.Links {
		for _, b := range next.Successors(a.New) {
			p := pair{a.Old, b.New}
			t := Partial
			if a.Transfer == Whole && b.Transfer == Whole {
				t = Whole
			}
			if i, ok := idx[p]; ok {
				if t == Whole {
					links[i].Transfer = Whole
				}
				continue
			}
			idx[p] = len(links)
			links = append(links, Link{Old: a.Old, New: b.New, Transfer: t,
				Resolution: joinActs(a.Resolution, b.Resolution), Clause: joinActs(a.Clause, b.Clause), Pos: b.Pos})
			steps = append(steps, [2]Link{a, b})
		}
	}
	nSucc, nPred := map[string]int{}, map[string]int{}
	for _, l := range links {
		nSucc[l.Old]++
		nPred[l.New]++
	}
	for i := range links {
		l := &links[i]
		a, b := steps[i][0], steps[i][1]
		switch {
		case nSucc[l.Old] > 1:
			l.Relation = Split
		case nPred[l.New] > 1:
			l.Relation = Merge
		case a.Relation == Unchanged && b.Relation == Unchanged && l.Old == l.New:
			l.Relation = Unchanged
		default:
			l.Relation = Rename
		}
	}
	olds := append([]Unit(nil), prev.OldUnits...)
	news := append([]Unit(nil), next.NewUnits...)
	m := NewMapping(prev.Name+"+"+next.Name, olds, news, links)
	m.UnitPos = map[Ref]Pos{}
	for r, p := range prev.UnitPos {
		if r.Vintage == Old {
			m.UnitPos[r] = p
		}
	}
	for r, p := range next.UnitPos {
		if r.Vintage == New {
			m.UnitPos[r] = p
		}
	}
	m.OldPos = prev.OldPos
	m.NewPos = next.NewPos
	return m
}

func joinActs(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " → " + b
}
