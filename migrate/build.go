package migrate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
)

// item is the engine's working copy of one element.
type item struct {
	e          *inventory.Element
	key        string
	label      string // "name" (key), as messages name the element
	oldUnit    string
	oldLevel   mapping.Level
	oldProv    string // old province code
	newUnit    string
	newProv    string
	candidates []string // the units a decision may name: its successors, plus a district body's communes
	succ       []string // its own old unit's successors (a district's: the new province and its communes)
	split      bool
	district   bool
	unknown    bool // the old unit is not in the mapping
	reference  bool // a reference to a national platform or another unit's system
	national   bool // names a national platform
	dec        *Decision
	decUnitBad bool // the decision's new unit was not a valid successor and was ignored
	decUnit    bool // the new unit is a decision's, not the routing's

	owner, operator, holder body // the bodies these name (a district body, or none)

	cluster     int // index in b.clusters, or -1
	recommended Treatment
	recInto     string
	treatment   Treatment // in force: decided, else recommended
	mergeInto   string
	reasons     []lang.Text
	p2p         bool // integrates point to point
	viaAbsorbed bool // integrates through an absorbed LGSP
}

func (it *item) reason(vi, en string) {
	it.reasons = append(it.reasons, lang.T(vi, en))
}

// gone reports whether the element is, in force, merged into another or
// retired.
func (it *item) gone() bool { return it.treatment == Merge || it.treatment == Retire }

type cluster struct {
	id       string
	newUnit  string
	newProv  string
	members  []int // item indices, sorted by key
	survivor int
	basis    map[string]bool
	scores   []Score
	expl     lang.Text
	multi    bool // members come from two or more old units
}

// bucket is a set of elements that share one duplicate criterion.
type bucket struct {
	basis   string // function, product or name
	label   string // the shared function, product or name key
	newUnit string
	members []int
}

type builder struct {
	ctx      context.Context
	in       Input
	m        *mapping.Mapping
	asOf     time.Time
	prog     Progress
	items    []item
	byKey    map[string]int
	decs     map[string]*Decision
	provs    []string // covered new provinces, sorted
	covered  map[string]bool
	clusters []*cluster
	buckets  []bucket
	rels     []relItem
	flags    []*Flag
	lgsp     map[string]string // new province → old province of its surviving LGSP
	cores    map[string]string // unit name → core, memoised
	succ     map[string][]int  // old code → indexes in m.Links (the mapping's own lookups allocate)
	pred     map[string][]int  // new code → indexes in m.Links
	units    *unitIndex        // unit names as free text mentions them
	bodies   map[bodyKey]body  // bodyOf's memory, while routing
	// coresFrozen makes core read cores without adding to it, while
	// workers share the builder.
	coresFrozen bool
	digest      <-chan *digested // the input's fingerprints, computed alongside
}

type relItem struct {
	r        *inventory.Relation
	from, to int // item indices or -1
	prov     string
	pr       PlannedRelation
}

// Build plans the consolidation of in: it routes every element to its new
// unit, clusters duplicates, recommends a treatment for each element,
// re-points relations and raises every flag, taking the decisions in force
// into account. It is pure and deterministic: the same input, in any order,
// gives the same plan.
func Build(ctx context.Context, in Input) (*Plan, error) {
	if in.Mapping == nil {
		return nil, errors.New("plan: no mapping")
	}
	asOf, err := time.Parse("2006-01-02", in.AsOf)
	if err != nil {
		return nil, fmt.Errorf("plan: as-of date %q: expected yyyy-mm-dd", in.AsOf)
	}
	b := &builder{ctx: ctx, in: in, m: in.Mapping, asOf: asOf, prog: in.Progress,
		cores: map[string]string{}, lgsp: map[string]string{}, units: newUnitIndex(), bodies: map[bodyKey]body{}}
	if b.prog == nil {
		b.prog = noProgress{}
	}
	// The fingerprints read only the input: they are computed meanwhile.
	digest := make(chan *digested, 1)
	if in.Digest != nil {
		digest <- in.Digest.d
	} else {
		go func() { digest <- digestInput(in) }()
	}
	b.digest = digest
	b.prog.Stage("route", len(in.Elements))
	b.index()
	b.route()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.prog.Stage("cluster", len(b.provs))
	if err := b.clusterAll(); err != nil {
		return nil, err
	}
	b.recommendLone()
	b.applyDecisions()
	b.survivingLGSPs()
	b.relations()
	b.recommendConnect()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.prog.Stage("flags", len(b.items))
	b.flags = make([]*Flag, 0, 4*len(b.items))
	b.raiseFlags()
	b.resolveFlags()
	return b.assemble(), nil
}

