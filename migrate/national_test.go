package migrate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/internal/golden"

	"github.com/ndta-vn/archmerge/fixtures"
	"github.com/ndta-vn/archmerge/mapping"
)

// nationalPlan plans the demo-scale national fixtures (scale 1, seed 1),
// as BenchmarkBuildNational does, at 1 July 2026.
func nationalPlan(t *testing.T, m *mapping.Mapping) *Plan {
	t.Helper()
	in := Input{Mapping: m, AsOf: "2026-07-01"}
	for _, p := range fixtures.Generate(m, fixtures.Options{Scale: 1, Seed: 1}) {
		in.Elements = append(in.Elements, p.Inventory.Elements...)
		in.Relations = append(in.Relations, p.Inventory.Relations...)
	}
	p, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestNationalPlan checks, on the whole national plan, what an officer of
// any province would see first: no duplicate cluster mixes two functions
// (while the fixtures do run one product for two functions), no flag code
// crowds out the others (none is more than a third of a province's flags),
// one MISSING_INVENTORY per province, blockers first, and texts that name
// each unit and cite each legal basis once. The flag counts per province
// are docs/flags.md's table: `go test ./migrate -update` rewrites it.
func TestNationalPlan(t *testing.T) {
	m := builtin(t)
	p := nationalPlan(t, m)
	checkPure(t, p)
	checkSeverityOrder(t, p)

	// The fixtures' suites put one product on two functions of one kind
	// in one new unit: the purity above is not vacuous.
	type prodKey struct{ unit, kind, vendor, product string }
	fns := map[prodKey]map[string]bool{}
	for _, e := range p.Elements {
		if e.Element == nil || e.FunctionCode == "" || e.Element.Product == "" {
			continue
		}
		k := prodKey{e.NewUnit, e.Kind, fold(e.Element.Vendor), fold(e.Element.Product)}
		if fns[k] == nil {
			fns[k] = map[string]bool{}
		}
		fns[k][e.FunctionCode] = true
	}
	shared := 0
	for _, f := range fns {
		if len(f) > 1 {
			shared++
		}
	}
	if shared == 0 {
		t.Error("no product serves two functions in one new unit: the fixtures no longer test cluster purity")
	}

	counts := flagCounts(p)
	for _, pc := range counts {
		if n := pc.byCode["MISSING_INVENTORY"]; n > 1 {
			t.Errorf("province %s has %d MISSING_INVENTORY flags, want at most one", pc.code, n)
		}
		for code, n := range pc.byCode {
			if 3*n > pc.total {
				t.Errorf("province %s: %s is %d of its %d flags, more than a third", pc.code, code, n, pc.total)
			}
		}
	}

	// Texts: every flag of a sample of provinces (all of them would take
	// longer than the rest of the test), all legal bases.
	sample := p.Only([]string{"08", "86", "92"})
	checkTexts(t, sample)

	path := filepath.Join("..", "docs", "flags.md")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	table := flagCountsTable(m, counts)
	updated, ok := replaceBetween(string(doc), countsBegin, countsEnd, table)
	if !ok {
		t.Fatalf("%s has no %q … %q section", path, countsBegin, countsEnd)
	}
	if golden.Updating() {
		if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if updated != string(doc) {
		t.Errorf("%s: the flag counts of the national plan changed (run go test ./migrate -update to accept):\n%s",
			path, golden.Diff(string(doc), updated))
	}
}

const (
	countsBegin = "<!-- flag counts: go test ./migrate -update -->\n"
	countsEnd   = "<!-- end of flag counts -->\n"
)

func replaceBetween(s, begin, end, with string) (string, bool) {
	i := strings.Index(s, begin)
	j := strings.Index(s, end)
	if i < 0 || j < i {
		return s, false
	}
	return s[:i+len(begin)] + with + s[j:], true
}

type provinceCounts struct {
	code   string
	total  int
	byCode map[string]int
}

func flagCounts(p *Plan) []provinceCounts {
	by := map[string]*provinceCounts{}
	var out []provinceCounts
	for _, f := range p.Flags {
		pc := by[f.Province]
		if pc == nil {
			pc = &provinceCounts{code: f.Province, byCode: map[string]int{}}
			by[f.Province] = pc
		}
		pc.total++
		pc.byCode[f.Code]++
	}
	for _, pc := range by {
		out = append(out, *pc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].code < out[j].code })
	return out
}

// flagCountsTable writes the national totals by code, then each province's
// counts by code, largest first, with each code's share of the province's
// flags.
func flagCountsTable(m *mapping.Mapping, counts []provinceCounts) string {
	var b bytes.Buffer
	total := map[string]int{}
	all := 0
	for _, pc := range counts {
		for c, n := range pc.byCode {
			total[c] += n
		}
		all += pc.total
	}
	fmt.Fprintf(&b, "\n| code | flags | share | largest share in one province |\n| --- | ---: | ---: | ---: |\n")
	for _, c := range byCount(total) {
		most := 0.0
		for _, pc := range counts {
			most = max(most, float64(pc.byCode[c])/float64(pc.total))
		}
		fmt.Fprintf(&b, "| %s | %s | %.1f%% | %.1f%% |\n", c, thousands(total[c]), 100*float64(total[c])/float64(all), 100*most)
	}
	fmt.Fprintf(&b, "| all | %s | 100%% | |\n\n", thousands(all))
	fmt.Fprintf(&b, "| new province | flags | by code (share of the province's flags) |\n| --- | ---: | --- |\n")
	for _, pc := range counts {
		name := pc.code
		if u, ok := m.NewUnit(pc.code); ok {
			name += " " + u.Name
		}
		var parts []string
		for _, c := range byCount(pc.byCode) {
			parts = append(parts, fmt.Sprintf("%s %s (%.1f%%)", c, thousands(pc.byCode[c]), 100*float64(pc.byCode[c])/float64(pc.total)))
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", name, thousands(pc.total), strings.Join(parts, ", "))
	}
	b.WriteString("\n")
	return b.String()
}

// byCount lists the codes, the most frequent first, then by code.
func byCount(n map[string]int) []string {
	var out []string
	for c := range n {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if n[out[i]] != n[out[j]] {
			return n[out[i]] > n[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
