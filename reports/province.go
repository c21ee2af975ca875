package reports

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ndta-vn/archmerge/internal/nfc"
	"github.com/ndta-vn/archmerge/internal/outfile"
	"github.com/ndta-vn/archmerge/internal/sheetxml"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// IdentityFormat names the layout of the identity sheet; apply refuses
// workbooks of another format.
const IdentityFormat = "archmerge-reconciliation/1"

// ProvinceFileName returns the workbook name of a new province:
// "<code>-<ascii-name>.xlsx", the name without its unit-type word, e.g.
// ProvinceFileName("08", "Tỉnh Tuyên Quang") is "08-tuyen-quang.xlsx".
func ProvinceFileName(code, name string) string {
	slug := mapping.Slug(name)
	if slug == "" {
		return code + ".xlsx"
	}
	return code + "-" + slug + ".xlsx"
}

// NationalFileName is the name of the national summary workbook.
const NationalFileName = "national-summary.xlsx"

// Columns of the Hệ thống sheet that apply reads back, in both languages.
var (
	colKey       = column{"Khoá phần tử", "Element key", 16, kText}
	colDecision  = column{"Quyết định", "Decision", 18, kDecision}
	colMergeInto = column{"Hợp nhất vào", "Merge into", 24, kDecision}
	colNewUnit   = column{"Đơn vị mới", "New unit", 18, kDecision}
	colNewOwner  = column{"Chủ quản mới", "New owner", 22, kDecision}
	colNote      = column{"Ghi chú", "Note", 28, kDecision}
	colPrefilled = column{"Đã điền sẵn", "Prefilled", 10, kHidden}
)

// systemCols are the columns of the Hệ thống sheet: where the element
// stands in the restructuring, the fields of inventory.ElementColumns the
// sheet shows (its cluster after the function code), the engine's
// findings, then the decision columns. systemFields are those fields, in
// order. Text wraps, so the widths are for reading: long texts (names,
// reasons) wrap in a few lines rather than spread the sheet wide.
var systemCols, systemFields = sheetLayout(inventory.SystemsSheet,
	[]column{
		colKey,
		{"Đơn vị cũ", "Old unit", 8, kText},
		{"Tên đơn vị cũ", "Old unit name", 18, kText},
		{"Cấp cũ", "Old level", 7, kText},
		{"Đơn vị mới theo phương án", "Planned new unit", 10, kText},
	},
	map[string][]column{clusterAfter: {{"Cụm trùng lặp", "Cluster", 12, kText}, {"Giữ lại trong cụm", "Cluster survivor", 16, kText}}},
	column{"Cảnh báo chưa xử lý", "Open flags", 30, kText},
	column{"Đề xuất", "Recommendation", 26, kText},
	column{"Lý do", "Reasons", 44, kText},
	colDecision, colMergeInto, colNewUnit, colNewOwner, colNote, colPrefilled)

// clusterAfter is the field the Hệ thống sheet shows an element's cluster
// after: duplicates mostly share their function.
const clusterAfter = "function_code"

// sheetLayout returns the columns of a sheet that shows element fields:
// before, then the fields of inventory.ElementColumns the sheet shows, in
// table order, each followed by the columns insert holds under its key,
// then after; and those fields.
func sheetLayout(sheet inventory.WorkbookSheet, before []column, insert map[string][]column, after ...column) ([]column, []*inventory.Column) {
	cols := append([]column(nil), before...)
	var fields []*inventory.Column
	for i := range inventory.ElementColumns {
		if c := &inventory.ElementColumns[i]; c.Sheet == sheet {
			fields = append(fields, c)
			cols = append(append(cols, fieldColumn(c)), insert[c.Key]...)
		}
	}
	return append(cols, after...), fields
}

// fieldColumn is the workbook column of an element field.
func fieldColumn(c *inventory.Column) column {
	kind := kText
	if c.Number() {
		kind = kInt
	}
	return column{c.Heading(false), c.Heading(true), c.SheetWidth, kind}
}