// index sorts the elements by key and indexes them and the decisions.
func (b *builder) index() {
	b.items = make([]item, len(b.in.Elements))
	for i := range b.in.Elements {
		e := &b.in.Elements[i]
		key := e.Key()
		b.items[i] = item{e: e, key: key, label: "\"" + e.Name + "\" (" + key + ")", cluster: -1}
	}
	sortStable(b.items, func(a, c *item) int {
		if r := strings.Compare(a.key, c.key); r != 0 {
			return r
		}
		switch {
		case elementLess(a.e, c.e):
			return -1
		case elementLess(c.e, a.e):
			return 1
		}
		return 0
	})
	b.byKey = make(map[string]int, len(b.items))
	for i := range b.items {
		if _, dup := b.byKey[b.items[i].key]; !dup {
			b.byKey[b.items[i].key] = i
		}
	}
	b.succ = make(map[string][]int, len(b.m.OldUnits))
	b.pred = make(map[string][]int, len(b.m.NewUnits))
	for i, l := range b.m.Links {
		b.succ[l.Old] = append(b.succ[l.Old], i)
		b.pred[l.New] = append(b.pred[l.New], i)
	}
	b.decs = make(map[string]*Decision, len(b.in.Decisions))
	ds := append([]Decision(nil), b.in.Decisions...)
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Key != ds[j].Key {
			return ds[i].Key < ds[j].Key
		}
		return ds[i].At < ds[j].At
	})
	for i := range ds {
		b.decs[ds[i].Key] = &ds[i] // the latest of one key wins
	}
}

// elementLess orders two elements with the same key (which import rejects,
// but the engine must not depend on it) by their content.
func elementLess(a, c *inventory.Element) bool {
	return elementDigest(a) < elementDigest(c)
}

// route gives every element its new unit.
func (b *builder) route() {
	coveredFilter := map[string]bool{}
	for _, p := range b.in.Provinces {
		coveredFilter[p] = true
	}
	seen := map[string]bool{}
	for i := range b.items {
		it := &b.items[i]
		b.routeOne(it)
		it.dec = b.decs[it.key]
		it.reference = it.e.IsReference()
		it.national = isNationalPlatform(it.e)
		b.readBodies(it)
		b.decidedUnit(it)
		if it.newProv != "" && (len(coveredFilter) == 0 || coveredFilter[it.newProv]) {
			seen[it.newProv] = true
		}
		b.prog.Add(1)
	}
	for p := range coveredFilter {
		if u, ok := b.m.NewUnit(p); ok && u.Level == mapping.Province {
			seen[p] = true
		}
	}
	b.covered = seen
	b.bodies = nil // the flag workers share the builder: nothing is memoised after routing
	for p := range seen {
		b.provs = append(b.provs, p)
	}
	sort.Strings(b.provs)
}

func (b *builder) routeOne(it *item) {
	m := b.m
	it.oldUnit = it.e.Unit
	u, ok := m.OldUnit(it.oldUnit)
	if !ok {
		it.unknown = true
		it.reason("Đơn vị "+it.oldUnit+" không có trong bảng chuyển đổi: không xác định được đơn vị mới",
			"Unit "+it.oldUnit+" is not in the mapping: its new unit cannot be determined")
		return
	}
	it.oldLevel = u.Level
	it.oldProv = m.OldProvince(it.oldUnit)
	switch u.Level {
	case mapping.Province:
		it.newProv = m.NewProvinceOf(it.oldUnit)
		it.newUnit = it.newProv
		it.candidates = []string{it.newProv}
	case mapping.District:
		it.district = true
		fate, _ := m.District(it.oldUnit)
		it.newProv = fate.NewProvince
		if it.newProv == "" {
			it.newProv = m.NewProvinceOf(it.oldUnit)
		}
		it.newUnit = it.newProv
		it.candidates = append([]string{it.newProv}, fate.NewCommunes...)
		it.reason(unitName(m, it.oldUnit)+", đơn vị cấp huyện, đã chấm dứt hoạt động: chuyển về "+newUnitName(m, it.newProv),
			unitName(m, it.oldUnit)+", a district-level unit, was abolished: routed to "+newUnitName(m, it.newProv)+", its new province")
	default:
		idx := b.succ[it.oldUnit]
		if len(idx) == 0 {
			it.newProv = m.NewProvinceOf(it.oldUnit)
			it.newUnit = it.newProv
			break
		}
		it.candidates = make([]string, 0, len(idx))
		for _, j := range idx {
			it.candidates = append(it.candidates, m.Links[j].New)
		}
		it.newUnit = m.Links[idx[0]].New
		if len(idx) > 1 {
			succ := m.Successors(it.oldUnit)
			it.split = true
			var why lang.Text
			it.newUnit, why = splitChoice(m, it.oldUnit, succ)
			it.reasons = append(it.reasons, why)
			sort.Strings(it.candidates)
		}
		it.newProv = m.NewProvince(it.newUnit)
	}
	if it.newProv == "" {
		it.unknown = true
	}
	it.succ = it.candidates
}

