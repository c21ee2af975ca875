package reports

import (
	"fmt"
	"html/template"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// The charts of the dashboard, drawn as inline SVG. Every text that comes
// from an input goes through esc. Each chart has a title and a
// description (role="img"), or is hidden from screen readers where a table
// beside it says the same.

func esc(s string) string { return template.HTMLEscapeString(s) }

// svgOpen starts an SVG of the given size with its title and description.
func svgOpen(b *strings.Builder, id string, w, h int, class, title, desc string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="%s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d">`,
		class, w, h, w, h, id, id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
}

// textWidth estimates the width of s in a bold sans-serif font of size
// px: the pages use the system's font, whose widths differ (DejaVu Sans,
// on Linux, is among the widest), so the charts leave room rather than
// measure.
func textWidth(s string, px float64) float64 {
	return float64(len([]rune(s))) * px * 0.7
}

// niceScale returns the top of an axis for values up to v and its step,
// for about four round steps (1, 2 or 5 times a power of ten): 2,850 gives
// 3,000 in steps of 1,000.
func niceScale(v int) (top, step int) {
	if v <= 0 {
		return 1, 1
	}
	raw := float64(v) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = int(mag)
	for _, f := range []float64{1, 2, 5, 10} {
		if f*mag >= raw {
			step = int(f * mag)
			break
		}
	}
	step = max(step, 1)
	return (v + step - 1) / step * step, step
}

// ---- The tile-grid map ----

const (
	tileW, tileH, tileGap = 92, 48, 4
	mapPad                = 4
)

// binClasses are the colour classes of the map, lightest first; the
// stylesheet gives each a background and a text colour of enough
// contrast (dashboard_test checks them).
var binClasses = []string{"bin1", "bin2", "bin3", "bin4"}

// bins splits the positive values into up to four ranges by their
// quartiles, each bound rounded up to two significant digits, and returns
// the upper bound of each range, the last being the maximum.
func bins(values []int) []int {
	var pos []int
	for _, v := range values {
		if v > 0 {
			pos = append(pos, v)
		}
	}
	if len(pos) == 0 {
		return nil
	}
	sort.Ints(pos)
	top := pos[len(pos)-1]
	var out []int
	for k := 1; k <= 3; k++ {
		q := pos[(k*len(pos)+3)/4-1]
		q = roundUp2(q)
		if q < top && (len(out) == 0 || q > out[len(out)-1]) {
			out = append(out, q)
		}
	}
	return append(out, top)
}

// roundUp2 rounds v up to two significant digits (1234 → 1300).
func roundUp2(v int) int {
	if v < 100 {
		return v
	}
	mag := int(math.Pow(10, math.Floor(math.Log10(float64(v)))-1))
	return (v + mag - 1) / mag * mag
}

// binOf returns the class of value v among the bounds (bin0: none open).
func binOf(v int, bounds []int) string {
	if v <= 0 {
		return "bin0"
	}
	// With fewer than four ranges, the darkest classes are used: the
	// largest value always looks the most urgent.
	off := len(binClasses) - len(bounds)
	for i, b := range bounds {
		if v <= b {
			return binClasses[off+i]
		}
	}
	return binClasses[len(binClasses)-1]
}

// shortName drops the unit-type word of a province's name for its tile:
// "Tỉnh Tuyên Quang" → "Tuyên Quang", "Thành phố Hồ Chí Minh" → "Hồ Chí Minh".
func shortName(name string) string {
	for _, w := range []string{"Thành phố ", "Tỉnh ", "TP. ", "TP "} {
		if strings.HasPrefix(name, w) && len(name) > len(w) {
			return name[len(w):]
		}
	}
	return name
}

// tileMap draws every new province of the mapping as a tile coloured by
// its open blocker flags, with the number as text, each a link to the
// province's page; the legend sits in the map's empty west (or below a
// plain grid).
func tileMap(p page, provs []migrate.ProvinceSummary, pages map[string]string, m *mapping.Mapping) string {
	cells, cols, rows, geo := tileLayout(m)
	by := map[string]migrate.ProvinceSummary{}
	var vals []int
	for _, s := range provs {
		by[s.Code] = s
		vals = append(vals, s.Flags[migrate.Blocker])
	}
	bounds := bins(vals)
	legendH := 0
	if !geo {
		legendH = 40
	}
	w := mapPad*2 + cols*(tileW+tileGap) - tileGap
	h := mapPad*2 + rows*(tileH+tileGap) - tileGap + legendH
	var b strings.Builder
	worst := append([]migrate.ProvinceSummary{}, provs...)
	sort.SliceStable(worst, func(i, j int) bool { return worst[i].Flags[migrate.Blocker] > worst[j].Flags[migrate.Blocker] })
	var top []string
	for i := 0; i < len(worst) && i < 5; i++ {
		top = append(top, shortName(worst[i].Name)+" "+p.N(worst[i].Flags[migrate.Blocker]))
	}
	desc := p.T("Mỗi ô là một tỉnh mới, xếp theo vị trí từ Bắc vào Nam; màu càng đậm càng nhiều cảnh báo chặn còn mở; số trong ô là số cảnh báo đó. Nhiều nhất: ",
		"Each tile is a new province, placed north to south; the darker, the more open blocker flags; the number is that count. Most: ") + strings.Join(top, ", ") + "."
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="tilemap" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="map-t map-d">`, w, h, w, h)
	fmt.Fprintf(&b, `<title id="map-t">%s</title><desc id="map-d">%s</desc>`,
		esc(p.T("Bản đồ ô: cảnh báo chặn còn mở theo tỉnh", "Tile map: open blocker flags by province")), esc(desc))
	for _, c := range slices.Sorted(maps.Keys(cells)) {
		t := cells[c]
		x, y := mapPad+t.col*(tileW+tileGap), mapPad+t.row*(tileH+tileGap)
		s, ok := by[c]
		name := s.Name
		if !ok {
			u, _ := m.NewUnit(c)
			name = u.Name
		}
		short := shortName(name)
		// Long names take a smaller size (a class: the page's security
		// policy allows no inline style, and a stylesheet's font-size
		// overrides an SVG attribute).
		fs := 11
		for fs > 9 && textWidth(short, float64(fs)) > tileW-8 {
			fs--
		}
		var label, num, class string
		if ok {
			n := s.Flags[migrate.Blocker]
			class, num = binOf(n, bounds), p.N(n)
			label = fmt.Sprintf(p.T("%s %s: %s cảnh báo chặn còn mở", "%s %s: %s open blocker flags"), c, name, num)
		} else {
			class, num = "nodata", "—"
			label = fmt.Sprintf(p.T("%s %s: chưa có kê khai", "%s %s: no inventory"), c, name)
		}
		href := pages[c]
		if href != "" {
			fmt.Fprintf(&b, `<a href="%s">`, esc(href))
		}
		fmt.Fprintf(&b, `<g class="tile %s" data-code="%s" data-blockers="%s" role="img" aria-label="%s">`, class, esc(c), esc(num), esc(label))
		fmt.Fprintf(&b, `<title>%s</title>`, esc(label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="4"/>`, x, y, tileW, tileH)
		fmt.Fprintf(&b, `<text class="tname fs%d" x="%d" y="%d">%s</text>`, fs, x+5, y+15, esc(short))
		fmt.Fprintf(&b, `<text class="tnum" x="%d" y="%d">%s</text>`, x+5, y+38, esc(num))
		fmt.Fprintf(&b, `<text class="tcode" x="%d" y="%d" text-anchor="end">%s</text>`, x+tileW-5, y+38, esc(c))
		b.WriteString(`</g>`)
		if href != "" {
			b.WriteString(`</a>`)
		}
	}
	if geo {
		for _, mk := range islandMarks {
			x, y := mapPad+mk.at.col*(tileW+tileGap), mapPad+mk.at.row*(tileH+tileGap)
			lines := mk.vi
			if p.Lang == "en" {
				lines = mk.en
			}
			fmt.Fprintf(&b, `<g class="island" aria-hidden="true"><rect x="%d" y="%d" width="%d" height="%d" rx="4"/>`, x, y, tileW, tileH)
			for i, l := range lines {
				fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`, x+tileW/2, y+19+i*14, esc(l))
			}
			b.WriteString(`</g>`)
		}
	}
	// The legend: in the empty west of the map (rows 5 to 12 of columns 0
	// and 1), or under a plain grid.
	lx, ly := mapPad, mapPad+5*(tileH+tileGap)
	if !geo {
		ly = h - legendH + 4
	}
	b.WriteString(`<g class="legend">`)
	fmt.Fprintf(&b, `<text class="lhead" x="%d" y="%d">%s</text>`, lx, ly+12, esc(p.T("Cảnh báo chặn còn mở", "Open blocker flags")))
	type entry struct{ class, text string }
	entries := []entry{{"bin0", "0"}}
	off := len(binClasses) - len(bounds)
	lo := 1
	for i, hi := range bounds {
		t := p.N(lo) + "–" + p.N(hi)
		if lo == hi {
			t = p.N(hi)
		}
		entries = append(entries, entry{binClasses[off+i], t})
		lo = hi + 1
	}
	entries = append(entries, entry{"nodata", p.T("chưa có kê khai", "no inventory")})
	for i, e := range entries {
		ex, ey := lx, ly+22+i*22
		if !geo {
			ex, ey = lx+(i%3)*170, ly+18+(i/3)*20
		}
		fmt.Fprintf(&b, `<g class="tile %s"><rect x="%d" y="%d" width="22" height="16" rx="3"/></g><text x="%d" y="%d">%s</text>`,
			e.class, ex, ey, ex+28, ey+12, esc(e.text))
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

// ---- The flag codes that hold the provinces back ----

// codesChart ranks the blocker and high flag codes by how many of the
// provinces have one open, then by how many are open. Each row carries a
// bar on one scale: the provinces of the plan.
func codesChart(p page, provs []migrate.ProvinceSummary) []codeRow {
	type agg struct{ provs, open int }
	by := map[string]*agg{}
	for _, s := range provs {
		for code, n := range s.OpenByCode {
			r, ok := migrate.Rule(code)
			if !ok || n == 0 || (r.Severity != migrate.Blocker && r.Severity != migrate.High) {
				continue
			}
			a := by[code]
			if a == nil {
				a = &agg{}
				by[code] = a
			}
			a.provs++
			a.open += n
		}
	}
	codes := slices.Collect(maps.Keys(by))
	sort.Slice(codes, func(i, j int) bool {
		a, b := by[codes[i]], by[codes[j]]
		if a.provs != b.provs {
			return a.provs > b.provs
		}
		if a.open != b.open {
			return a.open > b.open
		}
		return codes[i] < codes[j]
	})
	var rows []codeRow
	for _, c := range codes {
		r, _ := migrate.Rule(c)
		rows = append(rows, codeRow{Code: c, Sev: chip(r.Severity, p.Lang), Action: r.Action.In(p.Lang), Legal: r.LegalBasis,
			Provinces: p.N(by[c].provs) + " / " + p.N(len(provs)), Open: p.N(by[c].open),
			Bar: bar(by[c].provs, len(provs), "sev-"+string(r.Severity))})
	}
	return rows
}

// bar draws one horizontal bar of value v out of max, for a table cell:
// the cell's numbers say the same, so the bar is hidden from screen
// readers.
func bar(v, max int, class string) template.HTML {
	const w, h = 90, 12
	bw := 0.0
	if max > 0 {
		bw = float64(w) * float64(v) / float64(max)
	}
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" class="bar" viewBox="0 0 %d %d" width="%d" height="%d" aria-hidden="true" focusable="false"><rect class="track" x="0" y="0" width="%d" height="%d"/><rect class="fill %s" x="0" y="0" width="%.1f" height="%d"/></svg>`,
		w, h, w, h, w, h, class, bw, h))
}

