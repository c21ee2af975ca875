package store

import (
	"context"
	"sort"

	"github.com/ndta-vn/archmerge/mapping"
)

// Groups are the new provinces of the units that hold an inventory, grouped
// by the links between units (UnitLinks). It is what a command that plans
// some provinces must read: the units of their groups. The engine groups the
// provinces of the rows it is given itself (migrate.Partition), from the
// elements and relations rather than the units, so these groups hold its
// groups, and maybe more.
type Groups struct {
	parent map[string]string
	units  map[string][]string // province → its units with an inventory, sorted
}

// Groups reads the groups of the workspace's inventories, under mapping m.
func (s *Store) Groups(ctx context.Context, m *mapping.Mapping) (*Groups, error) {
	return readGroups(ctx, s.db, m)
}

func readGroups(ctx context.Context, q queryer, m *mapping.Mapping) (*Groups, error) {
	units, err := inventoryUnits(ctx, q)
	if err != nil {
		return nil, err
	}
	links, err := unitLinks(ctx, q)
	if err != nil {
		return nil, err
	}
	g := &Groups{parent: map[string]string{}, units: map[string][]string{}}
	for _, u := range units {
		if p := m.NewProvinceOf(u); p != "" {
			g.find(p)
			g.units[p] = append(g.units[p], u)
		}
	}
	for _, l := range links {
		a, b := m.NewProvinceOf(l[0]), m.NewProvinceOf(l[1])
		if a != "" && b != "" && g.known(a) && g.known(b) {
			g.parent[g.find(a)] = g.find(b)
		}
	}
	return g, nil
}

func (g *Groups) known(p string) bool { _, ok := g.parent[p]; return ok }

func (g *Groups) find(p string) string {
	if _, ok := g.parent[p]; !ok {
		g.parent[p] = p
	}
	for g.parent[p] != p {
		g.parent[p] = g.parent[g.parent[p]]
		p = g.parent[p]
	}
	return p
}

// Provinces lists the provinces with an inventory, sorted.
func (g *Groups) Provinces() []string {
	out := make([]string, 0, len(g.parent))
	for p := range g.parent {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Of lists the provinces of p's group, sorted (p alone when it has no
// inventory).
func (g *Groups) Of(p string) []string {
	if !g.known(p) {
		return []string{p}
	}
	r := g.find(p)
	var out []string
	for q := range g.parent {
		if g.find(q) == r {
			out = append(out, q)
		}
	}
	sort.Strings(out)
	return out
}

// Units lists, sorted, the units with an inventory of the groups that hold
// the provinces given.
func (g *Groups) Units(provinces []string) []string {
	roots := map[string]bool{}
	for _, p := range provinces {
		if g.known(p) {
			roots[g.find(p)] = true
		}
	}
	out := []string{}
	for p, us := range g.units {
		if roots[g.find(p)] {
			out = append(out, us...)
		}
	}
	sort.Strings(out)
	return out
}
