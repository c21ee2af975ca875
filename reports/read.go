package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/internal/nfc"
	"github.com/ndta-vn/archmerge/internal/sheetxml"
	"github.com/ndta-vn/archmerge/internal/xlsxguard"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// Identity is what a workbook's hidden identity sheet says about it.
type Identity struct {
	Format      string `json:"format"`
	WorkspaceID string `json:"workspace_id"`
	PlanID      string `json:"plan_id"`
	PlanAsOf    string `json:"plan_as_of"`
	ToolVersion string `json:"tool_version"`
	Province    string `json:"province"` // "national" for the national summary
	Lang        string `json:"lang"`
	// ProvinceFingerprint is the fingerprint of the province's inputs
	// when written ("" in workbooks of earlier versions).
	ProvinceFingerprint string `json:"province_fingerprint,omitempty"`
	// SummaryCells records the cells of the Tổng quan sheet as written
	// (summaryDigest; "" in workbooks of earlier versions).
	SummaryCells string `json:"-"`
}

// FilledRow is one row of the Hệ thống sheet as a person left it.
type FilledRow struct {
	Row       int               `json:"row"` // the sheet's row number, 1-based, the header being row 1
	Key       string            `json:"key"`
	Value     string            `json:"decision,omitempty"` // the decision as written
	Treatment migrate.Treatment `json:"treatment,omitempty"`
	MergeInto string            `json:"merge_into,omitempty"`
	NewUnit   string            `json:"new_unit,omitempty"`
	NewOwner  string            `json:"new_owner,omitempty"`
	Note      string            `json:"note,omitempty"`
	// Prefilled is the decision the row was written with (the hidden
	// column), when the workbook is of an earlier version that kept the
	// values there; later ones keep a fingerprint.
	Prefilled *migrate.Decision `json:"prefilled,omitempty"`
	// Untouched says the decision columns are as the report wrote them (or
	// blank, when the report wrote none or the hidden column is gone).
	Untouched bool `json:"untouched"`
	// written is the fingerprint in the hidden column ("" when the report
	// wrote no decision, or when it held values: see Prefilled).
	written string
}

// decidedSince reports whether the decision in force differs from the one
// the row was written with: someone decided since this copy was written.
func (r *FilledRow) decidedSince(in *migrate.Decision) bool {
	switch {
	case r.written != "":
		return in == nil || prefilled(in) != r.written
	case r.Prefilled != nil:
		return !sameDecision(r.Prefilled, in)
	}
	return in != nil
}

// blank reports whether no decision column of the row holds anything.
func (r *FilledRow) blank() bool {
	return r.Value == "" && r.MergeInto == "" && r.NewUnit == "" && r.NewOwner == "" && r.Note == ""
}

// Filled is the content of a filled-in reconciliation workbook.
type Filled struct {
	Path     string      `json:"path"`
	SHA256   string      `json:"sha256"`
	Sheet    string      `json:"sheet"` // the sheet the rows come from
	Identity Identity    `json:"identity"`
	Rows     []FilledRow `json:"rows"`
	// HasPrefilled says whether the hidden prefilled column survived; when
	// it did not, apply compares rows with the decisions in force.
	HasPrefilled bool `json:"has_prefilled"`
	// HasWritten says the workbook keeps the digests of what its report
	// wrote in the read-only cells (the hidden column Đã ghi / As
	// written), so that CheckEdits can tell every cell a person changed;
	// workbooks of earlier versions do not.
	HasWritten bool `json:"has_written"`
	// edited are the rows whose read-only cells differ from what the
	// report wrote, and summary the cells of the Tổng quan sheet.
	edited  []editedRow
	summary []summaryEdit
	// headers gives each decision column's header as found, for messages.
	headers map[string]string
	// guard is the workbook's container, which tells whether each sheet
	// was read whole (eachRow).
	guard *xlsxguard.Workbook
	// sst are the workbook's shared strings (sharedStrings), read once
	// and shared by the copies that read its sheets at once.
	sst *sharedStringTable
}

type sharedStringTable struct {
	once sync.Once
	list []string
	ok   bool
}

