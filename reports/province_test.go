package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

func testMeta(p *migrate.Plan, lang string) Meta {
	return Meta{WorkspaceID: "ws-test", PlanID: p.ID, ToolVersion: "test", Lang: lang}
}

func openBook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// zipPart returns one part of a workbook's zip, as text.
func zipPart(t *testing.T, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	return ""
}

// colMinRe finds the first column of each <col> element, whatever the
// order of its attributes.
var colMinRe = regexp.MustCompile(`<col [^>]*\bmin="(\d+)"`)

// sheetXML returns the worksheet XML of a sheet.
func sheetXML(t *testing.T, f *excelize.File, path, sheet string) string {
	t.Helper()
	part, err := sheetPart(f, sheet)
	if err != nil {
		t.Fatal(err)
	}
	return zipPart(t, path, part)
}

func headerRow(t *testing.T, f *excelize.File, sheet string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("sheet %s: %v, %d rows", sheet, err, len(rows))
	}
	return rows[0]
}

func TestWriteProvinceStructure(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	for _, lang := range []string{"vi", "en"} {
		t.Run(lang, func(t *testing.T) {
			meta := testMeta(p, lang)
			path, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", meta)
			if err != nil {
				t.Fatal(err)
			}
			if got := filepath.Base(path); got != "08-tuyen-quang.xlsx" {
				t.Fatalf("file name %s, want 08-tuyen-quang.xlsx", got)
			}
			f := openBook(t, path)
			wantSheets := []string{shSummary.in(meta), shUnits.in(meta), shSystems.in(meta), shFlags.in(meta), shIntegrations.in(meta), shData.in(meta), SheetIdentity, SheetLists}
			if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
				t.Fatalf("sheets %v, want %v", got, wantSheets)
			}
			for _, s := range []string{SheetIdentity, SheetLists} {
				if vis, _ := f.GetSheetVisible(s); vis {
					t.Errorf("sheet %s is visible, want hidden", s)
				}
			}
			id, _ := f.GetRows(SheetIdentity)
			kv := map[string]string{}
			for _, r := range id {
				kv[r[0]] = r[1]
			}
			if kv["workspace_id"] != "ws-test" || kv["plan_id"] != p.ID || kv["tool_version"] != "test" || kv["province"] != "08" || kv["lang"] != lang {
				t.Errorf("identity %v", kv)
			}

			sys := shSystems.in(meta)
			head := headerRow(t, f, sys)
			var want []string
			for _, c := range systemCols {
				want = append(want, c.header(meta))
			}
			want = append(want, colWritten.header(meta))
			if !slices.Equal(head, want) {
				t.Errorf("headers of %s:\n got %q\nwant %q", sys, head, want)
			}
			rows, _ := f.GetRows(sys)
			if len(rows)-1 != countIn(p, "08") {
				t.Errorf("%s has %d rows, want %d elements", sys, len(rows)-1, countIn(p, "08"))
			}
			// Frozen header row and key column.
			for _, s := range wantSheets[1:6] {
				panes, err := f.GetPanes(s)
				if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 1 {
					t.Errorf("sheet %s panes %+v, %v: want the header row and first column frozen", s, panes, err)
				}
				x := sheetXML(t, f, path, s)
				if !strings.Contains(x, "<autoFilter ref=\"$A$1:") {
					t.Errorf("sheet %s has no auto-filter", s)
				}
				if !strings.Contains(x, "<sheetProtection") {
					t.Errorf("sheet %s is not protected", s)
				}
				if dim, _ := f.GetSheetDimension(s); dim == "A1" {
					t.Errorf("sheet %s dimension A1", s)
				}
			}
			// Drop-down of the six treatments, by range to the lists sheet,
			// and per-row lists for Merge into and New unit (checked by
			// TestDropDownsOfferWhatApplyAccepts).
			dvs, err := f.GetDataValidations(sys)
			if err != nil {
				t.Fatal(err)
			}
			decCol := colLetter(colIndex(systemCols, colDecision) + 1)
			treatments := 0
			for _, dv := range dvs {
				if dv.Type != "list" || !strings.HasPrefix(dv.Formula1, SheetLists+"!$A$") {
					t.Errorf("drop-down %+v", dv)
				}
				if strings.HasPrefix(dv.Sqref, decCol+"2:") {
					treatments++
					if dv.Formula1 != "lists!$A$1:$A$6" {
						t.Errorf("treatments drop-down %+v", dv)
					}
				}
			}
			if treatments != 1 {
				t.Errorf("%d treatments drop-downs, want 1", treatments)
			}
			lists, _ := f.GetRows(SheetLists)
			for i, tr := range migrate.Treatments {
				if lists[i][0] != TreatmentLabel(tr, lang) {
					t.Errorf("lists row %d = %q, want %q", i+1, lists[i][0], TreatmentLabel(tr, lang))
				}
			}
			// Decision cells unlocked, key cells locked.
			decStyle, _ := f.GetCellStyle(sys, decCol+"2")
			if st, _ := f.GetStyle(decStyle); st.Protection == nil || st.Protection.Locked {
				t.Errorf("decision cell style %+v: want unlocked", st.Protection)
			}
			keyStyle, _ := f.GetCellStyle(sys, "A2")
			if st, _ := f.GetStyle(keyStyle); st.Protection != nil && !st.Protection.Locked {
				t.Errorf("key cell unlocked")
			}
			prefCol := colLetter(colIndex(systemCols, colPrefilled) + 1)
			if vis, _ := f.GetColVisible(sys, prefCol); vis {
				t.Errorf("prefilled column %s visible", prefCol)
			}
			if st, _ := f.GetStyle(mustColStyle(t, f, sys, prefCol)); st.Protection == nil || !st.Protection.Locked {
				t.Errorf("prefilled column %s not locked: %+v", prefCol, st.Protection)
			}
			// Every data sheet ends with the hidden, locked column of what
			// it wrote.
			for _, ds := range dataSheets {
				sh := ds.name.in(meta)
				h := headerRow(t, f, sh)
				col := colLetter(len(h))
				if h[len(h)-1] != colWritten.header(meta) || len(h) != len(ds.cols)+1 {
					t.Errorf("%s: last header %q of %d, want %q after the %d columns", sh, h[len(h)-1], len(h), colWritten.header(meta), len(ds.cols))
				}
				if vis, _ := f.GetColVisible(sh, col); vis {
					t.Errorf("%s: column %s of what was written is visible", sh, col)
				}
				if st, _ := f.GetStyle(mustColStyle(t, f, sh, col)); st.Protection == nil || !st.Protection.Locked || !st.Protection.Hidden {
					t.Errorf("%s: column %s of what was written not locked and hidden: %+v", sh, col, st.Protection)
				}
			}
			// Columns in ascending order, as spreadsheets expect them (one
			// that does not may show the hidden column).
			cols := sheetXML(t, f, path, sys)
			mins := colMinRe.FindAllStringSubmatch(cols, -1)
			for k := 1; k < len(mins); k++ {
				a, _ := strconv.Atoi(mins[k-1][1])
				b, _ := strconv.Atoi(mins[k][1])
				if b <= a {
					t.Errorf("columns not in ascending order: %.300s", cols[strings.Index(cols, "<cols>"):])
					break
				}
			}
			if len(mins) < 2 {
				t.Errorf("no columns: %.300s", cols)
			}
			// Codes as text.
			if typ, _ := f.GetCellType(sys, "B2"); typ != excelize.CellTypeInlineString {
				t.Errorf("old unit code cell type %v, want an inline string", typ)
			}
			if v, _ := f.GetCellValue(sys, "B2"); len(v) != 2 && len(v) != 3 && len(v) != 5 {
				t.Errorf("old unit code %q lost its leading zeros?", v)
			}
			// Severity colours on Cảnh báo, flags sorted by severity, each
			// code with its title.
			fl := shFlags.in(meta)
			cfs, err := f.GetConditionalFormats(fl)
			if err != nil || len(cfs) != 1 {
				t.Fatalf("conditional formats of %s: %v, %v", fl, cfs, err)
			}
			for rng, opts := range cfs {
				if !strings.HasPrefix(rng, flagSeverityCol+"2:"+flagSeverityCol) || len(opts) != 4 || opts[0].Value != `"`+severityLabel(migrate.Blocker, meta)+`"` {
					t.Errorf("conditional formats %s %+v", rng, opts)
				}
			}
			flagRows, _ := f.GetRows(fl)
			rank := map[string]int{}
			for i, sev := range migrate.Severities {
				rank[severityLabel(sev, meta)] = i
			}
			for i := 2; i < len(flagRows); i++ {
				prev, cur := flagRows[i-1], flagRows[i]
				if rank[cur[3]] < rank[prev[3]] {
					t.Fatalf("flag row %d (%s) after a less urgent one (%s)", i+1, cur[3], prev[3])
				}
				if r, _ := migrate.Rule(cur[1]); cur[2] != r.Title.In(lang) || cur[2] == "" {
					t.Fatalf("flag row %d: title %q beside %s, want %q", i+1, cur[2], cur[1], r.Title.In(lang))
				}
			}
			// Charts on Tổng quan.
			for _, c := range []string{"xl/charts/chart1.xml", "xl/charts/chart2.xml"} {
				if zipPart(t, path, c) == "" {
					t.Errorf("no %s", c)
				}
			}
			// Đơn vị lists old 02 and 08 and their communes.
			units, _ := f.GetRows(shUnits.in(meta))
			seen := map[string]bool{}
			for _, r := range units[1:] {
				seen[r[0]] = true
			}
			if !seen["02"] || !seen["08"] || len(units) < 100 {
				t.Errorf("units sheet has %d rows, 02:%v 08:%v", len(units), seen["02"], seen["08"])
			}
		})
	}
}

