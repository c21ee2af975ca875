package inventory

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/internal/xlsxtest"
)

// readAllPaths reads inventories as import does and returns the result.
func readAllPaths(t *testing.T, paths ...string) *Result {
	t.Helper()
	res, err := ReadPaths(context.Background(), paths, builtin(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// wantProblem asserts that the read was refused, by a problem naming the
// file (and sheet) and saying want, and that nothing was read from it.
func wantProblem(t *testing.T, res *Result, file, sheet, want string) {
	t.Helper()
	for _, p := range res.Problems {
		if p.Pos.File == file && (sheet == "" || p.Pos.Sheet == sheet) && strings.Contains(p.Message.EN, want) && p.Message.VI != "" {
			return
		}
	}
	t.Fatalf("problems %v; want one naming %s (sheet %q): %q", res.Problems, file, sheet, want)
}

// inventoryWorkbook writes the good inventory as a workbook and returns its
// bytes.
func inventoryWorkbook(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "inv.xlsx")
	inv := readCSVString(t, goodElements, goodRelations)
	if len(inv.Problems) > 0 {
		t.Fatal(inv.Problems)
	}
	// Enough rows that a cut after row 60 of 100 has rows after it.
	for i := range 100 {
		e := inv.Elements[0]
		e.ID = fmt.Sprintf("APP%03d", i)
		inv.Elements = append(inv.Elements, e)
	}
	if err := WriteXLSX(path, &inv.Inventory); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHostileWorkbooks: a zip bomb, an encrypted workbook, a sheet cut
// short or broken, a value, a row or a sheet over Excel's limits: each is
// a problem naming the file (and the sheet), never a crash, a machine out
// of memory, or a shorter inventory.
func TestHostileWorkbooks(t *testing.T) {
	dir := t.TempDir()
	good := inventoryWorkbook(t)
	part := xlsxtest.SheetPart(t, good, SheetElements)
	head := xlsxtest.SheetHead + `<row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>unit_code</t></is></c></row>`
	cases := []struct {
		name, sheet, want string
		data              []byte
	}{
		{"a zip bomb", "", "over the limit", xlsxtest.Bomb(t, []string{SheetElements}, 1<<30)},
		{"encrypted", "", "password-protected", xlsxtest.Encrypted(t, SheetElements, [][]string{{"id", "unit_code"}, {"A", "02"}})},
		{"cut after row 60 of 100", SheetElements, "damaged", xlsxtest.Rewrite(t, good, part, xlsxtest.CutAfterRow(60))},
		{"cut just after the header", SheetElements, "damaged", xlsxtest.Rewrite(t, good, part, xlsxtest.CutAfterRow(1))},
		{"broken in row 30", SheetElements, "damaged", xlsxtest.Rewrite(t, good, part, xlsxtest.BreakRow(30))},
		{"a string longer than a cell", SheetElements, "characters, over the 32767", xlsxtest.WithSheet(t, SheetElements,
			[]byte(head+`<row><c t="inlineStr"><is><t>`+strings.Repeat("ă", limits.CellChars+1)+`</t></is></c></row>`+xlsxtest.SheetTail))},
		{"more cells than columns", SheetElements, "over Excel's 16384 columns", xlsxtest.WithSheet(t, SheetElements,
			[]byte(head+"<row>"+strings.Repeat("<c><v>1</v></c>", limits.Columns+1)+"</row>"+xlsxtest.SheetTail))},
		{"more rows than a sheet", SheetElements, "over Excel's 1048576 rows", xlsxtest.Bomb(t, []string{SheetElements}, 7<<20)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if len(c.data) > 8<<20 {
				t.Fatalf("the test workbook is %d bytes: keep it small", len(c.data))
			}
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".xlsx")
			if err := os.WriteFile(path, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			res := readAllPaths(t, path)
			wantProblem(t, res, path, c.sheet, c.want)
		})
	}
}

// TestHostileFiles: what is not a regular file, or is too large, is refused
// by its metadata, named, without being read (a named pipe would block);
// CSV and JSON values over a cell's length are refused by cell; CR-only
// CSV reads; a symbolic link to a folder is followed, one to nothing named.
func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.json")
	f, _ := os.Create(huge)
	f.Truncate(limits.FileBytes + 1) // sparse: nothing is written or read
	f.Close()
	t.Run("larger than the limit", func(t *testing.T) {
		wantProblem(t, readAllPaths(t, huge), huge, "", "over the limit of 256 MiB")
	})
	long := strings.Repeat("x", limits.CellChars+1)
	t.Run("a CSV field longer than a cell", func(t *testing.T) {
		res := readCSVString(t, elemHeader+"A,02,application,"+long+",,,,,,,,,\n", "")
		if len(res.Problems) != 1 || res.Problems[0].Column != "name" || !strings.Contains(res.Problems[0].Message.EN, "over the 32767") {
			t.Errorf("problems %v", res.Problems)
		}
	})
	t.Run("a JSON value longer than a cell", func(t *testing.T) {
		js := `{"elements": [{"id": "A", "unit_code": "02", "kind": "application", "name": "` + long + `"}]}`
		res, err := ReadJSON("inv.json", strings.NewReader(js), builtin(t), nil)
		if err != nil || len(res.Problems) != 1 || res.Problems[0].Column != "name" {
			t.Errorf("problems %v, %v", res, err)
		}
	})
	t.Run("CR-only lines", func(t *testing.T) {
		crOnly := strings.ReplaceAll(goodElements, "\n", "\r")
		res := readCSVString(t, crOnly, strings.ReplaceAll(goodRelations, "\n", "\r"))
		if len(res.Problems) > 0 || len(res.Elements) != 4 || len(res.Relations) == 0 {
			t.Errorf("CR-only: %d elements, %d relations, problems %v", len(res.Elements), len(res.Relations), res.Problems)
		}
	})
	t.Run("control characters in ids and keys", func(t *testing.T) {
		for _, id := range []string{"A\x00B", "A\x1b[31mB", "A\u200bB", "A\nB"} {
			res := readCSVString(t, elemHeader+"\""+id+"\",02,application,Tên,,,,,,,,,\n", "")
			if len(res.Problems) != 1 || res.Problems[0].Column != "id" || !strings.Contains(res.Problems[0].Message.EN, "printable") {
				t.Errorf("id %q: %v", id, res.Problems)
			}
		}
		res := readCSVString(t, goodElements, "from,to,kind\n02/KTTTHC,\"024/POR\x07TAL\",integrates\n")
		if len(res.Problems) != 1 || res.Problems[0].Column != "to" {
			t.Errorf("a key with a control character: %v", res.Problems)
		}
	})
	t.Run("linked folders", func(t *testing.T) {
		root := filepath.Join(dir, "inventories")
		real := filepath.Join(dir, "elsewhere", "ha-giang")
		os.MkdirAll(real, 0o755)
		os.MkdirAll(root, 0o755)
		os.WriteFile(filepath.Join(real, "elements.csv"), []byte(goodElements), 0o644)
		os.WriteFile(filepath.Join(real, "relations.csv"), []byte(goodRelations), 0o644)
		if err := os.Symlink(real, filepath.Join(root, "02-ha-giang")); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
		os.Symlink(".", filepath.Join(root, "loop")) // the folder itself: walked once
		res := readAllPaths(t, root)
		if len(res.Problems) > 0 || len(res.Elements) != 4 {
			t.Fatalf("a linked folder: %d elements, problems %v", len(res.Elements), res.Problems)
		}
		dangling := filepath.Join(root, "gone")
		os.Symlink(filepath.Join(dir, "nothing"), dangling)
		wantProblem(t, readAllPaths(t, root), dangling, "", "link to nothing")
	})
}

// TestFormulasWithoutSavedValues: a cell holding a formula whose value was
// never saved (a file written by a script) would read as empty; it is a
// problem naming the file, sheet, row and column, on either sheet and in
// any column read. A formula with its value saved reads as that value.
func TestFormulasWithoutSavedValues(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.xlsx")
	if err := os.WriteFile(base, inventoryWorkbook(t), 0o644); err != nil {
		t.Fatal(err)
	}
	// column returns the letter of a sheet's column headed name.
	column := func(t *testing.T, f *excelize.File, sheet, name string) string {
		t.Helper()
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) == 0 {
			t.Fatalf("sheet %s: %v", sheet, err)
		}
		for j, h := range rows[0] {
			if h == name {
				return limits.ColumnName(j + 1)
			}
		}
		t.Fatalf("sheet %s has no column %s: %q", sheet, name, rows[0])
		return ""
	}
	cases := []struct {
		name          string
		sheet, header string // where the formula goes: under header, or in a new column so headed ("" for none)
		newColumn     bool
		saved         string // the value saved with it, if any
		wantColumn    string // the problem's column; "" for no problem
	}{
		{"an element's owner", wrSheetElements, "owner", false, "", "owner"},
		{"a relation's kind", wrSheetRelations, "kind", false, "", "kind"},
		{"a column the inventory does not know", wrSheetElements, "ghi_chu", true, "", "ghi_chu"},
		{"a column without a header", wrSheetElements, "", true, "", ""},
		{"an element's owner, its value saved", wrSheetElements, "owner", false, "Sở Tài chính", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := excelize.OpenFile(base)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			col := ""
			if c.newColumn {
				cols, _ := f.GetCols(c.sheet)
				col = limits.ColumnName(len(cols) + 1)
				if c.header != "" {
					f.SetCellStr(c.sheet, col+"1", c.header)
				}
			} else {
				col = column(t, f, c.sheet, c.header)
			}
			if err := f.SetCellFormula(c.sheet, col+"3", `"Sở "&"Tài chính"`); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".xlsx")
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			if c.saved != "" {
				// The value after the formula, as a spreadsheet program
				// that computed it saves it.
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				cell := regexp.MustCompile(`(<c r="` + col + `3"[^>]*><f>[^<]*</f>)(</c>)`)
				data = xlsxtest.Rewrite(t, data, xlsxtest.SheetPart(t, data, c.sheet), func(b []byte) []byte {
					if !cell.Match(b) {
						t.Fatalf("no formula cell %s3 in %s", col, b)
					}
					return cell.ReplaceAll(b, []byte("${1}<v>"+c.saved+"</v>${2}"))
				})
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := readAllPaths(t, path)
			if c.saved != "" {
				if len(res.Problems) > 0 {
					t.Fatalf("problems %v", res.Problems)
				}
				if got := res.Elements[1].Owner; got != c.saved {
					t.Errorf("the owner read %q, want the saved value %q", got, c.saved)
				}
				return
			}
			want := c.wantColumn
			if want == "" {
				want = col
			}
			if len(res.Problems) != 1 {
				t.Fatalf("problems %v, want one", res.Problems)
			}
			p := res.Problems[0]
			if p.Pos.File != path || p.Pos.Sheet != c.sheet || p.Pos.Line != 3 || p.Column != want || p.Value != `="Sở "&"Tài chính"` ||
				!strings.Contains(p.Message.EN, "no saved value") || !strings.Contains(p.Message.VI, "công thức") {
				t.Errorf("problem %+v, want %s, sheet %s, row 3, column %s", p, path, c.sheet, want)
			}
		})
	}
}