func (fl *Filled) pos(row int) mapping.Pos {
	return mapping.Pos{File: fl.Path, Sheet: fl.Sheet, Line: row}
}

// ReadDecisions reads the identity and the decision columns of a
// reconciliation workbook, which may have been saved by Excel, LibreOffice
// or another library: sheets are found by name, columns by their header
// text (Vietnamese or English, any case or diacritics), not by position.
// Defects of the file (a missing sheet or column, an unknown decision
// value) are returned as problems naming the file, sheet, row and column;
// the error is for a file that cannot be read at all.
func ReadDecisions(path string) (*Filled, mapping.Problems, error) {
	var probs mapping.Problems
	bad := func(sheet string, line int, col, val, en, vi string) {
		probs = append(probs, mapping.Problem{Pos: mapping.Pos{File: path, Sheet: sheet, Line: line}, Column: col, Value: val, Message: lang.T(vi, en)})
	}
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		// Never opened unless a regular file of a bounded size: a pipe
		// would block, a device never end.
		if en, vi := limits.NotReadable(st); en != "" {
			bad("", 0, "", "", en+": expected a reconciliation workbook (.xlsx)", vi+": cần sổ đối soát (.xlsx)")
			return nil, probs, nil
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		switch st, serr := os.Stat(path); {
		case errors.Is(err, fs.ErrNotExist):
			bad("", 0, "", "", "no such file: expected a reconciliation workbook written by archmerge report",
				"không có tệp này: cần sổ đối soát do archmerge report xuất ra")
		case serr == nil && st.IsDir():
			bad("", 0, "", "", "a folder, not a file: expected a reconciliation workbook (.xlsx)",
				"đây là thư mục, không phải tệp: cần sổ đối soát (.xlsx)")
		default:
			bad("", 0, "", "", "unreadable file ("+err.Error()+"): expected a reconciliation workbook you may read",
				"không đọc được tệp ("+err.Error()+"): cần sổ đối soát có quyền đọc")
		}
		return nil, probs, nil
	}
	sum := sha256.Sum256(b)
	fl := &Filled{Path: path, SHA256: hex.EncodeToString(sum[:]), headers: map[string]string{}, sst: &sharedStringTable{}}
	wb, err := xlsxguard.Open(bytes.NewReader(b), int64(len(b)), xlsxguard.Inventory)
	if err != nil {
		p, ok := mapping.WorkbookProblem(path, err)
		if !ok {
			return nil, nil, fmt.Errorf("read %s: %w", path, err)
		}
		return nil, append(probs, p), nil
	}
	fl.guard = wb
	f, err := openForReading(wb, b)
	if err != nil {
		bad("", 0, "", "", "not an Excel workbook ("+err.Error()+"): expected a reconciliation workbook written by archmerge report",
			"không phải sổ Excel ("+err.Error()+"): cần sổ đối soát do archmerge report xuất ra")
		return nil, probs, nil
	}
	defer f.Close()

	if !readIdentity(f, fl, bad) {
		return nil, probs, nil
	}
	if fl.Identity.Province == "national" {
		bad(SheetIdentity, 0, "", "", "this is the national summary, which holds no decisions: apply a province's workbook",
			"đây là sổ tổng hợp toàn quốc, không có cột quyết định: hãy nạp sổ của từng tỉnh")
		return nil, probs, nil
	}
	sheet := findSheet(f.light, []string{shSystems.vi, shSystems.en})
	if sheet == "" {
		bad("", 0, "", "", fmt.Sprintf("no sheet %q or %q: expected the sheet of elements with the decision columns", shSystems.vi, shSystems.en),
			fmt.Sprintf("không có trang %q (hay %q): cần trang danh sách hệ thống có các cột quyết định", shSystems.vi, shSystems.en))
		return nil, probs, nil
	}
	fl.Sheet = sheet
	// What the report wrote is checked while the decisions are read: this
	// sheet's rows as they come, the other sheets at once on the other
	// processors (reading is nearly all of apply's time on a large
	// province). What they find counts only when the decisions have no
	// problem.
	sys := &writtenSheet{k: systemsSheet, sheet: sheet, got: Filled{Path: path, Identity: fl.Identity}}
	sysCheck := newSheetCheck(&sys.got, systemsSheet, sheet, sys.collect(bad))
	var (
		others []*writtenSheet
		oErr   error
		done   = make(chan struct{})
	)
	go func() {
		defer close(done)
		others, oErr = readOtherSheets(f, fl, bad)
	}()
	waited := false
	wait := func() {
		if !waited {
			<-done
			waited = true
		}
	}
	defer wait() // f is closed after: the reading must be over
	want := []column{colKey, colDecision, colMergeInto, colNewUnit, colNewOwner, colNote, colPrefilled}
	var changed []int // changed rows, in fl.Rows
	idx := map[string]int{}
	lines := 0
	whole, err := eachRow(f, fl, sheet, bad, func(line int, cells []string) bool {
		lines = line
		sysCheck.row(line, cells)
		if line == 1 {
			for j, h := range cells {
				fh := mapping.Fold(h)
				for _, c := range want {
					if _, seen := idx[c.vi]; !seen && (fh == mapping.Fold(c.vi) || fh == mapping.Fold(c.en)) {
						idx[c.vi] = j
						fl.headers[c.vi] = strings.TrimSpace(h)
					}
				}
			}
			for _, c := range want[:6] {
				if _, ok := idx[c.vi]; !ok {
					bad(sheet, 1, c.header(Meta{Lang: fl.Identity.Lang}), "",
						fmt.Sprintf("column %q (or %q) is missing: the decision columns must keep their headers", c.en, c.vi),
						fmt.Sprintf("thiếu cột %q (hay %q): các cột quyết định phải giữ nguyên tiêu đề", c.vi, c.en))
				}
			}
			_, fl.HasPrefilled = idx[colPrefilled.vi]
			return len(probs) == 0
		}
		get := func(c column) string {
			j, ok := idx[c.vi]
			if !ok || j >= len(cells) {
				return ""
			}
			return strings.TrimSpace(nfc.String(cells[j]))
		}
		r := FilledRow{Row: line, Key: get(colKey), Value: get(colDecision), MergeInto: get(colMergeInto),
			NewUnit: get(colNewUnit), NewOwner: get(colNewOwner), Note: get(colNote)}
		t, known := ParseTreatment(r.Value)
		switch pf := get(colPrefilled); {
		case strings.HasPrefix(pf, prefilledPrefix):
			r.written = pf
			r.Untouched = pf == rowPrint(t, r.MergeInto, r.NewUnit, r.NewOwner, r.Note)
		case pf != "":
			var v []string
			if json.Unmarshal([]byte(pf), &v) == nil && len(v) == 5 {
				r.Prefilled = &migrate.Decision{Key: r.Key, Treatment: migrate.Treatment(v[0]), MergeInto: v[1], NewUnit: v[2], NewOwner: v[3], Note: v[4]}
				r.Untouched = sameDecision(r.Prefilled, &migrate.Decision{Treatment: t, MergeInto: r.MergeInto, NewUnit: r.NewUnit, NewOwner: r.NewOwner, Note: r.Note})
			}
		default:
			r.Untouched = r.blank()
		}
		if r.Key == "" {
			if !r.blank() {
				bad(sheet, line, fl.headers[colKey.vi], "", "a decision on a row without an element key: expected the key (unit_code/id) of the row",
					"có quyết định nhưng không có khoá phần tử: cần khoá (mã_đơn_vị/mã_phần_tử) của dòng")
			}
			return true
		}
		if !known {
			bad(sheet, line, fl.headers[colDecision.vi], r.Value,
				"unknown decision: expected one of continue, connect, upgrade, merge, retire, add (or their Vietnamese names)",
				"quyết định không hợp lệ: cần một trong Tiếp tục sử dụng, Chuẩn hoá, kết nối, Nâng cấp, mở rộng, Hợp nhất, Dừng sử dụng, Đầu tư mới (hoặc tên tiếng Anh)")
		}
		r.Treatment = t
		if !r.Untouched {
			changed = append(changed, len(fl.Rows))
		}
		fl.Rows = append(fl.Rows, r)
		return true
	})
	if err != nil {
		return nil, nil, err
	}
	if !whole {
		// A sheet cut short would read as fewer rows, and rows left out
		// decide nothing: a problem, never fewer decisions.
		return nil, probs, nil
	}
	wait() // before a cell is read by name, which loads the sheet
	// Free text as shown: a date or number typed into a note reads as its
	// serial or raw digits above (codes must), as the person sees it here.
	for _, i := range changed {
		r := &fl.Rows[i]
		for _, c := range []struct {
			col  column
			text *string
		}{{colNewOwner, &r.NewOwner}, {colNote, &r.Note}} {
			j, ok := idx[c.col.vi]
			if !ok || *c.text == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, r.Row)
			sf, err := f.of(sheet)
			if err != nil {
				return nil, nil, fmt.Errorf("read %s: %w", path, err)
			}
			if shown, err := sf.GetCellValue(sheet, cell); err == nil {
				*c.text = strings.TrimSpace(nfc.String(shown))
			}
		}
	}
	// A formula reads as its saved result; a script may have saved none,
	// and the empty cell would read as no decision, or withdraw one.
	cols := map[int]string{}
	for _, c := range want[:6] {
		if j, ok := idx[c.vi]; ok {
			cols[j] = fl.headers[c.vi]
		}
	}
	probs = append(probs, mapping.FormulaProblems(fl.guard, formulasOf{f}, path, sheet, func(col, row int) (string, bool) {
		header, decision := cols[col]
		return header, decision && row >= 2
	})...)
	if lines == 0 {
		bad(sheet, 1, "", "", "the sheet is empty: expected a header row and one row per element",
			"trang trống: cần dòng tiêu đề và mỗi phần tử một dòng")
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	if oErr != nil {
		return nil, nil, oErr
	}
	sys.has = sysCheck.has
	if err := mergeWritten(f, fl, sys, others, bad); err != nil {
		return nil, nil, err
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	return fl, nil, nil
}

// eachRow reads the rows of a sheet of fl's workbook in order, with raw
// cell values, and gives each to fn with its number (1-based, the header
// being 1) until fn returns false. Every sheet apply reads goes through
// it, so that each is bounded and read whole alike: a row over the limits
// of internal/limits, a row excelize cannot read, and a sheet cut short
// or broken (the iterator stops silently at damaged XML: xlsxguard's
// Complete) are problems naming the file, the sheet and the row, never
// fewer rows read. whole says the sheet was read to its end, without
// such a problem; the error is a failure that is not the file's.
//
// A sheet as archmerge wrote it, which no program saved since, is read by
// sheetxml.Parse, about twenty times faster than excelize (apply of a
// large province went mostly on reading); any other by excelize.
func eachRow(f *book, fl *Filled, sheet string, bad func(sheet string, line int, col, val, en, vi string), fn func(line int, cells []string) bool) (whole bool, err error) {
	// take gives a row to fn, within the limits; false stops the reading.
	take := func(line int, cells []string) bool {
		if en, vi, cell := limits.Row(line, cells); en != "" {
			col := ""
			if cell >= 0 {
				col = limits.ColumnName(cell + 1)
			}
			bad(sheet, line, col, "", en, vi)
			return false
		}
		return fn(line, cells)
	}
	// complete says whether the sheet held the rows read and ended well.
	complete := func(rows int, data []byte) (bool, error) {
		check := func() error { return fl.guard.Complete(sheet, rows) }
		if data != nil {
			check = func() error { return fl.guard.CompleteData(sheet, data, rows) }
		}
		if err := check(); err != nil {
			p, ok := mapping.WorkbookProblem(fl.Path, err)
			if !ok {
				return false, fmt.Errorf("read %s, sheet %s: %w", fl.Path, sheet, err)
			}
			bad(p.Pos.Sheet, p.Pos.Line, p.Column, p.Value, p.Message.EN, p.Message.VI)
			return false, nil
		}
		return true, nil
	}
	if part := fl.guard.SheetPart(sheet); part != "" {
		if data, err := fl.guard.ReadPart(part); err == nil {
			var rows [][]string
			ok := false
			if sheetxml.Mine(data[:min(len(data), 64<<10)]) {
				rows, ok = sheetxml.Parse(data)
			} else if sst, has := fl.sharedStrings(); has {
				rows, ok = sheetxml.ParseSaved(data, sst)
			}
			if ok {
				for i, cells := range rows {
					if !take(i+1, cells) {
						return false, nil
					}
				}
				return complete(len(rows), data)
			}
		}
	}
	sf, err := f.of(sheet)
	if err != nil {
		return false, fmt.Errorf("read %s, sheet %s: %w", fl.Path, sheet, err)
	}
	rows, err := sf.Rows(sheet)
	if err != nil {
		return false, fmt.Errorf("read %s, sheet %s: %w", fl.Path, sheet, err)
	}
	defer rows.Close()
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			unreadableRow(bad, sheet, line, err)
			return false, nil
		}
		if !take(line, cells) {
			return false, nil
		}
	}
	if err := rows.Error(); err != nil {
		unreadableRow(bad, sheet, line+1, err)
		return false, nil
	}
	return complete(line, nil)
}

