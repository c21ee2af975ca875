package reports

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/migrate"
)

// dropDownOf returns, for each data row of a column, the values its
// drop-down offers, read back from the workbook: the validation covering
// the cell and the range it names on the lists sheet.
func dropDownOf(t *testing.T, f *excelize.File, sheet, col string) map[int][]string {
	t.Helper()
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	lists, err := f.GetRows(SheetLists)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int][]string{}
	for _, dv := range dvs {
		for _, rng := range strings.Fields(dv.Sqref) {
			from, to, _ := strings.Cut(rng, ":")
			if to == "" {
				to = from
			}
			c1, r1, err1 := excelize.SplitCellName(from)
			_, r2, err2 := excelize.SplitCellName(to)
			if err1 != nil || err2 != nil {
				t.Fatalf("sqref %q", dv.Sqref)
			}
			if c1 != col {
				break
			}
			// lists!$A$9:$D$9
			ref := strings.TrimPrefix(dv.Formula1, SheetLists+"!")
			a, b, _ := strings.Cut(strings.ReplaceAll(ref, "$", ""), ":")
			_, lr, _ := excelize.SplitCellName(a)
			bc, _, _ := excelize.SplitCellName(b)
			n, _ := excelize.ColumnNameToNumber(bc)
			vals := lists[lr-1][:n]
			for r := r1; r <= r2; r++ {
				if _, dup := out[r]; dup {
					t.Fatalf("%s%d has two drop-downs", col, r)
				}
				out[r] = vals
			}
		}
	}
	return out
}

// TestDropDownsOfferWhatApplyAccepts reads each row's "Hợp nhất vào" and
// "Đơn vị mới" drop-downs back from a written workbook and checks them
// against apply: every value offered, chosen as the drop-down writes it
// (key or code, then its name), is accepted and recorded as the key or
// code alone; an element of the province that the list does not offer is
// accepted too (the list holds the likely choices), one of another
// province refused.
func TestDropDownsOfferWhatApplyAccepts(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	meta := testMeta(p, "vi")
	path, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", meta)
	if err != nil {
		t.Fatal(err)
	}
	f := openBook(t, path)
	sys := shSystems.in(meta)
	intoCol, unitCol := colLetter(colIndex(systemCols, colMergeInto)+1), colLetter(colIndex(systemCols, colNewUnit)+1)
	into, units := dropDownOf(t, f, sys, intoCol), dropDownOf(t, f, sys, unitCol)
	var elems []*migrate.PlannedElement
	for i := range p.Elements {
		if p.Elements[i].NewProvince == "08" {
			elems = append(elems, &p.Elements[i])
		}
	}
	check := func(r FilledRow) (*Checked, string) {
		r.Row = 2
		fl := &Filled{Path: "filled.xlsx", Sheet: sys, Identity: Identity{WorkspaceID: "ws-test", PlanID: p.ID, Province: "08"},
			Rows: []FilledRow{r}, headers: map[string]string{colKey.vi: colKey.vi, colMergeInto.vi: colMergeInto.vi, colNewUnit.vi: colNewUnit.vi}}
		ck, probs := Check([]*Filled{fl}, p, "ws-test")
		return ck, probs.Error()
	}
	offered, refused := 0, 0
	for i, e := range elems {
		row := i + 2
		list := into[row]
		keys := make([]string, len(list))
		for j, v := range list {
			keys[j], _, _ = strings.Cut(v, listSep)
		}
		if !slices.Contains(keys, e.Key) && len(keys) > 0 {
			t.Errorf("row %d (%s): its unit's list %v lacks the element itself", row, e.Key, keys)
		}
		for j, v := range list {
			if keys[j] == e.Key {
				continue
			}
			offered++
			ck, probs := check(FilledRow{Key: e.Key, Treatment: migrate.Merge, MergeInto: v})
			if ck == nil || len(ck.Decisions) != 1 || ck.Decisions[0].MergeInto != keys[j] {
				t.Fatalf("row %d (%s): %q offered but refused: %s", row, e.Key, v, probs)
			}
		}
		// The first element of the province of another kind or unit, not
		// offered, is accepted: any element of the province may be chosen.
		for _, x := range elems {
			if x.Key == e.Key || slices.Contains(keys, x.Key) {
				continue
			}
			refused++
			if ck, probs := check(FilledRow{Key: e.Key, Treatment: migrate.Merge, MergeInto: x.Key}); ck == nil {
				t.Fatalf("row %d (%s): %s, of the province but not offered, refused: %s", row, e.Key, x.Key, probs)
			}
			break
		}
		// New unit: the candidates, each with its name.
		want := make([]string, len(e.Candidates))
		for j, c := range e.Candidates {
			u, _ := m.NewUnit(c)
			want[j] = c + listSep + u.Name
		}
		if got := units[row]; !slices.Equal(got, want) {
			t.Fatalf("row %d (%s): New unit offers %q, want %q", row, e.Key, got, want)
		}
		for j, v := range units[row] {
			ck, probs := check(FilledRow{Key: e.Key, NewUnit: v})
			if ck == nil || len(ck.Decisions) != 1 || ck.Decisions[0].NewUnit != e.Candidates[j] {
				t.Fatalf("row %d (%s): new unit %q offered but refused: %s", row, e.Key, v, probs)
			}
		}
	}
	if offered < 50 || refused < 50 {
		t.Errorf("only %d offered and %d refused targets checked: the fixture lost its duplicates?", offered, refused)
	}
}

func TestSqref(t *testing.T) {
	for _, c := range []struct {
		rows []int
		want string
	}{
		{[]int{2}, "AB2"},
		{[]int{2, 3, 4, 9}, "AB2:AB4 AB9"},
		{[]int{2, 4, 5, 7}, "AB2 AB4:AB5 AB7"},
	} {
		if got := sqref("AB", c.rows); got != c.want {
			t.Errorf("sqref(%v) = %q, want %q", c.rows, got, c.want)
		}
	}
}

func TestListedCode(t *testing.T) {
	known := func(s string) bool { return s == "08/QLVB" || s == "00688" }
	for _, c := range []struct{ in, want string }{
		{"08/QLVB", "08/QLVB"},
		{"08/QLVB — Hệ thống quản lý văn bản", "08/QLVB"},
		{"00688 — Phường Quang Trung", "00688"},
		{"08/NOPE — Hệ thống", "08/NOPE — Hệ thống"},
		{"688", "688"}, // left to restoreCode
	} {
		if got := listedCode(c.in, known); got != c.want {
			t.Errorf("listedCode(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if v := listValue("08/X", strings.Repeat("dài ", 30)+"\nhết"); !strings.HasPrefix(v, "08/X — dài") || strings.Contains(v, "\n") || len([]rune(v)) > 70 {
		t.Errorf("listValue gave %q", v)
	}
}