// fieldValue is an element field as a workbook cell: a word of a
// vocabulary by its label in the workbook's language, other text as it is,
// a number (nil for 0), yes/no as the workbook's "Có"/"Yes" or blank.
func fieldValue(c *inventory.Column, e *inventory.Element, meta Meta) value {
	switch p := c.Field(e).(type) {
	case *string:
		if c.Type == inventory.Word && !c.Vocab.Open {
			return text(inventory.VocabLabel(*p, meta.Lang))
		}
		return text(*p)
	case *int:
		return nonZero(int64(*p))
	case *int64:
		return nonZero(*p)
	case *bool:
		return text(yesNo(*p, meta))
	}
	return value{}
}

// shownElement is the element whose fields a sheet shows for a planned
// element: the element as imported, or, for a plan read without its
// inventory, what the plan holds of it.
func shownElement(e *migrate.PlannedElement) *inventory.Element {
	if e.Element != nil {
		return e.Element
	}
	return &inventory.Element{Kind: inventory.Kind(e.Kind), Name: e.Name, FunctionCode: e.FunctionCode}
}

// provinceData is everything one province's workbook shows, gathered from
// the plan without changing it.
type provinceData struct {
	p        *migrate.Plan
	m        *mapping.Mapping
	meta     Meta
	sum      migrate.ProvinceSummary
	elems    []*migrate.PlannedElement
	inProv   map[string]bool
	clusters map[string]*migrate.Cluster
	flags    []*migrate.Flag
	rels     []*migrate.PlannedRelation
	datasets []*migrate.PlannedElement
	dataFlag map[string][]string
	openFlag map[string][]string // open flag codes by element key
	scope    map[string]int      // scopeCount's memory
	// lists are the per-row drop-downs; mergeList and unitList give the
	// list of each element's "Hợp nhất vào" and "Đơn vị mới" (by index in
	// elems, -1 for none). Only a workbook has them (WriteWorkbook).
	lists               *dropLists
	mergeList, unitList []int
	clusterList         []*migrate.Cluster // the province's clusters, in the plan's order
}

func gather(p *migrate.Plan, m *mapping.Mapping, province string, meta Meta) (*provinceData, error) {
	v := p.Only([]string{province})
	if len(v.Provinces) == 0 {
		return nil, fmt.Errorf("province %s is not in plan %s", province, p.ID)
	}
	d := &provinceData{p: p, m: m, meta: meta, sum: v.Provinces[0], inProv: map[string]bool{}, clusters: map[string]*migrate.Cluster{},
		dataFlag: map[string][]string{}, openFlag: map[string][]string{}, scope: map[string]int{}}
	for i := range v.Elements {
		e := &v.Elements[i]
		d.elems = append(d.elems, e)
		d.inProv[e.Key] = true
	}
	for i := range v.Clusters {
		d.clusters[v.Clusters[i].ID] = &v.Clusters[i]
		d.clusterList = append(d.clusterList, &v.Clusters[i])
	}
	for i := range v.Flags {
		d.flags = append(d.flags, &v.Flags[i])
	}
	// Most urgent first, in the engine's order within a severity.
	slices.SortStableFunc(d.flags, func(a, b *migrate.Flag) int { return sevRank(a.Severity) - sevRank(b.Severity) })
	for _, f := range d.flags {
		if !f.Resolved {
			for _, k := range f.Elements {
				if !contains(d.openFlag[k], f.Code) {
					d.openFlag[k] = append(d.openFlag[k], f.Code)
				}
			}
		}
		if r, _ := migrate.Rule(f.Code); r.Rekey {
			for _, k := range f.Elements {
				if !contains(d.dataFlag[k], f.Code) {
					d.dataFlag[k] = append(d.dataFlag[k], f.Code)
				}
			}
		}
	}
	for _, e := range d.elems {
		if len(d.dataFlag[e.Key]) > 0 {
			d.datasets = append(d.datasets, e)
		}
	}
	for i := range v.Relations {
		d.rels = append(d.rels, &v.Relations[i])
	}
	return d, nil
}

