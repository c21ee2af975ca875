package workspace

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
)

// The dashboard in a real browser: headless Chromium opens the national
// page and a province page from disk and the test checks what a person
// would see. scripts/test-dashboard.sh installs Debian's chromium when it
// is missing and runs this test; without a Chromium it skips, saying so.
//
// Environment:
//   - ARCHMERGE_CHROMIUM: the browser to run (default: chromium,
//     chromium-browser, google-chrome or headless-shell on PATH).
//   - ARCHMERGE_SCREENSHOTS: the folder for the screenshots and A4 PDFs
//     (default: archmerge-dashboard-screenshots under os.TempDir()).
//   - ARCHMERGE_DASHBOARD_DEMO: the folder of an `archmerge demo` run; the
//     test then checks that demo's dashboard (its weights and render
//     times are the figures docs/dashboard.md reports) instead of making
//     a small workspace of its own.

// chromium finds a Chromium to run, or "" and where it looked.
func chromium() (string, string) {
	if p := os.Getenv("ARCHMERGE_CHROMIUM"); p != "" {
		return p, "ARCHMERGE_CHROMIUM=" + p
	}
	names := []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, ""
		}
	}
	return "", strings.Join(names, ", ") + " on PATH"
}

// browser starts a headless Chromium for the test, as a closed network
// would run it: no sandbox (tests run as root here), no GPU, none of the
// browser's own background traffic, a fresh profile. The watch hears the
// tab from its first event on.
func browser(t *testing.T) (context.Context, *watch) {
	t.Helper()
	path, looked := chromium()
	if path == "" {
		t.Skipf("no Chromium found (looked for %s): run scripts/test-dashboard.sh, which installs Debian's chromium, or set ARCHMERGE_CHROMIUM", looked)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	w := &watch{}
	ctx, cancel2 := chromedp.NewContext(actx, chromedp.WithListener(w.hear))
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx); err != nil {
		t.Skipf("Chromium at %s did not start (%v): run scripts/test-dashboard.sh or set ARCHMERGE_CHROMIUM", path, err)
	}
	// The browser lives as long as the context of its first run; what the
	// test asks of it is bounded, so that a browser that hangs fails the
	// test instead of holding it.
	ctx, cancel3 := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel3)
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	return ctx, w
}

// watch records what a page does that it must not: console errors,
// uncaught exceptions, errors the browser logs (a blocked request, a
// violation of the page's security policy), and requests outside
// file://.
type watch struct {
	mu       sync.Mutex
	problems []string
	requests int
}

func (w *watch) add(format string, args ...any) {
	w.mu.Lock()
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
	w.mu.Unlock()
}

func (w *watch) reset() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.problems
	w.problems = nil
	return p
}