func mustColStyle(t *testing.T, f *excelize.File, sheet, col string) int {
	t.Helper()
	id, err := f.GetColStyle(sheet, col)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func countIn(p *migrate.Plan, prov string) int {
	n := 0
	for _, e := range p.Elements {
		if e.NewProvince == prov {
			n++
		}
	}
	return n
}

func TestWriteProvinceUnknown(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	if _, err := WriteProvince(context.Background(), t.TempDir(), p, m, "01", testMeta(p, "vi")); err == nil {
		t.Fatal("a province outside the plan was written")
	}
}

func TestFormulaInjection(t *testing.T) {
	m := builtin(t)
	names := []string{`=HYPERLINK("http://x","y")`, "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=2"}
	var els []inventory.Element
	for i, n := range names {
		els = append(els, inventory.Element{Unit: "08", ID: fmt.Sprintf("X%d", i), Kind: inventory.Application, Name: n, Owner: n,
			Vendor: "=cmd|' /C calc'!A0", Status: "active", RecordType: "original", SecurityLevel: 2, SecurityDecision: "QĐ 1"})
	}
	p := build(t, migrate.Input{Mapping: m, Elements: els, AsOf: "2026-06-01"})
	path, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	f := openBook(t, path)
	sys := shSystems.in(Meta{})
	rows, _ := f.GetRows(sys)
	nameCol := 7 // G: Tên
	found := 0
	for r := 2; r <= len(rows); r++ {
		for c := 1; c <= len(systemCols); c++ {
			ref, _ := excelize.CoordinatesToCellName(c, r)
			if fm, _ := f.GetCellFormula(sys, ref); fm != "" {
				t.Errorf("cell %s holds a formula %q", ref, fm)
			}
		}
		ref, _ := excelize.CoordinatesToCellName(nameCol, r)
		v, _ := f.GetCellValue(sys, ref)
		if slices.Contains(names, v) {
			found++
			if typ, _ := f.GetCellType(sys, ref); typ != excelize.CellTypeInlineString {
				t.Errorf("cell %s (%q) type %v, want a string", ref, v, typ)
			}
		}
	}
	if found != len(names) {
		t.Errorf("found %d of %d names written back verbatim", found, len(names))
	}
	x := sheetXML(t, f, path, sys)
	if strings.Contains(x, "<f>") {
		t.Error("the Systems sheet holds a formula element")
	}
}

// testHistory is three weeks of progress for the plan's provinces: the
// first province known from the second week, its blockers going down.
func testHistory(p *migrate.Plan) *History {
	h := &History{Weeks: []HistoryWeek{{"2026-W21", "2026-05-18"}, {"2026-W22", "2026-05-25"}, {"2026-W23", "2026-06-01"}}}
	sev := func(b, hi int) map[migrate.Severity]int {
		return map[migrate.Severity]int{migrate.Blocker: b, migrate.High: hi, migrate.Medium: 0, migrate.Info: 0}
	}
	h.National = []HistoryPoint{{Open: sev(0, 0), Resolved: sev(0, 0)}, {Known: true, Open: sev(9, 20), Resolved: sev(0, 0)},
		{Known: true, Open: sev(4, 12), Resolved: sev(5, 8), Decisions: 13}}
	for _, s := range p.Provinces {
		h.Provinces = append(h.Provinces, ProvinceHistory{Code: s.Code, Name: s.Name, Points: h.National})
	}
	return h
}

func TestWriteNational(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	path, err := WriteNational(context.Background(), t.TempDir(), p, m, testMeta(p, "vi"), testHistory(p))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != NationalFileName {
		t.Fatal(path)
	}
	f := openBook(t, path)
	sheet, progress := shNational.vi, shProgress.vi
	if got := f.GetSheetList(); !slices.Equal(got, []string{sheet, progress, SheetIdentity, SheetLists}) {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := f.GetRows(sheet)
	n := len(p.Provinces)
	if len(rows) != nationalHead+n+1 || !strings.Contains(rows[0][0], "Tổng hợp toàn quốc") || !strings.Contains(rows[1][0], p.ID) || !strings.Contains(rows[1][0], p.AsOf) {
		t.Fatalf("rows %q", rows)
	}
	first, total := rows[nationalHead], rows[nationalHead+n]
	if first[0] != "08" || first[1] != "Tỉnh Tuyên Quang" || first[17] != "08-tuyen-quang.xlsx" || total[1] != "Cả nước" {
		t.Fatalf("first province %q, totals %q", first, total)
	}
	if typ, _ := f.GetCellType(sheet, fmt.Sprintf("A%d", nationalHead+1)); typ == excelize.CellTypeNumber {
		t.Error("province code written as a number")
	}
	sum := 0
	for _, s := range p.Provinces {
		sum += s.ElementsBefore
	}
	if v, _ := f.GetCellValue(sheet, fmt.Sprintf("D%d", nationalHead+n+1), excelize.Options{RawCellValue: true}); v != fmt.Sprint(sum) {
		t.Errorf("national elements before %q, want %d", v, sum)
	}
	if panes, _ := f.GetPanes(sheet); !panes.Freeze || panes.YSplit != nationalHead {
		t.Errorf("panes %+v", panes)
	}
	x := sheetXML(t, f, path, sheet)
	if !strings.Contains(x, fmt.Sprintf(`<autoFilter ref="$A$%d:`, nationalHead)) || !strings.Contains(x, `fitToPage="true"`) {
		t.Error("no auto-filter, or not fitted to the page width")
	}
	// The provinces' chart names them.
	if c := zipPart(t, path, "xl/charts/chart1.xml"); !strings.Contains(c, fmt.Sprintf("$B$%d:$B$%d", nationalHead+1, nationalHead+n)) {
		t.Errorf("the provinces' chart does not take its categories from the names:\n%.600s", c)
	}
	// Progress: a column per week, the national series and each province's,
	// blank before a province's first plan, and three line charts.
	prog, _ := f.GetRows(progress)
	if len(prog) < 10 || !strings.HasPrefix(prog[3][2], "2026-W21") || prog[4][1] != "Chặn chưa xử lý" || prog[4][2] != "" || prog[4][4] != "4" {
		t.Errorf("progress rows %q", prog)
	}
	for i := 2; i <= 4; i++ {
		if c := zipPart(t, path, fmt.Sprintf("xl/charts/chart%d.xml", i)); !strings.Contains(c, "lineChart>") {
			t.Errorf("chart %d is not a line chart", i)
		}
	}
	if vis, _ := f.GetSheetVisible(SheetIdentity); vis {
		t.Error("identity sheet visible")
	}
	// Without history yet, the sheet says so.
	path, err = WriteNational(context.Background(), t.TempDir(), p, m, testMeta(p, "en"), nil)
	if err != nil {
		t.Fatal(err)
	}
	f = openBook(t, path)
	if v, _ := f.GetCellValue(shProgress.en, "A4"); !strings.Contains(v, "No weekly figures yet") {
		t.Errorf("progress without history: %q", v)
	}
}

func TestWriteProvinceDeterministic(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	d1, d2 := t.TempDir(), t.TempDir()
	a, err := WriteProvince(context.Background(), d1, p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := WriteProvince(context.Background(), d2, p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	x, _ := os.ReadFile(a)
	y, _ := os.ReadFile(b)
	if !bytes.Equal(x, y) {
		t.Error("the same plan gave two different workbooks")
	}
	entries, _ := os.ReadDir(d1)
	if len(entries) != 1 {
		t.Errorf("%d files in the output folder, want only the workbook (no temp file left)", len(entries))
	}
}

// TestWriteConcurrently writes workbooks from several goroutines at once,
// as batch does (run with -race to check that nothing is shared).
func TestWriteConcurrently(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	paths := make([]string, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lang := []string{"vi", "en"}[i%2]
			path, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", testMeta(p, lang))
			paths[i] = path
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	a, _ := os.ReadFile(paths[0])
	b, _ := os.ReadFile(paths[2])
	if !bytes.Equal(a, b) {
		t.Error("concurrent writes of the same workbook differ")
	}
}

// A relation whose two ends merge into one element ends with the merge:
// the Integrations sheet says so and does not call it re-pointed. The
// Flags sheet lists the blockers first.
func TestIntegrationsSheetShowsRelationsThatEnd(t *testing.T) {
	m := builtin(t)
	el := func(key, name string) inventory.Element {
		unit, id, _ := inventory.SplitKey(key)
		return inventory.Element{Unit: unit, ID: id, Kind: inventory.Application, Name: name, FunctionCode: "KTTTHC",
			Owner: "Văn phòng UBND tỉnh", Status: "active", RecordType: "original", Hosting: "provincial_dc", SecurityLevel: 3}
	}
	in := migrate.Input{Mapping: m, AsOf: "2026-06-01", Elements: []inventory.Element{
		el("08/KT", "Một cửa điện tử tỉnh Tuyên Quang"), el("02/KT", "Một cửa điện tử tỉnh Hà Giang"), el("08/HT", "Quản lý hộ tịch")}}
	in.Elements[2].FunctionCode = "HO_TICH"
	in.Relations = []inventory.Relation{
		{Owner: "02", From: "02/KT", To: "08/KT", Kind: "integrates", Via: "lgsp", FromOK: true, ToOK: true},
		{Owner: "08", From: "08/HT", To: "02/KT", Kind: "integrates", Via: "lgsp", FromOK: true, ToOK: true},
	}
	p := build(t, in)
	for _, meta := range []Meta{testMeta(p, "vi"), testMeta(p, "en")} {
		t.Run(meta.Lang, func(t *testing.T) {
			f := openBook(t, writeOne(t, p, m, "08", meta))
			rows, err := f.GetRows(shIntegrations.in(meta))
			if err != nil {
				t.Fatal(err)
			}
			head := rows[0]
			col := func(name string) int {
				i := slices.Index(head, name)
				if i < 0 {
					t.Fatalf("no column %q in %v", name, head)
				}
				return i
			}
			ends := col(integrationCols[len(integrationCols)-1].header(meta))
			moved := col(integrationCols[8].header(meta))
			yes, no := yesNo(true, meta), yesNo(false, meta)
			got := map[string][2]string{}
			cell := func(r []string, i int) string { // trailing blank cells are not read
				if i < len(r) {
					return r[i]
				}
				return ""
			}
			for _, r := range rows[1:] {
				got[r[0]+"→"+r[2]] = [2]string{cell(r, moved), cell(r, ends)}
			}
			if g := got["02/KT→08/KT"]; g != [2]string{no, yes} {
				t.Errorf("02/KT → 08/KT (both one element now): re-pointed %q, ends %q", g[0], g[1])
			}
			if g := got["08/HT→02/KT"]; g != [2]string{yes, no} {
				t.Errorf("08/HT → 02/KT (re-pointed to 08/KT): re-pointed %q, ends %q", g[0], g[1])
			}
			flags, err := f.GetRows(shFlags.in(meta))
			if err != nil {
				t.Fatal(err)
			}
			rank := map[string]int{}
			for i, s := range migrate.Severities {
				rank[severityLabel(s, meta)] = i
			}
			for i := 2; i < len(flags); i++ {
				if rank[flags[i-1][2]] > rank[flags[i][2]] {
					t.Errorf("flag row %d (%s) after a %s", i+1, flags[i][2], flags[i-1][2])
				}
			}
		})
	}
}

// writeOne writes one province's workbook into a temporary folder.
func writeOne(t *testing.T, p *migrate.Plan, m *mapping.Mapping, province string, meta Meta) string {
	t.Helper()
	path, err := WriteProvince(context.Background(), t.TempDir(), p, m, province, meta)
	if err != nil {
		t.Fatal(err)
	}
	return path
}