// sharedStrings reads the workbook's shared strings once (none when it has
// no such part); has is false when they are not in a form
// sheetxml.ParseSharedStrings knows, and the sheets go to excelize.
func (fl *Filled) sharedStrings() ([]string, bool) {
	t := fl.sst
	if t == nil {
		return nil, false
	}
	t.once.Do(func() {
		data, err := fl.guard.ReadPart("xl/sharedStrings.xml")
		if err != nil {
			t.ok = true // no shared strings: a sheet that names one is not taken
			return
		}
		t.list, t.ok = sheetxml.ParseSharedStrings(data)
	})
	return t.list, t.ok
}

// unreadableRow reports a row excelize cannot read.
func unreadableRow(bad func(sheet string, line int, col, val, en, vi string), sheet string, line int, err error) {
	bad(sheet, line, "", "", "unreadable row ("+err.Error()+"): expected rows as Excel or LibreOffice saves them; save the workbook again from Excel, or write it again with archmerge report",
		"không đọc được dòng ("+err.Error()+"): cần các dòng như Excel hoặc LibreOffice lưu; hãy lưu lại sổ từ Excel, hoặc xuất lại sổ bằng archmerge report")
}

func readIdentity(f *book, fl *Filled, bad func(sheet string, line int, col, val, en, vi string)) bool {
	if idx, _ := f.light.GetSheetIndex(SheetIdentity); idx < 0 {
		bad("", 0, "", "", "no hidden sheet \"archmerge\": this is not a workbook written by archmerge report, or the sheet was deleted",
			"không có trang ẩn \"archmerge\": đây không phải sổ do archmerge report xuất ra, hoặc trang đó đã bị xoá")
		return false
	}
	kv := map[string]string{}
	whole, err := eachRow(f, fl, SheetIdentity, bad, func(_ int, r []string) bool {
		if len(r) >= 2 {
			kv[strings.TrimSpace(r[0])] = strings.TrimSpace(r[1])
		}
		return true
	})
	if err != nil || !whole {
		if err != nil {
			bad(SheetIdentity, 0, "", "", "unreadable identity sheet: "+err.Error(), "không đọc được trang định danh: "+err.Error())
		}
		return false
	}
	id := &fl.Identity
	id.Format, id.WorkspaceID, id.PlanID, id.PlanAsOf = kv["format"], kv["workspace_id"], kv["plan_id"], kv["plan_as_of"]
	id.ToolVersion, id.Province, id.Lang = kv["tool_version"], kv["province"], kv["lang"]
	id.ProvinceFingerprint = kv["province_fingerprint"]
	id.SummaryCells = kv[summaryCellsKey]
	if id.Format != IdentityFormat {
		bad(SheetIdentity, 1, "B", id.Format, "unknown workbook format: expected "+IdentityFormat+" (write the workbook again with archmerge report)",
			"định dạng sổ không đúng: cần "+IdentityFormat+" (xuất lại sổ bằng archmerge report)")
		return false
	}
	if id.WorkspaceID == "" || id.PlanID == "" || id.Province == "" {
		bad(SheetIdentity, 0, "", "", "the identity sheet lacks the workspace, plan or province", "trang định danh thiếu mã kho, mã phương án hoặc mã tỉnh")
		return false
	}
	return true
}

