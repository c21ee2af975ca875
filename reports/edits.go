package reports

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/sync/errgroup"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// dataSheets are the streamed sheets of a province's workbook, in the
// order of provinceData.specs, with their columns; the Hệ thống sheet
// keeps a digest per cell.
var dataSheets = []struct {
	name    sheetName
	cols    []column
	perCell bool
}{
	{shUnits, unitCols, false},
	{shSystems, systemCols, true},
	{shFlags, flagCols, false},
	{shIntegrations, integrationCols, false},
	{shData, dataCols, false},
}

// systemsSheet is the index of the Hệ thống sheet in dataSheets.
const systemsSheet = 1

// editedRow is a row whose read-only cells differ from what the report
// wrote, or that the report did not write.
type editedRow struct {
	sheet   int    // in dataSheets
	name    string // the sheet's name in the file
	row     int
	cells   []string // the read-only cells as read, in the order of the sheet's columns
	at      []int    // each one's column in the file (0-based)
	headers []string // each one's header in the file
	written string   // the hidden cell ("" when the report wrote no such row)
}

// summaryEdit is a cell of the Tổng quan sheet that differs from what the
// report wrote.
type summaryEdit struct {
	sheet, cell string
	row         int
	value       string // as read ("" when cleared)
	written     uint32 // the digest written, when had
	had         bool   // the report wrote something there
}

// readSummaryWritten compares the cells of the Tổng quan sheet with what
// the identity sheet says the report wrote there.
func readSummaryWritten(f *book, fl *Filled, bad func(sheet string, line int, col, val, en, vi string)) error {
	sheet := findSheet(f.light, []string{shSummary.vi, shSummary.en})
	if sheet == "" || fl.Identity.SummaryCells == "" {
		return nil
	}
	stored, ok := parseSummaryDigest(fl.Identity.SummaryCells)
	if !ok {
		bad(SheetIdentity, 0, summaryCellsKey, "", "the identity sheet's record of the summary was changed: write the workbook again with archmerge report",
			"bản ghi trang tổng quan trong trang định danh đã bị sửa: hãy xuất lại sổ bằng archmerge report")
		return nil
	}
	var rows [][]string
	whole, err := eachRow(f, fl, sheet, bad, func(_ int, cells []string) bool {
		rows = append(rows, cells)
		return true
	})
	if err != nil || !whole {
		return err
	}
	cells := sheetCells(rows)
	add := func(name, v string) {
		_, row, _ := excelize.CellNameToCoordinates(name)
		d, had := stored[name]
		fl.summary = append(fl.summary, summaryEdit{sheet: sheet, cell: name, row: row, value: v, written: d, had: had})
	}
	for name, v := range cells {
		if d, had := stored[name]; !had || d != cellHash(v) {
			add(name, v)
		}
	}
	for name := range stored {
		if _, has := cells[name]; !has {
			add(name, "")
		}
	}
	sort.Slice(fl.summary, func(i, j int) bool {
		a, b := fl.summary[i], fl.summary[j]
		if a.row != b.row {
			return a.row < b.row
		}
		return len(a.cell) < len(b.cell) || len(a.cell) == len(b.cell) && a.cell < b.cell
	})
	return nil
}

// writtenSheet is a data sheet checked against what the report wrote.
type writtenSheet struct {
	k     int
	sheet string
	has   bool
	got   Filled   // the rows found edited
	probs []func() // its problems, told in the sheets' order
}

// collect returns a problem function that keeps the problems for later.
func (ws *writtenSheet) collect(bad func(sheet string, line int, col, val, en, vi string)) func(sheet string, line int, col, val, en, vi string) {
	return func(sheet string, line int, col, val, en, vi string) {
		ws.probs = append(ws.probs, func() { bad(sheet, line, col, val, en, vi) })
	}
}