// readBodies reads whose bodies the element's owner, operator and contract
// holder are. An original owned or operated by a district body may go to
// the province or to one of the communes that took that district's
// territory: they join its candidates.
func (b *builder) readBodies(it *item) {
	if it.unknown {
		return
	}
	e := it.e
	b.units.ensure(b.m, it.oldProv, it.newProv)
	it.holder = b.bodyOf(strings.TrimSpace(e.ContractHolder), it.oldProv, it.newProv)
	if it.district || it.reference || it.national {
		return
	}
	it.owner = b.bodyOf(strings.TrimSpace(e.Owner), it.oldProv, it.newProv)
	it.operator = b.bodyOf(strings.TrimSpace(e.Operator), it.oldProv, it.newProv)
	if !it.owner.district && !it.operator.district {
		return
	}
	cands := append([]string{it.newProv}, it.candidates...)
	for _, d := range append(append([]string(nil), it.owner.districts...), it.operator.districts...) {
		fate, _ := b.m.District(d)
		cands = append(cands, fate.NewCommunes...)
	}
	it.candidates = append([]string{it.newProv}, sortedUnique(withoutCode(cands, it.newProv))...)
}

func withoutCode(list []string, code string) []string {
	out := list[:0:0]
	for _, x := range list {
		if x != code {
			out = append(out, x)
		}
	}
	return out
}

// splitChoice picks a split commune's successor: the one that received the
// whole unit, else the one that kept its code, else the first in
// resolution and clause order.
func splitChoice(m *mapping.Mapping, old string, succ []mapping.Link) (string, lang.Text) {
	name := unitName(m, old)
	for _, l := range succ {
		if l.Transfer == mapping.Whole {
			return l.New, lang.T("Đơn vị cũ "+name+" bị chia tách: chọn "+newUnitName(m, l.New)+", đơn vị nhận toàn bộ",
				"Old unit "+name+" was split: "+newUnitName(m, l.New)+" chosen, the successor that received the whole unit")
		}
	}
	for _, l := range succ {
		if l.New == old {
			return l.New, lang.T("Đơn vị cũ "+name+" bị chia tách: tạm chọn "+newUnitName(m, l.New)+", đơn vị giữ mã cũ",
				"Old unit "+name+" was split: "+newUnitName(m, l.New)+" chosen for now, the successor that kept its code")
		}
	}
	ordered := append([]mapping.Link(nil), succ...)
	sort.SliceStable(ordered, func(i, j int) bool {
		if ordered[i].Resolution != ordered[j].Resolution {
			return ordered[i].Resolution < ordered[j].Resolution
		}
		return clauseNum(ordered[i].Clause) < clauseNum(ordered[j].Clause)
	})
	l := ordered[0]
	ref := l.Resolution
	if l.Clause != "" {
		ref += ", khoản " + l.Clause
	}
	refEN := l.Resolution
	if l.Clause != "" {
		refEN += ", clause " + l.Clause
	}
	return l.New, lang.T("Đơn vị cũ "+name+" bị chia tách: tạm chọn "+newUnitName(m, l.New)+", đơn vị đầu tiên theo nghị quyết ("+ref+")",
		"Old unit "+name+" was split: "+newUnitName(m, l.New)+" chosen for now, the first successor in the resolution ("+refEN+")")
}

func clauseNum(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 1 << 30
	}
	return n
}

