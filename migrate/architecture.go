package migrate

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
)

// Architecture is the consolidated architecture of a plan: the elements
// that survive (not merged into another, not retired) in their new units,
// the duplicate clusters, and the relations re-pointed to the survivors.
// It counts what the province summaries count: its elements are, province
// by province, the summaries' ElementsAfter.
type Architecture struct {
	PlanID    string            `json:"plan_id"`
	AsOf      string            `json:"as_of"`
	Mapping   string            `json:"mapping"`
	Provinces []ProvinceSummary `json:"provinces"`
	Elements  []ArchElement     `json:"elements"`
	Relations []ArchRelation    `json:"relations"`
	Clusters  []Cluster         `json:"clusters"`
	// Dropped counts the re-pointed relations left out because an end is
	// retired, undeclared, outside the plan's provinces, or both ends
	// became one element.
	Dropped int `json:"dropped_relations"`
	// DroppedHosting counts the hosted_on values that give no relation: the
	// host is not declared, is outside the plan's provinces, is retired, or
	// is (after merges) the element itself.
	DroppedHosting int `json:"dropped_hosting"`
	// Unrouted counts the surviving elements left out because their old
	// unit is not in the mapping: they have no new unit to belong to.
	Unrouted int `json:"unrouted_elements"`
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
	// SameReference lists the keys of the other references, in the same
	// new unit, to the system this element references: the new unit
	// references it once, as this element.
	SameReference []string `json:"same_reference,omitempty"`
	Decided       bool     `json:"decided"` // the treatment is a recorded decision, not a recommendation
	*inventory.Element
}

// ArchRelation is a relation between two surviving elements. An element's
// hosted_on value is a relation of kind hosted_on too, from the element to
// its host.
type ArchRelation struct {
	From   string   `json:"from"`
	To     string   `json:"to"`
	Kind   string   `json:"kind"`
	Via    string   `json:"via,omitempty"`
	Before []string `json:"before"` // the relations it comes from, "from>to" before consolidation
}

// sharedReference names what e refers to when e is a reference to a
// national platform or to another unit's system, and "" otherwise. Several
// old units' references to one system are one element of their new unit:
// the summaries count them once, and the consolidated architecture holds
// them once.
func sharedReference(e *inventory.Element) string {
	if !e.IsReference() && !isNationalPlatform(e) {
		return ""
	}
	return referenceKey(e)
}

// followMerges follows key through the elements it is merged into, as into
// tells them (the key an element is merged into, if that is a declared
// element), to the element that survives. It stops after 16 steps, so that
// a cycle of decisions ends.
func followMerges(key string, into func(string) (string, bool)) string {
	for range 16 {
		next, ok := into(key)
		if !ok || next == key {
			return key
		}
		key = next
	}
	return key
}

