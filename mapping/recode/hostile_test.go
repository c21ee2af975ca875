package recode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/internal/xlsxtest"
	"github.com/ndta-vn/archmerge/mapping"
)

// endless is a reader of n bytes of c: a file without line ends, or
// /dev/zero, made in the test.
type endless struct {
	c byte
	n int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n)
	for i := range p[:k] {
		p[i] = e.c
	}
	e.n -= k
	return int(k), nil
}

// TestHostileDataFiles: what recode refuses, each as a problem naming the
// file (and its line or sheet), in bounded time and memory.
func TestHostileDataFiles(t *testing.T) {
	rc := newRecoder(t, Options{})
	ctx := context.Background()
	t.Run("a line without end", func(t *testing.T) {
		for _, c := range []byte{'x', 0, '\r'} {
			// The header, then 64 MiB without a line end: only about a
			// record's limit of it is read.
			in := io.MultiReader(strings.NewReader("ma_tinh,ma_xa\n01,"), &endless{c: c, n: 64 << 20})
			counted := &countingReader{r: in}
			_, err := rc.CSV(ctx, counted, io.Discard, Options{Name: "zero.csv"})
			var p *mapping.Problem
			if !errors.As(err, &p) || p.Pos.File != "zero.csv" || p.Pos.Line != 2 || !strings.Contains(p.Message.EN, "MiB") {
				t.Fatalf("byte %q: %v, want a problem at zero.csv line 2", c, err)
			}
			if counted.n > 4*limits.RecordBytes {
				t.Errorf("byte %q: read %d bytes to refuse it", c, counted.n)
			}
		}
	})
	t.Run("too many fields", func(t *testing.T) {
		line := strings.Repeat("a,", limits.Columns) + "a\n"
		_, err := rc.CSV(ctx, strings.NewReader(line+line), io.Discard, Options{Name: "wide.csv"})
		var p *mapping.Problem
		if !errors.As(err, &p) || p.Pos.Line != 1 {
			t.Fatalf("%d fields: %v", limits.Columns+1, err)
		}
	})

	dir := t.TempDir()
	good := filepath.Join(dir, "good.xlsx")
	writeInputXLSX(t, good)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	part := xlsxtest.SheetPart(t, data, "Dữ liệu")
	cases := []struct {
		name, want string
		data       []byte
		sheet      string
	}{
		{"encrypted", "password-protected", xlsxtest.Encrypted(t, "Dữ liệu", [][]string{{"ma_xa"}, {"00001"}}), ""},
		{"a bomb", "over the limit", xlsxtest.Bomb(t, []string{"Dữ liệu"}, limits.DataWorkbookBytes+1<<30), ""},
		{"cut after row 3", "damaged", xlsxtest.Rewrite(t, data, part, xlsxtest.CutAfterRow(3)), "Dữ liệu"},
		{"broken in row 2", "damaged", xlsxtest.Rewrite(t, data, part, xlsxtest.BreakRow(2)), "Dữ liệu"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".xlsx")
			if err := os.WriteFile(in, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, out := range []string{"out.csv", "out.xlsx"} {
				out = filepath.Join(dir, out)
				_, err := rc.File(ctx, in, out, "", Options{})
				var p *mapping.Problem
				if !errors.As(err, &p) || p.Pos.File != in || p.Pos.Sheet != c.sheet || !strings.Contains(p.Message.EN, c.want) {
					t.Fatalf("%s: %v, want a problem naming %s (sheet %q): %s", filepath.Base(out), err, in, c.sheet, c.want)
				}
				if _, err := os.Stat(out); err == nil {
					t.Errorf("%s was written", out)
				}
			}
		})
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestOutputOverASheet: an XLSX output that would hold more rows or
// columns than an Excel sheet is refused before anything is written, as a
// problem naming the input and the line that does not fit, pointing to CSV
// output (which takes the same input). The large inputs are made here.
func TestOutputOverASheet(t *testing.T) {
	rc := newRecoder(t, Options{})
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name string, parts ...string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Join(parts, "")), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rows := func(n int) string { return strings.Repeat("01,a\n", n) }
	wide := func(cols int) string {
		h := make([]string, cols)
		for i := range h {
			h[i] = fmt.Sprintf("c%d", i+1)
		}
		h[0] = "ma_tinh"
		return strings.Join(h, ",") + "\n01" + strings.Repeat(",", cols-1) + "\n"
	}
	cases := []struct {
		name   string
		in     string
		line   int    // of the problem
		want   string // in its English message
		csvToo bool   // the same input converts to CSV
	}{
		{"a row more than a sheet", write("rows.csv", "ma_tinh,ten\n", rows(limits.Rows)), limits.Rows + 1, "at most 1048576 rows", false},
		{"blank rows above the header do not count, the next row does", write("blank-above.csv", ",\n,\n", "ma_tinh,ten\n", rows(limits.Rows)), limits.Rows + 3, "would be row 1048577", false},
		{"a column more than a sheet with recode's six", write("wide.csv", wide(limits.Columns-5)), 1, "at most 16384 columns", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, "out.xlsx")
			_, err := rc.File(ctx, c.in, out, "", Options{})
			var p *mapping.Problem
			if !errors.As(err, &p) || p.Pos.File != c.in || p.Pos.Line != c.line || !strings.Contains(p.Message.EN, c.want) ||
				!strings.Contains(p.Message.EN, "CSV") || !strings.Contains(p.Message.VI, "CSV") {
				t.Fatalf("%v, want a problem at %s line %d saying %q and pointing to CSV", err, c.in, c.line, c.want)
			}
			assertNothingWritten(t, dir, out)
			if c.csvToo {
				sum, err := rc.File(ctx, c.in, filepath.Join(dir, "out.csv"), "", Options{})
				if err != nil || sum.Rows == 0 {
					t.Fatalf("to CSV: %+v %v", sum, err)
				}
			}
		})
	}
	t.Run("a sheet exactly full", func(t *testing.T) {
		// Counted as run writes it: the blank rows above the header are
		// skipped, the header is row 1.
		in := write("full.csv", ",\n,\n", "ma_tinh,ten\n", rows(limits.Rows-1))
		if n, err := countRows(in, in, false, ""); n != limits.Rows || err != nil {
			t.Errorf("%d rows, %v; want %d", n, err, limits.Rows)
		}
		in = write("full-width.csv", wide(limits.Columns-6))
		sum, err := rc.File(ctx, in, filepath.Join(dir, "full-width.xlsx"), "", Options{})
		if err != nil || sum.Rows != 1 {
			t.Fatalf("%d columns with recode's: %+v %v", limits.Columns, sum, err)
		}
	})
	t.Run("a row past a sheet while writing", func(t *testing.T) {
		// The count was not made (CSVToXLSX of a stream) or was wrong:
		// the row that does not fit is refused as it comes.
		l := &lazyXLSX{w: io.Discard, where: mapping.Pos{File: "stream.csv"}, written: limits.Rows}
		err := l.Write([]string{"01"}, nil, 1234567)
		var p *mapping.Problem
		if !errors.As(err, &p) || p.Pos.File != "stream.csv" || p.Pos.Line != 1234567 {
			t.Fatalf("%v", err)
		}
	})
}

// assertNothingWritten checks that out is absent and that dir holds no
// temporary file.
func assertNothingWritten(t *testing.T, dir, out string) {
	t.Helper()
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s was written", out)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
