package mapping

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/xlsxtest"
)

func TestBuiltinValidatesClean(t *testing.T) {
	m := builtinT(t)
	if ps := Validate(m); len(ps) > 0 {
		t.Fatalf("%d problems, first: %v", len(ps), ps[0])
	}
	if len(m.OldUnits) != 10794 || len(m.NewUnits) != 3355 || len(m.Links) != 10634 {
		t.Errorf("counts %d/%d/%d, want 10794/3355/10634", len(m.OldUnits), len(m.NewUnits), len(m.Links))
	}
}

// A small mapping in the CSV format: two old provinces into one, a split
// commune, an abolished district.
const (
	goodOld = `code,name,level,parent_code
01,Tỉnh Một,province,
02,Tỉnh Hai,province,
001,Huyện Một,district,01
002,Huyện Hai,district,02
00001,Xã A,commune,001
00002,Xã B,commune,001
00003,Xã C,commune,002
`
	goodNew = `code,name,level,parent_code
01,Tỉnh Một Hai,province,
00001,Xã A Mới,commune,01
00003,Xã C Mới,commune,01
`
	goodLinks = `old_code,new_code,relation,transfer,resolution,clause
01,01,merge,whole,R/1,
02,01,merge,whole,R/1,
00001,00001,merge,whole,R/2,1
00002,00001,split,partial,R/2,1
00002,00003,split,whole,R/2,2
00003,00003,merge,whole,R/2,2
`
)

func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReadDirGood(t *testing.T) {
	dir := writeDir(t, map[string]string{"old_units.csv": "\ufeff" + goodOld, "new_units.csv": strings.ReplaceAll(goodNew, ",", ";"), "mapping.csv": goodLinks})
	m, probs, err := ReadDir(dir)
	if err != nil || len(probs) > 0 {
		t.Fatalf("err %v, problems %v", err, probs)
	}
	if ps := Validate(m); len(ps) > 0 {
		t.Fatalf("problems: %v", ps)
	}
	if f, _ := m.District("001"); f.NewProvince != "01" || strings.Join(f.NewCommunes, " ") != "00001 00003" {
		t.Errorf("district fate %+v", f)
	}
	a := m.Index().Resolve("Xã B, Huyện Một", Old)
	if a.Status != Resolved || len(a.Matches[0].Successors) != 2 {
		t.Errorf("lookup in a user mapping: %+v", a)
	}
}

// TestValidateDefects names each defect of a broken mapping by file and line.
func TestValidateDefects(t *testing.T) {
	old := goodOld + "00004,Xã D,commune,002\n" + // line 9: maps nowhere
		"0005,Xã E,commune,099\n" // line 10: restored code, unknown parent
	links := goodLinks +
		"00003,00003,merge,whole,R/2,2\n" + // line 8: duplicate pair
		"00009,00001,merge,whole,R/2,1\n" + // line 9: unknown old code
		"00005,00077,merge,whole,R/2,1\n" // line 10: unknown new code
	news := goodNew + "02,Tỉnh Khác,province,\n" + // line 5: no predecessor
		"00099,Xã Khác,commune,02\n" // line 6: no predecessor
	links += "00004,00099,merge,whole,R/2,3\n" // line 11: commune sent to another province
	dir := writeDir(t, map[string]string{"old_units.csv": old, "new_units.csv": news, "mapping.csv": links})
	m, probs, err := ReadDir(dir)
	if err != nil || m == nil {
		t.Fatalf("err %v, problems %v", err, probs)
	}
	if w := probs.Warnings(); len(w) != 1 || w[0].Pos.Line != 10 || w[0].Column != "code" {
		t.Errorf("warnings %v, want the restored code at line 10", w)
	}
	ps := Validate(m)
	want := []struct {
		file string
		line int
		col  string
		text string
	}{
		{"mapping.csv", 8, "new_code", "duplicate pair"},
		{"mapping.csv", 9, "old_code", "unknown code"},
		{"mapping.csv", 10, "new_code", "unknown code"},
		{"mapping.csv", 11, "new_code", "province mismatch"},
		{"new_units.csv", 5, "code", "no predecessor"},
		{"old_units.csv", 10, "parent_code", "unknown parent"},
	}
	for _, w := range want {
		found := false
		for _, p := range ps {
			if filepath.Base(p.Pos.File) == w.file && p.Pos.Line == w.line && p.Column == w.col && strings.Contains(p.Message.EN, w.text) {
				found = true
				if p.Message.VI == "" || !strings.Contains(p.Text("vi"), fmt.Sprintf("dòng %d", w.line)) {
					t.Errorf("no Vietnamese text for %v", p)
				}
			}
		}
		if !found {
			t.Errorf("no %q problem at %s line %d column %s; got:\n%v", w.text, w.file, w.line, w.col, ps)
		}
	}
	// A second broken file: a missing old unit is named at its own row.
	old2 := goodOld + "00004,Xã D,commune,002\n"
	dir2 := writeDir(t, map[string]string{"old_units.csv": old2, "new_units.csv": goodNew, "mapping.csv": goodLinks})
	m2, _, _ := ReadDir(dir2)
	ps2 := Validate(m2)
	if len(ps2) != 1 || ps2[0].Pos.Line != 9 || !strings.Contains(ps2[0].Message.EN, "maps nowhere") {
		t.Errorf("missing old unit: %v", ps2)
	}
}

