package migrate

import (
	"sort"

	"github.com/ndta-vn/archmerge/inventory"
)

// grouping is the input's new provinces grouped by what links their
// elements — a relation, a hosted_on, a decision to merge into another
// element — with the province each element, relation and decision belongs
// to. Provinces of one group must be planned together; groups are
// independent.
type grouping struct {
	in       *Input
	provOf   map[string]string // element key → new province ("" when the mapping does not know its unit)
	unitProv map[string]string
	parent   map[string]string
	members  map[string][]string // group root → its provinces, sorted
}

func groupInput(in *Input) *grouping {
	g := &grouping{in: in, provOf: make(map[string]string, len(in.Elements)), unitProv: map[string]string{}, parent: map[string]string{}}
	for i := range in.Elements {
		e := &in.Elements[i]
		if p := g.province(e.Unit); p != "" {
			g.provOf[e.Key()] = p
		}
	}
	for _, p := range g.provOf {
		g.find(p)
	}
	for i := range in.Elements {
		e := &in.Elements[i]
		if e.HostedOn != "" {
			g.union(g.provOf[e.Key()], g.provOf[e.HostedOn])
		}
	}
	for i := range in.Relations {
		r := &in.Relations[i]
		g.union(g.provOf[r.From], g.provOf[r.To])
		g.union(g.relation(r), g.provOf[r.To])
	}
	for i := range in.Decisions {
		d := &in.Decisions[i]
		if d.MergeInto != "" {
			g.union(g.provOf[d.Key], g.provOf[d.MergeInto])
		}
	}
	g.members = map[string][]string{}
	for p := range g.parent {
		r := g.find(p)
		g.members[r] = append(g.members[r], p)
	}
	for _, ms := range g.members {
		sort.Strings(ms)
	}
	return g
}

// province is the new province of an old unit.
func (g *grouping) province(unit string) string {
	p, ok := g.unitProv[unit]
	if !ok {
		if g.in.Mapping != nil {
			p = g.in.Mapping.NewProvinceOf(unit)
		}
		g.unitProv[unit] = p
	}
	return p
}

// relation is the province a relation belongs to: its source's, else its
// target's, else its declaring unit's.
func (g *grouping) relation(r *inventory.Relation) string {
	if p := g.provOf[r.From]; p != "" {
		return p
	}
	if p := g.provOf[r.To]; p != "" {
		return p
	}
	return g.province(r.Owner)
}

// decision is the province a decision belongs to: its element's.
func (g *grouping) decision(d *Decision) string { return g.provOf[d.Key] }

func (g *grouping) find(p string) string {
	if _, ok := g.parent[p]; !ok {
		g.parent[p] = p
	}
	for g.parent[p] != p {
		g.parent[p] = g.parent[g.parent[p]]
		p = g.parent[p]
	}
	return p
}

func (g *grouping) union(a, b string) {
	if a == "" || b == "" {
		return
	}
	ra, rb := g.find(a), g.find(b)
	if ra != rb {
		if ra < rb {
			g.parent[rb] = ra
		} else {
			g.parent[ra] = rb
		}
	}
}

// group returns the provinces planned together with p, sorted.
func (g *grouping) group(p string) []string { return g.members[g.find(p)] }

// roots returns the groups to plan: those holding one of the input's
// Provinces, or all when it names none, sorted by their first province.
func (g *grouping) roots() []string {
	want := map[string]bool{}
	for _, p := range g.in.Provinces {
		want[p] = true
	}
	var out []string
	for r, members := range g.members {
		keep := len(want) == 0
		for _, p := range members {
			keep = keep || want[p]
		}
		if keep {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return g.members[out[i]][0] < g.members[out[j]][0] })
	return out
}

// Partition splits an input into independent parts, one per group of new
// provinces, so that a national run can plan and report one part at a time
// and hold only that part's plan in memory. Provinces are grouped when
// anything links their elements — a relation, a hosted_on, a decision to
// merge into another element — so that every part's plan is exactly the
// national plan seen through Plan.Only for its provinces (a test holds
// this), and each part's fingerprint is the fingerprint its provinces carry
// in the national plan (ProvinceSummary.Fingerprint). Each part's Provinces
// lists its group, sorted; parts are sorted by their first province.
// Elements whose unit the mapping does not know belong to no province and to
// no part. The input's own Provinces filter, when set, keeps only the parts
// that hold one of those provinces.
func Partition(in Input) []Input {
	parts, _ := Split(in)
	return parts
}

// Split is Partition that also returns the digests of what belongs to no
// province (for Combine): a national run puts its fingerprint together from
// its parts' without digesting the whole input once more.
func Split(in Input) ([]Input, []string) {
	g := groupInput(&in)
	roots := g.roots()
	parts := make(map[string]*Input, len(roots))
	for _, r := range roots {
		parts[r] = &Input{Mapping: in.Mapping, AsOf: in.AsOf, Provinces: g.members[r]}
	}
	partOf := func(p string) *Input {
		if p == "" {
			return nil
		}
		return parts[g.find(p)]
	}
	var unrouted []string
	// Each element's and relation's part first, then each part's rows in
	// slices of their size: appending grew and copied them over and over.
	elemPart := make([]*Input, len(in.Elements))
	elems := map[*Input]int{}
	for i := range in.Elements {
		e := &in.Elements[i]
		p := g.provOf[e.Key()]
		if pt := partOf(p); pt != nil {
			elemPart[i] = pt
			elems[pt]++
		} else if p == "" {
			unrouted = append(unrouted, elementDigest(e))
		}
	}
	relPart := make([]*Input, len(in.Relations))
	rels := map[*Input]int{}
	for i := range in.Relations {
		r := &in.Relations[i]
		p := g.relation(r)
		if pt := partOf(p); pt != nil {
			relPart[i] = pt
			rels[pt]++
		} else if p == "" {
			unrouted = append(unrouted, relationDigest(r))
		}
	}
	for pt, n := range elems {
		pt.Elements = make([]inventory.Element, 0, n)
	}
	for pt, n := range rels {
		pt.Relations = make([]inventory.Relation, 0, n)
	}
	for i, pt := range elemPart {
		if pt != nil {
			pt.Elements = append(pt.Elements, in.Elements[i])
		}
	}
	for i, pt := range relPart {
		if pt != nil {
			pt.Relations = append(pt.Relations, in.Relations[i])
		}
	}
	for i := range in.Decisions {
		d := &in.Decisions[i]
		p := g.decision(d)
		if pt := partOf(p); pt != nil {
			pt.Decisions = append(pt.Decisions, *d)
		} else if p == "" {
			unrouted = append(unrouted, decisionDigest(d))
		}
	}
	sort.Strings(unrouted)
	out := make([]Input, 0, len(roots))
	for _, r := range roots {
		out = append(out, *parts[r])
	}
	return out, unrouted
}
