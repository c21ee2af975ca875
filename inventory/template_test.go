package inventory

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestTemplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mau.xlsx")
	if err := WriteTemplate(path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Hướng dẫn,elements,relations,lists" {
		t.Errorf("sheets %s", got)
	}
	if visible, _ := f.GetSheetVisible(SheetLists); visible {
		t.Error("the lists sheet is visible")
	}
	for _, sh := range []struct {
		name string
		cols []Column
	}{{SheetElements, ElementColumns}, {SheetRelations, RelationColumns}} {
		t.Run(sh.name, func(t *testing.T) {
			comments, err := f.GetComments(sh.name)
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
			for i, c := range sh.cols {
				cell, _ := excelize.CoordinatesToCellName(i+1, 1)
				if v, _ := f.GetCellValue(sh.name, cell); v != TemplateHeader(c) {
					t.Errorf("%s = %q, want %q", cell, v, TemplateHeader(c))
				}
				if !strings.Contains(note[cell], c.Key) {
					t.Errorf("note of %s = %q, want the key %s", cell, note[cell], c.Key)
				}
				col, _ := excelize.ColumnNumberToName(i + 1)
				style, err := f.GetColStyle(sh.name, col)
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
			}
			panes, err := f.GetPanes(sh.name)
			if err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("panes %+v, %v", panes, err)
			}
		})
	}
	dvs, err := f.GetDataValidations(SheetElements)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"kind": true, "function_code": true, "status": true, "security_level": true, "hosting": true, "record_type": true, "code_vintage": true}
	got := map[string]bool{}
	for _, dv := range dvs {
		col := strings.TrimRight(strings.SplitN(dv.Sqref, ":", 2)[0], "0123456789")
		n, _ := excelize.ColumnNameToNumber(col)
		if n >= 1 && n <= len(ElementColumns) {
			got[ElementColumns[n-1].Key] = true
		}
		if !strings.HasPrefix(dv.Formula1, "lists!") && !strings.Contains(dv.Formula1, "lists!") {
			t.Errorf("validation %s: formula %q does not reference the lists sheet", dv.Sqref, dv.Formula1)
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("no drop-down on %s (have %v)", k, got)
		}
	}
	rdvs, _ := f.GetDataValidations(SheetRelations)
	if len(rdvs) != 2 {
		t.Errorf("relations: %d validations, want kind and via", len(rdvs))
	}
	if v, _ := f.GetCellValue(SheetLists, "B31"); v != FunctionCodes[len(FunctionCodes)-1] {
		t.Errorf("function codes list ends with %q", v)
	}
	if v, _ := f.GetCellValue(SheetInstructions, "A1"); !strings.Contains(v, "Mẫu kê khai") {
		t.Errorf("instructions start with %q", v)
	}
}

// TestFilledTemplateImports fills the template as a clerk would, codes
// typed as text, and reads it back cleanly.
func TestFilledTemplateImports(t *testing.T) {
	path := filepath.Join(t.TempDir(), "02-ha-giang.xlsx")
	if err := WriteTemplate(path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
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
	set("kind", "application")
	set("name", "Hệ thống giải quyết TTHC tỉnh Hà Giang")
	set("function_code", "KTTTHC")
	set("security_level", 3)
	set("status", "active")
	set("personal_data", "có")
	set("contract_end", "31/12/2026")
	if err := f.SetSheetRow(SheetElements, "A2", &row); err != nil {
		t.Fatal(err)
	}
	clear(row)
	set("id", "DC")
	set("unit_code", "02")
	set("kind", "datacentre")
	set("name", "Trung tâm dữ liệu tỉnh")
	if err := f.SetSheetRow(SheetElements, "A3", &row); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow(SheetRelations, "A2", &[]any{"KTTTHC", "DC", "hosted_on"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res, err := ReadPaths(context.Background(), []string{path}, builtin(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 || len(res.Warnings) > 0 {
		t.Fatalf("problems %v, warnings %v", res.Problems, res.Warnings)
	}
	if len(res.Elements) != 2 || len(res.Relations) != 1 || res.Relations[0].To != "02/DC" || res.Elements[0].ContractEnd != "2026-12-31" {
		t.Errorf("elements %+v, relations %+v", res.Elements, res.Relations)
	}
}
