package migrate

import (
	"sort"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
)

// Architecture is the consolidated architecture of a plan: the elements
// that survive (not merged into another, not retired) in their new units,
// the duplicate clusters, and the relations re-pointed to the survivors.
type Architecture struct {
	PlanID    string            `json:"plan_id"`
	AsOf      string            `json:"as_of"`
	Mapping   string            `json:"mapping"`
	Provinces []ProvinceSummary `json:"provinces"`
	Elements  []ArchElement     `json:"elements"`
	Relations []ArchRelation    `json:"relations"`
	Clusters  []Cluster         `json:"clusters"`
	// Dropped counts the re-pointed relations left out because an end is
	// retired, undeclared, or both ends became one element.
	Dropped int `json:"dropped_relations"`
}

// ArchElement is one surviving element in its new unit, with every
// attribute it was imported with.
type ArchElement struct {
	Key         string    `json:"key"`
	NewProvince string    `json:"new_province"`
	NewUnit     string    `json:"new_unit"`
	NewUnitName string    `json:"new_unit_name"`
	Cluster     string    `json:"cluster,omitempty"`
	Treatment   Treatment `json:"treatment"`
	Absorbed    []string  `json:"absorbed,omitempty"` // keys of the elements merged into it
	Decided     bool      `json:"decided"`            // the treatment is a recorded decision, not a recommendation
	*inventory.Element
}

// ArchRelation is a relation between two surviving elements.
type ArchRelation struct {
	From   string   `json:"from"`
	To     string   `json:"to"`
	Kind   string   `json:"kind"`
	Via    string   `json:"via,omitempty"`
	Before []string `json:"before"` // the relations it comes from, "from>to" before consolidation
}

// Consolidate builds the consolidated architecture of plan p.
func Consolidate(p *Plan, m *mapping.Mapping) *Architecture {
	a := &Architecture{PlanID: p.ID, AsOf: p.AsOf, Mapping: p.Mapping, Provinces: p.Provinces, Clusters: p.Clusters}
	if a.Clusters == nil {
		a.Clusters = []Cluster{}
	}
	absorbed := map[string][]string{}
	alive := map[string]bool{}
	for i := range p.Elements {
		e := &p.Elements[i]
		if e.Treatment == Merge && e.MergeInto != "" {
			absorbed[e.MergeInto] = append(absorbed[e.MergeInto], e.Key)
		}
	}
	for i := range p.Elements {
		e := &p.Elements[i]
		if e.Treatment == Merge || e.Treatment == Retire {
			continue
		}
		alive[e.Key] = true
		el := e.Element
		if el == nil {
			unit, id, _ := inventory.SplitKey(e.Key)
			el = &inventory.Element{Unit: unit, ID: id, Kind: inventory.Kind(e.Kind), Name: e.Name, FunctionCode: e.FunctionCode}
		}
		name := ""
		if u, ok := m.NewUnit(e.NewUnit); ok {
			name = u.Name
		}
		a.Elements = append(a.Elements, ArchElement{Key: e.Key, NewProvince: e.NewProvince, NewUnit: e.NewUnit, NewUnitName: name,
			Cluster: e.Cluster, Treatment: e.Treatment, Absorbed: absorbed[e.Key], Decided: e.Decision != nil && e.Decision.Treatment != "", Element: el})
	}
	type rk struct{ from, to, kind, via string }
	idx := map[rk]int{}
	for _, r := range p.Relations {
		if r.Dangling || !alive[r.NewFrom] || !alive[r.NewTo] || r.NewFrom == r.NewTo {
			a.Dropped++
			continue
		}
		k := rk{r.NewFrom, r.NewTo, r.Kind, r.Via}
		before := r.From + ">" + r.To
		if i, ok := idx[k]; ok {
			a.Relations[i].Before = append(a.Relations[i].Before, before)
			continue
		}
		idx[k] = len(a.Relations)
		a.Relations = append(a.Relations, ArchRelation{From: r.NewFrom, To: r.NewTo, Kind: r.Kind, Via: r.Via, Before: []string{before}})
	}
	sort.Slice(a.Relations, func(i, j int) bool {
		x, y := a.Relations[i], a.Relations[j]
		if x.From != y.From {
			return x.From < y.From
		}
		if x.To != y.To {
			return x.To < y.To
		}
		if x.Kind != y.Kind {
			return x.Kind < y.Kind
		}
		return x.Via < y.Via
	})
	if a.Elements == nil {
		a.Elements = []ArchElement{}
	}
	if a.Relations == nil {
		a.Relations = []ArchRelation{}
	}
	return a
}