// Consolidate builds the consolidated architecture of plan p: every element
// that is not merged or retired, in its new unit, but each system that
// several old units of a new unit reference once (the first reference by
// key stands for the others, which it lists in SameReference); the
// relations re-pointed to the survivors and those representatives, one per
// distinct (from, to, kind, via); and each hosted_on value as a relation to
// the host that survives it.
func Consolidate(p *Plan, m *mapping.Mapping) *Architecture {
	a := &Architecture{PlanID: p.ID, AsOf: p.AsOf, Mapping: p.Mapping, Provinces: p.Provinces, Clusters: p.Clusters,
		Elements: []ArchElement{}, Relations: []ArchRelation{}}
	if a.Clusters == nil {
		a.Clusters = []Cluster{}
	}
	planned := make(map[string]*PlannedElement, len(p.Elements))
	absorbed := map[string][]string{}
	for i := range p.Elements {
		e := &p.Elements[i]
		planned[e.Key] = e
		if e.Treatment == Merge && e.MergeInto != "" {
			absorbed[e.MergeInto] = append(absorbed[e.MergeInto], e.Key)
		}
	}
	// alias maps each surviving element to the element that stands for it:
	// itself, or the first reference of its new unit to the same system.
	alias := make(map[string]string, len(p.Elements))
	index := map[string]int{} // surviving element key → index in a.Elements
	firstRef := map[string]string{}
	for i := range p.Elements {
		e := &p.Elements[i]
		if e.Treatment == Merge || e.Treatment == Retire {
			continue
		}
		if e.NewUnit == "" {
			a.Unrouted++
			continue
		}
		el := e.Element
		if el == nil {
			unit, id, _ := inventory.SplitKey(e.Key)
			el = &inventory.Element{Unit: unit, ID: id, Kind: inventory.Kind(e.Kind), Name: e.Name, FunctionCode: e.FunctionCode}
		}
		if ref := sharedReference(el); ref != "" {
			k := e.NewUnit + "\x00" + ref
			if first, ok := firstRef[k]; ok {
				alias[e.Key] = first
				ae := &a.Elements[index[first]]
				ae.SameReference = append(ae.SameReference, e.Key)
				continue
			}
			firstRef[k] = e.Key
		}
		alias[e.Key] = e.Key
		index[e.Key] = len(a.Elements)
		name := ""
		if u, ok := m.NewUnit(e.NewUnit); ok {
			name = u.Name
		}
		a.Elements = append(a.Elements, ArchElement{Key: e.Key, NewProvince: e.NewProvince, NewUnit: e.NewUnit, NewUnitName: name,
			Cluster: e.Cluster, Treatment: e.Treatment, Absorbed: absorbed[e.Key], Decided: e.Decision != nil && e.Decision.Treatment != "", Element: el})
	}

	type rk struct{ from, to, kind, via string }
	idx := map[rk]int{}
	add := func(from, to, kind, via, before string) {
		k := rk{from, to, kind, via}
		if i, ok := idx[k]; ok {
			a.Relations[i].Before = append(a.Relations[i].Before, before)
			return
		}
		idx[k] = len(a.Relations)
		a.Relations = append(a.Relations, ArchRelation{From: from, To: to, Kind: kind, Via: via, Before: []string{before}})
	}
	for _, r := range p.Relations {
		from, okFrom := alias[r.NewFrom]
		to, okTo := alias[r.NewTo]
		if r.Dangling || !okFrom || !okTo || from == to {
			a.Dropped++
			continue
		}
		add(from, to, r.Kind, r.Via, r.From+">"+r.To)
	}
	mergedInto := func(k string) (string, bool) {
		e, ok := planned[k]
		if !ok || e.Treatment != Merge || e.MergeInto == "" {
			return "", false
		}
		_, ok = planned[e.MergeInto]
		return e.MergeInto, ok
	}
	for i := range p.Elements {
		e := &p.Elements[i]
		from, ok := alias[e.Key]
		if !ok || e.Element == nil || e.Element.HostedOn == "" {
			continue
		}
		host := e.Element.HostedOn
		if !strings.Contains(host, "/") {
			host = e.Element.Unit + "/" + host
		}
		to, ok := alias[followMerges(host, mergedInto)]
		if !ok || to == from {
			a.DroppedHosting++
			continue
		}
		add(from, to, "hosted_on", "", e.Key+">"+host)
	}
	slices.SortFunc(a.Relations, func(x, y ArchRelation) int {
		return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To), cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Via, y.Via))
	})
	return a
}

// MergeArchitectures joins the consolidated architectures of a plan's
// independent parts (Partition) into the architecture of the whole plan, as
// Consolidate of the whole plan gives it: a national export holds one
// part's plan at a time. id names the whole plan; provinces are its
// summaries, sorted.
func MergeArchitectures(id string, provinces []ProvinceSummary, parts []*Architecture) *Architecture {
	a := &Architecture{PlanID: id, Provinces: provinces, Elements: []ArchElement{}, Relations: []ArchRelation{}, Clusters: []Cluster{}}
	for _, pt := range parts {
		a.AsOf, a.Mapping = pt.AsOf, pt.Mapping
		a.Elements = append(a.Elements, pt.Elements...)
		a.Relations = append(a.Relations, pt.Relations...)
		a.Clusters = append(a.Clusters, pt.Clusters...)
		a.Dropped += pt.Dropped
		a.DroppedHosting += pt.DroppedHosting
		a.Unrouted += pt.Unrouted
	}
	slices.SortFunc(a.Elements, func(x, y ArchElement) int { return cmp.Compare(x.Key, y.Key) })
	slices.SortFunc(a.Relations, func(x, y ArchRelation) int {
		return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To), cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Via, y.Via))
	})
	slices.SortFunc(a.Clusters, func(x, y Cluster) int { return cmp.Or(cmp.Compare(x.NewUnit, y.NewUnit), cmp.Compare(x.ID, y.ID)) })
	return a
}