// ---- Line charts: progress by week ----

type lineSpec struct {
	ID, Title string
	W, H      int
	Small     bool
	Weeks     []string
	Lines     []line
}

type line struct {
	Label, Class string
	Values       []int // -1: unknown
}

// lineChart draws weekly values as lines with markers (circles for the
// first series, squares for the second, the second dashed), each labelled
// at its end with its last value; unknown weeks break the line.
func lineChart(p page, s lineSpec) string {
	left, right, top, bottom := 52, 96, 14, 30
	if s.Small {
		left, right, top, bottom = 6, 6, 16, 6
	}
	pw, ph := float64(s.W-left-right), float64(s.H-top-bottom)
	maxV := 0
	for _, l := range s.Lines {
		for _, v := range l.Values {
			maxV = max(maxV, v)
		}
	}
	ymax, ystep := niceScale(maxV)
	n := len(s.Weeks)
	x := func(i int) float64 {
		if n <= 1 {
			return float64(left) + pw/2
		}
		return float64(left) + pw*float64(i)/float64(n-1)
	}
	y := func(v int) float64 { return float64(top) + ph*(1-float64(v)/float64(ymax)) }
	var desc []string
	for _, l := range s.Lines {
		last, first := -1, -1
		for _, v := range l.Values {
			if v >= 0 {
				if first < 0 {
					first = v
				}
				last = v
			}
		}
		if last >= 0 {
			desc = append(desc, fmt.Sprintf("%s: %s → %s", l.Label, p.N(first), p.N(last)))
		}
	}
	var b strings.Builder
	class := "linechart"
	if s.Small {
		class += " small"
	}
	d := p.T("Từ tuần đầu đến tuần gần nhất — ", "From the first week to the latest — ") + strings.Join(desc, "; ")
	if n > 0 {
		d += " (" + s.Weeks[0] + " – " + s.Weeks[n-1] + ")"
	}
	svgOpen(&b, s.ID, s.W, s.H, class, s.Title, d)
	// Grid and axes.
	if s.Small {
		fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, y(0), s.W-right, y(0))
		fmt.Fprintf(&b, `<text class="ymax" x="%d" y="%d">%s</text>`, left, top-4, esc(p.N(ymax)))
	} else {
		for v := 0; v <= ymax; v += ystep {
			fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, y(v), s.W-right, y(v))
			fmt.Fprintf(&b, `<text class="ytick" x="%d" y="%.1f" text-anchor="end">%s</text>`, left-6, y(v)+4, esc(p.N(v)))
		}
		step := max(1, (n+7)/8)
		for i := 0; i < n; i += step {
			fmt.Fprintf(&b, `<text class="xtick" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x(i), s.H-10, esc(s.Weeks[i]))
		}
	}
	for li, l := range s.Lines {
		var path strings.Builder
		pen := false
		for i, v := range l.Values {
			if v < 0 {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&path, "%s%.1f %.1f", cmd, x(i), y(v))
			pen = true
		}
		if path.Len() > 0 {
			fmt.Fprintf(&b, `<path class="line %s" d="%s"/>`, l.Class, path.String())
		}
		r := 3.5
		if s.Small {
			r = 2
		}
		lastI := lastIndex(l.Values)
		for i, v := range l.Values {
			// A small multiple marks its last week only: a year of weeks
			// for 34 provinces stays light.
			if v < 0 || s.Small && i != lastI {
				continue
			}
			if li%2 == 0 {
				fmt.Fprintf(&b, `<circle class="mark %s" cx="%.1f" cy="%.1f" r="%.1f"/>`, l.Class, x(i), y(v), r)
			} else {
				fmt.Fprintf(&b, `<rect class="mark %s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`, l.Class, x(i)-r, y(v)-r, 2*r, 2*r)
			}
		}
		if !s.Small && lastI >= 0 {
			// Direct labels, nudged apart when the lines end close together.
			ly := y(l.Values[lastI]) + 4
			if li == 1 && len(s.Lines) > 1 {
				if j := lastIndex(s.Lines[0].Values); j >= 0 && math.Abs(y(s.Lines[0].Values[j])-y(l.Values[lastI])) < 14 {
					ly = y(s.Lines[0].Values[j]) + 4 + 14
				}
			}
			fmt.Fprintf(&b, `<text class="dlabel %s" x="%.1f" y="%.1f">%s %s</text>`, l.Class, x(lastI)+8, ly, esc(l.Label), esc(p.N(l.Values[lastI])))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// lastIndex returns the index of the last known value, or -1.
func lastIndex(vs []int) int {
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i] >= 0 {
			return i
		}
	}
	return -1
}

