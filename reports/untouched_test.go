package reports

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// planWithDecision plans new province 08 with decision d (if any) on one of
// its elements, a, and writes the province's workbook.
func planWithDecision(t *testing.T, d migrate.Decision) (p *migrate.Plan, m *mapping.Mapping, in migrate.Input, workbook, a string) {
	t.Helper()
	m = builtin(t)
	in = fixtureInput(t, m, 0.15, "02", "08")
	in.Provinces = []string{"08"}
	a, _, _, _ = pickKeys(t, build(t, in), "08")
	if d.Treatment != "" || d.Note != "" {
		d.Key, d.At = a, "2026-01-01T00:00:00Z"
		in.Decisions = []migrate.Decision{d}
	}
	p = build(t, in)
	workbook, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	return p, m, in, workbook, a
}

func readAndCheck(t *testing.T, path string, p *migrate.Plan, m *mapping.Mapping) (*Checked, mapping.Problems) {
	t.Helper()
	fl, probs, err := ReadDecisions(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return Check([]*Filled{fl}, p, "ws-test")
}

// A workbook applied as it was written records nothing, whatever the
// recorded note held: text longer than a cell (cut when written), text
// whose fingerprint and note together exceed a cell, control characters
// (written as spaces).
func TestUneditedWorkbookRecordsNothing(t *testing.T) {
	for name, note := range map[string]string{
		"longer than a cell":   strings.Repeat("a", 40000),
		"near a cell's limit":  strings.Repeat("ă", 32760),
		"a control character":  "dòng 1\x0bdòng 2",
		"spaces around, NFD":   "  Ha\u0300 No\u0323i  ",
		"a character past BMP": strings.Repeat("𝔸", 20000),
	} {
		t.Run(name, func(t *testing.T) {
			p, m, _, wb, a := planWithDecision(t, migrate.Decision{Treatment: migrate.Continue, Note: note})
			ck, probs := readAndCheck(t, wb, p, m)
			if len(probs) > 0 || len(ck.Decisions) != 0 {
				t.Fatalf("an unedited workbook: %d decisions, problems %v", len(ck.Decisions), probs)
			}
			fl, _, _ := ReadDecisions(wb)
			for _, r := range fl.Rows {
				if r.Key == a && !r.Untouched {
					t.Errorf("row %d of %s reads as changed", r.Row, a)
				}
			}
		})
	}
}

// A person changes the decision of a row whose note a cell could only show
// cut: the decision is recorded with the full note, not the cut one.
func TestChangedRowKeepsTheFullNote(t *testing.T) {
	note := strings.Repeat("b", 40000)
	p, m, _, wb, a := planWithDecision(t, migrate.Decision{Treatment: migrate.Continue, Note: note})
	dst := filepath.Join(t.TempDir(), "filled.xlsx")
	fill(t, wb, dst, map[string]map[string]string{a: {"Quyết định": "Dừng sử dụng"}})
	ck, probs := readAndCheck(t, dst, p, m)
	if len(probs) > 0 || len(ck.Decisions) != 1 {
		t.Fatalf("decisions %+v, problems %v", ck, probs)
	}
	if d := ck.Decisions[0]; d.Treatment != migrate.Retire || d.Note != note {
		t.Errorf("recorded %s with a note of %d characters, want retire with the full %d", d.Treatment, len(d.Note), len(note))
	}
}

// A decision cell holding a formula whose result was never saved (scripts
// do not compute formulas) would read as empty: no decision on a row
// without one, or the decision withdrawn on a row with one. Refused either
// way, naming the cell.
func TestFormulaWithoutSavedResultIsRefused(t *testing.T) {
	for _, c := range []struct {
		name    string
		earlier migrate.Decision
		col     column
	}{
		{"a row decided before", migrate.Decision{Treatment: migrate.Retire}, colDecision},
		{"a row never decided", migrate.Decision{}, colDecision},
		{"the merge target of a row never decided", migrate.Decision{}, colMergeInto},
		{"the note of a row never decided", migrate.Decision{}, colNote},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, m, _, wb, a := planWithDecision(t, c.earlier)
			f, err := excelize.OpenFile(wb)
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := f.GetRows(shSystems.vi)
			row := 0
			for i, r := range rows {
				if len(r) > 0 && r[0] == a {
					row = i + 1
				}
			}
			col, _ := excelize.ColumnNumberToName(colIndex(systemCols, c.col) + 1)
			if err := f.SetCellFormula(shSystems.vi, col+strconv.Itoa(row), "lists!A5"); err != nil {
				t.Fatal(err)
			}
			dst := filepath.Join(t.TempDir(), "formula.xlsx")
			if err := f.SaveAs(dst); err != nil {
				t.Fatal(err)
			}
			f.Close()
			ck, probs := readAndCheck(t, dst, p, m)
			if ck != nil || len(probs) != 1 || probs[0].Pos.Line != row || probs[0].Value != "=lists!A5" || !strings.Contains(probs[0].Message.VI, "công thức") {
				t.Fatalf("checked %+v, problems %v", ck, probs)
			}
		})
	}
}