// readOtherSheets reads the read-only cells of every data sheet but the
// Hệ thống sheet (which ReadDecisions checks as it reads the decisions),
// at once, one per processor: reading is nearly all of apply's time on a
// large province. A list longer than a sheet continues on "Cảnh báo
// (2)"…; a sheet deleted holds nothing a person typed.
func readOtherSheets(f *book, fl *Filled, bad func(sheet string, line int, col, val, en, vi string)) ([]*writtenSheet, error) {
	var jobs []*writtenSheet
	for k, ds := range dataSheets {
		if k == systemsSheet {
			continue
		}
		for n := 1; ; n++ {
			sheet := findSheet(f.light, []string{partName(ds.name.vi, n), partName(ds.name.en, n)})
			if sheet == "" {
				break
			}
			jobs = append(jobs, &writtenSheet{k: k, sheet: sheet, got: Filled{Path: fl.Path, Identity: fl.Identity, guard: fl.guard, sst: fl.sst}})
		}
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, j := range jobs {
		g.Go(func() error {
			var err error
			j.has, err = readSheetWritten(f, &j.got, j.k, j.sheet, j.collect(bad))
			return err
		})
	}
	return jobs, g.Wait()
}

// mergeWritten takes what the sheets gave, the Hệ thống sheet's (sys)
// among them, in the order of the sheets: the rows that differ from what
// the report wrote, and a column added, removed or renamed as a problem
// (the file's layout is the report's). A workbook whose Hệ thống sheet
// has no hidden column of digests is of an earlier version: HasWritten
// stays false and nothing is checked. Last, the Tổng quan sheet.
func mergeWritten(f *book, fl *Filled, sys *writtenSheet, others []*writtenSheet, bad func(sheet string, line int, col, val, en, vi string)) error {
	fl.HasWritten = sys != nil && sys.has
	if !fl.HasWritten {
		return nil
	}
	all := make([]*writtenSheet, 0, len(others)+1)
	for _, j := range others {
		if sys != nil && j.k > systemsSheet {
			all, sys = append(all, sys), nil
		}
		all = append(all, j)
	}
	if sys != nil {
		all = append(all, sys)
	}
	for _, j := range all {
		for _, p := range j.probs {
			p()
		}
		fl.edited = append(fl.edited, j.got.edited...)
		if !j.has {
			bad(j.sheet, 1, colWritten.vi, "", fmt.Sprintf("the hidden column %q is gone: the rows of this sheet cannot be checked; write the workbook again with archmerge report", colWritten.en),
				fmt.Sprintf("cột ẩn %q đã bị xoá: không kiểm tra được các dòng của trang này; hãy xuất lại sổ bằng archmerge report", colWritten.vi))
		}
	}
	return readSummaryWritten(f, fl, bad)
}

// readSheetWritten reads one data sheet; has says it has the hidden column.
func readSheetWritten(f *book, fl *Filled, k int, sheet string, bad func(sheet string, line int, col, val, en, vi string)) (has bool, err error) {
	c := newSheetCheck(fl, k, sheet, bad)
	if _, err := eachRow(f, fl, sheet, bad, func(line int, cells []string) bool {
		c.row(line, cells)
		return !c.done // a header without the hidden column: nothing to check the rows against
	}); err != nil {
		return false, err
	}
	// A sheet without a header row (empty, or damaged before it: its
	// problem is reported) is not said to lack the hidden column.
	return c.has || !c.seen, nil
}

// sheetCheck compares the rows of a data sheet, given one at a time from
// the header on, with what the report wrote, and keeps in fl.edited those
// that differ.
type sheetCheck struct {
	fl        *Filled
	k         int
	sheet     string
	bad       func(sheet string, line int, col, val, en, vi string)
	ro        []int    // read-only columns, by index in the sheet's columns
	at        []int    // each one's column in the file (-1: missing)
	headers   []string // each one's header in the file
	writtenAt int      // the hidden column in the file
	// seen says the header was read; has, that it has the hidden column;
	// done, that it was read without it, so no row can be checked.
	seen, has, done bool
}

func newSheetCheck(fl *Filled, k int, sheet string, bad func(sheet string, line int, col, val, en, vi string)) *sheetCheck {
	c := &sheetCheck{fl: fl, k: k, sheet: sheet, bad: bad, writtenAt: -1}
	for j, col := range dataSheets[k].cols {
		if col.readOnly() {
			c.ro = append(c.ro, j)
		}
	}
	c.at = make([]int, len(c.ro))
	c.headers = make([]string, len(c.ro))
	return c
}

// row takes row line of the sheet (1, the header, first).
func (c *sheetCheck) row(line int, cells []string) {
	ds := dataSheets[c.k]
	if c.done {
		return
	}
	if line == 1 {
		c.seen = true
		c.header(cells)
		return
	}
	vals := make([]string, len(c.ro))
	blank := true
	for r, ci := range c.ro {
		if j := c.at[r]; j >= 0 && j < len(cells) {
			vals[r] = canonCell(ds.cols[ci].kind, cells[j])
			blank = blank && vals[r] == ""
		}
	}
	written := ""
	if c.writtenAt < len(cells) {
		written = strings.TrimSpace(cells[c.writtenAt])
	}
	if written == "" && blank {
		return
	}
	if written != "" && sameAsWritten(vals, written, ds.perCell) {
		return
	}
	c.fl.edited = append(c.fl.edited, editedRow{sheet: c.k, name: c.sheet, row: line, cells: vals, at: c.at, headers: c.headers, written: written})
}

// header places the read-only columns and the hidden one, and names a
// column added or missing.
func (c *sheetCheck) header(cells []string) {
	ds := dataSheets[c.k]
	for i := range c.at {
		c.at[i] = -1
	}
	for j, h := range cells {
		fh := mapping.Fold(h)
		if fh == "" {
			continue
		}
		known := false
		for i, col := range ds.cols {
			if fh != mapping.Fold(col.vi) && fh != mapping.Fold(col.en) {
				continue
			}
			known = true
			for r, ci := range c.ro {
				if ci == i && c.at[r] < 0 {
					c.at[r], c.headers[r] = j, strings.TrimSpace(h)
				}
			}
		}
		if fh == mapping.Fold(colWritten.vi) || fh == mapping.Fold(colWritten.en) {
			known, c.writtenAt = true, j
		}
		if !known {
			c.bad(c.sheet, 1, strings.TrimSpace(h), "", "a column the report did not write: apply records only the decision columns and the correctable columns of the Systems sheet; move what it holds into the Note column, then delete the column",
				"cột không do báo cáo ghi ra: archmerge apply chỉ ghi các cột quyết định và các cột sửa được của trang Hệ thống; hãy chuyển nội dung của cột sang cột Ghi chú rồi xoá cột này")
		}
	}
	if c.writtenAt < 0 {
		c.done = true
		return
	}
	c.has = true
	for r, ci := range c.ro {
		if c.at[r] < 0 {
			col := ds.cols[ci]
			c.headers[r] = col.vi
			c.bad(c.sheet, 1, col.header(Meta{Lang: c.fl.Identity.Lang}), "", fmt.Sprintf("column %q (or %q) is missing: the columns the report wrote must stay; write the workbook again or put the column back", col.en, col.vi),
				fmt.Sprintf("thiếu cột %q (hay %q): các cột do báo cáo ghi ra phải giữ nguyên; hãy xuất lại sổ hoặc khôi phục cột", col.vi, col.en))
		}
	}
}

// sameAsWritten reports whether cells read as the hidden cell written says.
// The format is the hidden cell's own (a workbook written before ro2 is
// checked as ro1).
func sameAsWritten(cells []string, written string, perCell bool) bool {
	f, ok := formatOf(written)
	switch {
	case !ok:
		return false
	case !perCell:
		return f.rowDigest(cells) == written
	}
	return f.cellsDigest(cells) == written
}

// CellChange is a read-only cell a person changed in a workbook: where,
// what the report wrote and what it holds now, and whether apply records
// it as an amendment of the element (else it refuses the file).
type CellChange struct {
	File   string `json:"file"`
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Cell   string `json:"cell,omitempty"` // A1; empty when only the row is known
	Column string `json:"column"`         // the header as the file has it
	// Key is the element of a Hệ thống row, and Field the element's
	// column the cell shows (its key in inventory.ElementColumns).
	Key   string `json:"key,omitempty"`
	Field string `json:"field,omitempty"`
	// Old is what the report wrote (OldKnown false when the plan no
	// longer writes it and it cannot be told), New what the cell holds.
	Old      string `json:"old"`
	OldKnown bool   `json:"old_known"`
	New      string `json:"new"`
	// Amendment says the change is recorded as an amendment of the
	// element; otherwise it is refused.
	Amendment bool `json:"amendment"`
}

// Edits is what CheckEdits found in the read-only cells of workbooks.
type Edits struct {
	// Changes lists every changed read-only cell, by file, sheet and row.
	Changes []CellChange `json:"changes"`
	// Amendments are the changes to record, sorted by key and column;
	// the caller sets By and At.
	Amendments []inventory.Amendment `json:"amendments"`
	Warnings   mapping.Problems      `json:"warnings,omitempty"`
}

// systemsColumnOf maps the element columns shown on the Hệ thống sheet to
// their inventory column, by the sheet's Vietnamese header (the
// inventory column's workbook heading).
var systemsColumnOf = func() map[string]*inventory.Column {
	m := map[string]*inventory.Column{}
	for i := range inventory.ElementColumns {
		c := &inventory.ElementColumns[i]
		if c.Sheet == inventory.SystemsSheet {
			m[c.Heading(false)] = c
		}
	}
	return m
}()

// CheckEdits compares the read-only cells of workbooks with what their
// report wrote, against plan p (the plan the decisions are checked
// against) and the amendments in force. A changed cell of a column a
// person may correct (inventory.Column.Amendable) on the Hệ thống sheet
// is read with the inventory's rules for its type and becomes an
// amendment of the element, unless it holds the value in force already;
// any other change — a key, a kind, a name, a column the plan computes, a
// cell of another sheet, a row or column the report did not write — is a
// problem naming the cell, old and new value, and the whole call is
// refused. A correctable cell changed since the workbook was written (an
// import or another file's amendment since) is refused too: its author did
// not see the value in force. Workbooks of an earlier version, without
// the digests, give a warning: their read-only cells cannot be checked.
func CheckEdits(files []*Filled, p *migrate.Plan, m *mapping.Mapping, inForce []inventory.Amendment) (*Edits, mapping.Problems) {
	out := &Edits{Changes: []CellChange{}, Amendments: []inventory.Amendment{}}
	var probs mapping.Problems
	amended := make(map[[2]string]*inventory.Amendment, len(inForce))
	for i := range inForce {
		amended[[2]string{inForce[i].Key, inForce[i].Field}] = &inForce[i]
	}
	byKey := make(map[string]*migrate.PlannedElement, len(p.Elements))
	for i := range p.Elements {
		byKey[p.Elements[i].Key] = &p.Elements[i]
	}
	type decided struct {
		file string
		row  int
	}
	seen := map[[2]string]decided{} // an amendment per element and column, for contradictions
	for _, fl := range files {
		if !fl.HasWritten {
			w := mapping.Problem{Pos: mapping.Pos{File: fl.Path, Sheet: fl.Sheet}, Warning: true,
				Message: lang.T("sổ do phiên bản archmerge cũ xuất ra, không giữ dấu vân tay của các ô chỉ đọc: chỉ đọc các cột quyết định, không kiểm tra được các ô khác có bị sửa hay không (xuất lại sổ để được kiểm tra)",
					"a workbook of an earlier archmerge, without the digests of its read-only cells: only its decision columns are read, and changes to other cells cannot be checked (write it again to have them checked)")}
			out.Warnings = append(out.Warnings, w)
			continue
		}
		if len(fl.edited) == 0 && len(fl.summary) == 0 {
			continue
		}
		reg := regenerate(p, m, fl)
		for _, se := range fl.summary {
			c := CellChange{File: fl.Path, Sheet: se.sheet, Row: se.row, Cell: se.cell, Column: strings.TrimRight(se.cell, "0123456789"), New: se.value}
			if old, ok := reg.summary[se.cell]; se.had && ok && cellHash(old) == se.written {
				c.Old, c.OldKnown = old, true
			} else if !se.had {
				c.OldKnown = true // the report wrote nothing there
			}
			out.Changes = append(out.Changes, c)
			what, whatVI := changeText(c)
			probs = append(probs, mapping.Problem{Pos: mapping.Pos{File: fl.Path, Sheet: se.sheet, Line: se.row}, Column: c.Column, Value: c.New,
				Message: lang.T(whatVI+", ô "+se.cell+": trang tổng quan do phương án tính ra và archmerge apply không ghi gì từ trang này: hãy trả ô về như cũ (ghi chú thì ghi vào cột Ghi chú của trang Hệ thống)",
					what+", cell "+se.cell+": the summary is computed by the plan and apply records nothing of it: put the cell back as it was (a note goes into the Note column of the Systems sheet)")})
		}
		for _, er := range fl.edited {
			ds := dataSheets[er.sheet]
			ro := readOnlyColumns(ds.cols)
			refuse := func(c CellChange, en, vi string) {
				c.File, c.Sheet, c.Row = fl.Path, er.name, er.row
				out.Changes = append(out.Changes, c)
				what, whatVI := changeText(c)
				probs = append(probs, mapping.Problem{Pos: mapping.Pos{File: fl.Path, Sheet: er.name, Line: er.row}, Column: c.Column, Value: c.New,
					Message: lang.T(whatVI+": "+vi, what+": "+en)})
			}
			if er.written == "" {
				refuse(CellChange{Column: "", New: strings.Join(nonBlank(er.cells), " | ")},
					"a row the report did not write (added?): a new element goes into an inventory, imported again with archmerge import inventory; delete the row",
					"dòng không do báo cáo ghi ra (dòng thêm vào?): phần tử mới cần kê khai trong bản kê khai rồi nạp lại bằng archmerge import inventory; hãy xoá dòng này")
				continue
			}
			if !ds.perCell {
				old, ok := reg.rows[er.sheet][er.written]
				if !ok {
					refuse(CellChange{New: strings.Join(nonBlank(er.cells), " | ")},
						"the row was changed after the report wrote it, and the plan has changed since, so the cells cannot be told; this sheet is the plan's and apply records nothing of it: write the workbook again and enter decisions in the Systems sheet",
						"dòng đã bị sửa sau khi báo cáo ghi ra, và phương án đã thay đổi nên không xác định được ô nào; trang này do phương án tính ra và archmerge apply không ghi gì từ trang này: hãy xuất lại sổ rồi ghi quyết định ở trang Hệ thống")
					continue
				}
				for r := range er.cells {
					if er.cells[r] != old[r] {
						refuse(CellChange{Cell: cellName(er.at[r], er.row), Column: er.headers[r], Old: old[r], OldKnown: true, New: er.cells[r]},
							"this sheet is computed by the plan and apply records nothing of it (only the decision columns and the correctable columns of the Systems sheet): put the cell back as it was",
							"trang này do phương án tính ra và archmerge apply không ghi gì từ trang này (chỉ ghi các cột quyết định và các cột sửa được của trang Hệ thống): hãy trả ô về như cũ")
					}
				}
				continue
			}
			f, rowSum, digests, ok := cellDigests(er.written, len(er.cells))
			if !ok {
				refuse(CellChange{Column: colWritten.header(Meta{Lang: fl.Identity.Lang}), New: er.written},
					"the hidden column As written was changed: the row cannot be checked; write the workbook again",
					"cột ẩn Đã ghi đã bị sửa: không kiểm tra được dòng này; hãy xuất lại sổ")
				continue
			}
			// The element of the row: by its key, or, when the key cell
			// was changed, by the key the report wrote.
			key := er.cells[0]
			keyChanged := f.cell(key) != digests[0]
			if keyChanged {
				key = reg.keyOf(f, digests[0])
			}
			written := reg.system[key] // the row as the current plan writes it
			// The current plan writes the row as the workbook holds it: the
			// values written are known for certain.
			whole := written != nil && f.rowDigest(written) == rowSum
			e := byKey[key]
			told := 0
			for r := range er.cells {
				if f.cell(er.cells[r]) == digests[r] {
					continue
				}
				told++
				c := CellChange{Cell: cellName(er.at[r], er.row), Column: er.headers[r], Key: key, New: er.cells[r]}
				if whole || written != nil && f.cell(written[r]) == digests[r] {
					c.Old, c.OldKnown = written[r], true
				}
				col := ds.cols[ro[r]]
				field := systemsColumnOf[col.vi]
				if field != nil {
					c.Field = field.Key
				}
				switch {
				case r == 0:
					refuse(c, "the element key identifies the row and cannot be changed: put the key back (a new element goes into an inventory, imported again)",
						"khoá phần tử xác định dòng nên không sửa được: hãy trả lại khoá như cũ (phần tử mới cần kê khai trong bản kê khai rồi nạp lại)")
				case keyChanged:
					refuse(c, "changed on a row whose element key was changed too: put the row back as it was",
						"ô bị sửa trên dòng mà khoá phần tử cũng bị sửa: hãy trả dòng về như cũ")
				case field == nil:
					refuse(c, "this column is computed by the plan and the next report writes it again: write what you decide in the decision columns (Decision, Merge into, New unit, New owner, Note) and put the cell back as it was",
						"cột này do phương án tính ra, báo cáo sau sẽ ghi lại: hãy ghi điều cần quyết định vào các cột quyết định (Quyết định, Hợp nhất vào, Đơn vị mới, Chủ quản mới, Ghi chú) và trả ô về như cũ")
				case !field.Amendable:
					refuse(c, "this column comes from the inventory and cannot be corrected in a workbook (only "+amendableList(lang.EN)+" can): correct the unit's inventory and import it again with archmerge import inventory, and put the cell back as it was",
						"cột này lấy từ bản kê khai và không sửa ở sổ đối soát được (chỉ sửa được "+amendableList(lang.VI)+"): hãy sửa bản kê khai của đơn vị rồi nạp lại bằng archmerge import inventory, và trả ô về như cũ")
				case e == nil || e.Element == nil:
					refuse(c, "no element of the current plan has this row's key (was it removed by a re-import?): the correction cannot be recorded",
						"không phần tử nào của phương án hiện tại có khoá của dòng này (đã bị xoá khi nhập lại kê khai?): không ghi được sửa đổi")
				default:
					now := *e.Element
					before := field.Cell(&now)
					if msg, ok := field.Amend(&now, er.cells[r]); !ok {
						refuse(c, "not a valid correction: "+msg.EN, "giá trị sửa không hợp lệ: "+msg.VI)
						continue
					}
					after := field.Cell(&now)
					if after == before {
						continue // the value in force already (applied before, or the same written otherwise)
					}
					in := amended[[2]string{key, field.Key}]
					if !c.OldKnown && !(in != nil && sameFileAs(in.File, fl.Path)) {
						refuse(c, sinceText(in, before, lang.EN), sinceText(in, before, lang.VI))
						continue
					}
					if s, dup := seen[[2]string{key, field.Key}]; dup {
						refuse(c, fmt.Sprintf("corrected too in %s, row %d: correct it in one workbook", s.file, s.row),
							fmt.Sprintf("cũng được sửa ở tệp %s, dòng %d: chỉ sửa ở một sổ", s.file, s.row))
						continue
					}
					seen[[2]string{key, field.Key}] = decided{fl.Path, er.row}
					c.Amendment = true
					c.File, c.Sheet, c.Row = fl.Path, er.name, er.row
					out.Changes = append(out.Changes, c)
					out.Amendments = append(out.Amendments, inventory.Amendment{Key: key, Field: field.Key, Value: after, Previous: before,
						Typed: er.cells[r], File: fl.Path, SHA256: fl.SHA256, Sheet: er.name, Cell: c.Cell, Row: er.row, Header: c.Column})
				}
			}
			if told == 0 {
				// The row's digest differs, every cell's short one matches:
				// a change the short digests cannot place (1 in 65,536).
				refuse(CellChange{Key: key, New: strings.Join(nonBlank(er.cells), " | ")},
					"the row was changed after the report wrote it, in a cell that cannot be told: put the row back as it was, or write the workbook again",
					"dòng đã bị sửa sau khi báo cáo ghi ra, ở ô không xác định được: hãy trả dòng về như cũ, hoặc xuất lại sổ")
			}
		}
	}
	sort.SliceStable(out.Changes, func(i, j int) bool {
		a, b := out.Changes[i], out.Changes[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		return a.Row < b.Row
	})
	if len(probs) > 0 {
		probs.Sort()
		return out, probs
	}
	sort.SliceStable(out.Amendments, func(i, j int) bool {
		a, b := out.Amendments[i], out.Amendments[j]
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		return columnOrder(a.Field) < columnOrder(b.Field)
	})
	return out, nil
}

// changeText says what changed in a cell: "changed "a" → "b"".
func changeText(c CellChange) (en, vi string) {
	switch {
	case c.Cell == "" && c.Column == "":
		return "a row added", "dòng thêm vào"
	case c.Cell == "":
		return "the row changed", "dòng đã bị sửa"
	case c.OldKnown:
		return fmt.Sprintf("changed %q → %q", c.Old, c.New), fmt.Sprintf("đã sửa %q → %q", c.Old, c.New)
	}
	return fmt.Sprintf("changed to %q", c.New), fmt.Sprintf("đã sửa thành %q", c.New)
}

// sinceText explains why a correction of a cell whose value changed since
// the workbook was written is refused.
func sinceText(in *inventory.Amendment, now, l string) string {
	if in != nil {
		return lang.Pick(l, fmt.Sprintf("giá trị đã thay đổi sau khi sổ này được xuất (hiện là %q, do %s sửa lúc %s từ %s): hãy xuất lại sổ bằng archmerge report rồi sửa ở sổ mới", now, in.By, in.At, in.File),
			fmt.Sprintf("the value changed after this workbook was written (now %q, corrected by %s at %s from %s): write the workbook again with archmerge report and correct it there", now, in.By, in.At, in.File))
	}
	return lang.Pick(l, fmt.Sprintf("giá trị đã thay đổi sau khi sổ này được xuất (hiện là %q, theo bản kê khai nạp sau đó): hãy xuất lại sổ bằng archmerge report rồi sửa ở sổ mới", now),
		fmt.Sprintf("the value changed after this workbook was written (now %q, from an inventory imported since): write the workbook again with archmerge report and correct it there", now))
}

// amendableList names the columns a person may correct, in language l.
func amendableList(l string) string {
	var names []string
	for _, c := range inventory.ElementColumns {
		if c.Amendable && c.Sheet == inventory.SystemsSheet {
			names = append(names, c.Heading(l == lang.EN))
		}
	}
	return strings.Join(names, ", ")
}

func columnOrder(key string) int {
	for i, c := range inventory.ElementColumns {
		if c.Key == key {
			return i
		}
	}
	return len(inventory.ElementColumns)
}

// readOnlyColumns returns the indexes of the read-only columns of cols.
func readOnlyColumns(cols []column) []int {
	var out []int
	for j, c := range cols {
		if c.readOnly() {
			out = append(out, j)
		}
	}
	return out
}

func nonBlank(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// cellName is the A1 name of the 0-based column j of row.
func cellName(j, row int) string {
	if j < 0 {
		return ""
	}
	s, _ := excelize.CoordinatesToCellName(j+1, row)
	return s
}

// regenerated is a workbook's data sheets as the current plan writes them:
// the Hệ thống rows by key, the others by their digest.
type regenerated struct {
	system  map[string][]string
	rows    map[int]map[string][]string
	summary map[string]string // the Tổng quan sheet's cells, by A1 name
}

// keyOf returns the key of the Hệ thống row whose key cell has digest h
// in format f, or "".
func (r *regenerated) keyOf(f digestFormat, h uint16) string {
	var keys []string
	for k := range r.system {
		if f.cell(k) == h {
			keys = append(keys, k)
		}
	}
	if len(keys) != 1 {
		return ""
	}
	return keys[0]
}

// regenerate writes, in memory, the read-only cells of the data sheets of
// fl's province from plan p, in the workbook's language. Rows the plan
// writes as the report did have the digests the workbook holds: they give
// the values written. A province no longer in the plan gives nothing.
func regenerate(p *migrate.Plan, m *mapping.Mapping, fl *Filled) *regenerated {
	r := &regenerated{system: map[string][]string{}, rows: map[int]map[string][]string{}}
	d, err := gather(p, m, fl.Identity.Province, Meta{Lang: fl.Identity.Lang})
	if err != nil {
		return r
	}
	if len(fl.summary) > 0 {
		r.summary = writtenSummary(d)
	}
	need := map[int]bool{}
	for _, er := range fl.edited {
		need[er.sheet] = true
	}
	for k, spec := range d.specs(nil, nil) {
		if !need[k] {
			continue
		}
		vals := make([]value, len(spec.cols))
		if k != systemsSheet {
			r.rows[k] = map[string][]string{}
		}
		for i := range spec.rows {
			clear(vals)
			spec.fill(i, vals)
			cells := readOnlyCells(spec.cols, vals)
			if k == systemsSheet {
				r.system[cells[0]] = cells
			} else {
				// By its digest in every format: the workbook's own
				// is found.
				for _, f := range digestFormats {
					r.rows[k][f.rowDigest(cells)] = cells
				}
			}
		}
	}
	return r
}

// writtenSummary writes the Tổng quan sheet of d into a workbook in memory
// and returns its cells, by A1 name (nil when it cannot).
func writtenSummary(d *provinceData) map[string]string {
	f := excelize.NewFile()
	defer f.Close()
	sheet := shSummary.in(d.meta)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil
	}
	st, err := newStyles(f)
	if err != nil || d.writeSummary(f, st) != nil {
		return nil
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil
	}
	return sheetCells(rows)
}

// sameFileAs reports whether path names the same file as other.
func sameFileAs(path, other string) bool {
	a, err1 := filepath.Abs(path)
	b, err2 := filepath.Abs(other)
	return err1 == nil && err2 == nil && a == b
}