// ---- A province's charts ----

// severityChart draws, per severity, the share of its flags resolved: a
// bar of the whole with the resolved part filled, and the counts as text.
func severityChart(p page, s migrate.ProvinceSummary) string {
	const w, rowH, left, barW = 560, 30, 110, 300
	h := rowH*len(migrate.Severities) + 8
	var b strings.Builder
	var desc []string
	for _, sev := range migrate.Severities {
		desc = append(desc, fmt.Sprintf(p.T("%s: %s đã xử lý / %s", "%s: %s resolved of %s"),
			severityLabel(sev, Meta{Lang: p.Lang}), p.N(s.Resolved[sev]), p.N(s.Resolved[sev]+s.Flags[sev])))
	}
	svgOpen(&b, "sevchart", w, h, "sevchart", p.T("Cảnh báo đã xử lý theo mức độ", "Flags resolved by severity"), strings.Join(desc, "; "))
	for i, sev := range migrate.Severities {
		y := 4 + i*rowH
		open, res := s.Flags[sev], s.Resolved[sev]
		all := open + res
		share := 0.0
		if all > 0 {
			share = float64(res) / float64(all)
		}
		fmt.Fprintf(&b, `<text class="rlabel" x="0" y="%d">%s</text>`, y+15, esc(severityLabel(sev, Meta{Lang: p.Lang})))
		fmt.Fprintf(&b, `<rect class="open-part sev-%s" x="%d" y="%d" width="%d" height="18"/>`, sev, left, y+2, barW)
		fmt.Fprintf(&b, `<rect class="done-part" x="%d" y="%d" width="%.1f" height="18"/>`, left, y+2, barW*share)
		fmt.Fprintf(&b, `<text class="vlabel" x="%d" y="%d">%s</text>`, left+barW+8, y+15,
			esc(fmt.Sprintf(p.T("%s%% đã xử lý (%s/%s)", "%s%% resolved (%s/%s)"), p.N(int(math.Floor(share*100))), p.N(res), p.N(all))))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// layerChart draws the elements of each framework layer before and after
// consolidation as paired bars.
func layerChart(p page, layers []migrate.LayerCount) string {
	const w, left, barW, rowH = 640, 230, 320, 44
	h := rowH*len(layers) + 30
	maxV := 1
	for _, l := range layers {
		maxV = max(maxV, l.Before, l.After)
	}
	meta := Meta{Lang: p.Lang}
	var desc []string
	for _, l := range layers {
		desc = append(desc, fmt.Sprintf("%s: %s → %s", layerLabel(l.Layer, meta), p.N(l.Before), p.N(l.After)))
	}
	var b strings.Builder
	svgOpen(&b, "layers", w, h, "layerchart", p.T("Phần tử theo lớp kiến trúc, trước và sau hợp nhất", "Elements by architecture layer, before and after"), strings.Join(desc, "; "))
	for i, l := range layers {
		y := 4 + i*rowH
		fmt.Fprintf(&b, `<text class="rlabel" x="0" y="%d">%s</text>`, y+20, esc(layerLabel(l.Layer, meta)))
		for j, v := range []int{l.Before, l.After} {
			cls, word := "before", p.T("trước", "before")
			if j == 1 {
				cls, word = "after", p.T("sau", "after")
			}
			bw := float64(barW) * float64(v) / float64(maxV)
			fmt.Fprintf(&b, `<rect class="%s" x="%d" y="%d" width="%.1f" height="16"/>`, cls, left, y+j*18, bw)
			fmt.Fprintf(&b, `<text class="vlabel" x="%.1f" y="%d">%s %s</text>`, float64(left)+bw+6, y+j*18+13, esc(p.N(v)), esc(word))
		}
	}
	// The key.
	ky := h - 10
	fmt.Fprintf(&b, `<rect class="before" x="%d" y="%d" width="14" height="10"/><text class="key" x="%d" y="%d">%s</text>`, left, ky-9, left+20, ky, esc(p.T("Trước hợp nhất", "Before")))
	fmt.Fprintf(&b, `<rect class="after" x="%d" y="%d" width="14" height="10"/><text class="key" x="%d" y="%d">%s</text>`, left+150, ky-9, left+170, ky, esc(p.T("Sau hợp nhất", "After")))
	b.WriteString(`</svg>`)
	return b.String()
}
