package reports

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/internal/golden"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

func TestDashboardTilesPlaceEveryProvinceOnce(t *testing.T) {
	m := builtin(t)
	cells, cols, rows, geo := tileLayout(m)
	if !geo {
		t.Fatal("the built-in mapping's provinces are not all on the map of Việt Nam")
	}
	if len(cells) != 34 {
		t.Fatalf("%d tiles, want 34", len(cells))
	}
	used := map[tile]string{}
	for code, c := range cells {
		if c.col < 0 || c.row < 0 || c.col >= cols || c.row >= rows {
			t.Errorf("%s at %v: outside the %d×%d grid", code, c, cols, rows)
		}
		if other, dup := used[c]; dup {
			t.Errorf("%s and %s share the cell %v", code, other, c)
		}
		used[c] = code
	}
	for _, mk := range islandMarks {
		if code, dup := used[mk.at]; dup {
			t.Errorf("an archipelago's label covers %s", code)
		}
	}
	// North to south: each pair, the first is on a row above the second.
	for _, c := range []struct{ north, south string }{
		{"12", "01"}, {"08", "01"}, {"01", "38"}, {"38", "40"}, {"40", "46"}, {"46", "48"},
		{"48", "56"}, {"56", "79"}, {"79", "92"}, {"92", "96"},
	} {
		if cells[c.north].row >= cells[c.south].row {
			t.Errorf("%s (row %d) should be north of %s (row %d)", c.north, cells[c.north].row, c.south, cells[c.south].row)
		}
	}
}

func TestDashboardBins(t *testing.T) {
	for _, c := range []struct {
		name    string
		values  []int
		want    []int
		classes map[int]string
	}{
		{"nothing open", []int{0, 0}, nil, map[int]string{0: "bin0"}},
		{"one value", []int{0, 7, 7}, []int{7}, map[int]string{0: "bin0", 7: "bin4"}},
		{"quartiles rounded to two digits", []int{100, 200, 300, 400, 500, 600, 700, 1234},
			[]int{200, 400, 600, 1234}, map[int]string{150: "bin1", 201: "bin2", 1234: "bin4", 1: "bin1", 601: "bin4"}},
		{"ties collapse", []int{5, 5, 5, 5, 9}, []int{5, 9}, map[int]string{5: "bin3", 9: "bin4"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := bins(c.values)
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("bins %v, want %v", got, c.want)
			}
			for v, class := range c.classes {
				if g := binOf(v, got); g != class {
					t.Errorf("%d in %s, want %s", v, g, class)
				}
			}
		})
	}
}

func TestDashboardNiceScale(t *testing.T) {
	for _, c := range []struct{ v, top, step int }{
		{0, 1, 1}, {3, 3, 1}, {7, 8, 2}, {2850, 3000, 1000}, {1047, 1500, 500}, {51, 60, 20},
	} {
		if top, step := niceScale(c.v); top != c.top || step != c.step {
			t.Errorf("niceScale(%d) = %d, %d; want %d, %d", c.v, top, step, c.top, c.step)
		}
	}
}

// luminance is the relative luminance of a colour #rrggbb (WCAG 2).
func luminance(hex string) float64 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	ch := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(v>>16&0xff) + 0.7152*ch(v>>8&0xff) + 0.0722*ch(v&0xff)
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// The stylesheet's text on coloured backgrounds — the map's tiles and the
// severity labels — keeps the contrast WCAG asks of normal text.
func TestDashboardColoursHaveContrast(t *testing.T) {
	css := dashboardCSS
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z]+):(#[0-9a-f]{6})`).FindAllStringSubmatch(css, -1) {
		vars[m[1]] = m[2]
	}
	varRef := regexp.MustCompile(`^var\(--([a-z]+)\)$`)
	resolve := func(s string) string {
		if m := varRef.FindStringSubmatch(s); m != nil {
			return vars[m[1]]
		}
		if s == "#fff" {
			return "#ffffff"
		}
		return s
	}
	pairs := 0
	for _, m := range regexp.MustCompile(`\.tile\.(\w+) rect\{fill:(#[0-9a-f]+)[^}]*\}\.tile\.(\w+) text\{fill:(#[0-9a-f]+)\}`).FindAllStringSubmatch(css, -1) {
		pairs++
		if c := contrast(resolve(m[2]), resolve(m[4])); c < 4.5 {
			t.Errorf("tile %s: text %s on %s has contrast %.2f, want ≥ 4.5", m[1], m[4], m[2], c)
		}
	}
	for _, m := range regexp.MustCompile(`\.chip\.sev-(\w+)\{background:([^;]+);color:([^}]+)\}`).FindAllStringSubmatch(css, -1) {
		pairs++
		if c := contrast(resolve(m[2]), resolve(m[3])); c < 4.5 {
			t.Errorf("severity %s: text %s on %s has contrast %.2f, want ≥ 4.5", m[1], m[3], m[2], c)
		}
	}
	if pairs != 6+4 {
		t.Errorf("checked %d colour pairs, want 10 (6 tile classes, 4 severities): has the stylesheet changed shape?", pairs)
	}
}

