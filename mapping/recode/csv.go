package recode

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/ndta-vn/archmerge/internal/crlines"
	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/mapping"
)

// CSVFormat describes the dialect of a CSV file: separator, BOM and line
// ending. Output keeps the input's dialect.
type CSVFormat struct {
	Comma rune
	BOM   bool
	CRLF  bool
	// CR: lines end with a carriage return alone (read as line ends; the
	// output ends lines with LF, or CRLF as CRLF says).
	CR bool
}

// sniffCSV reads the dialect from the start of the file: a UTF-8 BOM, the
// separator (comma or semicolon, whichever the header line has more of
// outside quotes; comma on a tie) and the line ending.
func sniffCSV(br *bufio.Reader) (CSVFormat, error) {
	f := CSVFormat{Comma: ','}
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\ufeff")) {
		f.BOM = true
		_, _ = br.Discard(3)
	}
	head, err := br.Peek(br.Size())
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return f, err
	}
	var commas, semis int
	quoted := false
	for i, c := range head {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			commas++
		case c == ';':
			semis++
		case c == '\n':
			f.CRLF = i > 0 && head[i-1] == '\r'
			if semis > commas {
				f.Comma = ';'
			}
			return f, nil
		}
	}
	if semis > commas {
		f.Comma = ';'
	}
	return f, nil
}

type csvSource struct {
	cr    *csv.Reader
	lim   *recordLimit
	where mapping.Pos
	line  int
	width int
}

// errRecordTooLong stops a record longer than limits.RecordBytes.
var errRecordTooLong = errors.New("record too long")

// recordLimit feeds the CSV reader and fails once the record being read
// (the bytes given since the end of the last record read whole) exceeds
// limits.RecordBytes, so that a file without line ends (or /dev/zero) is
// refused with its line instead of being read into memory whole.
type recordLimit struct {
	r    io.Reader
	read int64 // bytes given to the CSV reader
	base int64 // where the record being read starts
}

func (l *recordLimit) Read(p []byte) (int, error) {
	// The CSV reader buffers ahead: allow one buffer beyond the record.
	if l.read-l.base > limits.RecordBytes+64<<10 {
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

func newCSVSource(r io.Reader, name string) (*csvSource, CSVFormat, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	f, err := sniffCSV(br)
	if err != nil {
		return nil, f, fmt.Errorf("read %s: %w", name, err)
	}
	var src io.Reader = br
	if head, _ := br.Peek(br.Size()); crlines.Only(head) {
		// Lines ended by CR alone (Excel for Mac's "CSV (Macintosh)"),
		// which encoding/csv reads as one long line.
		src = crlines.Reader{R: br}
		f.CR = true
	}
	lim := &recordLimit{r: src}
	cr := csv.NewReader(lim)
	cr.Comma = f.Comma
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1 // counted against the header below, not the first line
	return &csvSource{cr: cr, lim: lim, where: mapping.Pos{File: name}}, f, nil
}

func (s *csvSource) Read() ([]string, error) {
	rec, err := s.cr.Read()
	if err == nil {
		s.lim.base = s.cr.InputOffset()
		if len(rec) > limits.Columns {
			p := s.where
			p.Line, _ = s.cr.FieldPos(0)
			return nil, &mapping.Problem{Pos: p,
				Message: lang.T(fmt.Sprintf("một dòng có %d trường, vượt giới hạn %d (docs/limits.md): tệp dữ liệu chỉ được có tối đa số cột của Excel", len(rec), limits.Columns), fmt.Sprintf("%d fields on one line, over the limit of %d (docs/limits.md): expected a data file of at most Excel's columns", len(rec), limits.Columns))}
		}
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		if errors.Is(err, errRecordTooLong) {
			p := s.where
			p.Line = s.line + 1
			return nil, &mapping.Problem{Pos: p,
				Message: lang.T(fmt.Sprintf("một dòng (hoặc một giá trị trong ngoặc kép kéo qua nhiều dòng) dài quá %d MiB, giới hạn của một bản ghi (docs/limits.md): cần tệp CSV có ký tự xuống dòng và ngoặc kép được đóng", limits.RecordBytes>>20), fmt.Sprintf("a line (or a quoted value spanning lines) longer than %d MiB, the limit of one record (docs/limits.md): expected a CSV file with line ends, its quotes closed", limits.RecordBytes>>20))}
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			p := s.where
			p.Line = pe.Line
			col := fmt.Sprintf("%d", pe.Column)
			return nil, &mapping.Problem{Pos: p, Column: col,
				Message: lang.T("CSV không đọc được ("+pe.Err.Error()+"): dấu ngoặc kép chỉ được bao cả giá trị, và nhân đôi khi nằm bên trong", "unreadable CSV ("+pe.Err.Error()+"): expected quotes only around whole values, doubled inside them")}
		}
		return nil, fmt.Errorf("read %s: %w", s.where.File, err)
	}
	s.line, _ = s.cr.FieldPos(0)
	switch {
	case s.width == 0 && blankRow(rec):
		// A blank line above the header (",,,"): whatever its fields,
		// it is not the header.
	case s.width == 0:
		s.width = len(rec)
	case len(rec) != s.width:
		p := s.where
		p.Line = s.line
		// The column is the first one too many, or the first missing.
		col := columnName(min(len(rec), s.width))
		return nil, &mapping.Problem{Pos: p, Column: col,
			Message: lang.T(fmt.Sprintf("có %d trường: cần %d như dòng tiêu đề (dấu phân cách trong một giá trị phải nằm trong ngoặc kép)", len(rec), s.width), fmt.Sprintf("%d fields: expected %d, as in the header (a separator inside a value must be quoted)", len(rec), s.width))}
	}
	return rec, nil
}

func (s *csvSource) Line() int          { return s.line }
func (s *csvSource) Where() mapping.Pos { return s.where }

type csvSink struct {
	bw *bufio.Writer
	cw *csv.Writer
}

func newCSVSink(w io.Writer, f CSVFormat) (*csvSink, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if f.BOM {
		if _, err := bw.WriteString("\ufeff"); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(bw)
	if f.Comma != 0 {
		cw.Comma = f.Comma
	}
	cw.UseCRLF = f.CRLF
	return &csvSink{bw: bw, cw: cw}, nil
}

func (s *csvSink) Write(row []string, _ []bool, _ int) error { return s.cw.Write(row) }

func (s *csvSink) Close() error {
	s.cw.Flush()
	if err := s.cw.Error(); err != nil {
		return err
	}
	return s.bw.Flush()
}

// CSV converts a CSV stream into a CSV stream of the same dialect. name is
// the input's name in messages. Nothing is held in memory but the current
// row and a sample of the first rows.
func (rc *Recoder) CSV(ctx context.Context, in io.Reader, out io.Writer, opts Options) (*Summary, error) {
	src, f, err := newCSVSource(in, nameOr(opts.Name, "input.csv"))
	if err != nil {
		return nil, err
	}
	dst, err := newCSVSink(out, f)
	if err != nil {
		return nil, err
	}
	sum, err := rc.run(ctx, src, dst, opts)
	if sum != nil {
		sum.Format = "csv"
	}
	return sum, err
}

func nameOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
