package migrate

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
)

// Survivor score weights (docs/consolidation.md).
const (
	scoreActive    = 40 // status active (building 20, planned 10)
	scoreSecurity  = 20 // an approved security level, plus the level itself
	scoreUsers     = 15 // the most users in the cluster
	scoreKeptCode  = 10 // from the predecessor whose code the new unit kept
	scoreContract  = 5  // the latest contract end in the cluster
	scoreLowerCost = 5  // the lowest annual cost in the cluster
)

// nationalPlatforms names the national platforms a province connects to
// rather than owns, by folded phrases of their names and products.
var nationalPlatforms = []struct{ id, phrase string }{
	{"NDXP", "ndxp"},
	{"NDXP", "nen tang tich hop chia se du lieu quoc gia"},
	{"NDOP", "ndop"},
	{"NDOP", "nen tang dieu phoi du lieu"},
	{"VNEID", "vneid"},
	{"VNEID", "dinh danh va xac thuc dien tu"},
	{"DVCQG", "dvcqg"},
	{"DVCQG", "cong dich vu cong quoc gia"},
	{"DVCQG", "cong dvc quoc gia"},
}

// nationalID returns which national platform an element names, or "".
func nationalID(e *inventory.Element) string {
	text := fold(e.Name + " " + e.Product)
	for _, p := range nationalPlatforms {
		if containsPhrase(text, p.phrase) {
			return p.id
		}
	}
	return ""
}

func isNationalPlatform(e *inventory.Element) bool { return nationalID(e) != "" }

// clusterAll finds the duplicate clusters of every new unit of the covered
// provinces and recommends a treatment for their members.
func (b *builder) clusterAll() error {
	norms := b.normalisers()
	groups := map[string][]int{}
	var units []string
	for i := range b.items {
		it := &b.items[i]
		if !b.inPlan(it) || it.reference || it.national {
			continue
		}
		if _, ok := groups[it.newUnit]; !ok {
			units = append(units, it.newUnit)
		}
		groups[it.newUnit] = append(groups[it.newUnit], i)
	}
	sort.Strings(units)
	// New units are independent: workers cluster contiguous ranges of the
	// sorted units with their own cluster lists, merged in range order, so
	// that cluster ids and order do not depend on scheduling.
	workers := max(1, min(runtime.GOMAXPROCS(0), 8))
	chunk := (len(units) + workers - 1) / workers
	type part struct {
		clusters []*cluster
		buckets  []bucket
	}
	parts := make([]part, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, len(units))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			cb := *b
			cb.clusters, cb.buckets = nil, nil
			for _, u := range units[lo:hi] {
				if b.ctx.Err() != nil {
					return
				}
				members := groups[u]
				prov := b.items[members[0]].newProv
				cb.clusterUnit(u, prov, members, norms[prov])
			}
			parts[w] = part{cb.clusters, cb.buckets}
		}()
	}
	wg.Wait()
	if err := b.ctx.Err(); err != nil {
		return err
	}
	for _, pt := range parts {
		base := len(b.clusters)
		for _, c := range pt.clusters {
			for _, i := range c.members {
				b.items[i].cluster += base
			}
		}
		b.clusters = append(b.clusters, pt.clusters...)
		b.buckets = append(b.buckets, pt.buckets...)
	}
	b.prog.Add(len(b.provs))
	return nil
}

// normalisers builds one name normaliser per covered province, stripping
// the names of that province's old and new units.
func (b *builder) normalisers() map[string]*normaliser {
	out := make(map[string]*normaliser, len(b.provs))
	for _, p := range b.provs {
		out[p] = provinceNormaliser(b.m, p)
	}
	return out
}

// A province's normaliser depends only on the mapping, which is read-only,
// and is read-only itself: it is made once per mapping and province. Every
// plan of a part made them again from every unit of the mapping, and a
// batch plans some forty parts.
type normKey struct {
	m    *mapping.Mapping
	prov string
}

var (
	normCache      sync.Map // normKey → *normaliser
	unitNamesCache sync.Map // *mapping.Mapping → map[string][]string
)

