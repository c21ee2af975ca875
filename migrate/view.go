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
	out := &Plan{ID: p.ID, AsOf: p.AsOf, Fingerprint: p.Fingerprint, Mapping: p.Mapping,
		Provinces: []ProvinceSummary{}, Elements: []PlannedElement{}, Clusters: []Cluster{},
		Relations: []PlannedRelation{}, Flags: []Flag{}}
	for _, s := range p.Provinces {
		if want[s.Code] {
			out.Provinces = append(out.Provinces, s)
		}
	}
	keep := map[string]bool{}
	for _, e := range p.Elements {
		if want[e.NewProvince] {
			out.Elements = append(out.Elements, e)
			keep[e.Key] = true
		}
	}
	for _, c := range p.Clusters {
		if len(c.Members) > 0 && keep[c.Members[0]] {
			out.Clusters = append(out.Clusters, c)
		}
	}
	for _, r := range p.Relations {
		if keep[r.From] || keep[r.To] || keep[r.NewFrom] || keep[r.NewTo] {
			out.Relations = append(out.Relations, r)
		}
	}
	for _, f := range p.Flags {
		if want[f.Province] {
			out.Flags = append(out.Flags, f)
		}
	}
	return out
}