// A workbook of an older plan: rows left as written whose element has gone
// since are skipped with one warning; a changed row for such an element is
// refused.
func TestOlderWorkbookSkipsUntouchedRowsOfRemovedElements(t *testing.T) {
	_, m, in, wb, a := planWithDecision(t, migrate.Decision{})
	var gone string
	for i, e := range in.Elements {
		if k := e.Key(); k != a && m.NewProvinceOf(e.Unit) == "08" {
			gone = k
			in.Elements = append(in.Elements[:i:i], in.Elements[i+1:]...)
			break
		}
	}
	later := build(t, in)
	later.ID = "later"
	dst := filepath.Join(t.TempDir(), "older.xlsx")
	fill(t, wb, dst, map[string]map[string]string{a: {"Quyết định": "Dừng sử dụng"}})
	ck, probs := readAndCheck(t, dst, later, m)
	if len(probs) > 0 || len(ck.Decisions) != 1 || ck.Decisions[0].Key != a {
		t.Fatalf("decisions %+v, problems %v", ck, probs)
	}
	var warned bool
	for _, w := range ck.Warnings {
		warned = warned || strings.Contains(w.Value, gone)
	}
	if !warned {
		t.Errorf("no warning names %s: %v", gone, ck.Warnings)
	}
	dst2 := filepath.Join(t.TempDir(), "older-changed.xlsx")
	fill(t, wb, dst2, map[string]map[string]string{gone: {"Quyết định": "Dừng sử dụng"}})
	if _, probs := readAndCheck(t, dst2, later, m); len(probs) != 1 || !strings.Contains(probs[0].Message.VI, "không tồn tại") {
		t.Errorf("a changed row of a removed element: %v", probs)
	}
}

// Workbooks written before the fingerprint kept the values themselves in
// the hidden column, as a JSON array: they still read as left as written,
// and a change in them is still seen.
func TestWorkbookOfAnEarlierVersion(t *testing.T) {
	p, m, _, wb, a := planWithDecision(t, migrate.Decision{Treatment: migrate.Retire, Note: "cũ"})
	old := filepath.Join(t.TempDir(), "earlier.xlsx")
	fill(t, wb, old, map[string]map[string]string{a: {colPrefilled.vi: `["retire","","","","cũ"]`}})
	ck, probs := readAndCheck(t, old, p, m)
	if len(probs) > 0 || len(ck.Decisions) != 0 || ck.Unchanged != 1 {
		t.Fatalf("an unedited earlier workbook: %+v, problems %v", ck, probs)
	}
	changed := filepath.Join(t.TempDir(), "earlier-changed.xlsx")
	fill(t, old, changed, map[string]map[string]string{a: {"Ghi chú": "mới"}})
	if ck, probs := readAndCheck(t, changed, p, m); len(probs) > 0 || len(ck.Decisions) != 1 || ck.Decisions[0].Note != "mới" {
		t.Fatalf("a change in an earlier workbook: %+v, problems %v", ck, probs)
	}
}

