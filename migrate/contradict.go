package migrate

import (
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
)

// The kinds of Contradiction.
const (
	ContradictSelf     = "self"           // an element merges into itself
	ContradictProvince = "other_province" // into an element of another new province
	ContradictCycle    = "cycle"          // A into B while B into A
	ContradictGone     = "target_gone"    // into an element decided to retire or to merge elsewhere
)

// Contradiction is a merge decision that cannot hold together with the
// decisions in force beside it. apply refuses to record one
// (reports.Check), but decisions recorded by an earlier version, or by two
// applies that an earlier version did not serialise, may hold one: plan,
// report, status and validate name them, so that a person decides again.
type Contradiction struct {
	Kind      string    `json:"kind"`
	Key       string    `json:"key"` // the element whose decision cannot hold
	MergeInto string    `json:"merge_into"`
	Province  string    `json:"province,omitempty"` // the element's new province, when known
	By        string    `json:"by,omitempty"`       // who recorded the decision, when, from which workbook
	At        string    `json:"at,omitempty"`
	File      string    `json:"file,omitempty"`
	With      Treatment `json:"with_treatment,omitempty"` // the target's decided treatment
	WithInto  string    `json:"with_merge_into,omitempty"`
	Reason    lang.Text `json:"reason"`
}

// Contradictions lists the merge decisions among ds (the decisions in
// force, one per element) that contradict: a merge into the element
// itself, into an element of another new province, or into an element
// itself decided to merge (a cycle when back into the first) or retire.
// provinceOf gives an element's new province ("" when unknown: not
// compared). Each decision at fault is listed once, sorted by key: both
// sides of a cycle are.
func Contradictions(ds []Decision, provinceOf func(key string) string) []Contradiction {
	byKey := make(map[string]*Decision, len(ds))
	for i := range ds {
		byKey[ds[i].Key] = &ds[i]
	}
	var out []Contradiction
	for i := range ds {
		d := &ds[i]
		if d.Treatment != Merge || d.MergeInto == "" {
			continue
		}
		c := Contradiction{Key: d.Key, MergeInto: d.MergeInto, Province: provinceOf(d.Key), By: d.By, At: d.At, File: d.File}
		t := byKey[d.MergeInto]
		tp := provinceOf(d.MergeInto)
		switch {
		case d.MergeInto == d.Key:
			c.Kind = ContradictSelf
			c.Reason = lang.T(d.Key+" hợp nhất vào chính nó: hãy quyết định lại phần tử này",
				d.Key+" merges into itself: decide this element again")
		case c.Province != "" && tp != "" && c.Province != tp:
			c.Kind = ContradictProvince
			c.Reason = lang.T(d.Key+" (tỉnh "+c.Province+") hợp nhất vào "+d.MergeInto+" của tỉnh "+tp+": chỉ được hợp nhất vào phần tử cùng tỉnh; hãy quyết định lại",
				d.Key+" (province "+c.Province+") merges into "+d.MergeInto+" of province "+tp+": an element can only merge into one of its own province; decide it again")
		case t != nil && t.Treatment == Merge && t.MergeInto == d.Key:
			c.Kind, c.With, c.WithInto = ContradictCycle, t.Treatment, t.MergeInto
			c.Reason = lang.T(d.Key+" hợp nhất vào "+d.MergeInto+" trong khi "+d.MergeInto+" lại hợp nhất vào "+d.Key+": hãy quyết định lại để giữ một trong hai",
				d.Key+" merges into "+d.MergeInto+" while "+d.MergeInto+" merges into "+d.Key+": decide again to keep one of them")
		case t != nil && (t.Treatment == Merge || t.Treatment == Retire):
			c.Kind, c.With, c.WithInto = ContradictGone, t.Treatment, t.MergeInto
			what := lang.T("dừng sử dụng", "retire")
			if t.Treatment == Merge {
				what = lang.T("hợp nhất vào "+t.MergeInto, "merge into "+t.MergeInto)
			}
			c.Reason = lang.T(d.Key+" hợp nhất vào "+d.MergeInto+", mà "+d.MergeInto+" đã được quyết định "+strings.ToLower(what.VI)+": hãy hợp nhất vào phần tử được giữ lại",
				d.Key+" merges into "+d.MergeInto+", which is decided to "+what.EN+": merge into the element that survives")
		default:
			continue
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