func TestValidateSplitsAndLevels(t *testing.T) {
	links := strings.Replace(goodLinks, "00002,00001,split,partial", "00002,00001,split,whole", 1) +
		"001,00001,merge,whole,R/2,9\n" + // a district row to a commune is allowed
		"00003,01,merge,whole,R/2,9\n" // a commune to a province is not
	m, _, _ := ReadDir(writeDir(t, map[string]string{"old_units.csv": goodOld, "new_units.csv": goodNew, "mapping.csv": links}))
	ps := Validate(m)
	var msgs []string
	for _, p := range ps {
		msgs = append(msgs, fmt.Sprintf("%d:%s", p.Pos.Line, p.Message.EN))
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"take it whole, at most one may", "9:level mismatch", "every row must say split"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "8:level") {
		t.Errorf("a district row to a commune was rejected:\n%s", all)
	}
}

func TestReadDirMissingAndBroken(t *testing.T) {
	_, probs, err := ReadDir(writeDir(t, map[string]string{"old_units.csv": goodOld}))
	if err != nil || len(probs) != 2 {
		t.Fatalf("err %v, problems %v", err, probs)
	}
	_, probs, _ = ReadDir(writeDir(t, map[string]string{"old_units.csv": "code,name\n01,X\n", "new_units.csv": goodNew,
		"mapping.csv": goodLinks + "01,01,merged,whole,R,\n"}))
	text := probs.Error()
	for _, want := range []string{"old_units.csv, line 1, column level: missing column", "mapping.csv, line 8, column relation"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in:\n%s", want, text)
		}
	}
}

