package reports

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/migrate"
)

// listSep separates a key or code from its name in a drop-down value
// ("08/QLVBDH — Hệ thống quản lý văn bản"); apply reads the part before
// it, and the key or code alone as well.
const listSep = " — "

// firstListRow is the row of the hidden lists sheet where the per-row
// lists start: rows 1 to 6 hold the treatments, in column A.
var firstListRow = len(migrate.Treatments) + 2

// dropLists are the per-row drop-down lists of a workbook ("Hợp nhất vào",
// "Đơn vị mới"): each distinct list once, one row of the hidden lists sheet,
// which the validations of the rows offering it reference by range. Rows
// with the same choices (the elements of one new unit and kind, the
// elements of one old unit) share one list and one validation, so that a
// province of thousands of elements has hundreds of lists, not thousands.
type dropLists struct {
	lists [][]string
	index map[string]int
}

func newDropLists() *dropLists { return &dropLists{index: map[string]int{}} }

// add returns the index of a list of values, adding it when new; -1 for
// no values.
func (l *dropLists) add(values []string) int {
	if len(values) == 0 {
		return -1
	}
	k := strings.Join(values, "\x00")
	if i, ok := l.index[k]; ok {
		return i
	}
	l.index[k] = len(l.lists)
	l.lists = append(l.lists, slices.Clone(values)) // the caller reuses values
	return len(l.lists) - 1
}

// ref is the range of list i on the lists sheet.
func (l *dropLists) ref(i int) string {
	r := strconv.Itoa(firstListRow + i)
	return SheetLists + "!$A$" + r + ":$" + colLetter(len(l.lists[i])) + "$" + r
}

// listValue is a drop-down value: a key or code, and its name, cut to a
// length a drop-down shows whole, on one line.
func listValue(code, name string) string {
	name = strings.Join(strings.Fields(safeText(name)), " ")
	if name == "" {
		return code
	}
	if utf8.RuneCountInString(name) > 60 {
		name = string([]rune(name)[:59]) + "…"
	}
	return code + listSep + name
}

// listedCode reads a value chosen from a drop-down, or typed: the value
// itself when known says it is a key or code, else the part before
// listSep when that is.
func listedCode(v string, known func(string) bool) string {
	if known(v) {
		return v
	}
	if i := strings.Index(v, listSep); i > 0 && known(strings.TrimSpace(v[:i])) {
		return strings.TrimSpace(v[:i])
	}
	return v
}

// writeLists writes the hidden lists sheet: the six treatments in the
// workbook's language (the labels hold commas that an inline list would
// split), then one row per list of lists (nil for none).
func writeLists(f *excelize.File, meta Meta, lists *dropLists) error {
	sw, err := f.NewStreamWriter(SheetLists)
	if err != nil {
		return err
	}
	for i, t := range migrate.Treatments {
		if err := sw.SetRow("A"+strconv.Itoa(i+1), []any{TreatmentLabel(t, meta.Lang)}); err != nil {
			return err
		}
	}
	if lists != nil {
		row := []any{}
		for i, l := range lists.lists {
			row = row[:0]
			for _, v := range l {
				row = append(row, v)
			}
			if err := sw.SetRow("A"+strconv.Itoa(firstListRow+i), row); err != nil {
				return err
			}
		}
	}
	if err := f.ProtectSheet(SheetLists, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true}); err != nil {
		return err
	}
	return sw.Flush()
}

// listValidation is the text of a per-row drop-down.
type listValidation struct {
	col                          string // column letter
	title, prompt, errTitle, err string
}

