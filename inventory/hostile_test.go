package inventory

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