// hear runs in the tab's event loop: it only records.
func (w *watch) hear(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert ||
			ev.Type == runtime.ConsoleAPICalledTypeWarning {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			w.add("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		w.add("exception at %s:%d: %s", d.URL, d.LineNumber+1, d.Text)
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
			w.add("browser log (%s, %s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		w.mu.Lock()
		w.requests++
		w.mu.Unlock()
		if !strings.HasPrefix(ev.Request.URL, "file://") {
			w.add("request outside the file: %s", ev.Request.URL)
		}
	}
}

// rendered is what loading a page took, in ms from the start of the
// navigation, by the browser's own clock.
type rendered struct {
	Loaded float64 `json:"loaded"` // the end of the load event
	// Frame is when a frame after the load was drawn: an upper bound of
	// the rendering, since it also counts the test's round trip to ask.
	Frame float64 `json:"frame"`
}

// open loads a page from disk and returns its timing.
func open(t *testing.T, ctx context.Context, path string) rendered {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	u := (&url.URL{Scheme: "file", Path: abs}).String()
	if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[rendered](`new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() =>
		done({loaded: performance.getEntriesByType("navigation")[0].loadEventEnd, frame: performance.now()}))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("timing of %s: %v", u, err)
	}
	return r
}

// eval runs a JavaScript expression on the page and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// shoot saves a full-page screenshot and an A4 print of the page, and a
// screenshot of each part the selectors name (name-part.png).
func shoot(t *testing.T, ctx context.Context, dir, name string, parts map[string]string) {
	t.Helper()
	for part, sel := range parts {
		png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("screenshot of %s: %v", sel, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+part+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print %s: %v", name, err)
	}
	for ext, b := range map[string][]byte{".png": png, ".pdf": pdf} {
		if err := os.WriteFile(filepath.Join(dir, name+ext), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ARCHMERGE_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "archmerge-dashboard-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDashboardInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test: not with -short")
	}
	ctx, watch := browser(t) // skips first when there is no browser
	var w *Workspace
	var dash string
	dir := os.Getenv("ARCHMERGE_DASHBOARD_DEMO")
	demo := dir != ""
	if demo {
		_, db, out := DemoDirs(dir)
		w = New(db, "vi", "test")
		dash = filepath.Join(out, reports.DashboardFolder)
	} else {
		w, dash = dashboardWorkspace(t)
	}
	defer w.Close()
	status, err := w.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	shots := screenshotDir(t)

	t.Run("national page", func(t *testing.T) {
		r := open(t, ctx, filepath.Join(dash, reports.DashboardIndex))
		t.Logf("national page: loaded in %.0f ms, a frame drawn by %.0f ms", r.Loaded, r.Frame)
		// The page itself is a request to file://: hearing it shows that
		// a request elsewhere would be heard too.
		watch.mu.Lock()
		heard := watch.requests
		watch.mu.Unlock()
		if heard == 0 {
			t.Error("no request heard, not even the page's own: the network events do not reach the test")
		}
		checkNational(t, ctx, status)
		checkSorting(t, ctx, status)
		shoot(t, ctx, shots, "national", map[string]string{"top": "header", "map": ".map-section", "codes": ".side section:first-child",
			"trend": ".side section:last-child", "multiples": ".multiples-section", "table": ".table-section"})
		if p := watch.reset(); len(p) > 0 {
			t.Errorf("the national page:\n%s", strings.Join(p, "\n"))
		}
	})

	// The province with the most open blockers: its page has the most to
	// show.
	worst := status.Provinces[0]
	for _, p := range status.Provinces {
		if p.Open[migrate.Blocker] > worst.Open[migrate.Blocker] {
			worst = p
		}
	}
	t.Run("province page", func(t *testing.T) {
		r := open(t, ctx, filepath.Join(dash, reports.DashboardFileName(worst.Code, worst.Name)))
		t.Logf("page of %s %s: loaded in %.0f ms, a frame drawn by %.0f ms", worst.Code, worst.Name, r.Loaded, r.Frame)
		checkProvince(t, ctx, dash, worst)
		shoot(t, ctx, shots, "province-"+worst.Code, map[string]string{"top": "header", "figures": ".figures-section",
			"charts": ".cols2", "blockers": "section[aria-labelledby=blockers-h]", "clusters": "section[aria-labelledby=clusters-h]",
			"data": "section[aria-labelledby=data-h]"})
		if p := watch.reset(); len(p) > 0 {
			t.Errorf("the province page:\n%s", strings.Join(p, "\n"))
		}
	})

	// Every page of a demo is opened (its figures are the ones reported);
	// the test's own workspace opens the two above.
	t.Run("every page", func(t *testing.T) {
		ents, err := os.ReadDir(dash)
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		var slowest rendered
		var slowName string
		pages := 0
		for _, e := range ents {
			if filepath.Ext(e.Name()) != ".html" {
				continue
			}
			info, err := e.Info()
			if err != nil {
				t.Fatal(err)
			}
			total += info.Size()
			pages++
			if !demo {
				continue
			}
			r := open(t, ctx, filepath.Join(dash, e.Name()))
			if r.Frame > slowest.Frame {
				slowest, slowName = r, e.Name()
			}
			if p := watch.reset(); len(p) > 0 {
				t.Errorf("%s:\n%s", e.Name(), strings.Join(p, "\n"))
			}
		}
		if pages != len(status.Provinces)+1 {
			t.Errorf("%d pages, want %d (the national page and one per province)", pages, len(status.Provinces)+1)
		}
		// Measured and reported, not asserted (the machine is shared).
		t.Logf("%d pages weigh %.2f MB in all (target: under 2 MB)", pages, float64(total)/1e6)
		if demo {
			t.Logf("the slowest, %s, loaded in %.0f ms, a frame drawn by %.0f ms (target: under 1 s)", slowName, slowest.Loaded, slowest.Frame)
		}
	})
	t.Logf("screenshots and A4 prints in %s", shots)
}

// checkNational compares what the national page shows with Status.
func checkNational(t *testing.T, ctx context.Context, status *StatusResult) {
	t.Helper()
	tiles := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll("svg.tilemap g.tile[data-code]"),
		g => [g.dataset.code, g.querySelector("text.tnum").textContent]))`)
	rows := eval[map[string][]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll("#provinces tbody tr"),
		r => [r.dataset.code, Array.from(r.cells, c => c.textContent.trim())]))`)
	total := eval[[]string](t, ctx, `Array.from(document.querySelector("#provinces tfoot tr").cells, c => c.textContent.trim())`)
	figures := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll(".figure"), f => [f.dataset.key, f.querySelector("dd").textContent]))`)
	if len(tiles) != 34 {
		t.Errorf("%d tiles on the map, want 34", len(tiles))
	}
	n := func(v int) string { return lang.Number(int64(v), lang.VI) }
	want := func(p StatusProvince) []string {
		out := []string{n(p.Elements), n(p.After)}
		for _, m := range []map[migrate.Severity]int{p.Open, p.Resolved} {
			for _, s := range migrate.Severities {
				out = append(out, n(m[s]))
			}
		}
		return append(out, n(p.Decisions))
	}
	// The table's columns: code, name, before, after, clusters, open ×4,
	// resolved ×4, decisions, cost.
	got := func(cells []string) []string {
		if len(cells) != 15 {
			return cells
		}
		return append(append([]string{cells[2], cells[3]}, cells[5:13]...), cells[13])
	}
	for _, p := range status.Provinces {
		if tiles[p.Code] != n(p.Open[migrate.Blocker]) {
			t.Errorf("tile %s shows %q open blockers, status says %d", p.Code, tiles[p.Code], p.Open[migrate.Blocker])
		}
		cells, ok := rows[p.Code]
		if !ok {
			t.Errorf("no row for %s %s", p.Code, p.Name)
			continue
		}
		if g, w := strings.Join(got(cells), " "), strings.Join(want(p), " "); g != w || cells[1] != p.Name {
			t.Errorf("row %s: %s %q, status says %s %q", p.Code, cells[1], g, p.Name, w)
		}
	}
	if len(rows) != len(status.Provinces) {
		t.Errorf("%d rows, status has %d provinces", len(rows), len(status.Provinces))
	}
	if g, w := strings.Join(got(total), " "), strings.Join(want(status.Totals), " "); g != w {
		t.Errorf("totals %q, status says %q", g, w)
	}
	if g, w := figures["open-blocker"], n(status.Totals.Open[migrate.Blocker]); g != w {
		t.Errorf("the open blockers figure says %s, status %s", g, w)
	}
	if g, w := figures["decisions"], n(status.Totals.Decisions); g != w {
		t.Errorf("the decisions figure says %s, status %s", g, w)
	}
}