func dashMeta(l string) DashboardMeta {
	return DashboardMeta{Lang: l, ToolVersion: "test", PlanID: "plan-test", AsOf: "2026-06-01", Generated: "2026-06-08 09:00"}
}

// The pages of a small plan, in both languages, against golden files.
func TestDashboardGolden(t *testing.T) {
	p := smallPlan(t)
	m := builtin(t)
	for _, l := range []string{"vi", "en"} {
		t.Run(l, func(t *testing.T) {
			var b bytes.Buffer
			if err := RenderProvinceDashboard(&b, p, m, "08", dashMeta(l), "../08-tuyen-quang.xlsx"); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/dashboard/province."+l+".html", b.Bytes())
			b.Reset()
			d := NationalDashboard{Meta: dashMeta(l), Provinces: p.Provinces, Pages: map[string]string{"08": "08-tuyen-quang.html"},
				Workbook: "../national-summary.xlsx", History: DashboardHistory{
					Weeks:    []string{"2026-05-25", "2026-06-01", "2026-06-08"},
					National: []DashboardPoint{{Known: true, Blockers: 3, High: 5}, {Known: true, Blockers: 2, High: 5}, {Known: true, Blockers: 1, High: 4}},
					Provinces: []DashboardSeries{{Code: "08", Name: "Tỉnh Tuyên Quang", Points: []DashboardPoint{
						{}, {Known: true, Blockers: 2, High: 5}, {Known: true, Blockers: 1, High: 4}}}},
				}}
			if err := RenderNationalDashboard(&b, d, m); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/dashboard/national."+l+".html", b.Bytes())
		})
	}
}

// What an inventory says is text on the page, never markup.
func TestDashboardEscapesInput(t *testing.T) {
	m := builtin(t)
	bad := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	el := func(id, fn string) inventory.Element {
		return inventory.Element{Unit: "08", ID: id, Kind: inventory.Application, Name: bad + id, FunctionCode: fn,
			Status: "active", RecordType: "original", Vendor: bad, Product: bad}
	}
	in := migrate.Input{Mapping: m, AsOf: "2026-06-01", Elements: []inventory.Element{el("A", "QLVBDH"), el("B", "QLVBDH")}}
	p := build(t, in)
	var b bytes.Buffer
	if err := RenderProvinceDashboard(&b, p, m, "08", dashMeta("vi"), ""); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Contains(page, "<script") || strings.Contains(page, "<img") {
		t.Error("an element's name became markup on the province page")
	}
	if !strings.Contains(page, "&lt;script&gt;") {
		t.Error("the element's name is not on the page as text")
	}
	if !strings.Contains(page, "chưa có bên cạnh trang này") {
		t.Error("with no workbook to link, the page should say so")
	}
}

// A province page lists at most dashboardRows of each list, blockers of
// every code first, and says how many more the workbook has.
func TestDashboardProvinceListsAreCapped(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	d, err := gather(p, m, "08", Meta{Lang: "vi"})
	if err != nil {
		t.Fatal(err)
	}
	v := &provinceView{page: newPage(dashMeta("vi"), "")}
	v.blockers(d)
	v.clusters(d)
	v.datasets(d)
	open, codes := 0, map[string]bool{}
	for _, f := range d.flags {
		if !f.Resolved && f.Severity == migrate.Blocker {
			open++
			codes[f.Code] = true
		}
	}
	if open <= dashboardRows {
		t.Fatalf("the test plan has %d open blockers: too few to test the cap of %d", open, dashboardRows)
	}
	if len(v.Blockers) != dashboardRows || v.BlockersMore != open-dashboardRows {
		t.Errorf("%d blockers shown and %d more, want %d and %d", len(v.Blockers), v.BlockersMore, dashboardRows, open-dashboardRows)
	}
	shown := map[string]bool{}
	for _, b := range v.Blockers {
		shown[b.Code] = true
	}
	if len(codes) <= dashboardRows && len(shown) != len(codes) {
		t.Errorf("blockers of %d codes shown, want every one of the %d codes", len(shown), len(codes))
	}
	if len(v.BlockerCodes) != len(codes) {
		t.Errorf("%d codes in the table of blockers by code, want %d", len(v.BlockerCodes), len(codes))
	}
	if n := len(d.clusters); len(v.Clusters)+v.ClustersMore != n || len(v.Clusters) > dashboardRows {
		t.Errorf("%d clusters shown and %d more, of %d", len(v.Clusters), v.ClustersMore, n)
	}
	if n := len(d.datasets); len(v.Datasets)+v.DatasetsMore != n || len(v.Datasets) > dashboardRows {
		t.Errorf("%d datasets shown and %d more, of %d", len(v.Datasets), v.DatasetsMore, n)
	}
	size := func(s string) int {
		n, _ := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
		return n
	}
	for i := 1; i < len(v.Clusters); i++ {
		if a, b := size(v.Clusters[i-1].Members), size(v.Clusters[i].Members); a < b {
			t.Errorf("clusters not largest first: %d members before %d", a, b)
		}
	}
}
