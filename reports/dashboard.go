package reports

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/internal/outfile"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// The dashboard is a set of static HTML pages — the national page
// (DashboardIndex) and one page per new province — that open from disk on
// a closed network: no script or style from elsewhere, no font to fetch,
// charts drawn here as inline SVG, a few lines of inline script only to
// sort the national table. docs/dashboard.md shows them.
const (
	// DashboardFolder is the folder, beside the workbooks of a batch, that
	// holds the dashboard.
	DashboardFolder = "dashboard"
	// DashboardIndex is the national page.
	DashboardIndex = "index.html"
	// dashboardRows caps each list of a province page (blockers, clusters,
	// datasets); the page says how many more the workbook lists.
	dashboardRows = 20
)

// DashboardFileName returns the page of a new province:
// "<code>-<ascii-name>.html", named as its workbook (ProvinceFileName).
func DashboardFileName(code, name string) string {
	return strings.TrimSuffix(ProvinceFileName(code, name), ".xlsx") + ".html"
}

// DashboardMeta identifies the pages: their language ("vi", the default,
// or "en"), the tool's version, the plan they show, and when they were
// made (as the page prints it, e.g. "2026-12-03 14:05").
type DashboardMeta struct {
	Lang        string
	ToolVersion string
	PlanID      string
	AsOf        string
	Generated   string
}

// NationalDashboard is what the national page shows.
type NationalDashboard struct {
	Meta DashboardMeta
	// Provinces are the summaries of the plan's provinces.
	Provinces []migrate.ProvinceSummary
	// Pages gives the link to each province's page, by code; a province
	// without one is shown without a link.
	Pages map[string]string
	// Workbook is the link to the national summary workbook, "" if none.
	Workbook string
	History  DashboardHistory
}

// DashboardHistory is the weekly progress the national page draws.
type DashboardHistory struct {
	// Weeks are the Mondays (yyyy-mm-dd) of the ISO weeks covered, oldest
	// first.
	Weeks     []string
	National  []DashboardPoint // one per week
	Provinces []DashboardSeries
}

// DashboardSeries is one province's weekly progress.
type DashboardSeries struct {
	Code, Name string
	Points     []DashboardPoint // one per week of DashboardHistory.Weeks
}

// DashboardPoint is the state at the end of a week: open blocker and high
// flags (Known false before the first plan recorded).
type DashboardPoint struct {
	Known          bool
	Blockers, High int
}

// WriteNationalDashboard writes the national page into dir (created if
// missing), atomically, and returns its path.
func WriteNationalDashboard(dir string, d NationalDashboard, m *mapping.Mapping) (string, error) {
	path := filepath.Join(dir, DashboardIndex)
	return path, writePage(dir, path, func(w io.Writer) error { return RenderNationalDashboard(w, d, m) })
}

// WriteProvinceDashboard writes the page of new province code from plan p
// (the national plan or a part holding the province) into dir, atomically,
// and returns its path. workbook is the link to the province's workbook,
// "" when there is none to link to.
func WriteProvinceDashboard(dir string, p *migrate.Plan, m *mapping.Mapping, code string, meta DashboardMeta, workbook string) (string, error) {
	g, err := Gather(p, m, code, Meta{PlanID: p.ID, ToolVersion: meta.ToolVersion, Lang: meta.Lang})
	if err != nil {
		return "", err
	}
	return g.WriteDashboard(dir, meta, workbook)
}

// WriteDashboard writes the province's dashboard page into dir, as
// WriteProvinceDashboard does, and returns its path.
func (g *Gathered) WriteDashboard(dir string, meta DashboardMeta, workbook string) (string, error) {
	path := filepath.Join(dir, DashboardFileName(g.d.sum.Code, g.d.sum.Name))
	return path, writePage(dir, path, func(w io.Writer) error { return renderProvince(w, g.d, meta, workbook) })
}

func writePage(dir, path string, render func(io.Writer) error) error {
	if err := outfile.Folder(dir); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	return outfile.Write(path, render)
}