// addListValidations gives each data row of a sheet the drop-down of its
// list (rowList[i] for the row of index i, -1 for none): one validation
// per distinct list, over all the rows offering it. A value outside the
// list brings a warning, not a refusal: apply also reads a key or code
// typed alone.
func addListValidations(f *excelize.File, sheet string, rowList []int, lists *dropLists, v listValidation) error {
	rows := map[int][]int{}
	var order []int
	for i, li := range rowList {
		if li < 0 {
			continue
		}
		if _, seen := rows[li]; !seen {
			order = append(order, li)
		}
		rows[li] = append(rows[li], i+2)
	}
	for _, li := range order {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref(v.col, rows[li])
		dv.SetSqrefDropList(lists.ref(li))
		dv.SetInput(v.title, v.prompt)
		dv.SetError(excelize.DataValidationErrorStyleWarning, v.errTitle, v.err)
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// sqref writes rows of one column as ranges ("AB2:AB4 AB9"); rows are
// ascending.
func sqref(col string, rows []int) string {
	var b strings.Builder
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s%d", col, rows[i])
		if j > i {
			fmt.Fprintf(&b, ":%s%d", col, rows[j])
		}
		i = j + 1
	}
	return b.String()
}

// mergeTargets says which elements an element may merge into: the
// elements of its new unit of the same kind (the survivors of duplicate
// clusters first), the members of its duplicate cluster (which may be of
// another kind), and the target it was recommended or decided to merge
// into. The workbook offers exactly these in the "Hợp nhất vào" drop-down
// and apply accepts exactly these (the element itself is in its unit's
// list, and apply refuses it with its own message). An element keeps its
// kind and its unit when it merges: a commune's system merges into another
// system of that commune, not into an application of another unit.
type mergeTargets struct {
	byKey    map[string]*migrate.PlannedElement
	group    map[string][]string // new unit and kind → keys, survivors first, then by key
	clusters map[string]*migrate.Cluster
}

func groupKey(e *migrate.PlannedElement) string { return e.NewUnit + "\x00" + e.Kind }

// newMergeTargets indexes elements (sorted by key) and their clusters.
func newMergeTargets(elems []*migrate.PlannedElement, clusters []*migrate.Cluster) *mergeTargets {
	t := &mergeTargets{byKey: make(map[string]*migrate.PlannedElement, len(elems)), group: map[string][]string{},
		clusters: make(map[string]*migrate.Cluster, len(clusters))}
	survivor := map[string]bool{}
	for _, c := range clusters {
		t.clusters[c.ID] = c
		survivor[c.Survivor] = true
	}
	for _, pass := range []bool{true, false} {
		for _, e := range elems {
			if e.NewUnit == "" || survivor[e.Key] != pass {
				continue
			}
			t.byKey[e.Key] = e
			t.group[groupKey(e)] = append(t.group[groupKey(e)], e.Key)
		}
	}
	return t
}

// of returns the keys e may merge into, in the drop-down's order.
func (t *mergeTargets) of(e *migrate.PlannedElement) []string {
	keys, _ := t.list(e)
	return keys
}

// list returns the keys e may merge into, and whether they are its
// group's alone (then every element of the group has the same list).
func (t *mergeTargets) list(e *migrate.PlannedElement) ([]string, bool) {
	out := t.group[groupKey(e)]
	var extra []string
	add := func(k string) {
		if k == "" || k == e.Key {
			return
		}
		x := t.byKey[k]
		if x == nil || x.NewProvince != e.NewProvince || x.NewUnit == e.NewUnit && x.Kind == e.Kind {
			return // unknown, of another province, or in the group already
		}
		for _, y := range extra {
			if y == k {
				return
			}
		}
		extra = append(extra, k)
	}
	if c := t.clusters[e.Cluster]; c != nil {
		for _, k := range c.Members {
			add(k)
		}
	}
	add(e.MergeInto)
	if e.Decision != nil {
		add(e.Decision.MergeInto)
	}
	if len(extra) == 0 {
		return out, true
	}
	return append(append([]string{}, out...), extra...), false
}

// allows reports whether e may merge into key.
func (t *mergeTargets) allows(e *migrate.PlannedElement, key string) bool {
	if x := t.byKey[key]; x != nil && x.NewUnit == e.NewUnit && x.Kind == e.Kind && x.NewProvince == e.NewProvince {
		return true
	}
	for _, k := range t.of(e) {
		if k == key {
			return true
		}
	}
	return false
}