// checkSorting clicks column headers and checks the order of the rows.
func checkSorting(t *testing.T, ctx context.Context, status *StatusResult) {
	t.Helper()
	order := func() []string {
		return eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#provinces tbody tr"), r => r.dataset.code)`)
	}
	// A real click of the mouse on the header's button, then the state the
	// page shows.
	click := func(col int) string {
		sel := fmt.Sprintf(`#provinces thead th[data-col="%d"]`, col)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel+" button"))); err != nil {
			t.Fatal(err)
		}
		// Read from the page itself, not from chromedp's copy of the DOM,
		// which events update a moment later.
		return eval[string](t, ctx, `document.querySelector('`+sel+`').getAttribute("aria-sort") || ""`)
	}
	blockers := map[string]int{}
	for _, p := range status.Provinces {
		blockers[p.Code] = p.Open[migrate.Blocker]
	}
	byBlockers := func(desc bool) []string {
		codes := make([]string, 0, len(blockers))
		for c := range blockers {
			codes = append(codes, c)
		}
		// Ties keep the table's order (by code): the sort is stable.
		sort.SliceStable(codes, func(i, j int) bool {
			a, b := blockers[codes[i]], blockers[codes[j]]
			if a != b {
				if desc {
					return a > b
				}
				return a < b
			}
			return codes[i] < codes[j]
		})
		return codes
	}
	byCode := byBlockers(false)
	sort.Strings(byCode)
	for _, c := range []struct {
		name string
		col  int
		dir  string
		want []string
	}{
		{"open blockers, most first", 5, "descending", byBlockers(true)},
		{"open blockers again, fewest first", 5, "ascending", byBlockers(false)},
		{"by code", 0, "ascending", byCode},
	} {
		t.Run(c.name, func(t *testing.T) {
			if dir := click(c.col); dir != c.dir {
				sorted := eval[string](t, ctx, `(document.querySelector("#provinces th[aria-sort]") || {dataset: {}}).dataset.col || "none"`)
				t.Errorf("aria-sort %q, want %q (the column sorted: %s)", dir, c.dir, sorted)
			}
			if got := order(); strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("rows in order %v, want %v", got, c.want)
			}
		})
	}
}