func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	put := func(f *excelize.File, sheet, body string, numeric func(string) bool) {
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		for r, line := range strings.Split(strings.TrimSpace(body), "\n") {
			for c, cell := range strings.Split(line, ",") {
				axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
				var v any = cell
				if r > 0 && IsDigits(cell) && numeric(cell) {
					n := 0
					fmt.Sscan(cell, &n)
					v = n // what Excel does to a code typed in a General cell
				}
				if err := f.SetCellValue(sheet, axis, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	all := func(string) bool { return true }
	none := func(string) bool { return false }
	// Codes 00002 and 00003 can only be read one way; 00001 ("1") could
	// also be province 01 or district 001.
	unambiguous := func(c string) bool { return c == "00002" || c == "00003" }
	put(f, "old_units", goodOld, all)
	put(f, "new_units", goodNew, none)
	put(f, "mapping", goodLinks, unambiguous)
	f.DeleteSheet("Sheet1")
	path := filepath.Join(t.TempDir(), "map.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	amb := excelize.NewFile()
	put(amb, "old_units", goodOld, none)
	put(amb, "new_units", goodNew, none)
	put(amb, "mapping", goodLinks, func(c string) bool { return c == "00001" })
	ambPath := filepath.Join(t.TempDir(), "amb.xlsx")
	if err := amb.SaveAs(ambPath); err != nil {
		t.Fatal(err)
	}
	if _, probs, err := ReadXLSX(ambPath); err != nil || len(probs.Errors()) != 2 || probs.Errors()[0].Pos.Line != 4 || probs.Errors()[0].Pos.Sheet != "mapping" {
		t.Errorf("ambiguous numeric codes: err %v, problems %v", err, probs)
	}
	m, probs, err := ReadXLSX(path)
	if err != nil || m == nil {
		t.Fatalf("err %v, problems %v", err, probs)
	}
	if len(probs.Errors()) > 0 || len(probs.Warnings()) == 0 {
		t.Errorf("want only warnings for codes stored as numbers, got %v", probs)
	}
	if ps := Validate(m); len(ps) > 0 {
		t.Fatalf("restored mapping does not validate: %v", ps)
	}
	if _, ok := m.OldUnit("00001"); !ok {
		t.Error("code 1 not restored to 00001")
	}
	if p := probs.Warnings()[0]; p.Pos.Sheet != "old_units" || p.Pos.Line != 2 {
		t.Errorf("first warning at %v, want sheet old_units line 2", p.Pos)
	}
	// A workbook without its sheets.
	g := excelize.NewFile()
	bad := filepath.Join(t.TempDir(), "bad.xlsx")
	g.SaveAs(bad)
	if _, probs, err := ReadXLSX(bad); err != nil || len(probs) != 3 {
		t.Errorf("missing sheets: err %v, problems %v", err, probs)
	}
	if _, probs, err := ReadPath(filepath.Join(t.TempDir())); err != nil || len(probs) != 3 {
		t.Errorf("empty folder: err %v, problems %v", err, probs)
	}
}

func TestChain(t *testing.T) {
	first, _, _ := ReadDir(writeDir(t, map[string]string{"old_units.csv": goodOld, "new_units.csv": goodNew, "mapping.csv": goodLinks}))
	secondOld := goodNew
	secondNew := "code,name,level,parent_code\n01,Tỉnh Chung,province,\n00001,Xã Chung,commune,01\n"
	secondLinks := "old_code,new_code,relation,transfer,resolution,clause\n01,01,rename,whole,R/3,\n00001,00001,merge,whole,R/4,1\n00003,00001,merge,whole,R/4,1\n"
	second, probs, _ := ReadDir(writeDir(t, map[string]string{"old_units.csv": secondOld, "new_units.csv": secondNew, "mapping.csv": secondLinks}))
	if len(probs) > 0 || len(Validate(second)) > 0 {
		t.Fatalf("second mapping: %v %v", probs, Validate(second))
	}
	if !Chains(first, second) || Chains(first, first) {
		t.Fatal("Chains does not recognise a continuation")
	}
	c := Chain(first, second)
	if ps := Validate(c); len(ps) > 0 {
		t.Fatalf("chained mapping: %v", ps)
	}
	s := c.Successors("00002")
	if len(s) != 1 || s[0].New != "00001" || s[0].Transfer != Whole || s[0].Resolution != "R/2 → R/4" {
		t.Errorf("00002 chained to %+v", s)
	}
	if len(c.OldUnits) != 7 || len(c.NewUnits) != 2 {
		t.Errorf("chained units %d/%d", len(c.OldUnits), len(c.NewUnits))
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add(goodOld, goodNew, goodLinks)
	f.Add("\ufeff"+strings.ReplaceAll(goodOld, ",", ";"), goodNew, goodLinks+"00002,00001,\"split\",whole,R/2,1\n")
	f.Add("code,name\n\"unterminated", "", "old_code,new_code\n1,1\n")
	b := builtinT(f)
	head := func(us []Unit, n int) string {
		var sb strings.Builder
		sb.WriteString("code,name,level,parent_code\n")
		for _, u := range us[:n] {
			fmt.Fprintf(&sb, "%s,%s,%s,%s\n", u.Code, u.Name, u.Level, u.Parent)
		}
		return sb.String()
	}
	f.Add(head(b.OldUnits, 30), head(b.NewUnits, 10), "old_code,new_code,relation,transfer,resolution,clause\n02,08,merge,whole,202/2025/QH15,\n")
	f.Fuzz(func(t *testing.T, olds, news, links string) {
		m, probs := ReadCSV("fuzz", strings.NewReader(olds), strings.NewReader(news), strings.NewReader(links))
		if m == nil {
			if len(probs.Errors()) == 0 {
				t.Fatal("no mapping and no problem")
			}
			return
		}
		for _, p := range probs {
			if p.Pos.File == "" || p.Message.EN == "" {
				t.Fatalf("problem without a place or message: %+v", p)
			}
		}
		for _, p := range Validate(m) {
			if p.Pos.File == "" || p.Message.EN == "" || p.Message.VI == "" {
				t.Fatalf("problem without a place or message: %+v", p)
			}
		}
		ix := m.Index()
		for _, u := range m.OldUnits {
			ix.ResolveQuick(u.Name, Old)
		}
	})
}

// TestMappingWorkbookGuarded: a mapping workbook that is a zip bomb, or
// encrypted, is a problem naming it, before anything is unpacked.
func TestMappingWorkbookGuarded(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"bomb.xlsx":      {xlsxtest.Bomb(t, []string{TableOldUnits, TableNewUnits, TableMapping}, 300<<20), "over the limit"},
		"encrypted.xlsx": {xlsxtest.Encrypted(t, TableOldUnits, [][]string{{"code"}}), "password-protected"},
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		m, probs, err := ReadXLSX(path)
		if err != nil || m != nil || len(probs) != 1 || probs[0].Pos.File != path || !strings.Contains(probs[0].Message.EN, c.want) {
			t.Errorf("%s: %v %v %v", name, m, probs, err)
		}
	}
}