// Two copies of a workbook: Lan applies hers, then Minh, from his copy
// written before, changes the same row. His row is refused (he never saw
// Lan's decision); his other rows are his to decide, and applying Lan's own
// file again after she edits it more is hers.
func TestACopyWrittenBeforeAnotherDecisionIsRefused(t *testing.T) {
	_, m, in, wb, a := planWithDecision(t, migrate.Decision{})
	dir := t.TempDir()
	lan, minh := filepath.Join(dir, "lan.xlsx"), filepath.Join(dir, "minh.xlsx")
	fill(t, wb, lan, map[string]map[string]string{a: {"Quyết định": "Dừng sử dụng"}})
	fill(t, wb, minh, map[string]map[string]string{a: {"Quyết định": "Tiếp tục sử dụng"}})
	p := build(t, in)
	ck, probs := readAndCheck(t, lan, p, m)
	if len(probs) > 0 || len(ck.Decisions) != 1 {
		t.Fatalf("Lan's workbook: %+v %v", ck, probs)
	}
	d := ck.Decisions[0]
	d.By, d.At = "lan", "2026-11-27T08:00:00Z"
	in.Decisions = append(in.Decisions, d)
	p = build(t, in)
	p.ID = "after-lan"
	_, probs = readAndCheck(t, minh, p, m)
	if len(probs) != 1 || !strings.Contains(probs[0].Message.VI, "sau khi sổ này được xuất") || !strings.Contains(probs[0].Message.VI, "lan") {
		t.Fatalf("Minh's stale row: %v", probs)
	}
	// Lan edits her own file again: her earlier decision is no conflict.
	lan2 := filepath.Join(dir, "lan2.xlsx")
	fill(t, lan, lan2, map[string]map[string]string{a: {"Ghi chú": "hết hợp đồng"}})
	if err := os.Rename(lan2, lan); err != nil {
		t.Fatal(err)
	}
	if ck, probs := readAndCheck(t, lan, p, m); len(probs) > 0 || len(ck.Decisions) != 1 || ck.Decisions[0].Note != "hết hợp đồng" {
		t.Fatalf("Lan's own file again: %+v %v", ck, probs)
	}
}

// A date typed into a note is recorded as the date shown, not as the
// spreadsheet's serial number.
func TestANoteTypedAsADateIsRecordedAsShown(t *testing.T) {
	p, m, _, wb, a := planWithDecision(t, migrate.Decision{})
	f, err := excelize.OpenFile(wb)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(shSystems.vi)
	row := 0
	for i, r := range rows {
		if len(r) > 0 && r[0] == a {
			row = i + 1
		}
	}
	noteCol, _ := excelize.ColumnNumberToName(colIndex(systemCols, colNote) + 1)
	decCol, _ := excelize.ColumnNumberToName(colIndex(systemCols, colDecision) + 1)
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellValue(shSystems.vi, noteCol+strconv.Itoa(row), 46022) // 31/12/2025
	f.SetCellStyle(shSystems.vi, noteCol+strconv.Itoa(row), noteCol+strconv.Itoa(row), style)
	f.SetCellStr(shSystems.vi, decCol+strconv.Itoa(row), "Dừng sử dụng")
	dst := filepath.Join(t.TempDir(), "date.xlsx")
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ck, probs := readAndCheck(t, dst, p, m)
	if len(probs) > 0 || len(ck.Decisions) != 1 {
		t.Fatalf("%+v %v", ck, probs)
	}
	if note := ck.Decisions[0].Note; note == "46022" || !strings.Contains(note, "25") {
		t.Errorf("note recorded as %q, want the date as shown", note)
	}
}
