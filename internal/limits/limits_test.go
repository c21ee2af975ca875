package limits

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestColumnName(t *testing.T) {
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 702: "ZZ", 703: "AAA", Columns: "XFD", Columns + 1: "XFE"} {
		if got := ColumnName(n); got != want {
			t.Errorf("ColumnName(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestRow(t *testing.T) {
	long := strings.Repeat("ằ", CellChars+1)
	cases := []struct {
		name  string
		line  int
		cells []string
		cell  int // -1: not one cell's
		bad   bool
	}{
		{"within", Rows, []string{"a", strings.Repeat("ằ", CellChars)}, -1, false},
		{"a row too far", Rows + 1, []string{"a"}, -1, true},
		{"too many cells", 2, make([]string, Columns+1), Columns, true},
		{"a value too long", 2, []string{"a", "b", long}, 2, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			en, vi, cell := Row(c.line, c.cells)
			if (en != "") != c.bad || (vi != "") != c.bad || cell != c.cell {
				t.Errorf("Row = %q, %q, %d", en, vi, cell)
			}
		})
	}
}

func TestNotReadable(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.csv")
	os.WriteFile(small, []byte("x"), 0o644)
	// A sparse file: its size is stated, nothing is written or read.
	huge := filepath.Join(dir, "huge.json")
	f, _ := os.Create(huge)
	f.Truncate(FileBytes + 1)
	f.Close()
	for _, c := range []struct {
		path string
		bad  bool
	}{{small, false}, {huge, true}, {dir, true}} {
		st, err := os.Stat(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if en, vi := NotReadable(st); (en != "") != c.bad || (vi != "") != c.bad {
			t.Errorf("%s: %q %q", c.path, en, vi)
		}
	}
}