// provinceNormaliser is newNormaliser of the names of a new province's
// old and new units (old ones first, each in the mapping's order).
func provinceNormaliser(m *mapping.Mapping, prov string) *normaliser {
	k := normKey{m, prov}
	if v, ok := normCache.Load(k); ok {
		return v.(*normaliser)
	}
	v, _ := normCache.LoadOrStore(k, newNormaliser(unitNamesOf(m)[prov]))
	return v.(*normaliser)
}

// unitNamesOf returns the names of the old and new units of each new
// province.
func unitNamesOf(m *mapping.Mapping) map[string][]string {
	if v, ok := unitNamesCache.Load(m); ok {
		return v.(map[string][]string)
	}
	names := map[string][]string{}
	for _, u := range m.OldUnits {
		if p := m.NewProvinceOf(u.Code); p != "" {
			names[p] = append(names[p], u.Name)
		}
	}
	for _, u := range m.NewUnits {
		if p := m.NewProvince(u.Code); p != "" {
			names[p] = append(names[p], u.Name)
		}
	}
	v, _ := unitNamesCache.LoadOrStore(m, names)
	return v.(map[string][]string)
}

func (b *builder) clusterUnit(unit, prov string, members []int, norm *normaliser) {
	n := len(members)
	parent := make([]int, n)
	// fnOf is the function of the set a root heads ("" when none of its
	// members has one): a set never holds two.
	fnOf := make([]string, n)
	for l, i := range members {
		parent[l] = l
		fnOf[l] = b.items[i].e.FunctionCode
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(x, y int) {
		rx, ry := find(x), find(y)
		if rx == ry {
			return
		}
		f := fnOf[rx]
		if f == "" {
			f = fnOf[ry]
		}
		if rx > ry {
			rx, ry = ry, rx
		}
		parent[ry] = rx
		fnOf[rx] = f
	}
	type bk struct {
		basis, label string
		local        []int
	}
	bm := map[string]*bk{}
	var keys []string
	put := func(k, basis, label string, l int) {
		x, ok := bm[k]
		if !ok {
			x = &bk{basis: basis, label: label}
			bm[k] = x
			keys = append(keys, k)
		}
		x.local = append(x.local, l)
	}
	for l, i := range members {
		e := b.items[i].e
		kind := string(e.Kind)
		if e.Live() && inventory.OncePerUnit[e.FunctionCode] {
			put("f\x00"+kind+"\x00"+e.FunctionCode, "function", e.FunctionCode, l)
		}
		if v, p := fold(e.Vendor), fold(e.Product); v != "" && p != "" {
			put("p\x00"+kind+"\x00"+v+"\x00"+p, "product", strings.TrimSpace(e.Vendor)+" "+strings.TrimSpace(e.Product), l)
		}
		if k := norm.key(e.Name); k != "" {
			put("n\x00"+kind+"\x00"+k, "name", k, l)
		}
	}
	sort.Strings(keys)
	// Each basis is a stage, the strongest evidence first: an element
	// without a function that a product joined to one function is not
	// taken to another by its name.
	stages := map[string][]*bk{}
	for _, k := range keys {
		x := bm[k]
		if len(x.local) < 2 || x.basis != "function" && b.oldUnits(members, x.local) < 2 {
			continue
		}
		stages[x.basis] = append(stages[x.basis], x)
	}
	type group struct {
		basis, label string
		local        []int
	}
	var qualified []group
	for _, x := range stages["function"] {
		for _, l := range x.local[1:] {
			union(x.local[0], l)
		}
		qualified = append(qualified, group{x.basis, x.label, x.local})
	}
	for _, basis := range []string{"product", "name"} {
		// Within a stage an element is in one bucket at most. The sets
		// without a function that the stage's buckets connect form
		// components; a component joins a function's set only when every
		// set with a function it meets has that one function.
		bks := stages[basis]
		if len(bks) == 0 {
			continue
		}
		start := make(map[int]int) // member → its root when the stage starts
		for _, x := range bks {
			for _, l := range x.local {
				start[l] = find(l)
			}
		}
		comp := map[int]int{} // plain root → its component
		var cfind func(int) int
		cfind = func(r int) int {
			p, ok := comp[r]
			if !ok || p == r {
				return r
			}
			q := cfind(p)
			comp[r] = q
			return q
		}
		for _, x := range bks {
			first := -1
			for _, l := range x.local {
				if r := start[l]; fnOf[r] == "" {
					if first < 0 {
						first = cfind(r)
						comp[first] = first
						continue
					}
					if c := cfind(r); c != first {
						comp[c] = first
					}
				}
			}
		}
		touched := map[int]string{}
		ambiguous := map[int]bool{}
		for _, x := range bks {
			var fns []string
			for _, l := range x.local {
				if f := fnOf[start[l]]; f != "" && !contains(fns, f) {
					fns = append(fns, f)
				}
			}
			if len(fns) == 0 {
				continue
			}
			for _, l := range x.local {
				r := start[l]
				if fnOf[r] != "" {
					continue
				}
				c := cfind(r)
				for _, f := range fns {
					if t, ok := touched[c]; !ok {
						touched[c] = f
					} else if t != f {
						ambiguous[c] = true
					}
				}
			}
		}
		var planned []group
		for _, x := range bks {
			byFn := map[string][]int{}
			var fns []string
			for _, l := range x.local {
				r := start[l]
				f := fnOf[r]
				if f == "" {
					if c := cfind(r); !ambiguous[c] {
						f = touched[c]
					}
				}
				if _, ok := byFn[f]; !ok {
					fns = append(fns, f)
				}
				byFn[f] = append(byFn[f], l)
			}
			sort.Strings(fns)
			for _, f := range fns {
				if g := byFn[f]; len(g) >= 2 && b.oldUnits(members, g) >= 2 {
					planned = append(planned, group{x.basis, x.label, g})
				}
			}
		}
		for _, g := range planned {
			for _, l := range g.local[1:] {
				union(g.local[0], l)
			}
		}
		qualified = append(qualified, planned...)
	}
	comps := map[int][]int{}
	var roots []int
	for l := range members {
		r := find(l)
		if _, ok := comps[r]; !ok {
			roots = append(roots, r)
		}
		comps[r] = append(comps[r], l)
	}
	sort.Ints(roots)
	seq := 0
	rootCluster := map[int]int{}
	for _, r := range roots {
		ls := comps[r]
		if len(ls) < 2 {
			continue
		}
		seq++
		c := &cluster{id: fmt.Sprintf("%s/C%04d", unit, seq), newUnit: unit, newProv: prov, basis: map[string]bool{}}
		units := map[string]bool{}
		for _, l := range ls {
			c.members = append(c.members, members[l])
			units[b.items[members[l]].oldUnit] = true
		}
		c.multi = len(units) > 1
		rootCluster[r] = len(b.clusters)
		for _, i := range c.members {
			b.items[i].cluster = len(b.clusters)
		}
		b.clusters = append(b.clusters, c)
	}
	for _, x := range qualified {
		ci := rootCluster[find(x.local[0])]
		b.clusters[ci].basis[x.basis] = true
		bu := bucket{basis: x.basis, label: x.label, newUnit: unit}
		for _, l := range x.local {
			bu.members = append(bu.members, members[l])
		}
		b.buckets = append(b.buckets, bu)
	}
	for _, r := range roots {
		if ci, ok := rootCluster[r]; ok {
			b.score(b.clusters[ci])
		}
	}
}

// oldUnits counts the old units of some members, up to two.
func (b *builder) oldUnits(members, local []int) int {
	first := b.items[members[local[0]]].oldUnit
	for _, l := range local[1:] {
		if b.items[members[l]].oldUnit != first {
			return 2
		}
	}
	return 1
}

// score computes every member's survivor score, picks the survivor and
// recommends a treatment for each member.
func (b *builder) score(c *cluster) {
	var maxUsers int64
	latest := ""
	var minCost int64 = -1
	costs := map[int64]bool{}
	for _, i := range c.members {
		e := b.items[i].e
		maxUsers = max(maxUsers, e.Users)
		if validDate(e.ContractEnd) && e.ContractEnd > latest {
			latest = e.ContractEnd
		}
		if e.AnnualCost > 0 {
			costs[e.AnnualCost] = true
			if minCost < 0 || e.AnnualCost < minCost {
				minCost = e.AnnualCost
			}
		}
	}
	best, bestTotal := -1, -1
	for _, i := range c.members {
		it := &b.items[i]
		e := it.e
		parts := map[string]int{}
		switch e.Status {
		case "active":
			parts["active"] = scoreActive
		case "building":
			parts["active"] = scoreActive / 2
		case "planned":
			parts["active"] = scoreActive / 4
		}
		if e.SecurityLevel > 0 && strings.TrimSpace(e.SecurityDecision) != "" {
			parts["security"] = scoreSecurity + e.SecurityLevel
		}
		if maxUsers > 0 && e.Users == maxUsers {
			parts["users"] = scoreUsers
		}
		if b.keptCode(it) {
			parts["kept_code"] = scoreKeptCode
		}
		if latest != "" && e.ContractEnd == latest {
			parts["contract"] = scoreContract
		}
		if len(costs) > 1 && e.AnnualCost == minCost {
			parts["cost"] = scoreLowerCost
		}
		total := 0
		for _, v := range parts {
			total += v
		}
		c.scores = append(c.scores, Score{Key: it.key, Total: total, Parts: parts})
		// Members are in key order: on a tie the smaller key wins.
		if total > bestTotal {
			best, bestTotal = i, total
		}
	}
	c.survivor = best
	sort.SliceStable(c.scores, func(x, y int) bool {
		if c.scores[x].Total != c.scores[y].Total {
			return c.scores[x].Total > c.scores[y].Total
		}
		return c.scores[x].Key < c.scores[y].Key
	})
	s := &b.items[best]
	c.expl = explain(s, c.scores[0], len(c.members))
	for _, i := range c.members {
		it := &b.items[i]
		switch {
		case i == best && !it.e.Live():
			it.recommended = Retire
			it.reason("Mọi phần tử trong cụm "+c.id+" đều đã hoặc sắp dừng", "Every member of cluster "+c.id+" is retired or retiring")
		case i == best && c.multi:
			it.recommended = Upgrade
			it.reason("Được chọn giữ lại trong cụm "+c.id+" ("+itoa(c.scores[0].Total)+" điểm); sau hợp nhất phục vụ địa bàn rộng hơn: nâng cấp, mở rộng",
				"Chosen to survive in cluster "+c.id+" (score "+itoa(c.scores[0].Total)+"); it now serves a wider territory: upgrade and extend")
		case i == best:
			it.recommended = Continue
			it.reason("Được chọn giữ lại trong cụm "+c.id+" ("+itoa(c.scores[0].Total)+" điểm)",
				"Chosen to survive in cluster "+c.id+" (score "+itoa(c.scores[0].Total)+")")
		case !it.e.Live():
			it.recommended = Retire
			it.reason("Trùng với "+s.key+" và đang/đã dừng sử dụng", "Duplicates "+s.key+" and is retiring or retired")
		default:
			it.recommended, it.recInto = Merge, s.key
			it.reason("Trùng với "+s.key+" (cụm "+c.id+"): hợp nhất vào phần tử được giữ lại",
				"Duplicates "+s.key+" (cluster "+c.id+"): merge into the survivor")
		}
	}
}

func itoa(n int) string { return fmt.Sprint(n) }

// keptCode reports whether the element comes from the predecessor whose
// code its new unit kept.
func (b *builder) keptCode(it *item) bool {
	switch it.oldLevel {
	case mapping.Province:
		return b.m.KeptCode(it.oldUnit, it.newUnit)
	case mapping.Commune:
		return b.m.KeptCode(it.oldUnit, it.newUnit)
	}
	return false
}

var partNames = []struct{ key, vi, en string }{
	{"active", "đang hoạt động", "active"},
	{"security", "có cấp độ ATTT được phê duyệt", "approved security level"},
	{"users", "nhiều người dùng nhất", "most users"},
	{"kept_code", "thuộc đơn vị cũ được giữ mã", "from the predecessor whose code was kept"},
	{"contract", "hợp đồng còn hạn lâu nhất", "latest contract end"},
	{"cost", "chi phí hằng năm thấp nhất", "lowest annual cost"},
}

func explain(s *item, sc Score, n int) lang.Text {
	var vi, en []string
	for _, p := range partNames {
		if v, ok := sc.Parts[p.key]; ok {
			vi = append(vi, fmt.Sprintf("%s (+%d)", p.vi, v))
			en = append(en, fmt.Sprintf("%s (+%d)", p.en, v))
		}
	}
	if len(vi) == 0 {
		vi, en = []string{"không có tiêu chí nào nổi trội, chọn theo mã"}, []string{"no criterion stands out, chosen by key"}
	}
	return lang.T(fmt.Sprintf("Giữ %s trong %d phần tử trùng: %s; tổng %d điểm", label(s), n, strings.Join(vi, ", "), sc.Total),
		fmt.Sprintf("Keep %s of %d duplicates: %s; total %d", label(s), n, strings.Join(en, ", "), sc.Total))
}

// recommendLone recommends a treatment for every element outside a cluster.
func (b *builder) recommendLone() {
	for i := range b.items {
		it := &b.items[i]
		if it.cluster >= 0 {
			continue
		}
		switch {
		case it.national:
			it.recommended = Connect
			it.reason("Nền tảng quốc gia "+nationalID(it.e)+": một tham chiếu dùng chung cho đơn vị mới, kết nối thay vì sở hữu",
				"National platform "+nationalID(it.e)+": one shared reference for the new unit, connect rather than own")
		case it.reference:
			it.recommended = Connect
			it.reason("Tham chiếu tới hệ thống của đơn vị khác: kết nối", "A reference to another unit's system: connect")
		case !it.e.Live():
			it.recommended = Retire
			it.reason("Đang/đã dừng sử dụng", "Retiring or retired")
		default:
			it.recommended = Continue
			if !it.unknown {
				it.reason("Không trùng với phần tử nào của đơn vị mới", "No duplicate in the new unit")
			}
		}
	}
}

// recommendConnect marks the surviving LGSP of each province, finds the
// elements that integrate point to point or through an absorbed LGSP, and
// recommends connecting them.
func (b *builder) recommendConnect() {
	for i := range b.rels {
		ri := &b.rels[i]
		if ri.from < 0 {
			continue
		}
		f := &b.items[ri.from]
		if isPointToPoint(ri.r) && ri.to >= 0 {
			f.p2p = true
			b.items[ri.to].p2p = true
		}
		if strings.EqualFold(ri.r.Via, "lgsp") && b.lgspAbsorbed(f) {
			f.viaAbsorbed = true
		}
	}
	for i := range b.items {
		it := &b.items[i]
		if it.cluster >= 0 || it.recommended != Continue || !(it.p2p || it.viaAbsorbed) {
			continue
		}
		it.recommended = Connect
		if it.p2p {
			it.reason("Tích hợp điểm – điểm: chuyển sang kết nối qua LGSP/NDXP", "Integrates point to point: connect through the LGSP/NDXP instead")
		}
		if it.viaAbsorbed {
			it.reason("Kết nối qua LGSP của tỉnh cũ không được giữ lại: kết nối lại qua LGSP của tỉnh mới",
				"Connects through the LGSP of an absorbed province: reconnect through the new province's LGSP")
		}
		if it.dec == nil || it.dec.Treatment == "" {
			it.treatment = Connect
		}
	}
}

// survivingLGSP finds, once, the old province of each new province's
// surviving LGSP.
func (b *builder) survivingLGSPs() {
	for i := range b.items {
		it := &b.items[i]
		if !b.inPlan(it) || it.e.FunctionCode != "LGSP" || it.reference || it.national || it.gone() || !it.e.Live() || it.newUnit != it.newProv {
			continue
		}
		if _, ok := b.lgsp[it.newProv]; !ok {
			b.lgsp[it.newProv] = it.oldProv
		}
	}
}

func (b *builder) lgspAbsorbed(f *item) bool {
	s, ok := b.lgsp[f.newProv]
	return ok && s != "" && f.oldProv != s
}
