package recode

import (
	"context"
	"errors"
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
