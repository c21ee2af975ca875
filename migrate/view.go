package migrate

// Only returns the part of the plan that concerns the given new provinces
// (all of it when none is given): their summaries, elements, clusters,
// flags, and the relations with an endpoint among their elements, before or
// after re-pointing. The view
// keeps the plan's id and fingerprint: it is the same plan, seen in part.
func (p *Plan) Only(provinces []string) *Plan {
	if len(provinces) == 0 {
		return p
	}
	want := make(map[string]bool, len(provinces))
	for _, c := range provinces {
		want[c] = true
	}
	out := &Plan{ID: p.ID, AsOf: p.AsOf, Fingerprint: p.Fingerprint, Mapping: p.Mapping}
	out.Provinces = filter(p.Provinces, func(s *ProvinceSummary) bool { return want[s.Code] })
	out.Elements = filter(p.Elements, func(e *PlannedElement) bool { return want[e.NewProvince] })
	keep := make(map[string]bool, len(out.Elements))
	for i := range out.Elements {
		keep[out.Elements[i].Key] = true
	}
	out.Clusters = filter(p.Clusters, func(c *Cluster) bool { return len(c.Members) > 0 && keep[c.Members[0]] })
	out.Relations = filter(p.Relations, func(r *PlannedRelation) bool {
		return keep[r.From] || keep[r.To] || keep[r.NewFrom] || keep[r.NewTo]
	})
	out.Flags = filter(p.Flags, func(f *Flag) bool { return want[f.Province] })
	return out
}

// filter returns the items of s that keep, in order, in a slice of exactly
// their number (never nil): a view is taken of every province of a part,
// and growing its slices by appending copied a national plan's flags
// several times over (measured: a fifth of the demo's allocations).
func filter[T any](s []T, keep func(*T) bool) []T {
	n := 0
	for i := range s {
		if keep(&s[i]) {
			n++
		}
	}
	out := make([]T, 0, n)
	for i := range s {
		if len(out) == n {
			break
		}
		if keep(&s[i]) {
			out = append(out, s[i])
		}
	}
	return out
}
