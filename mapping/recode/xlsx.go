package recode

import (
	"archive/zip"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/internal/xlsxguard"
	"github.com/ndta-vn/archmerge/mapping"
)

type xlsxSource struct {
	file  *os.File // the workbook, read by the guard
	wb    *xlsxguard.Workbook
	f     *excelize.File
	rows  *excelize.Rows
	where mapping.Pos
	line  int
	other []string // the sheets not read
}

// others lists the workbook's sheets but the one read.
func others(list []string, sheet string) []string {
	var out []string
	for _, s := range list {
		if s != sheet {
			out = append(out, s)
		}
	}
	return out
}

// guardProblem turns what the workbook guard refuses into a problem
// naming the file (and sheet); other errors pass.
func guardProblem(path string, err error) error {
	if p, ok := mapping.WorkbookProblem(path, err); ok {
		return &p
	}
	return err
}

// checkWorkbook runs the workbook guard on the file at path (see
// openXLSX).
func checkWorkbook(path string) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return err
	}
	_, err = xlsxguard.Open(file, st.Size(), xlsxguard.Data)
	return guardProblem(path, err)
}

// openXLSX opens a workbook's sheet (the first when sheet is empty) for
// streaming with raw cell values: numbers come as they are stored ("7" for a
// code that Excel turned into a number), which recode restores by level.
// The workbook's container is checked first (xlsxguard, with the bounds of
// data files): an encrypted workbook, an old .xls or a zip bomb is a
// problem, never a crash or a machine out of memory.
func openXLSX(path, sheet string) (*xlsxSource, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, err
	}
	wb, err := xlsxguard.Open(file, st.Size(), xlsxguard.Data)
	if err != nil {
		file.Close()
		return nil, guardProblem(path, err)
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true,
		UnzipSizeLimit: xlsxguard.Data.Total, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		file.Close()
		return nil, &mapping.Problem{Pos: mapping.Pos{File: path},
			Message: lang.T("không đọc được tệp XLSX ("+err.Error()+"): cần tệp .xlsx lưu bằng Excel hoặc LibreOffice", "not a readable XLSX workbook ("+err.Error()+"): expected an .xlsx file saved by Excel or LibreOffice")}
	}
	src := &xlsxSource{file: file, wb: wb, f: f}
	list := f.GetSheetList()
	if sheet == "" && len(list) > 0 {
		sheet = list[0]
	}
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		src.Close()
		return nil, &mapping.Problem{Pos: mapping.Pos{File: path, Sheet: sheet},
			Message: lang.T(fmt.Sprintf("không có trang %q: tệp có các trang %q", sheet, list), fmt.Sprintf("no sheet %q: the workbook has %q", sheet, list))}
	}
	if cells := wb.UnsavedFormulas(sheet); len(cells) > 0 {
		src.Close()
		n, first := len(cells), cells[0]
		return nil, &mapping.Problem{Pos: mapping.Pos{File: path, Sheet: sheet}, Column: first,
			Message: lang.T(fmt.Sprintf("%d ô có công thức chưa được tính và lưu kết quả (ô đầu tiên: %s), sẽ bị để trống: hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại, rồi chuyển đổi", n, first), fmt.Sprintf("%d cells hold a formula whose result was never saved (the first: %s), which would come out blank: open the file in Excel or LibreOffice and save it, then convert it", n, first))}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		src.Close()
		return nil, fmt.Errorf("read %s, sheet %s: %w", path, sheet, err)
	}
	src.rows, src.where, src.other = rows, mapping.Pos{File: path, Sheet: sheet}, others(list, sheet)
	return src, nil
}

func (s *xlsxSource) Read() ([]string, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			p := s.where
			p.Line = s.line + 1
			return nil, &mapping.Problem{Pos: p, Message: lang.T("dòng không đọc được: "+err.Error(), "unreadable row: "+err.Error())}
		}
		// The iterator stops silently at damaged XML: a sheet cut short
		// must not convert as a shorter file.
		if err := s.wb.Complete(s.where.Sheet, s.line); err != nil {
			return nil, guardProblem(s.where.File, err)
		}
		return nil, io.EOF
	}
	s.line++
	cols, err := s.rows.Columns()
	if err != nil {
		p := s.where
		p.Line = s.line
		return nil, &mapping.Problem{Pos: p, Message: lang.T("dòng không đọc được: "+err.Error(), "unreadable row: "+err.Error())}
	}
	if len(cols) > limits.Columns {
		p := s.where
		p.Line = s.line
		return nil, &mapping.Problem{Pos: p,
			Message: lang.T(fmt.Sprintf("một dòng có %d ô, vượt %d cột của Excel (docs/limits.md)", len(cols), limits.Columns), fmt.Sprintf("%d cells on one row, over Excel's %d columns (docs/limits.md)", len(cols), limits.Columns))}
	}
	return cols, nil
}

