package reports

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/internal/xlsxtest"
)

// TestReadDecisionsHostileFiles: a workbook given to apply that is cut
// short, broken, encrypted, a zip bomb or larger than the limit is a
// problem naming the file (and sheet), never fewer decisions read, a crash
// or a machine out of memory.
func TestReadDecisionsHostileFiles(t *testing.T) {
	p := smallPlan(t)
	dir := t.TempDir()
	src, err := WriteProvince(context.Background(), dir, p, builtin(t), "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	part := xlsxtest.SheetPart(t, data, shSystems.vi)
	huge := filepath.Join(dir, "huge.xlsx")
	f, _ := os.Create(huge)
	f.Truncate(limits.FileBytes + 1) // sparse: nothing written, nothing read
	f.Close()
	cases := []struct {
		name, want, sheet string
		data              []byte
		path              string
	}{
		{"cut after row 2", "damaged", shSystems.vi, xlsxtest.Rewrite(t, data, part, xlsxtest.CutAfterRow(2)), ""},
		{"cut after the header", "damaged", shSystems.vi, xlsxtest.Rewrite(t, data, part, xlsxtest.CutAfterRow(1)), ""},
		{"broken in row 2", "damaged", shSystems.vi, xlsxtest.Rewrite(t, data, part, xlsxtest.BreakRow(2)), ""},
		{"encrypted", "password-protected", "", xlsxtest.Encrypted(t, shSystems.vi, [][]string{{"Khoá"}}), ""},
		{"a zip bomb", "over the limit", "", xlsxtest.Bomb(t, []string{shSystems.vi}, 1<<30), ""},
		{"larger than the limit", "over the limit", "", nil, huge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := c.path
			if path == "" {
				path = filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".xlsx")
				if err := os.WriteFile(path, c.data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			fl, probs, err := ReadDecisions(path)
			if err != nil || fl != nil || len(probs) != 1 {
				t.Fatalf("read %v, problems %v, error %v; want one problem", fl, probs, err)
			}
			pr := probs[0]
			if pr.Pos.File != path || pr.Pos.Sheet != c.sheet || !strings.Contains(pr.Message.EN, c.want) || pr.Message.VI == "" {
				t.Errorf("problem %+v, want %q in %s, sheet %q", pr, c.want, path, c.sheet)
			}
		})
	}
}