// findSheet returns the first sheet whose folded name is one of names.
func findSheet(f *excelize.File, names []string) string {
	for _, s := range f.GetSheetList() {
		fs := mapping.Fold(s)
		for _, n := range names {
			if fs == mapping.Fold(n) {
				return s
			}
		}
	}
	return ""
}

// ProvinceOf reads, quickly and without checking anything else, the
// province a reconciliation workbook's identity sheet names ("" when it
// cannot tell): a hint for planning that province while the workbook is
// read (ReadDecisions reads and checks the identity itself).
func ProvinceOf(path string) string {
	// Only a regular file of a bounded size is opened: a pipe would block
	// (ReadDecisions then names what it is).
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		return ""
	} else if en, _ := limits.NotReadable(st); en != "" {
		return ""
	}
	// The zip directory and two small parts are read, not the file.
	file, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return ""
	}
	wb, err := xlsxguard.Open(file, st.Size(), xlsxguard.Inventory)
	if err != nil {
		return ""
	}
	part := wb.SheetPart(SheetIdentity)
	if part == "" {
		return ""
	}
	data, err := wb.ReadPart(part)
	if err != nil {
		return ""
	}
	var sst []string
	if s, err := wb.ReadPart("xl/sharedStrings.xml"); err == nil {
		var ok bool
		if sst, ok = sheetxml.ParseSharedStrings(s); !ok {
			return ""
		}
	}
	rows, ok := sheetxml.ParseSaved(data, sst)
	if !ok {
		return ""
	}
	for _, r := range rows {
		if len(r) >= 2 && strings.TrimSpace(r[0]) == "province" {
			return strings.TrimSpace(r[1])
		}
	}
	return ""
}