// unitName and newUnitName name an old and a new unit: "Phường Trần Phú
// (00691)".
func unitName(m *mapping.Mapping, old string) string     { return tagged(m.OldUnit, old, "") }
func newUnitName(m *mapping.Mapping, code string) string { return tagged(m.NewUnit, code, "") }

// provisional reports whether the element's new unit is the engine's
// provisional choice among a split commune's successors, which no decision
// has confirmed: messages must not state it as fact.
func (it *item) provisional() bool { return it.split && !it.decUnit }

// inPlan reports whether an element belongs to a covered province.
func (b *builder) inPlan(it *item) bool { return !it.unknown && b.covered[it.newProv] }

// decidedUnit puts a decision's new unit over the routing when it is one of
// the element's candidates, before clustering: duplicates are found where
// the element is decided to go.
func (b *builder) decidedUnit(it *item) {
	d := it.dec
	if d == nil || d.NewUnit == "" {
		return
	}
	if it.unknown || !contains(it.candidates, d.NewUnit) {
		it.decUnitBad = true
		it.reason("Quyết định chuyển sang "+d.NewUnit+" bị bỏ qua: không phải đơn vị có thể tiếp nhận phần tử của "+it.oldUnit+" ("+strings.Join(it.candidates, ", ")+")",
			"Decided new unit "+d.NewUnit+" ignored: not a unit that may take the elements of "+it.oldUnit+" ("+strings.Join(it.candidates, ", ")+")")
		return
	}
	it.decUnit = true
	if d.NewUnit != it.newUnit {
		it.newUnit = d.NewUnit
		it.reason("Đơn vị mới theo quyết định: "+newUnitName(b.m, d.NewUnit), "New unit as decided: "+newUnitName(b.m, d.NewUnit))
	}
}

// applyDecisions puts the decisions in force over the recommendations.
func (b *builder) applyDecisions() {
	for i := range b.items {
		it := &b.items[i]
		it.treatment, it.mergeInto = it.recommended, it.recInto
		d := it.dec
		if d == nil {
			continue
		}
		if d.Treatment != "" {
			it.treatment, it.mergeInto = d.Treatment, ""
			if d.Treatment == Merge {
				it.mergeInto = d.MergeInto
			}
			it.reason("Đã quyết định: "+TreatmentVI[d.Treatment]+intoVI(it.mergeInto), "Decided: "+string(d.Treatment)+intoEN(it.mergeInto))
		}
	}
}

func intoVI(k string) string {
	if k == "" {
		return ""
	}
	return " vào " + k
}