// dropDowns gathers each element's lists: the elements it may merge into
// and the new units it may be given, each with its name. The elements of
// a group (one new unit and kind) share one list, and a unit's elements
// one list of candidates, so each list and each value is made once: a
// province unit may hold hundreds of elements of one kind.
func (d *provinceData) dropDowns(targets *mergeTargets) {
	d.lists = newDropLists()
	d.mergeList, d.unitList = make([]int, len(d.elems)), make([]int, len(d.elems))
	value := map[string]string{}
	valueOf := func(code string, name func() string) string {
		v, ok := value[code]
		if !ok {
			v = listValue(code, name())
			value[code] = v
		}
		return v
	}
	byGroup, byCands := map[string]int{}, map[string]int{}
	var vals []string
	for i, e := range d.elems {
		keys, shared := targets.list(e)
		if li, ok := byGroup[groupKey(e)]; ok && shared {
			d.mergeList[i] = li
		} else {
			vals = vals[:0]
			for _, k := range keys {
				vals = append(vals, valueOf(k, func() string { return targets.byKey[k].Name }))
			}
			d.mergeList[i] = d.lists.add(vals)
			if shared {
				byGroup[groupKey(e)] = d.mergeList[i]
			}
		}
		ck := strings.Join(e.Candidates, ",")
		if li, ok := byCands[ck]; ok {
			d.unitList[i] = li
			continue
		}
		vals = vals[:0]
		for _, c := range e.Candidates {
			vals = append(vals, valueOf(c, func() string { return d.unitName(c) }))
		}
		d.unitList[i] = d.lists.add(vals)
		byCands[ck] = d.unitList[i]
	}
}

// sevRank orders severities, most urgent first.
func sevRank(s migrate.Severity) int {
	for i, x := range migrate.Severities {
		if x == s {
			return i
		}
	}
	return len(migrate.Severities)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// element finds a planned element of the whole plan by key (the plan's
// elements are sorted by key).
func (d *provinceData) element(key string) *migrate.PlannedElement {
	es := d.p.Elements
	i := sort.Search(len(es), func(i int) bool { return es[i].Key >= key })
	if i < len(es) && es[i].Key == key {
		return &es[i]
	}
	return nil
}

func (d *provinceData) oldName(code string) string {
	if u, ok := d.m.OldUnit(code); ok {
		return u.Name
	}
	return ""
}

// WriteProvince writes the reconciliation workbook of one new province of
// plan p into dir and returns its path. It is safe to call for several
// provinces at once.
func WriteProvince(ctx context.Context, dir string, p *migrate.Plan, m *mapping.Mapping, province string, meta Meta) (string, error) {
	g, err := Gather(p, m, province, meta)
	if err != nil {
		return "", err
	}
	return g.WriteWorkbook(ctx, dir)
}

// Gathered is one new province's rows gathered from a plan, once, for its
// workbook and its dashboard page: a batch writes both, and gathering
// them was a tenth of writing a province.
type Gathered struct{ d *provinceData }

// Gather gathers the rows of new province province of plan p, in meta's
// language (Vietnamese when it names none).
func Gather(p *migrate.Plan, m *mapping.Mapping, province string, meta Meta) (*Gathered, error) {
	if meta.Lang == "" {
		meta.Lang = "vi"
	}
	d, err := gather(p, m, province, meta)
	if err != nil {
		return nil, err
	}
	return &Gathered{d}, nil
}

// WriteWorkbook writes the province's reconciliation workbook into dir
// and returns its path (WriteProvince).
func (g *Gathered) WriteWorkbook(ctx context.Context, dir string) (string, error) {
	d, meta, p, province := g.d, g.d.meta, g.d.p, g.d.sum.Code
	if d.lists == nil {
		// Only the workbook has drop-downs: its dashboard page and
		// apply's check of a workbook do without them.
		d.dropDowns(newMergeTargets(d.elems, d.clusterList))
	}
	path := filepath.Join(dir, ProvinceFileName(province, d.sum.Name))
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return "", fmt.Errorf("report %s: %w", path, err)
	}
	specs, err := d.sheetParts(f, st)
	if err != nil {
		return "", fmt.Errorf("report %s: %w", path, err)
	}
	sheets := []string{shSummary.in(meta)}
	for _, spec := range specs {
		sheets = append(sheets, spec.sheet)
	}
	if err := createSheets(f, append(sheets, SheetIdentity, SheetLists)); err != nil {
		return "", fmt.Errorf("report %s: %w", path, err)
	}
	steps := []func() error{
		func() error { return writeIdentity(f, meta, p, province) },
		func() error { return writeLists(f, meta, d.lists) },
		func() error { return d.writeSummary(f, st) },
		func() error { return writeSummaryCells(f, shSummary.in(meta)) },
	}
	rows := outfile.SheetRows{}
	for _, spec := range specs {
		steps = append(steps, func() error {
			part, err := sheetPart(f, spec.sheet)
			if err != nil {
				return err
			}
			rows[part], err = layoutSheet(ctx, f, st, meta, spec)
			return err
		})
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		if err := step(); err != nil {
			return "", fmt.Errorf("report %s: %w", path, err)
		}
	}
	if err := outfile.WorkbookRows(f, path, rows); err != nil {
		return "", err
	}
	return path, nil
}

