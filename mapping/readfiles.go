package mapping

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/internal/xlsxguard"
)

// The three tables of a user mapping, as CSV file names and XLSX sheets.
const (
	TableOldUnits = "old_units"
	TableNewUnits = "new_units"
	TableMapping  = "mapping"
)

// ReadDir reads a user mapping from a folder holding old_units.csv,
// new_units.csv and mapping.csv (UTF-8 with or without BOM, separated by
// commas or semicolons). Defects of the input are returned as Problems
// naming file and line (the Mapping is nil when any is not a warning); the
// error is for failures to read at all. The mapping is not validated: call
// Validate.
func ReadDir(dir string) (*Mapping, Problems, error) {
	var files [3]*os.File
	var probs Problems
	for i, t := range []string{TableOldUnits, TableNewUnits, TableMapping} {
		p := filepath.Join(dir, t+".csv")
		if st, err := os.Stat(p); err == nil {
			// Only a regular file of a bounded size is opened: a pipe
			// would block, /dev/zero never end.
			if en, vi := limits.NotReadable(st); en != "" {
				probs = append(probs, Problem{Pos: Pos{File: p}, Message: lang.T(vi, en)})
				continue
			}
		}
		f, err := os.Open(p)
		if errors.Is(err, fs.ErrNotExist) {
			probs = append(probs, Problem{Pos: Pos{File: p}, Message: lang.T("thiếu tệp: thư mục ánh xạ cần có old_units.csv, new_units.csv và mapping.csv", "missing file: a mapping folder holds old_units.csv, new_units.csv and mapping.csv")})
			continue
		}
		if err != nil {
			closeAll(files[:])
			return nil, nil, fmt.Errorf("read mapping %s: %w", dir, err)
		}
		files[i] = f
	}
	defer closeAll(files[:])
	if len(probs) > 0 {
		return nil, probs, nil
	}
	name := filepath.Base(filepath.Clean(dir))
	var b mappingBuilder
	b.units(csvSource(files[0].Name(), files[0]), Old, &probs)
	b.units(csvSource(files[1].Name(), files[1]), New, &probs)
	b.links(csvSource(files[2].Name(), files[2]), &probs)
	m, probs := b.build(name, probs)
	return m, probs, nil
}

func closeAll(fs []*os.File) {
	for _, f := range fs {
		if f != nil {
			f.Close()
		}
	}
}

// ReadXLSX reads a user mapping from one workbook with sheets old_units,
// new_units and mapping, laid out like the CSV files. Codes stored as numbers
// are restored by level, with a warning. Problems and error as for ReadDir.
func ReadXLSX(path string) (*Mapping, Problems, error) {
	guard, probs, err := guardXLSX(path)
	if guard == nil {
		return nil, probs, err
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true,
		UnzipSizeLimit: xlsxguard.Inventory.Total, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("read mapping %s: %w", path, err)
		}
		return nil, Problems{{Pos: Pos{File: path}, Message: lang.T("không đọc được tệp XLSX: "+err.Error(), "not a readable XLSX workbook: "+err.Error())}}, nil
	}
	defer f.Close()
	sheets := map[string]string{}
	for _, s := range f.GetSheetList() {
		sheets[strings.ToLower(strings.TrimSpace(s))] = s
	}
	for _, t := range []string{TableOldUnits, TableNewUnits, TableMapping} {
		if _, ok := sheets[t]; !ok {
			probs = append(probs, Problem{Pos: Pos{File: path, Sheet: t}, Message: lang.T("thiếu trang tính: tệp ánh xạ cần các trang old_units, new_units và mapping", "missing sheet: a mapping workbook holds sheets old_units, new_units and mapping")})
		}
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	var b mappingBuilder
	var readErr error
	source := func(t string) (rowSource, func()) {
		sheet := sheets[t]
		rs, err := f.Rows(sheet)
		if err != nil {
			readErr = err
			return rowSource{pos: Pos{File: path, Sheet: sheet}, next: func() ([]string, int, error) { return nil, 0, io.EOF }}, func() {}
		}
		line := 0
		return rowSource{pos: Pos{File: path, Sheet: sheet}, next: func() ([]string, int, error) {
			if !rs.Next() {
				if err := rs.Error(); err != nil {
					return nil, line, err
				}
				// The iterator stops silently at damaged XML.
				if err := guard.Complete(sheet, line); err != nil {
					if p, ok := WorkbookProblem(path, err); ok {
						probs = append(probs, p)
					} else {
						return nil, line, err
					}
				}
				return nil, 0, io.EOF
			}
			line++
			cols, err := rs.Columns()
			if err != nil {
				return nil, line, err
			}
			for i, c := range cols {
				cols[i] = numberText(c)
			}
			return cols, line, nil
		}}, func() { rs.Close() }
	}
	for _, t := range []string{TableOldUnits, TableNewUnits} {
		src, done := source(t)
		v := Old
		if t == TableNewUnits {
			v = New
		}
		b.units(src, v, &probs)
		done()
	}
	src, done := source(TableMapping)
	b.links(src, &probs)
	done()
	if readErr != nil {
		return nil, nil, fmt.Errorf("read mapping %s: %w", path, readErr)
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	m, probs := b.build(name, probs)
	return m, probs, nil
}

// guardXLSX checks a mapping workbook before excelize opens it: a regular
// file of at most limits.FileBytes, not encrypted, no zip bomb
// (xlsxguard). It returns the guard to check each sheet read whole, or
// the problems (or error) that refuse the file.
func guardXLSX(path string) (*xlsxguard.Workbook, Problems, error) {
	// Told by its metadata before it is opened: opening a pipe waits.
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read mapping %s: %w", path, err)
	}
	if en, vi := limits.NotReadable(st); en != "" {
		return nil, Problems{{Pos: Pos{File: path}, Message: lang.T(vi, en)}}, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read mapping %s: %w", path, err)
	}
	wb, err := xlsxguard.Open(bytes.NewReader(data), int64(len(data)), xlsxguard.Inventory)
	if err != nil {
		if p, ok := WorkbookProblem(path, err); ok {
			return nil, Problems{p}, nil
		}
		return nil, nil, fmt.Errorf("read mapping %s: %w", path, err)
	}
	return wb, nil, nil
}