func (s *xlsxSource) Line() int          { return s.line }
func (s *xlsxSource) Where() mapping.Pos { return s.where }

func (s *xlsxSource) Close() error {
	if s.rows != nil {
		s.rows.Close()
	}
	s.file.Close()
	return s.f.Close()
}

// declaredRows returns the last row of a sheet's declared dimension, or 0
// when it has none or cannot be read.
func declaredRows(path, sheet string) int {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	if sheet == "" {
		if l := f.GetSheetList(); len(l) > 0 {
			sheet = l[0]
		}
	}
	dim, err := f.GetSheetDimension(sheet)
	if err != nil {
		return 0
	}
	_, last, _ := strings.Cut(dim, ":")
	if last == "" {
		return 0
	}
	_, row, err := excelize.CellNameToCoordinates(last)
	if err != nil {
		return 0
	}
	return row
}

type xlsxSink struct {
	w     io.Writer
	f     *excelize.File
	sw    *excelize.StreamWriter
	sheet string
	rows  int
	row   int
	vals  []any
}

// newXLSXSink starts a workbook with one sheet streamed row by row. rows is
// the number of rows to come (header included) and cols the row width, for
// the sheet's dimension (0 leaves excelize's default).
func newXLSXSink(w io.Writer, sheet string, rows, cols int) (*xlsxSink, error) {
	f := excelize.NewFile()
	// The fastest deflate: a converted file is written once and read by
	// people, not archived; it writes faster for a somewhat larger file.
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
	if sheet == "" {
		sheet = "Sheet1"
	}
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			f.Close()
			return nil, err
		}
	}
	if rows > 0 && cols > 0 {
		last, err := excelize.CoordinatesToCellName(cols, rows)
		if err != nil {
			f.Close()
			return nil, err
		}
		// Before the stream writer is made: it copies the worksheet's
		// start, dimension included, and readers that trust the dimension
		// (openpyxl read-only, BI tools) would otherwise see one row.
		if err := f.SetSheetDimension(sheet, "A1:"+last); err != nil {
			f.Close()
			return nil, err
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		f.Close()
		return nil, err
	}
	return &xlsxSink{w: w, f: f, sw: sw, sheet: sheet}, nil
}