// specs returns the streamed sheets of the workbook, in the order of
// dataSheets, each with its hidden column of what it wrote.
func (d *provinceData) specs(f *excelize.File, st *styles) []streamSpec {
	specs := []streamSpec{d.specUnits(f, st), d.specSystems(f, st), d.specFlags(f, st), d.specIntegrations(f, st), d.specData(f, st)}
	for i := range specs {
		specs[i].written, specs[i].perCell = true, dataSheets[i].perCell
	}
	return specs
}

// sheetParts returns the streamed sheets of the workbook as written: a
// list longer than a sheet's rows (a province's flags, integrations…)
// continues on further sheets. The Hệ thống sheet, whose decisions apply
// reads, is never split: a province with more elements than a sheet's rows
// gets an error saying so.
func (d *provinceData) sheetParts(f *excelize.File, st *styles) ([]streamSpec, error) {
	var out []streamSpec
	for k, spec := range d.specs(f, st) {
		if k == systemsSheet && spec.rows > sheetRows {
			return nil, fmt.Errorf("%s", d.meta.text(
				fmt.Sprintf("tỉnh có %d phần tử, quá số dòng một trang Excel chứa được (%d) nên không ghi được trang %s; phương án của tỉnh vẫn xuất được bằng archmerge export", spec.rows, sheetRows, spec.sheet),
				fmt.Sprintf("the province has %d elements, more than an Excel sheet's %d rows, so its %s sheet cannot be written; the province's plan can still be exported with archmerge export", spec.rows, sheetRows, spec.sheet)))
		}
		out = append(out, spec.parts()...)
	}
	return out, nil
}

// createSheets names the first sheet and adds the others, then hides the
// identity and lists sheets. It runs before any sheet is streamed: hiding a
// sheet reads every worksheet, which would pull streamed ones back.
func createSheets(f *excelize.File, names []string) error {
	if err := f.SetSheetName("Sheet1", names[0]); err != nil {
		return err
	}
	for _, n := range names[1:] {
		if _, err := f.NewSheet(n); err != nil {
			return err
		}
	}
	for _, n := range []string{SheetIdentity, SheetLists} {
		if err := f.SetSheetVisible(n, false); err != nil {
			return err
		}
	}
	return nil
}

// identityRows are the rows of the hidden identity sheet, which apply reads.
func identityRows(meta Meta, p *migrate.Plan, province string) [][2]string {
	rows := [][2]string{
		{"format", IdentityFormat},
		{"workspace_id", meta.WorkspaceID},
		{"plan_id", p.ID},
		{"plan_as_of", p.AsOf},
		{"tool_version", meta.ToolVersion},
		{"province", province},
		{"lang", meta.Lang},
	}
	// The fingerprint of the province's inputs: a workbook whose plan id
	// is older but whose province is unchanged is current (batch skips
	// such workbooks instead of writing them again).
	for _, ps := range p.Provinces {
		if ps.Code == province {
			rows = append(rows, [2]string{"province_fingerprint", ps.Fingerprint})
		}
	}
	return rows
}