// RelativeLink returns the link from a page in folder from to the file
// target, as an href (slashes, escaped), or "" when it cannot be made.
func RelativeLink(from, target string) string {
	af, err1 := filepath.Abs(from)
	at, err2 := filepath.Abs(target)
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, err := filepath.Rel(af, at)
	if err != nil {
		return ""
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

//go:embed dashboard
var dashboardFS embed.FS

var (
	dashboardCSS = mustRead("dashboard/dashboard.css")
	dashboardJS  = mustRead("dashboard/sort.js")
	// dashboardCSP lets the page use its own inline style and script and
	// nothing else: no request can leave the file.
	dashboardCSP = "default-src 'none'; style-src " + cspHash(dashboardCSS) + "; script-src " + cspHash(dashboardJS) +
		"; img-src data:; base-uri 'none'; form-action 'none'"
	dashboardTmpl = template.Must(template.New("").ParseFS(dashboardFS, "dashboard/*.html"))
)

func mustRead(name string) string {
	b, err := dashboardFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func cspHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}

// page is what both page templates share.
type page struct {
	Lang      string
	Title     string
	CSS       template.CSS
	JS        template.JS
	CSP       string
	Meta      DashboardMeta
	Generated string
}

func newPage(meta DashboardMeta, title string) page {
	if meta.Lang != lang.EN {
		meta.Lang = lang.VI
	}
	return page{Lang: meta.Lang, Title: title, CSS: template.CSS(dashboardCSS), JS: template.JS(dashboardJS), CSP: dashboardCSP, Meta: meta}
}

// T picks the Vietnamese or English text by the page's language.
func (p page) T(vi, en string) string { return lang.Pick(p.Lang, vi, en) }

// N writes a whole number with the language's thousands separator.
func (p page) N(n int) string { return lang.Number(int64(n), p.Lang) }

// figure is one key figure of a page.
type figure struct {
	Key   string // names it for tests and styles
	Label string
	Value string
	Class string
}

// cell is one cell of a sortable table: its text and the value it sorts by.
type cell struct {
	Text  string
	Value string
	Class string
}

// sevChip is a severity as the pages show it: a coloured label with its
// name, so that colour never carries the meaning alone.
type sevChip struct {
	Class, Label string
}

func chip(s migrate.Severity, l string) sevChip {
	return sevChip{Class: "sev-" + string(s), Label: severityLabel(s, Meta{Lang: l})}
}

// ---- The national page ----

type nationalView struct {
	page
	Figures   []figure
	Map       template.HTML
	CodeRows  []codeRow
	Trend     template.HTML
	TrendRows []trendRow
	OneWeek   bool
	NoHistory bool
	Multiples []multiple
	Head      []tableHead
	Rows      []tableRow
	Total     tableRow
	Workbook  string
	Missing   []string // provinces of the mapping with no inventory
}

// codeRow is a flag code and how many flags of it are open (in how many
// provinces, on the national page).
type codeRow struct {
	Code      string
	Sev       sevChip
	Action    string
	Legal     string
	Provinces string
	Open      string
	Bar       template.HTML
}

type trendRow struct {
	Week           string
	Blockers, High string
}

type multiple struct {
	Code, Name, Href string
	SVG              template.HTML
	Change           string
}

type tableHead struct {
	Label string
	Group string // the header of the group it belongs to, for its title
	Sort  string // "text" or "number"
	Col   int
}

type tableRow struct {
	Code, Href string
	Cells      []cell
}

// RenderNationalDashboard writes the national page.
func RenderNationalDashboard(w io.Writer, d NationalDashboard, m *mapping.Mapping) error {
	provs := append([]migrate.ProvinceSummary{}, d.Provinces...)
	sort.Slice(provs, func(i, j int) bool { return provs[i].Code < provs[j].Code })
	p := newPage(d.Meta, "")
	p.Title = p.T("Hợp nhất kiến trúc số — toàn quốc", "Digital architecture consolidation — national")
	v := &nationalView{page: p, Workbook: d.Workbook}
	have := map[string]bool{}
	var tot migrate.ProvinceSummary
	tot.Flags, tot.Resolved = map[migrate.Severity]int{}, map[migrate.Severity]int{}
	for _, s := range provs {
		have[s.Code] = true
		tot.ElementsBefore += s.ElementsBefore
		tot.ElementsAfter += s.ElementsAfter
		tot.Clusters += s.Clusters
		tot.Decisions += s.Decisions
		tot.RetireCost += s.RetireCost
		for _, sev := range migrate.Severities {
			tot.Flags[sev] += s.Flags[sev]
			tot.Resolved[sev] += s.Resolved[sev]
		}
	}
	for _, c := range newProvinces(m) {
		if !have[c] {
			u, _ := m.NewUnit(c)
			v.Missing = append(v.Missing, c+" "+u.Name)
		}
	}
	resolved := 0
	for _, sev := range migrate.Severities {
		resolved += tot.Resolved[sev]
	}
	v.Figures = []figure{
		{"provinces", p.T("Tỉnh mới có kê khai", "New provinces with an inventory"), p.N(len(provs)) + " / " + p.N(len(newProvinces(m))), ""},
		{"elements", p.T("Phần tử trước → sau hợp nhất", "Elements before → after"), p.N(tot.ElementsBefore) + " → " + p.N(tot.ElementsAfter), ""},
		{"clusters", p.T("Cụm trùng lặp", "Duplicate clusters"), p.N(tot.Clusters), ""},
		{"open-blocker", p.T("Cảnh báo chặn còn mở", "Open blocker flags"), p.N(tot.Flags[migrate.Blocker]), "sev-blocker"},
		{"open-high", p.T("Cảnh báo cao còn mở", "Open high flags"), p.N(tot.Flags[migrate.High]), "sev-high"},
		{"resolved", p.T("Cảnh báo đã xử lý", "Flags resolved"), p.N(resolved), ""},
		{"decisions", p.T("Quyết định đã ghi", "Decisions recorded"), p.N(tot.Decisions), ""},
		{"retire-cost", p.T("Chi phí hằng năm của phần tử sẽ dừng/hợp nhất", "Annual cost of what is to be retired or merged"), money(tot.RetireCost, p.Lang), "money"},
	}
	v.Map = template.HTML(tileMap(p, provs, d.Pages, m))
	v.CodeRows = codesChart(p, provs)
	v.nationalHistory(d.History, d.Pages)
	v.table(provs, tot, d.Pages)
	return dashboardTmpl.ExecuteTemplate(w, "national.html", v)
}

// money writes a cost in VND as a person reads it: in billions with one
// decimal from a billion up ("54,7 tỷ đồng"), else in millions ("850
// triệu đồng").
func money(vnd int64, l string) string {
	if vnd >= 1_000_000_000 {
		tenths := (vnd + 50_000_000) / 100_000_000
		return lang.Number(tenths/10, l) + lang.Pick(l, ",", ".") + fmt.Sprint(tenths%10) + lang.Pick(l, " tỷ đồng", " billion VND")
	}
	return lang.Number((vnd+500_000)/1_000_000, l) + lang.Pick(l, " triệu đồng", " million VND")
}

func (v *nationalView) table(provs []migrate.ProvinceSummary, tot migrate.ProvinceSummary, pages map[string]string) {
	p := v.page
	el, open, res := p.T("Phần tử", "Elements"), p.T("Cảnh báo còn mở", "Open flags"), p.T("Đã xử lý", "Resolved")
	v.Head = []tableHead{
		{Label: p.T("Mã", "Code"), Sort: "text"},
		{Label: p.T("Tỉnh mới", "New province"), Sort: "text"},
		{Label: p.T("Trước", "Before"), Group: el, Sort: "number"},
		{Label: p.T("Sau", "After"), Group: el, Sort: "number"},
		{Label: p.T("Cụm trùng lặp", "Clusters"), Sort: "number"},
	}
	for _, g := range []string{open, res} {
		for _, sev := range migrate.Severities {
			v.Head = append(v.Head, tableHead{Label: severityLabel(sev, Meta{Lang: p.Lang}), Group: g, Sort: "number"})
		}
	}
	v.Head = append(v.Head,
		tableHead{Label: p.T("Quyết định", "Decisions"), Sort: "number"},
		tableHead{Label: p.T("Chi phí/năm sẽ dừng (triệu đồng)", "Annual cost to retire (million VND)"), Sort: "number"})
	for i := range v.Head {
		v.Head[i].Col = i
	}
	row := func(s migrate.ProvinceSummary) []cell {
		num := func(n int) cell { return cell{Text: p.N(n), Value: fmt.Sprint(n)} }
		cs := []cell{{Text: s.Code, Value: s.Code}, {Text: s.Name, Value: s.Name},
			num(s.ElementsBefore), num(s.ElementsAfter), num(s.Clusters)}
		for _, sev := range migrate.Severities {
			c := num(s.Flags[sev])
			c.Class = "open-" + string(sev)
			cs = append(cs, c)
		}
		for _, sev := range migrate.Severities {
			cs = append(cs, num(s.Resolved[sev]))
		}
		cs = append(cs, num(s.Decisions),
			cell{Text: lang.Number((s.RetireCost+500_000)/1_000_000, p.Lang), Value: fmt.Sprint(s.RetireCost)})
		return cs
	}
	for _, s := range provs {
		v.Rows = append(v.Rows, tableRow{Code: s.Code, Href: pages[s.Code], Cells: row(s)})
	}
	tot.Name = p.T("Cả nước", "Country")
	v.Total = tableRow{Cells: row(tot)}
	v.Total.Cells[0].Text = ""
}

func (v *nationalView) nationalHistory(h DashboardHistory, pages map[string]string) {
	p := v.page
	if len(h.Weeks) == 0 {
		v.NoHistory = true
		return
	}
	v.OneWeek = len(h.Weeks) == 1
	labels := make([]string, len(h.Weeks))
	for i, wk := range h.Weeks {
		labels[i] = weekLabel(wk, p.Lang)
	}
	blk, high := series(h.National)
	v.Trend = template.HTML(lineChart(p, lineSpec{
		ID: "trend", W: 640, H: 260, Weeks: labels,
		Title: p.T("Cảnh báo còn mở theo tuần, cả nước", "Open flags by week, country"),
		Lines: []line{
			{Label: p.T("Chặn", "Blocker"), Class: "blocker", Values: blk},
			{Label: p.T("Cao", "High"), Class: "high", Values: high},
		}}))
	for i, pt := range h.National {
		r := trendRow{Week: labels[i], Blockers: "—", High: "—"}
		if pt.Known {
			r.Blockers, r.High = p.N(pt.Blockers), p.N(pt.High)
		}
		v.TrendRows = append(v.TrendRows, r)
	}
	for _, s := range h.Provinces {
		blk, high := series(s.Points)
		mu := multiple{Code: s.Code, Name: s.Name, Href: pages[s.Code]}
		mu.SVG = template.HTML(lineChart(p, lineSpec{
			ID: "trend-" + s.Code, W: 200, H: 84, Small: true, Weeks: labels,
			Title: s.Code + " " + s.Name + ": " + p.T("cảnh báo còn mở theo tuần", "open flags by week"),
			Lines: []line{
				{Label: p.T("Chặn", "Blocker"), Class: "blocker", Values: blk},
				{Label: p.T("Cao", "High"), Class: "high", Values: high},
			}}))
		mu.Change = change(p, blk, labels)
		v.Multiples = append(v.Multiples, mu)
	}
}

// series splits weekly points into blocker and high values (-1: unknown).
func series(pts []DashboardPoint) (blk, high []int) {
	for _, pt := range pts {
		if !pt.Known {
			blk, high = append(blk, -1), append(high, -1)
			continue
		}
		blk, high = append(blk, pt.Blockers), append(high, pt.High)
	}
	return blk, high
}

// change says how open blockers moved from the first known week to the
// last, in words and with an arrow.
func change(p page, vals []int, labels []string) string {
	first := -1
	for i, x := range vals {
		if x >= 0 {
			first = i
			break
		}
	}
	last := len(vals) - 1
	if first < 0 || last < 0 || vals[last] < 0 {
		return p.T("chưa có số liệu", "no data yet")
	}
	now := p.T("chặn: ", "blockers: ") + p.N(vals[last])
	if first == last {
		return now
	}
	d := vals[last] - vals[first]
	switch {
	case d < 0:
		return now + fmt.Sprintf(p.T(" (▼ %s từ %s)", " (▼ %s since %s)"), p.N(-d), labels[first])
	case d > 0:
		return now + fmt.Sprintf(p.T(" (▲ %s từ %s)", " (▲ %s since %s)"), p.N(d), labels[first])
	}
	return now + fmt.Sprintf(p.T(" (không đổi từ %s)", " (unchanged since %s)"), labels[first])
}

// weekLabel writes a week by its Monday: 01/06 in Vietnamese, 1 Jun in
// English.
func weekLabel(monday, l string) string {
	if len(monday) != 10 {
		return monday
	}
	mo, d := monday[5:7], strings.TrimPrefix(monday[8:10], "0")
	if l == lang.EN {
		months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
		var k int
		fmt.Sscan(strings.TrimPrefix(mo, "0"), &k)
		if k >= 1 && k <= 12 {
			return d + " " + months[k-1]
		}
		return monday
	}
	return monday[8:10] + "/" + mo
}

// ---- A province's page ----

type provinceView struct {
	page
	Code, Name    string
	Predecessors  []string
	Figures       []figure
	Sev           []sevRow
	SevChart      template.HTML
	Layers        template.HTML
	LayerRows     []layerRow
	BlockerCodes  []codeRow
	Blockers      []blockerRow
	BlockersMore  int
	Clusters      []clusterRow
	ClustersMore  int
	Datasets      []datasetRow
	DatasetsMore  int
	Workbook      string
	WorkbookName  string
	OpenBlockers  int
	TotalClusters int
}

type sevRow struct {
	Sev            sevChip
	Open, Resolved string
}

type layerRow struct {
	Label         string
	Before, After string
}

type blockerRow struct {
	Code     string
	Elements []string // keys: the message names them
	Message  string
	Legal    string
}

type clusterRow struct {
	ID, Unit, Basis, Function string
	Members                   string
	Survivor, SurvivorName    string
	Explanation               string
}

type datasetRow struct {
	Key, Name, Unit string
	Codes           []sevCode
	Records         string
	Change          string
	Open            bool
}

type sevCode struct {
	Code string
	Sev  sevChip
}

// RenderProvinceDashboard writes the page of new province code from plan p.
func RenderProvinceDashboard(w io.Writer, p *migrate.Plan, m *mapping.Mapping, code string, meta DashboardMeta, workbook string) error {
	d, err := gather(p, m, code, Meta{PlanID: p.ID, ToolVersion: meta.ToolVersion, Lang: meta.Lang})
	if err != nil {
		return err
	}
	return renderProvince(w, d, meta, workbook)
}

// renderProvince writes the page of a province gathered.
func renderProvince(w io.Writer, d *provinceData, meta DashboardMeta, workbook string) error {
	m := d.m
	s := d.sum
	pg := newPage(meta, s.Code+" "+s.Name)
	v := &provinceView{page: pg, Code: s.Code, Name: s.Name, Workbook: workbook, WorkbookName: ProvinceFileName(s.Code, s.Name),
		OpenBlockers: s.Flags[migrate.Blocker], TotalClusters: s.Clusters}
	for _, c := range s.Predecessors {
		if u, ok := m.OldUnit(c); ok {
			v.Predecessors = append(v.Predecessors, c+" "+u.Name)
		} else {
			v.Predecessors = append(v.Predecessors, c)
		}
	}
	T, N := pg.T, pg.N
	v.Figures = []figure{
		{"elements", T("Phần tử trước hợp nhất", "Elements before"), N(s.ElementsBefore), ""},
		{"elements-after", T("Phần tử sau hợp nhất", "Elements after"), N(s.ElementsAfter), ""},
		{"clusters", T("Cụm trùng lặp", "Duplicate clusters"), N(s.Clusters), ""},
		{"open-blocker", T("Cảnh báo chặn còn mở", "Open blocker flags"), N(s.Flags[migrate.Blocker]), "sev-blocker"},
		{"open-high", T("Cảnh báo cao còn mở", "Open high flags"), N(s.Flags[migrate.High]), "sev-high"},
		{"decisions", T("Quyết định đã ghi", "Decisions recorded"), N(s.Decisions), ""},
		{"datasets-rekey", T("Bộ dữ liệu cần chuyển mã", "Datasets to re-key"), N(s.DatasetsRekey), ""},
		{"retire-cost", T("Chi phí hằng năm sẽ dừng/hợp nhất", "Annual cost to retire or merge"), money(s.RetireCost, pg.Lang), "money"},
	}
	for _, sev := range migrate.Severities {
		v.Sev = append(v.Sev, sevRow{Sev: chip(sev, pg.Lang), Open: N(s.Flags[sev]), Resolved: N(s.Resolved[sev])})
	}
	v.SevChart = template.HTML(severityChart(pg, s))
	v.Layers = template.HTML(layerChart(pg, s.ByLayer))
	for _, l := range s.ByLayer {
		v.LayerRows = append(v.LayerRows, layerRow{Label: layerLabel(l.Layer, Meta{Lang: pg.Lang}), Before: N(l.Before), After: N(l.After)})
	}
	v.blockers(d)
	v.clusters(d)
	v.datasets(d)
	return dashboardTmpl.ExecuteTemplate(w, "province.html", v)
}

// blockers lists the open blockers by code, the most frequent first, and
// some of each: the first of every code in turn, so that a long list of
// one code does not hide the others.
func (v *provinceView) blockers(d *provinceData) {
	byCode := map[string][]*migrate.Flag{}
	var codes []string
	total := 0
	for _, f := range d.flags {
		if f.Resolved || f.Severity != migrate.Blocker {
			continue
		}
		if len(byCode[f.Code]) == 0 {
			codes = append(codes, f.Code)
		}
		byCode[f.Code] = append(byCode[f.Code], f)
		total++
	}
	sort.SliceStable(codes, func(i, j int) bool { return len(byCode[codes[i]]) > len(byCode[codes[j]]) })
	var picked []*migrate.Flag
	for i := 0; len(picked) < min(total, dashboardRows); i++ {
		for _, c := range codes {
			if i < len(byCode[c]) && len(picked) < dashboardRows {
				picked = append(picked, byCode[c][i])
			}
		}
	}
	// Shown in the plan's order, which keeps an element's flags together.
	pos := map[*migrate.Flag]int{}
	for i, f := range d.flags {
		pos[f] = i
	}
	sort.Slice(picked, func(i, j int) bool { return pos[picked[i]] < pos[picked[j]] })
	v.BlockersMore = total - len(picked)
	for _, f := range picked {
		v.Blockers = append(v.Blockers, blockerRow{Code: f.Code, Elements: f.Elements, Message: f.Message.In(v.Lang), Legal: f.LegalBasis})
	}
	for _, c := range codes {
		r, _ := migrate.Rule(c)
		v.BlockerCodes = append(v.BlockerCodes, codeRow{Code: c, Sev: chip(r.Severity, v.Lang), Action: r.Action.In(v.Lang),
			Legal: r.LegalBasis, Open: v.N(len(byCode[c]))})
	}
}

func (v *provinceView) clusters(d *provinceData) {
	cs := slices.Collect(maps.Values(d.clusters))
	// The largest first: they retire the most.
	sort.Slice(cs, func(i, j int) bool {
		if len(cs[i].Members) != len(cs[j].Members) {
			return len(cs[i].Members) > len(cs[j].Members)
		}
		return cs[i].ID < cs[j].ID
	})
	meta := Meta{Lang: v.Lang}
	for i, c := range cs {
		if i == dashboardRows {
			v.ClustersMore = len(cs) - i
			break
		}
		r := clusterRow{ID: c.ID, Unit: c.NewUnit + " " + d.unitName(c.NewUnit), Survivor: c.Survivor,
			Members: v.N(len(c.Members)), Explanation: c.Explanation.In(v.Lang)}
		var basis []string
		for _, b := range c.Basis {
			basis = append(basis, basisLabel(b, meta))
		}
		r.Basis = strings.Join(basis, ", ")
		if e := d.element(c.Survivor); e != nil {
			r.SurvivorName, r.Function = e.Name, e.FunctionCode
		}
		v.Clusters = append(v.Clusters, r)
	}
}

func basisLabel(b string, meta Meta) string {
	switch b {
	case "function":
		return meta.text("chức năng", "function")
	case "product":
		return meta.text("sản phẩm", "product")
	case "name":
		return meta.text("tên", "name")
	}
	return b
}

func (v *provinceView) datasets(d *provinceData) {
	type ds struct {
		e    *migrate.PlannedElement
		open bool
	}
	open := map[string]bool{}
	for _, f := range d.flags {
		if r, _ := migrate.Rule(f.Code); r.Rekey && !f.Resolved {
			for _, k := range f.Elements {
				open[k] = true
			}
		}
	}
	list := make([]ds, 0, len(d.datasets))
	for _, e := range d.datasets {
		list = append(list, ds{e, open[e.Key]})
	}
	// Open first, then the largest: they take the most work.
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].open != list[j].open {
			return list[i].open
		}
		return records(list[i].e) > records(list[j].e)
	})
	for i, x := range list {
		if i == dashboardRows {
			v.DatasetsMore = len(list) - i
			break
		}
		r := datasetRow{Key: x.e.Key, Name: x.e.Name, Unit: x.e.OldUnit + " " + d.oldName(x.e.OldUnit), Open: x.open,
			Change: d.codeChange(x.e)}
		if n := records(x.e); n > 0 {
			r.Records = lang.Number(n, v.Lang)
		}
		for _, c := range d.dataFlag[x.e.Key] {
			rule, _ := migrate.Rule(c)
			r.Codes = append(r.Codes, sevCode{Code: c, Sev: chip(rule.Severity, v.Lang)})
		}
		v.Datasets = append(v.Datasets, r)
	}
}

func records(e *migrate.PlannedElement) int64 {
	if e.Element == nil {
		return 0
	}
	return int64(e.Element.Records)
}