// WorkbookProblem turns what the workbook guard refuses (an
// *xlsxguard.Error: encrypted, old format, zip bomb, damaged sheet) into
// the problem of the workbook at path, naming its sheet (and the row after
// the last one read whole, for a damaged sheet). ok is false for another
// error. Every reader of workbooks — inventories, mappings, apply's
// workbooks, recode's data files — reports the guard through it.
func WorkbookProblem(path string, err error) (p Problem, ok bool) {
	var ge *xlsxguard.Error
	if !errors.As(err, &ge) {
		return Problem{}, false
	}
	en, vi := ge.Message()
	p = Problem{Pos: Pos{File: path, Sheet: ge.Sheet}, Message: lang.T(vi, en)}
	if ge.Kind == xlsxguard.Damaged {
		p.Pos.Line = ge.Row + 1
	}
	return p, true
}

// FormulaProblems lists, as problems of the workbook at path, the cells
// of a sheet that hold a formula with no saved result (files written by
// scripts, which do not compute: xlsxguard's UnsavedFormulas), which a
// reader would take for empty cells. column names a cell's column (0-based
// col, 1-based row) for its problem and says whether the cell matters: a
// reader may check only the columns it reads. The formula is the
// problem's value. Every reader of workbooks that refuses such cells
// reports them through it.
func FormulaProblems(wb *xlsxguard.Workbook, f interface {
	GetCellFormula(sheet, cell string) (string, error)
}, path, sheet string, column func(col, row int) (name string, ok bool)) Problems {
	var out Problems
	for _, ref := range wb.UnsavedFormulas(sheet) {
		col, row, err := excelize.CellNameToCoordinates(ref)
		if err != nil {
			continue
		}
		name, ok := column(col-1, row)
		if !ok {
			continue
		}
		formula, _ := f.GetCellFormula(sheet, ref)
		out = append(out, Problem{Pos: Pos{File: path, Sheet: sheet, Line: row}, Column: name, Value: "=" + formula,
			Message: lang.T("công thức chưa có giá trị được lưu (chương trình ghi tệp đã không tính), sẽ bị đọc thành ô trống: hãy mở tệp bằng Excel hoặc LibreOffice để tính rồi lưu lại, hoặc nhập trực tiếp giá trị",
				"a formula with no saved value (the program that wrote the file did not compute it), which would read as empty: open the file in Excel or LibreOffice, let it calculate and save, or type the value")})
	}
	return out
}

// numberText turns a raw numeric cell such as "1.0" into "1", so that a code
// the spreadsheet stored as a number reads as its digits.
func numberText(c string) string {
	if strings.HasSuffix(c, ".0") && IsDigits(c[:len(c)-2]) {
		return c[:len(c)-2]
	}
	return c
}

// ReadPath reads a user mapping from a folder of CSV files or an XLSX
// workbook, by what path is.
func ReadPath(path string) (*Mapping, Problems, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read mapping: %w", err)
	}
	if st.IsDir() {
		return ReadDir(path)
	}
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return ReadXLSX(path)
	}
	return nil, Problems{{Pos: Pos{File: path}, Message: lang.T("cần một thư mục chứa các tệp CSV (old_units.csv, new_units.csv, mapping.csv) hoặc một tệp .xlsx", "expected a folder of CSV files (old_units.csv, new_units.csv, mapping.csv) or an .xlsx workbook")}}, nil
}