func writeIdentity(f *excelize.File, meta Meta, p *migrate.Plan, province string) error {
	for i, kv := range identityRows(meta, p, province) {
		if err := f.SetCellStr(SheetIdentity, "A"+strconv.Itoa(i+1), kv[0]); err != nil {
			return err
		}
		if err := f.SetCellStr(SheetIdentity, "B"+strconv.Itoa(i+1), kv[1]); err != nil {
			return err
		}
	}
	return f.ProtectSheet(SheetIdentity, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true})
}

// prefilled fingerprints the decision a row was written with, as its cells
// will read back (see asRead), so that apply records only rows a person
// changed. A fingerprint, not the values: a long note would not fit in the
// hidden cell twice. Workbooks of earlier versions hold the values as a
// JSON array; apply reads both.
func prefilled(d *migrate.Decision) string {
	if d == nil {
		return ""
	}
	return rowPrint(d.Treatment, asRead(d.MergeInto), asRead(d.NewUnit), asRead(d.NewOwner), asRead(d.Note))
}

// rowPrint is the fingerprint of a row's decision columns.
func rowPrint(t migrate.Treatment, into, unit, owner, note string) string {
	b, _ := json.Marshal([]string{string(t), into, unit, owner, note})
	sum := sha256.Sum256(b)
	return prefilledPrefix + hex.EncodeToString(sum[:16])
}

const prefilledPrefix = "sha256:"

// asRead returns what a text cell written with s gives back to
// ReadDecisions: control characters as spaces (safeText), cut at a cell's
// 32,767 UTF-16 units as excelize cuts it, trimmed, in NFC.
func asRead(s string) string {
	return strings.TrimSpace(nfc.String(sheetxml.Truncate(safeText(s), sheetxml.CellChars)))
}

func (d *provinceData) specSystems(f *excelize.File, st *styles) streamSpec {
	meta := d.meta
	sheet := shSystems.in(meta)
	decCol := colIndex(systemCols, colDecision) + 1
	return streamSpec{
		// 31 visible columns are unreadable on the width of one page: two,
		// the key repeated on each.
		sheet: sheet, cols: systemCols, rows: len(d.elems), protect: true, pagesWide: 2,
		fill: func(i int, row []value) {
			e := d.elems[i]
			el := shownElement(e)
			survivor := ""
			if c := d.clusters[e.Cluster]; c != nil {
				survivor = c.Survivor
			}
			// Appended in place: row has a cell per column.
			vals := append(row[:0], text(e.Key), text(e.OldUnit), text(d.oldName(e.OldUnit)), text(levelLabel(e.OldLevel, meta)), text(e.NewUnit))
			for _, c := range systemFields {
				vals = append(vals, fieldValue(c, el, meta))
				if c.Key == clusterAfter {
					vals = append(vals, text(e.Cluster), text(survivor))
				}
			}
			vals = append(vals, text(joinComma(d.openFlag[e.Key])), text(e.Recommendation.In(meta.Lang)), text(lang.Join(e.Reasons, meta.Lang, "; ")))
			if dec := e.Decision; dec != nil {
				vals = append(vals, text(TreatmentLabel(dec.Treatment, meta.Lang)), text(dec.MergeInto), text(dec.NewUnit), text(dec.NewOwner), text(dec.Note), text(prefilled(dec)))
			} else {
				vals = append(vals, value{}, value{}, value{}, value{}, value{}, value{})
			}
			copy(row, vals) // a no-op unless vals outgrew row
		},
		after: func(sheet string, last int) error {
			col := colLetter(decCol)
			dv := excelize.NewDataValidation(true)
			dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, last)
			dv.SetSqrefDropList(fmt.Sprintf("%s!$A$1:$A$%d", SheetLists, len(migrate.Treatments)))
			dv.SetInput(meta.text("Quyết định", "Decision"),
				meta.text("Chọn một trong sáu phương án xử lý; với Hợp nhất, chọn phần tử ở cột Hợp nhất vào.",
					"Choose one of the six treatments; for Merge, choose the element in Merge into."))
			dv.SetError(excelize.DataValidationErrorStyleWarning, meta.text("Giá trị lạ", "Unknown value"),
				meta.text("Nên chọn trong danh sách. archmerge apply cũng nhận tên tiếng Anh (continue, connect, upgrade, merge, retire, add).",
					"Choose from the list. archmerge apply also accepts the Vietnamese names."))
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return err
			}
			if err := addListValidations(f, sheet, d.mergeList, d.lists, listValidation{col: colLetter(colIndex(systemCols, colMergeInto) + 1),
				title: meta.text("Hợp nhất vào", "Merge into"),
				prompt: meta.text("Với Hợp nhất: chọn phần tử được giữ lại, cùng loại và cùng đơn vị mới (hoặc cùng cụm trùng lặp). Có thể ghi riêng khoá phần tử.",
					"For Merge: choose the element that stays, of the same kind and new unit (or the same duplicate cluster). The key alone may be typed."),
				errTitle: meta.text("Phần tử ngoài danh sách", "Element not in the list"),
				err: meta.text("archmerge apply chỉ nhận phần tử trong danh sách (khoá phần tử, có hoặc không kèm tên).",
					"archmerge apply accepts only an element of the list (its key, with or without the name).")}); err != nil {
				return err
			}
			return addListValidations(f, sheet, d.unitList, d.lists, listValidation{col: colLetter(colIndex(systemCols, colNewUnit) + 1),
				title: meta.text("Đơn vị mới", "New unit"),
				prompt: meta.text("Đơn vị mới tiếp nhận phần tử: chọn trong các đơn vị kế thừa của đơn vị cũ. Có thể ghi riêng mã đơn vị.",
					"The new unit that takes the element over: choose among the old unit's successors. The code alone may be typed."),
				errTitle: meta.text("Đơn vị ngoài danh sách", "Unit not in the list"),
				err: meta.text("archmerge apply chỉ nhận đơn vị trong danh sách (mã đơn vị, có hoặc không kèm tên).",
					"archmerge apply accepts only a unit of the list (its code, with or without the name).")})
		},
	}
}