// book is a workbook apply reads, as excelize opens it: without its large
// worksheets (light), which archmerge reads itself from the package
// (eachRow: internal/sheetxml) and excelize would inflate whole into
// temporary files for nothing; the whole package is opened only when
// excelize must read one of them after all (a sheet in another program's
// form, a formula, a cell's text as shown).
type book struct {
	light *excelize.File
	guard *xlsxguard.Workbook
	data  []byte
	left  map[string]bool // the parts left out of light
	once  sync.Once
	full  *excelize.File
	err   error
}

// largeSheet is the size over which a worksheet is left out of the light
// book (a variable only so that tests leave out every sheet).
var largeSheet int64 = 1 << 20

func openForReading(wb *xlsxguard.Workbook, data []byte) (*book, error) {
	bk := &book{guard: wb, data: data}
	light, left, err := wb.WithoutLargeSheets(largeSheet)
	if err != nil {
		light, left = data, nil
	}
	bk.left = left
	if bk.light, err = excelize.OpenReader(bytes.NewReader(light)); err != nil {
		return nil, err
	}
	return bk, nil
}

// of returns the book that holds the sheet: light, unless the sheet was
// left out of it.
func (bk *book) of(sheet string) (*excelize.File, error) {
	if !bk.left[strings.ToLower(bk.guard.SheetPart(sheet))] {
		return bk.light, nil
	}
	bk.once.Do(func() { bk.full, bk.err = excelize.OpenReader(bytes.NewReader(bk.data)) })
	return bk.full, bk.err
}

func (bk *book) Close() {
	bk.light.Close()
	if bk.full != nil {
		bk.full.Close()
	}
}

// formulasOf gives mapping.FormulaProblems a sheet's formulas from the
// book that holds it (opened whole only if a formula has no saved value).
type formulasOf struct{ bk *book }

func (f formulasOf) GetCellFormula(sheet, cell string) (string, error) {
	sf, err := f.bk.of(sheet)
	if err != nil {
		return "", err
	}
	return sf.GetCellFormula(sheet, cell)
}