func (s *xlsxSink) Write(row []string, codeCols []bool) error {
	s.row++
	if cap(s.vals) < len(row) {
		s.vals = make([]any, len(row))
	}
	vals := s.vals[:len(row)]
	for i, v := range row {
		switch {
		case v == "":
			vals[i] = nil
		case s.row == 1 || (i < len(codeCols) && codeCols[i]):
			vals[i] = v // headers and codes stay text: 01 must stay 01
		default:
			vals[i] = cellValue(v)
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, s.row)
	if err != nil {
		return err
	}
	return s.sw.SetRow(cell, vals)
}

// cellValue writes a plain number back as a number, so that numeric columns
// stay numeric, and anything else (text, numbers with leading zeros such as
// phone numbers, text starting with "=") as text, never as a formula.
func cellValue(v string) any {
	c := v[0]
	if !(c >= '0' && c <= '9' || c == '-' && len(v) > 1 && v[1] >= '0' && v[1] <= '9') || len(v) > 15 {
		return v
	}
	d := v
	if d[0] == '-' {
		d = d[1:]
	}
	if len(d) > 1 && d[0] == '0' && d[1] != '.' {
		return v
	}
	for i := 0; i < len(d); i++ {
		if !(d[i] >= '0' && d[i] <= '9') {
			// Only a number that Excel shows back as written: 1.5 yes,
			// 1.50 or 12E3 stay text (as numbers they would show 1.5
			// and 12000).
			if f, err := strconv.ParseFloat(v, 64); err == nil && strconv.FormatFloat(f, 'f', -1, 64) == v {
				return f
			}
			return v
		}
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n
	}
	return v
}

func (s *xlsxSink) Close() error {
	defer s.f.Close()
	if err := s.sw.Flush(); err != nil {
		return err
	}
	return s.f.Write(s.w)
}

// XLSXOptions locate an XLSX input and size an XLSX output.
type XLSXOptions struct {
	// Rows is the number of rows the output will have (header included),
	// for its dimension; File counts them. 0 leaves the dimension unset.
	Rows int
	// Sheet names the output sheet; the input's sheet name, else Sheet1.
	Sheet string
}

// XLSXToCSV converts the XLSX workbook at path into a CSV stream (comma,
// UTF-8 with a BOM so that Excel shows Vietnamese correctly).
func (rc *Recoder) XLSXToCSV(ctx context.Context, path string, out io.Writer, opts Options) (*Summary, error) {
	src, err := openXLSX(path, opts.Sheet)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := newCSVSink(out, CSVFormat{Comma: ',', BOM: true, CRLF: true})
	if err != nil {
		return nil, err
	}
	opts.Name = nameOr(opts.Name, path)
	src.where.File = opts.Name
	sum, err := rc.run(ctx, src, dst, opts)
	if sum != nil {
		sum.Format = "csv"
		sum.OtherSheets = src.other
	}
	return sum, err
}

// XLSX converts the XLSX workbook at path into an XLSX workbook written to
// out: the same sheet name, codes as text, plain numbers as numbers, the
// header row frozen.
func (rc *Recoder) XLSX(ctx context.Context, path string, out io.Writer, opts Options, xo XLSXOptions) (*Summary, error) {
	src, err := openXLSX(path, opts.Sheet)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	opts.Name = nameOr(opts.Name, path)
	src.where.File = opts.Name
	sum, err := rc.toXLSX(ctx, src, out, opts, xo, nameOr(xo.Sheet, src.where.Sheet))
	if sum != nil {
		sum.OtherSheets = src.other
	}
	return sum, err
}

// CSVToXLSX converts a CSV stream into an XLSX workbook written to out.
func (rc *Recoder) CSVToXLSX(ctx context.Context, in io.Reader, out io.Writer, opts Options, xo XLSXOptions) (*Summary, error) {
	src, _, err := newCSVSource(in, nameOr(opts.Name, "input.csv"))
	if err != nil {
		return nil, err
	}
	return rc.toXLSX(ctx, src, out, opts, xo, nameOr(xo.Sheet, "Sheet1"))
}

func (rc *Recoder) toXLSX(ctx context.Context, src source, out io.Writer, opts Options, xo XLSXOptions, sheet string) (*Summary, error) {
	// The width is known only after the header; the sink is created lazily
	// on the first row so that the dimension can be set before it.
	lz := &lazyXLSX{w: out, sheet: sheet, rows: xo.Rows, where: src.Where()}
	sum, err := rc.run(ctx, src, lz, opts)
	if err != nil {
		lz.abort()
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	sum.Format = "xlsx"
	return sum, nil
}

type lazyXLSX struct {
	w       io.Writer
	sheet   string
	rows    int
	where   mapping.Pos // the input, for problems
	written int         // rows written
	s       *xlsxSink
}

func (l *lazyXLSX) Write(row []string, codeCols []bool, line int) error {
	// A row the sheet cannot hold is the input's problem, named by its
	// line, before excelize refuses it with no file named.
	if p := sheetOverflow(l.where, line, l.written+1, len(row)); p != nil {
		return p
	}
	l.written++
	if l.s == nil {
		s, err := newXLSXSink(l.w, l.sheet, l.rows, len(row))
		if err != nil {
			return err
		}
		l.s = s
	}
	return l.s.Write(row, codeCols)
}

// sheetOverflow returns the problem of an XLSX output whose row n (1-based,
// the header being 1) of width cols, from line of the input at where,
// does not fit in a sheet: more than Excel's rows or columns. CSV output
// has no such bounds, and the problem says so; nil when the row fits.
func sheetOverflow(where mapping.Pos, line, n, cols int) *mapping.Problem {
	p := &mapping.Problem{Pos: where}
	p.Pos.Line = line
	switch {
	case n > limits.Rows:
		p.Message = lang.T(
			fmt.Sprintf("dòng này sẽ là dòng %d của tệp ra, mà một trang XLSX chỉ chứa tối đa %d dòng, kể cả dòng tiêu đề (docs/limits.md): hãy chuyển đổi sang CSV (--out TỆP.csv hoặc --format csv), định dạng không có giới hạn này, hoặc chia tệp vào", n, limits.Rows),
			fmt.Sprintf("this row would be row %d of the output, and an XLSX sheet holds at most %d rows, the header included (docs/limits.md): convert to CSV instead (--out FILE.csv or --format csv), which has no such limit, or split the input", n, limits.Rows))
	case cols > limits.Columns:
		p.Message = lang.T(
			fmt.Sprintf("tệp ra sẽ có %d cột (%d cột của tệp vào và %d cột recode thêm), mà một trang XLSX chỉ chứa tối đa %d cột (docs/limits.md): hãy chuyển đổi sang CSV (--out TỆP.csv hoặc --format csv), định dạng không có giới hạn này", cols, cols-len(headersVI), len(headersVI), limits.Columns),
			fmt.Sprintf("the output would have %d columns (the input's %d and the %d recode adds), and an XLSX sheet holds at most %d columns (docs/limits.md): convert to CSV instead (--out FILE.csv or --format csv), which has no such limit", cols, cols-len(headersVI), len(headersVI), limits.Columns))
	default:
		return nil
	}
	return p
}

func (l *lazyXLSX) Close() error {
	if l.s == nil {
		return nil
	}
	return l.s.Close()
}

func (l *lazyXLSX) abort() {
	if l.s != nil {
		l.s.f.Close()
	}
}