// nonZero is a number cell, empty for zero.
func nonZero(n int64) value {
	if n == 0 {
		return value{}
	}
	return number(n)
}

func colIndex(cols []column, c column) int {
	for i, x := range cols {
		if x.vi == c.vi {
			return i
		}
	}
	return -1
}

var unitCols = []column{
	{"Mã đơn vị cũ", "Old code", 10, kText},
	{"Tên đơn vị cũ", "Old name", 28, kText},
	{"Cấp", "Level", 9, kText},
	{"Mã đơn vị mới", "New code", 10, kText},
	{"Tên đơn vị mới", "New name", 28, kText},
	{"Hình thức", "Relation", 11, kText},
	{"Chuyển giao", "Transfer", 10, kText},
	{"Nghị quyết", "Resolution", 22, kText},
	{"Khoản", "Clause", 10, kText},
	{"Số phần tử kê khai", "Elements declared", 10, kInt},
	{"Chưa kê khai", "Declared nothing", 10, kText},
}

type unitRow struct {
	old     mapping.Unit
	newCode string
	link    *mapping.Link
}

func levelRank(l mapping.Level) int {
	switch l {
	case mapping.Province:
		return 0
	case mapping.District:
		return 1
	}
	return 2
}

func (d *provinceData) unitRows() []unitRow {
	province := d.sum.Code
	var rows []unitRow
	for i := range d.m.Links {
		l := &d.m.Links[i]
		if d.m.NewProvince(l.New) != province {
			continue
		}
		u, ok := d.m.OldUnit(l.Old)
		if !ok {
			continue
		}
		rows = append(rows, unitRow{old: u, newCode: l.New, link: l})
	}
	for _, u := range d.m.OldUnits {
		if u.Level != mapping.District {
			continue
		}
		if fate, ok := d.m.District(u.Code); ok && fate.NewProvince == province && len(d.m.Successors(u.Code)) == 0 {
			rows = append(rows, unitRow{old: u, newCode: province})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if ra, rb := levelRank(a.old.Level), levelRank(b.old.Level); ra != rb {
			return ra < rb
		}
		if a.old.Code != b.old.Code {
			return a.old.Code < b.old.Code
		}
		return a.newCode < b.newCode
	})
	return rows
}