func intoEN(k string) string {
	if k == "" {
		return ""
	}
	return " into " + k
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// resolve follows merge decisions and recommendations to the element that
// survives, stopping at cycles and unknown keys.
func (b *builder) resolve(key string) string {
	return followMerges(key, func(k string) (string, bool) {
		i, ok := b.byKey[k]
		if !ok {
			return "", false
		}
		it := &b.items[i]
		if it.treatment != Merge || it.mergeInto == "" {
			return "", false
		}
		_, ok = b.byKey[it.mergeInto]
		return it.mergeInto, ok
	})
}

// relations re-points every relation of the covered provinces.
func (b *builder) relations() {
	b.rels = make([]relItem, 0, len(b.in.Relations))
	for i := range b.in.Relations {
		r := &b.in.Relations[i]
		ri := relItem{r: r, from: -1, to: -1}
		if j, ok := b.byKey[r.From]; ok {
			ri.from = j
		}
		if j, ok := b.byKey[r.To]; ok {
			ri.to = j
		}
		switch {
		case ri.from >= 0:
			ri.prov = b.items[ri.from].newProv
		case ri.to >= 0:
			ri.prov = b.items[ri.to].newProv
		default:
			ri.prov = b.m.NewProvinceOf(r.Owner)
		}
		if !b.covered[ri.prov] {
			continue
		}
		pr := PlannedRelation{From: r.From, To: r.To, NewFrom: r.From, NewTo: r.To, Kind: r.Kind, Via: r.Via}
		pr.Dangling = ri.from < 0 || ri.to < 0
		if ri.from >= 0 {
			pr.NewFrom = b.resolve(r.From)
		}
		if ri.to >= 0 {
			pr.NewTo = b.resolve(r.To)
		}
		if ri.from >= 0 && ri.to >= 0 {
			f, t := &b.items[ri.from], &b.items[ri.to]
			pr.Collapsed = pr.NewFrom == pr.NewTo
			pr.Internal = !pr.Collapsed && r.Kind == "integrates" && f.oldUnit != t.oldUnit && f.newUnit == t.newUnit && f.newUnit != ""
		}
		ri.pr = pr
		b.rels = append(b.rels, ri)
	}
	sortStable(b.rels, func(a, c *relItem) int {
		switch {
		case relLess(&a.pr, &c.pr):
			return -1
		case relLess(&c.pr, &a.pr):
			return 1
		}
		return 0
	})
}

func relLess(a, c *PlannedRelation) bool {
	if a.From != c.From {
		return a.From < c.From
	}
	if a.To != c.To {
		return a.To < c.To
	}
	if a.Kind != c.Kind {
		return a.Kind < c.Kind
	}
	return a.Via < c.Via
}

// isPointToPoint reports an integration that does not go through a shared
// platform (Law 20/2023/QH15, Art. 42). An unspecified route is not flagged:
// nothing is known about it.
func isPointToPoint(r *inventory.Relation) bool {
	if r.Kind != "integrates" {
		return false
	}
	switch strings.ToLower(r.Via) {
	case "", "lgsp", "ndxp", "ndop":
		return false
	}
	return true
}

// assemble writes the plan from the builder's state, sorted.
func (b *builder) assemble() *Plan {
	p := &Plan{AsOf: b.in.AsOf, Mapping: b.m.Name, Elements: make([]PlannedElement, 0, len(b.items)),
		Relations: make([]PlannedRelation, 0, len(b.rels)), Clusters: make([]Cluster, 0, len(b.clusters))}
	dg := <-b.digest
	p.Fingerprint = dg.total(b.in)
	p.ID = "P" + p.Fingerprint[:12]
	summaries := map[string]*ProvinceSummary{}
	for _, code := range b.provs {
		s := &ProvinceSummary{Code: code, Name: code, Fingerprint: dg.province(code), Group: dg.g.group(code),
			Flags: map[Severity]int{}, Resolved: map[Severity]int{}, OpenByCode: map[string]int{}}
		if u, ok := b.m.NewUnit(code); ok {
			s.Name = u.Name
		}
		seen := map[string]bool{}
		for _, j := range b.pred[code] {
			if l := b.m.Links[j]; !seen[l.Old] {
				seen[l.Old] = true
				s.Predecessors = append(s.Predecessors, l.Old)
			}
		}
		sort.Strings(s.Predecessors)
		for _, sev := range Severities {
			s.Flags[sev], s.Resolved[sev] = 0, 0
		}
		summaries[code] = s
	}
	refSeen := map[string]bool{}
	layers := map[string]*[5]LayerCount{} // by province, indexed by layer
	for _, code := range b.provs {
		layers[code] = &[5]LayerCount{}
	}
	for i := range b.items {
		it := &b.items[i]
		if !b.inPlan(it) {
			if it.unknown && len(b.in.Provinces) == 0 {
				p.Elements = append(p.Elements, b.planned(it))
			}
			continue
		}
		pe := b.planned(it)
		p.Elements = append(p.Elements, pe)
		s := summaries[it.newProv]
		s.ElementsBefore++
		lc := &layers[it.newProv][it.e.Kind.Layer()]
		lc.Before++
		if it.dec != nil {
			s.Decisions++
		}
		if it.gone() {
			s.RetireCost += it.e.AnnualCost
			continue
		}
		if ref := sharedReference(it.e); ref != "" {
			k := it.newUnit + "\x00" + ref
			if refSeen[k] {
				continue
			}
			refSeen[k] = true
		}
		s.ElementsAfter++
		lc.After++
	}
	for _, c := range b.clusters {
		if s := summaries[c.newProv]; s != nil {
			s.Clusters++
		}
		members := make([]string, 0, len(c.members))
		members = append(members, b.items[c.survivor].key)
		for _, m := range c.members {
			if m != c.survivor {
				members = append(members, b.items[m].key)
			}
		}
		basis := make([]string, 0, 3)
		for _, k := range []string{"function", "product", "name"} {
			if c.basis[k] {
				basis = append(basis, k)
			}
		}
		p.Clusters = append(p.Clusters, Cluster{ID: c.id, NewUnit: c.newUnit, Basis: basis, Members: members,
			Survivor: b.items[c.survivor].key, Scores: c.scores, Explanation: c.expl})
	}
	for i := range b.rels {
		p.Relations = append(p.Relations, b.rels[i].pr)
	}
	rekey := map[string]bool{} // datasets already counted
	for _, f := range b.flags {
		s := summaries[f.Province]
		if s == nil {
			continue
		}
		if f.Resolved {
			s.Resolved[f.Severity]++
		} else {
			s.Flags[f.Severity]++
			s.OpenByCode[f.Code]++
		}
		if ruleByCode[f.Code].Rekey {
			for _, k := range f.Elements {
				if !rekey[k] {
					rekey[k] = true
					s.DatasetsRekey++
				}
			}
		}
		if f.Code == "MISSING_INVENTORY" {
			s.MissingUnits = append(s.MissingUnits, f.Units...)
		}
	}
	p.Flags = make([]Flag, len(b.flags))
	for i, f := range b.flags {
		p.Flags[i] = *f
	}
	var decided []Decision
	for i := range b.items {
		if it := &b.items[i]; it.dec != nil && b.inPlan(it) {
			decided = append(decided, *it.dec)
		}
	}
	p.Contradictions = Contradictions(decided, func(k string) string {
		if i, ok := b.byKey[k]; ok {
			return b.items[i].newProv
		}
		return ""
	})
	for _, code := range b.provs {
		s := summaries[code]
		s.MissingUnits = sortedUnique(s.MissingUnits)
		ls := layers[code]
		for _, l := range []int{1, 2, 3, 4, 0} {
			if l != 0 || ls[0].Before > 0 {
				ls[l].Layer = l
				s.ByLayer = append(s.ByLayer, ls[l])
			}
		}
		p.Provinces = append(p.Provinces, *s)
	}
	if p.Provinces == nil {
		p.Provinces = []ProvinceSummary{}
	}
	if p.Elements == nil {
		p.Elements = []PlannedElement{}
	}
	if p.Clusters == nil {
		p.Clusters = []Cluster{}
	}
	if p.Relations == nil {
		p.Relations = []PlannedRelation{}
	}
	if p.Flags == nil {
		p.Flags = []Flag{}
	}
	return p
}

func (b *builder) planned(it *item) PlannedElement {
	pe := PlannedElement{Key: it.key, Kind: string(it.e.Kind), Name: it.e.Name, FunctionCode: it.e.FunctionCode,
		OldUnit: it.oldUnit, OldLevel: string(it.oldLevel), NewUnit: it.newUnit, NewProvince: it.newProv,
		Treatment: it.treatment, MergeInto: it.mergeInto, Decision: it.dec, Element: it.e,
		Reasons: it.reasons, Candidates: it.candidates}
	if len(pe.Candidates) == 0 {
		pe.Candidates = []string{it.newUnit}
	}
	if pe.Reasons == nil {
		pe.Reasons = []lang.Text{}
	}
	if it.cluster >= 0 {
		pe.Cluster = b.clusters[it.cluster].id
	}
	rec := it.recommended
	if rec == "" {
		rec = Continue
	}
	pe.Recommendation = lang.T(TreatmentVI[rec]+intoVI(it.recInto), string(rec)+intoEN(it.recInto))
	if pe.Treatment == "" {
		pe.Treatment = rec
	}
	return pe
}

// referenceKey names what a reference points at, so that several
// predecessors' references to one national platform count once.
func referenceKey(e *inventory.Element) string {
	if id := nationalID(e); id != "" {
		return id
	}
	return fold(e.Name)
}

// sortStable sorts s as sort.SliceStable does (equal elements keep their
// order), but sorts their positions and then moves each element once: the
// builder's items and relations are large structs, and a stable sort moved
// them O(n log² n) times through reflection (6% of a national plan).
func sortStable[T any](s []T, cmp func(a, b *T) int) {
	order := make([]int32, len(s))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		if r := cmp(&s[x], &s[y]); r != 0 {
			return r
		}
		return int(x - y)
	})
	// s[i] becomes s[order[i]], cycle by cycle; -1 marks a place done.
	for i := range s {
		if order[i] < 0 {
			continue
		}
		tmp := s[i]
		j := i
		for {
			k := int(order[j])
			order[j] = -1
			if k == i {
				s[j] = tmp
				break
			}
			s[j] = s[k]
			j = k
		}
	}
}