// checkProvince compares what a province's page shows with Status and
// follows its links.
func checkProvince(t *testing.T, ctx context.Context, dash string, p StatusProvince) {
	t.Helper()
	figures := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll(".figure"), f => [f.dataset.key, f.querySelector("dd").textContent]))`)
	sev := eval[map[string][]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll("table.sev tbody tr"),
		r => [r.dataset.sev, [r.cells[1].textContent, r.cells[2].textContent]]))`)
	workbook := eval[string](t, ctx, `(document.querySelector("a.workbook") || {}).getAttribute?.("href") || ""`)
	back := eval[string](t, ctx, `document.querySelector("nav a").getAttribute("href")`)
	title := eval[string](t, ctx, `document.querySelector("h1").textContent`)
	n := func(v int) string { return lang.Number(int64(v), lang.VI) }
	for key, want := range map[string]int{"elements": p.Elements, "elements-after": p.After, "open-blocker": p.Open[migrate.Blocker],
		"open-high": p.Open[migrate.High], "decisions": p.Decisions} {
		if figures[key] != n(want) {
			t.Errorf("figure %s says %q, status %d", key, figures[key], want)
		}
	}
	for _, s := range migrate.Severities {
		if g := sev["sev-"+string(s)]; len(g) != 2 || g[0] != n(p.Open[s]) || g[1] != n(p.Resolved[s]) {
			t.Errorf("%s flags open/resolved %v, status %d/%d", s, g, p.Open[s], p.Resolved[s])
		}
	}
	if !strings.Contains(title, p.Name) {
		t.Errorf("heading %q does not name %s", title, p.Name)
	}
	wantBook := reports.ProvinceFileName(p.Code, p.Name)
	if u, err := url.PathUnescape(workbook); err != nil || filepath.Base(u) != wantBook {
		t.Errorf("workbook link %q, want one to %s", workbook, wantBook)
	} else if _, err := os.Stat(filepath.Join(dash, filepath.FromSlash(u))); err != nil {
		t.Errorf("the workbook link %q leads nowhere: %v", workbook, err)
	}
	if back != reports.DashboardIndex {
		t.Errorf("link back %q, want %s", back, reports.DashboardIndex)
	}
}