func (d *provinceData) specUnits(f *excelize.File, st *styles) streamSpec {
	meta := d.meta
	rows := d.unitRows()
	declared := map[string]int{}
	for _, e := range d.elems {
		declared[e.OldUnit]++
	}
	missing := map[string]bool{}
	for _, c := range d.sum.MissingUnits {
		missing[c] = true
	}
	return streamSpec{
		sheet: shUnits.in(meta), cols: unitCols, rows: len(rows), protect: true,
		fill: func(i int, row []value) {
			r := rows[i]
			newName := ""
			if u, ok := d.m.NewUnit(r.newCode); ok {
				newName = u.Name
			}
			rel, tr, res, clause := meta.text("Giải thể", "Abolished"), "", "", ""
			if r.link != nil {
				rel, tr, res, clause = upperFirst(r.link.Relation.Label(meta.Lang)), upperFirst(r.link.Transfer.Label(meta.Lang)), r.link.Resolution, r.link.Clause
			}
			copy(row, []value{text(r.old.Code), text(r.old.Name), text(levelLabel(string(r.old.Level), meta)), text(r.newCode), text(newName),
				text(rel), text(tr), text(res), text(clause), number(int64(declared[r.old.Code])), text(yesNo(missing[r.old.Code], meta))})
		},
	}
}

var flagCols = []column{
	{"Mã cảnh báo", "Flag id", 22, kText},
	{"Loại", "Code", 26, kText},
	{"Tên cảnh báo", "Flag", 24, kText},
	{"Mức độ", "Severity", 11, kText},
	{"Đơn vị mới", "New unit", 8, kText},
	{"Phần tử", "Elements", 20, kText},
	{"Nội dung", "Message", 44, kText},
	{"Hành động đề xuất", "Recommended action", 32, kText},
	{"Căn cứ pháp lý", "Legal basis", 22, kText},
	{"Lựa chọn", "Candidates", 14, kText},
	{"Đơn vị cũ liên quan", "Units", 12, kText},
	{"Tình trạng", "Status", 11, kText},
	{"Xử lý bởi quyết định về", "Resolved by", 16, kText},
}

// flagSeverityCol is the letter of the flag sheet's severity column.
var flagSeverityCol = colLetter(4)

func (d *provinceData) specFlags(f *excelize.File, st *styles) streamSpec {
	meta := d.meta
	sheet := shFlags.in(meta)
	return streamSpec{
		sheet: sheet, cols: flagCols, rows: len(d.flags), protect: true,
		fill: func(i int, row []value) {
			fl := d.flags[i]
			status := meta.text("Chưa xử lý", "Open")
			if fl.Resolved {
				status = meta.text("Đã xử lý", "Resolved")
			}
			r, _ := migrate.Rule(fl.Code)
			copy(row, []value{text(fl.ID), text(fl.Code), text(r.Title.In(meta.Lang)), text(severityLabel(fl.Severity, meta)), text(fl.NewUnit),
				text(joinComma(fl.Elements)), text(fl.Message.In(meta.Lang)), text(fl.Action.In(meta.Lang)), text(fl.LegalBasis),
				text(joinComma(fl.Candidates)), text(joinComma(fl.Units)), text(status), text(joinComma(fl.ResolvedBy))})
		},
		after: func(sheet string, last int) error {
			return severityFormats(f, sheet, fmt.Sprintf("%s2:%s%d", flagSeverityCol, flagSeverityCol, last), st, meta)
		},
	}
}

// severityFormats colours a range of severity labels with conditional
// formats, one colour per severity.
func severityFormats(f *excelize.File, sheet, rng string, st *styles, meta Meta) error {
	var opts []excelize.ConditionalFormatOptions
	for _, sev := range migrate.Severities {
		style := st.sevCond[sev]
		opts = append(opts, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Format: &style,
			Value: `"` + severityLabel(sev, meta) + `"`})
	}
	return f.SetConditionalFormat(sheet, rng, opts)
}

