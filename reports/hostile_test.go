package reports

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/internal/xlsxtest"
)

// smallWorkbook writes the workbook of new province 08 of smallPlan into a
// new folder, and returns the folder, the workbook's path and its bytes.
func smallWorkbook(t *testing.T) (dir, path string, data []byte) {
	t.Helper()
	p := smallPlan(t)
	dir = t.TempDir()
	path, err := WriteProvince(context.Background(), dir, p, builtin(t), "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	if data, err = os.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	return dir, path, data
}

// TestReadDecisionsHostileFiles: a workbook given to apply that is cut
// short, broken, encrypted, a zip bomb or larger than the limit is a
// problem naming the file (and sheet), never fewer decisions read, a crash
// or a machine out of memory.
func TestReadDecisionsHostileFiles(t *testing.T) {
	dir, _, data := smallWorkbook(t)
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

// TestEverySheetApplyReadsIsReadWhole: every sheet apply reads — the data
// sheets and each part of a split list, the summary, the identity sheet —
// is read whole or refused: a sheet cut short, broken, or with a row
// numbered past a sheet is a problem naming the file and that sheet
// (exit 3), never fewer rows compared (a read-only cell changed past the
// damage would go unseen) nor an internal error.
func TestEverySheetApplyReadsIsReadWhole(t *testing.T) {
	withSheetRows(t, len(smallPlan(t).Elements)) // the flags and units continue on further sheets
	_, src, data := smallWorkbook(t)
	if fl, probs, err := ReadDecisions(src); fl == nil || len(probs) > 0 || err != nil {
		t.Fatalf("the workbook as written: %v %v", probs, err)
	}
	sheets := []string{shSummary.vi, shUnits.vi, partName(shUnits.vi, 2), shSystems.vi, shFlags.vi, partName(shFlags.vi, 2),
		shIntegrations.vi, shData.vi, SheetIdentity}
	edits := []struct {
		name, want string
		edit       func([]byte) []byte
	}{
		{"cut after row 2", "damaged", xlsxtest.CutAfterRow(2)},
		{"broken in row 2", "damaged", xlsxtest.BreakRow(2)},
		{"its last row numbered past a sheet", "", lastRowPastASheet},
	}
	for _, sheet := range sheets {
		part := xlsxtest.SheetPart(t, data, sheet)
		for _, e := range edits {
			t.Run(sheet+", "+e.name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "damaged.xlsx")
				if err := os.WriteFile(path, xlsxtest.Rewrite(t, data, part, e.edit), 0o644); err != nil {
					t.Fatal(err)
				}
				fl, probs, err := ReadDecisions(path)
				if err != nil || fl != nil || len(probs) != 1 {
					t.Fatalf("read %v, problems %v, error %v; want one problem", fl != nil, probs, err)
				}
				pr := probs[0]
				if pr.Pos.File != path || pr.Pos.Sheet != sheet || pr.Pos.Line < 1 || !strings.Contains(pr.Message.EN, e.want) || pr.Message.VI == "" {
					t.Errorf("problem %+v, want %q naming %s, sheet %q and a row", pr, e.want, path, sheet)
				}
			})
		}
	}
}

// lastRowPastASheet renumbers a sheet's last row element (and its cells)
// to the row after Excel's last.
func lastRowPastASheet(b []byte) []byte {
	i := bytes.LastIndex(b, []byte("<row "))
	j := bytes.Index(b[i:], []byte("</row>"))
	if i < 0 || j < 0 {
		return b
	}
	row := b[i : i+j]
	n := regexp.MustCompile(`<row r="(\d+)"`).FindSubmatch(row)
	if n == nil {
		return b
	}
	past := strconv.Itoa(limits.Rows + 1)
	row = regexp.MustCompile(`(<c r="[A-Z]+)`+string(n[1])+`"`).ReplaceAll(row, []byte("${1}"+past+`"`))
	row = bytes.Replace(row, n[0], []byte(`<row r="`+past+`"`), 1)
	out := append([]byte{}, b[:i]...)
	out = append(out, row...)
	return append(out, b[i+j:]...)
}
