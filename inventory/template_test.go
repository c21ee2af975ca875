package inventory

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// openTemplate writes a template in language l as name in a folder of the
// test's, and opens it.
func openTemplate(t *testing.T, name, l string) (string, *excelize.File) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := WriteTemplate(path, l); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return path, f
}

// saveAndRead saves a filled template and imports it.
func saveAndRead(t *testing.T, f *excelize.File, path string) *Result {
	t.Helper()
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	res, err := ReadPaths(context.Background(), []string{path}, builtin(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestTemplate(t *testing.T) {
	for _, l := range []string{"vi", "en"} {
		t.Run(l, func(t *testing.T) {
			_, f := openTemplate(t, "mau.xlsx", l)
			names := TemplateSheetNames(l)
			if got, want := strings.Join(f.GetSheetList(), ","), strings.Join(append(names.List(), SheetLists), ","); got != want {
				t.Errorf("sheets %s, want %s", got, want)
			}
			if visible, _ := f.GetSheetVisible(SheetLists); visible {
				t.Error("the lists sheet is visible")
			}
			for i, sh := range []struct {
				name string
				cols []Column
			}{{names.Elements, ElementColumns}, {names.Relations, RelationColumns}} {
				t.Run(sh.name, func(t *testing.T) { checkTemplateSheet(t, f, l, i, sh.name, sh.cols) })
			}
			if v, _ := f.GetCellValue(SheetLists, "B31"); v != FunctionCodes[len(FunctionCodes)-1] {
				t.Errorf("function codes list ends with %q", v)
			}
			if v, _ := f.GetCellValue(names.Instructions, "A1"); !strings.Contains(v, map[string]string{"vi": "Mẫu kê khai", "en": "Inventory"}[l]) {
				t.Errorf("instructions start with %q", v)
			}
			// The instructions print on the width of a portrait page.
			pl, err := f.GetPageLayout(names.Instructions)
			if err != nil || pl.FitToWidth == nil || *pl.FitToWidth != 1 || *pl.Orientation != "portrait" || *pl.Size != 9 {
				t.Errorf("instructions page %+v, %v", pl, err)
			}
		})
	}
}

func checkTemplateSheet(t *testing.T, f *excelize.File, l string, index int, sheet string, cols []Column) {
	t.Helper()
	comments, err := f.GetComments(sheet)
	if err != nil {
		t.Fatal(err)
	}
	note := map[string]string{}
	for _, c := range comments {
		text := c.Text
		for _, p := range c.Paragraph {
			text += p.Text
		}
		note[c.Cell] = text
	}
	for i, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if v, _ := f.GetCellValue(sheet, cell); v != TemplateHeader(c, l) {
			t.Errorf("%s = %q, want %q", cell, v, TemplateHeader(c, l))
		}
		// Every header, in either language, reads back as its column.
		if key := columnMatchers(cols)[foldText(TemplateHeader(c, l))]; key != c.Key {
			t.Errorf("header %q reads as %q, want %s", TemplateHeader(c, l), key, c.Key)
		}
		if !strings.Contains(note[cell], c.Key) {
			t.Errorf("note of %s = %q, want the key %s", cell, note[cell], c.Key)
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		style, err := f.GetColStyle(sheet, col)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(style)
		if err != nil {
			t.Fatal(err)
		}
		if textColumns[c.Key] != (st.NumFmt == 49) {
			t.Errorf("column %s (%s): number format %d", col, c.Key, st.NumFmt)
		}
		if st.Alignment == nil || !st.Alignment.WrapText {
			t.Errorf("column %s (%s) does not wrap", col, c.Key)
		}
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v, %v", panes, err)
	}
	// The wide elements sheet prints landscape, the relations portrait.
	orientation := map[int]string{0: "landscape", 1: "portrait"}[index]
	pl, err := f.GetPageLayout(sheet)
	if err != nil || pl.Orientation == nil || *pl.Orientation != orientation || *pl.Size != 9 || *pl.FitToWidth != 1 || *pl.FitToHeight != 0 {
		t.Errorf("page %s, %v: want %s A4 fitted to the width", fmtPage(pl), err, orientation)
	}
	titles := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet && strings.HasSuffix(dn.RefersTo, "!$1:$1") {
			titles = true
		}
	}
	if !titles {
		t.Errorf("the header row is not repeated on every printed page: %+v", f.GetDefinedName())
	}
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, dv := range dvs {
		col := strings.TrimRight(strings.SplitN(dv.Sqref, ":", 2)[0], "0123456789")
		n, _ := excelize.ColumnNameToNumber(col)
		if n >= 1 && n <= len(cols) {
			got[cols[n-1].Key] = true
		}
		if !strings.HasPrefix(dv.Formula1, SheetLists+"!") {
			t.Errorf("validation %s: formula %q does not reference the lists sheet", dv.Sqref, dv.Formula1)
		}
	}
	for _, v := range templateVocabularies {
		if v.sheet == index && !got[v.key] {
			t.Errorf("no drop-down on %s (have %v)", v.key, got)
		}
	}
}

// TestTemplateLabelsImport fills a template in each language with every
// value each drop-down offers, exactly as shown, and reads it back: every
// label is read as its code.
func TestTemplateLabelsImport(t *testing.T) {
	for _, l := range []string{"vi", "en"} {
		t.Run(l, func(t *testing.T) {
			path, f := openTemplate(t, "02-ha-giang.xlsx", l)
			names := TemplateSheetNames(l)
			longest := 0
			for _, v := range templateVocabularies {
				longest = max(longest, len(v.words))
			}
			// want[row][key] is the code a row's cell must read as.
			want := make([]map[string]string, longest)
			for i := range longest {
				row := make([]any, len(ElementColumns))
				want[i] = map[string]string{}
				for j, c := range ElementColumns {
					switch c.Key {
					case "id":
						row[j] = fmt.Sprintf("E%d", i)
					case "unit_code":
						row[j] = "02"
					case "name":
						row[j] = "Hệ thống"
					case "kind":
						row[j] = VocabLabel("application", l)
						want[i]["kind"] = "application"
					}
				}
				for _, v := range templateVocabularies {
					if v.sheet != 0 || i >= len(v.words) {
						continue
					}
					for j, c := range ElementColumns {
						if c.Key == v.key {
							row[j] = v.shown(l)[i]
							want[i][v.key] = v.words[i]
						}
					}
				}
				if err := f.SetSheetRow(names.Elements, fmt.Sprintf("A%d", i+2), &row); err != nil {
					t.Fatal(err)
				}
			}
			relKinds, vias := templateVocabularies[9], templateVocabularies[10]
			for i := range max(len(relKinds.words), len(vias.words)) {
				row := []any{"E0", fmt.Sprintf("E%d", i%longest), relKinds.shown(l)[i%len(relKinds.words)], vias.shown(l)[i%len(vias.words)]}
				if err := f.SetSheetRow(names.Relations, fmt.Sprintf("A%d", i+2), &row); err != nil {
					t.Fatal(err)
				}
			}
			res := saveAndRead(t, f, path)
			if len(res.Problems) > 0 {
				t.Fatalf("problems: %v", res.Problems)
			}
			if len(res.Elements) != longest {
				t.Fatalf("%d elements, want %d", len(res.Elements), longest)
			}
			for _, e := range res.Elements {
				var i int
				fmt.Sscanf(e.ID, "E%d", &i)
				got := map[string]string{"kind": string(e.Kind), "function_code": e.FunctionCode, "hosting": e.Hosting,
					"security_level": fmt.Sprint(e.SecurityLevel), "status": e.Status, "record_type": e.RecordType,
					"code_vintage": e.CodeVintage, "personal_data": yesNoWord(e.PersonalData), "has_district_level": yesNoWord(e.HasDistrictLevel)}
				for k, w := range want[i] {
					if got[k] != w {
						t.Errorf("row %s, %s: read %q, want %q", e.ID, k, got[k], w)
					}
				}
			}
			seen := map[string]bool{}
			for _, r := range res.Relations {
				seen[r.Kind] = true
				seen[r.Via] = true
			}
			for _, w := range append(append([]string{}, RelKinds...), Vias...) {
				if !seen[w] {
					t.Errorf("relations: %s never read (read %v)", w, seen)
				}
			}
		})
	}
}

func yesNoWord(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Each label, in either language, and each short form names one word.
func TestVocabLabelsDistinct(t *testing.T) {
	words := map[string]bool{}
	for _, list := range [][]string{kindList, Hostings, Statuses, RecordTypes, CodeVintages, RelKinds, Vias} {
		for _, w := range list {
			if _, ok := vocabLabels[w]; !ok {
				t.Errorf("%s has no label", w)
			}
			words[w] = true
		}
	}
	seen := map[string]string{}
	add := func(form, word string) {
		f := foldText(form)
		if other, dup := seen[f]; dup && other != word {
			t.Errorf("%q names both %s and %s", form, other, word)
		}
		seen[f] = word
	}
	for w, l := range vocabLabels {
		if !words[w] {
			t.Errorf("label of %s, which no vocabulary has", w)
		}
		add(w, w)
		add(l[0], w)
		add(l[1], w)
	}
	for w, forms := range shortForms {
		for _, f := range forms {
			add(f, w)
		}
	}
}

// TestFilledTemplateImports fills the template as a clerk would, codes
// typed as text, and reads it back cleanly.
func TestFilledTemplateImports(t *testing.T) {
	path, f := openTemplate(t, "02-ha-giang.xlsx", "vi")
	names := TemplateSheetNames("vi")
	row := make([]any, len(ElementColumns))
	set := func(key string, v any) {
		for i, c := range ElementColumns {
			if c.Key == key {
				row[i] = v
			}
		}
	}
	set("id", "KTTTHC")
	set("unit_code", "02")
	set("kind", "ứng dụng")
	set("name", "Hệ thống giải quyết TTHC tỉnh Hà Giang")
	set("function_code", "KTTTHC")
	set("security_level", 3)
	set("status", "Đang hoạt động")
	set("personal_data", "có")
	set("contract_end", "31/12/2026")
	if err := f.SetSheetRow(names.Elements, "A2", &row); err != nil {
		t.Fatal(err)
	}
	clear(row)
	set("id", "DC")
	set("unit_code", "02")
	set("kind", "datacentre")
	set("name", "Trung tâm dữ liệu tỉnh")
	if err := f.SetSheetRow(names.Elements, "A3", &row); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow(names.Relations, "A2", &[]any{"KTTTHC", "DC", "Chạy trên"}); err != nil {
		t.Fatal(err)
	}
	res := saveAndRead(t, f, path)
	if len(res.Problems) > 0 || len(res.Warnings) > 0 {
		t.Fatalf("problems %v, warnings %v", res.Problems, res.Warnings)
	}
	if len(res.Elements) != 2 || len(res.Relations) != 1 || res.Relations[0].To != "02/DC" || res.Relations[0].Kind != "hosted_on" ||
		res.Elements[0].ContractEnd != "2026-12-31" || res.Elements[0].Kind != Application || res.Elements[0].Status != "active" {
		t.Errorf("elements %+v, relations %+v", res.Elements, res.Relations)
	}
}

func fmtPage(pl excelize.PageLayoutOptions) string {
	s := ""
	if pl.Orientation != nil {
		s += *pl.Orientation
	}
	if pl.Size != nil {
		s += fmt.Sprintf(" size %d", *pl.Size)
	}
	if pl.FitToWidth != nil && pl.FitToHeight != nil {
		s += fmt.Sprintf(" fit %d×%d", *pl.FitToWidth, *pl.FitToHeight)
	}
	return s
}