var integrationCols = []column{
	{"Từ", "From", 16, kText},
	{"Tên nguồn", "From name", 30, kText},
	{"Đến", "To", 16, kText},
	{"Tên đích", "To name", 30, kText},
	{"Loại quan hệ", "Kind", 11, kText},
	{"Qua", "Via", 8, kText},
	{"Từ (sau hợp nhất)", "From (after)", 16, kText},
	{"Đến (sau hợp nhất)", "To (after)", 16, kText},
	{"Đổi điểm kết nối", "Re-pointed", 10, kText},
	{"Thành nội bộ", "Now internal", 10, kText},
	{"Đích không có trong kê khai", "Dangling", 12, kText},
	{"Kết thúc do hai đầu hợp nhất thành một", "Ends: both ends merge into one", 14, kText},
}

func (d *provinceData) specIntegrations(f *excelize.File, st *styles) streamSpec {
	meta := d.meta
	name := func(k string) string {
		if e := d.element(k); e != nil {
			return e.Name
		}
		return ""
	}
	return streamSpec{
		sheet: shIntegrations.in(meta), cols: integrationCols, rows: len(d.rels), protect: true,
		fill: func(i int, row []value) {
			r := d.rels[i]
			// A relation whose ends merge into one element is not
			// re-pointed: it ends (and raises no flag).
			copy(row, []value{text(r.From), text(name(r.From)), text(r.To), text(name(r.To)), text(r.Kind), text(r.Via), text(r.NewFrom), text(r.NewTo),
				text(yesNo(!r.Collapsed && (r.NewFrom != r.From || r.NewTo != r.To), meta)), text(yesNo(r.Internal, meta)), text(yesNo(r.Dangling, meta)),
				text(yesNo(r.Collapsed, meta))})
		},
	}
}

// dataCols are the columns of the Dữ liệu sheet: the dataset, its data
// flags, the fields of inventory.ElementColumns the sheet shows
// (dataFields), and what its unit codes become.
var dataCols, dataFields = sheetLayout(inventory.DataSheet,
	[]column{
		{"Khoá phần tử", "Element key", 16, kText},
		{"Tên", "Name", 34, kText},
		{"Đơn vị cũ", "Old unit", 9, kText},
		{"Đơn vị mới", "New unit", 9, kText},
		{"Cảnh báo", "Flags", 26, kText},
	}, nil,
	column{"Mã cũ → mã mới", "Old code → new", 30, kText},
	column{"Số mã cũ trong phạm vi", "Old codes in scope", 10, kInt})

// scopeCount counts the old units a dataset of this unit may hold codes of:
// the unit and every unit under it. Counts are remembered: a province has
// hundreds of datasets of the same few units.
func (d *provinceData) scopeCount(code string) int {
	if n, ok := d.scope[code]; ok {
		return n
	}
	n := 1
	for _, c := range d.m.Children(mapping.Ref{Vintage: mapping.Old, Code: code}) {
		n += d.scopeCount(c)
	}
	d.scope[code] = n
	return n
}

func (d *provinceData) codeChange(e *migrate.PlannedElement) string {
	var news []string
	for _, l := range d.m.Successors(e.OldUnit) {
		news = append(news, l.New)
	}
	if len(news) == 0 {
		if fate, ok := d.m.District(e.OldUnit); ok {
			return e.OldUnit + " → " + d.meta.text("giải thể; ", "abolished; ") + joinComma(fate.NewCommunes)
		}
		return e.OldUnit + " → " + e.NewUnit
	}
	s := e.OldUnit + " → " + joinComma(news)
	if len(news) > 1 {
		s += d.meta.text(" (chia tách)", " (split)")
	}
	return s
}

func (d *provinceData) specData(f *excelize.File, st *styles) streamSpec {
	meta := d.meta
	return streamSpec{
		sheet: shData.in(meta), cols: dataCols, rows: len(d.datasets), protect: true,
		fill: func(i int, row []value) {
			e := d.datasets[i]
			el := shownElement(e)
			// Appended in place: row has a cell per column.
			vals := append(row[:0], text(e.Key), text(e.Name), text(e.OldUnit), text(e.NewUnit), text(joinComma(d.dataFlag[e.Key])))
			for _, c := range dataFields {
				vals = append(vals, fieldValue(c, el, meta))
			}
			copy(row, append(vals, text(d.codeChange(e)), number(int64(d.scopeCount(e.OldUnit))))) // a no-op unless vals outgrew row
		},
	}
}
