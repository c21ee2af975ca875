package migrate

import (
	"sort"

	"github.com/ndta-vn/archmerge/inventory"
)

// Partition splits an input into independent parts, one per group of new
// provinces, so that a national run can plan and report one part at a time
// and hold only that part's plan in memory. Provinces are grouped when
// anything links their elements — a relation, a hosted_on, a decision to
// merge into another element — so that every part's plan is exactly the
// national plan seen through Plan.Only for its provinces (a test holds
// this). Each part's Provinces lists its group, sorted; parts are sorted by
// their first province. Elements whose unit the mapping does not know
// belong to no province and to no part. The input's own Provinces filter,
// when set, keeps only the parts that hold one of those provinces.
func Partition(in Input) []Input {
	m := in.Mapping
	provOf := make(map[string]string, len(in.Elements)) // element key → new province
	unitProv := map[string]string{}
	province := func(unit string) string {
		p, ok := unitProv[unit]
		if !ok {
			p = m.NewProvinceOf(unit)
			unitProv[unit] = p
		}
		return p
	}
	for i := range in.Elements {
		e := &in.Elements[i]
		if p := province(e.Unit); p != "" {
			provOf[e.Key()] = p
		}
	}

	// Union-find over provinces.
	parent := map[string]string{}
	var find func(string) string
	find = func(p string) string {
		if _, ok := parent[p]; !ok {
			parent[p] = p
		}
		for parent[p] != p {
			parent[p] = parent[parent[p]]
			p = parent[p]
		}
		return p
	}
	union := func(a, b string) {
		if a == "" || b == "" {
			return
		}
		ra, rb := find(a), find(b)
		if ra != rb {
			if ra < rb {
				parent[rb] = ra
			} else {
				parent[ra] = rb
			}
		}
	}
	for _, p := range provOf {
		find(p)
	}
	for i := range in.Elements {
		e := &in.Elements[i]
		if e.HostedOn != "" {
			union(provOf[e.Key()], provOf[e.HostedOn])
		}
	}
	relProv := func(r *inventory.Relation) string {
		if p := provOf[r.From]; p != "" {
			return p
		}
		if p := provOf[r.To]; p != "" {
			return p
		}
		return province(r.Owner)
	}
	for i := range in.Relations {
		r := &in.Relations[i]
		union(provOf[r.From], provOf[r.To])
		union(relProv(r), provOf[r.To])
	}
	for i := range in.Decisions {
		d := &in.Decisions[i]
		if d.MergeInto != "" {
			union(provOf[d.Key], provOf[d.MergeInto])
		}
	}

	groups := map[string][]string{}
	for p := range parent {
		r := find(p)
		groups[r] = append(groups[r], p)
	}
	want := map[string]bool{}
	for _, p := range in.Provinces {
		want[p] = true
	}
	parts := map[string]*Input{}
	var roots []string
	for r, members := range groups {
		sort.Strings(members)
		keep := len(want) == 0
		for _, p := range members {
			keep = keep || want[p]
		}
		if !keep {
			continue
		}
		roots = append(roots, r)
		parts[r] = &Input{Mapping: m, AsOf: in.AsOf, Progress: nil, Provinces: members}
	}
	sort.Slice(roots, func(i, j int) bool { return parts[roots[i]].Provinces[0] < parts[roots[j]].Provinces[0] })
	partOf := func(p string) *Input {
		if p == "" {
			return nil
		}
		return parts[find(p)]
	}
	for i := range in.Elements {
		e := &in.Elements[i]
		if pt := partOf(provOf[e.Key()]); pt != nil {
			pt.Elements = append(pt.Elements, *e)
		}
	}
	for i := range in.Relations {
		r := &in.Relations[i]
		if pt := partOf(relProv(r)); pt != nil {
			pt.Relations = append(pt.Relations, *r)
		}
	}
	for i := range in.Decisions {
		d := &in.Decisions[i]
		if pt := partOf(provOf[d.Key]); pt != nil {
			pt.Decisions = append(pt.Decisions, *d)
		}
	}
	out := make([]Input, 0, len(roots))
	for _, r := range roots {
		out = append(out, *parts[r])
	}
	return out
}