// dashboardWorkspace makes a workspace with three weeks of progress: a
// national batch in the first week, decisions on three provinces'
// blockers in the second, and the dashboard written in the third. It
// returns the workspace and the dashboard's folder.
func dashboardWorkspace(t *testing.T) (*Workspace, string) {
	t.Helper()
	ctx := context.Background()
	inv := nationalInventories(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "reports")
	w := New(filepath.Join(dir, "ws.db"), "vi", "test")
	t.Cleanup(func() { w.Close() })
	st, err := w.create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	week := func(n int) {
		at := time.Date(2026, 5, 4+7*n, 2, 0, 0, 0, time.UTC) // Mondays, 09:00 in Hà Nội
		st.Now = func() time.Time { return at }
	}
	t0 := time.Now()
	defer func() { t.Logf("workspace made in %.1fs", time.Since(t0).Seconds()) }()
	week(0)
	res, err := w.Batch(ctx, BatchOptions{Paths: []string{inv}, Out: out, Jobs: 2, AsOf: "2026-05-04"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("batch done at %.1fs", time.Since(t0).Seconds())
	// The three provinces with the most blockers settle some.
	sums := append([]migrate.ProvinceSummary{}, res.Provinces...)
	sort.SliceStable(sums, func(i, j int) bool { return sums[i].Flags[migrate.Blocker] > sums[j].Flags[migrate.Blocker] })
	week(1)
	var files []string
	for i, s := range sums[:3] {
		book := filepath.Join(out, reports.ProvinceFileName(s.Code, s.Name))
		filled := filepath.Join(dir, "filled-"+s.Code+".xlsx")
		fill(t, book, filled, settleBlockers(t, book, 0.8/float64(i+1)))
		files = append(files, filled)
	}
	if _, err := w.Apply(ctx, ApplyOptions{Files: files, By: "Nguyễn Văn A"}); err != nil {
		t.Fatal(err)
	}
	t.Logf("apply done at %.1fs", time.Since(t0).Seconds())
	week(2)
	dash := filepath.Join(out, reports.DashboardFolder)
	if _, err := w.Dashboard(ctx, DashboardOptions{Out: dash}); err != nil {
		t.Fatal(err)
	}
	return w, dash
}

// settleBlockers picks a share of the elements of a workbook with an open
// blocker that a new owner and a note settle, and fills in both.
func settleBlockers(t *testing.T, book string, share float64) map[string]map[string]string {
	t.Helper()
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Hệ thống")
	if err != nil {
		t.Fatal(err)
	}
	flagsCol := -1
	for i, h := range rows[0] {
		if h == "Cảnh báo chưa xử lý" {
			flagsCol = i
		}
	}
	if flagsCol < 0 {
		t.Fatalf("%s: no column of open flags in %v", book, rows[0])
	}
	settles := []string{"ORPHAN_DISTRICT", "SECURITY_LEVEL_MISSING", "DATA_OLD_UNIT_CODE", "INTEG_TARGET_RETIRING"}
	var keys []string
	for _, r := range rows[1:] {
		if len(r) <= flagsCol {
			continue
		}
		for _, c := range settles {
			if strings.Contains(r[flagsCol], c) {
				keys = append(keys, r[0])
				break
			}
		}
	}
	out := map[string]map[string]string{}
	for _, k := range keys[:int(float64(len(keys))*share)] {
		out[k] = map[string]string{"Chủ quản mới": "Sở Khoa học và Công nghệ", "Ghi chú": "QĐ 125/QĐ-UBND phê duyệt cấp độ 2; dữ liệu đã chuyển mã"}
	}
	return out
}
