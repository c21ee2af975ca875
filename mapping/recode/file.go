package recode

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/internal/outfile"
	"github.com/ndta-vn/archmerge/mapping"
)

// FormatOf returns the file format a path names by its extension: "xlsx"
// for .xlsx and .xlsm, "csv" otherwise.
func FormatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return "xlsx"
	}
	return "csv"
}

// File converts the file at in into the file at out, in the format given
// ("csv" or "xlsx"; "" takes it from out's extension). The input is never
// modified and out may not be the input; out is written to a temporary file
// in its folder and renamed into place only when every row has been
// converted, so an error or a cancellation leaves nothing behind.
func (rc *Recoder) File(ctx context.Context, in, out, format string, opts Options) (*Summary, error) {
	if format == "" {
		format = FormatOf(out)
	}
	if format != "csv" && format != "xlsx" {
		return nil, &UsageError{Msg: fmt.Sprintf("format %q: expected csv or xlsx", format), MsgVI: fmt.Sprintf("định dạng %q: cần csv hoặc xlsx", format)}
	}
	if same(in, out) {
		return nil, &UsageError{Msg: fmt.Sprintf("--out %s is the input: the input is never modified, choose another file", out),
			MsgVI: fmt.Sprintf("--out %s là chính tệp vào: tệp vào không bao giờ bị sửa, hãy chọn tệp khác", out)}
	}
	if err := checkInput(in); err != nil {
		return nil, err
	}
	// Refused before the input is read: a device, a pipe or a folder at
	// out would otherwise be found only when the conversion is done.
	if _, err := outfile.Resolve(out); err != nil {
		return nil, err
	}
	if st, err := os.Stat(filepath.Dir(out)); err != nil || !st.IsDir() {
		dir := filepath.Dir(out)
		return nil, &UsageError{Msg: fmt.Sprintf("--out %s: the folder %s does not exist: create it first", out, dir),
			MsgVI: fmt.Sprintf("--out %s: thư mục %s không tồn tại: hãy tạo thư mục trước", out, dir)}
	}
	opts.Name = nameOr(opts.Name, in)
	inXLSX := FormatOf(in) == "xlsx"
	if inXLSX {
		// Before anything opens it whole: an encrypted workbook or a zip
		// bomb is refused by its directory.
		if err := checkWorkbook(in); err != nil {
			return nil, err
		}
	}

	rows := 0
	if format == "xlsx" {
		// The dimension must be written before the rows. An XLSX input
		// declares its own, checked after the conversion; otherwise the
		// rows are counted first.
		if inXLSX {
			rows = declaredRows(in, opts.Sheet)
		}
		if rows > limits.Rows {
			rows = 0 // no sheet holds it: counted, to name the row
		}
		if rows == 0 {
			n, err := countRows(in, opts.Name, inXLSX, opts.Sheet)
			if err != nil {
				return nil, err
			}
			rows = n
		}
	}
	sum, tmp, err := rc.convert(ctx, in, inXLSX, out, format, opts, rows)
	if err == nil && format == "xlsx" && sum.Rows+1 != rows {
		// The declared dimension or the count was wrong (or blank rows
		// above the header were skipped): convert again with the rows
		// actually written. Only the second result may take out's place.
		tmp.Abort()
		sum, tmp, err = rc.convert(ctx, in, inXLSX, out, format, opts, sum.Rows+1)
	}
	if err != nil {
		return nil, err
	}
	if err := tmp.Commit(); err != nil {
		return nil, err
	}
	sum.Input, sum.Output, sum.Format = in, out, format
	return sum, nil
}

// convert writes the conversion to a temporary file beside out
// (outfile.Create), for the caller to commit into place; on failure the
// file is removed.
func (rc *Recoder) convert(ctx context.Context, in string, inXLSX bool, out, format string, opts Options, rows int) (*Summary, *outfile.File, error) {
	xo := XLSXOptions{Rows: rows}
	tmp, err := outfile.Create(out)
	if err != nil {
		return nil, nil, err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Abort()
		}
	}()
	var sum *Summary
	switch {
	case inXLSX && format == "xlsx":
		sum, err = rc.XLSX(ctx, in, tmp, opts, xo)
	case inXLSX:
		sum, err = rc.XLSXToCSV(ctx, in, tmp, opts)
	default:
		var f *os.File
		if f, err = os.Open(in); err != nil {
			return nil, nil, err
		}
		defer f.Close()
		if format == "xlsx" {
			sum, err = rc.CSVToXLSX(ctx, f, tmp, opts, xo)
		} else {
			sum, err = rc.CSV(ctx, f, tmp, opts)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	ok = true
	return sum, tmp, nil
}

// same reports whether two paths name the same file.
func same(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 == nil && err2 == nil && aa == bb {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// countRows counts the rows an XLSX output of the input at path (name in
// messages) will have, as run writes them: the header (blank rows above it skipped) and
// every row after it. The count stops at the first row a sheet cannot
// hold, with its problem (sheetOverflow). A malformed input stops the
// count; the conversion pass then reports it with its line.
func countRows(path, name string, xlsx bool, sheet string) (int, error) {
	var src source
	if xlsx {
		s, err := openXLSX(path, sheet)
		if err != nil {
			return 0, err
		}
		defer s.Close()
		s.where.File = name
		src = s
	} else {
		f, err := os.Open(path)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		s, _, err := newCSVSource(f, name)
		if err != nil {
			return 0, err
		}
		src = s
	}
	n := 0
	for {
		rec, err := src.Read()
		if err != nil {
			return n, nil
		}
		if n == 0 && blankRow(rec) {
			continue
		}
		n++
		if p := sheetOverflow(src.Where(), src.Line(), n, 0); p != nil {
			return n, p
		}
	}
}

// checkInput refuses an input that is not a regular file (after following
// links) without opening it: a named pipe would block, a device such as
// /dev/zero never ends, and an XLSX output reads the input twice.
func checkInput(in string) error {
	st, err := os.Stat(in)
	if err != nil {
		return err
	}
	if st.Mode().IsRegular() {
		return nil
	}
	what, whatVI := "not a regular file", "không phải tệp thường"
	switch m := st.Mode(); {
	case m.IsDir():
		what, whatVI = "a folder", "một thư mục"
	case m&os.ModeNamedPipe != 0:
		what, whatVI = "a named pipe (FIFO)", "một đường ống có tên (FIFO)"
	case m&os.ModeDevice != 0:
		what, whatVI = "a device", "một thiết bị"
	}
	return &mapping.Problem{Pos: mapping.Pos{File: in},
		Message: lang.T("tệp vào là "+whatVI+": cần một tệp CSV hoặc XLSX thường (không đọc từ thiết bị hay đường ống)", "the input is "+what+": expected a regular CSV or XLSX file (never read from a device or a pipe)")}
}
