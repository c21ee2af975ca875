package migrate

import (
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/inventory"
)

func TestContradictions(t *testing.T) {
	prov := func(k string) string {
		u, _, _ := strings.Cut(k, "/")
		switch u {
		case "02", "08":
			return "08"
		case "01":
			return "01"
		}
		return ""
	}
	merge := func(k, into string) Decision { return Decision{Key: k, Treatment: Merge, MergeInto: into} }
	retire := func(k string) Decision { return Decision{Key: k, Treatment: Retire} }
	cases := []struct {
		name string
		ds   []Decision
		want []string // key:kind
	}{
		{"agreeing", []Decision{merge("02/A", "08/A"), {Key: "08/A", Treatment: Continue}, retire("08/B")}, nil},
		{"into itself", []Decision{merge("08/A", "08/A")}, []string{"08/A:self"}},
		{"into another province", []Decision{merge("08/A", "01/A")}, []string{"08/A:other_province"}},
		{"into an unknown province", []Decision{merge("08/A", "99/A")}, nil},
		{"a cycle", []Decision{merge("02/A", "08/A"), merge("08/A", "02/A")}, []string{"02/A:cycle", "08/A:cycle"}},
		{"into a retired element", []Decision{merge("02/A", "08/A"), retire("08/A")}, []string{"02/A:target_gone"}},
		{"a chain", []Decision{merge("02/A", "08/A"), merge("08/A", "08/B")}, []string{"02/A:target_gone"}},
		{"a note only on the target", []Decision{merge("02/A", "08/A"), {Key: "08/A", Note: "x"}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, x := range Contradictions(c.ds, prov) {
				got = append(got, x.Key+":"+x.Kind)
				if x.Reason.VI == "" || x.Reason.EN == "" || !strings.Contains(x.Reason.EN, x.Key) {
					t.Errorf("reason %+v", x.Reason)
				}
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("Contradictions = %v, want %v", got, c.want)
			}
		})
	}
}

// TestPlanNamesContradictionsInForce: decisions that contradict each other,
// as an older version could record them, are named by the plan; the plan
// of agreeing decisions has none.
func TestPlanNamesContradictionsInForce(t *testing.T) {
	m := builtin(t)
	els := []inventory.Element{
		el("08/QLVB", "application", "Quản lý văn bản Tuyên Quang", fn("QLVBDH")),
		el("02/QLVB", "application", "Quản lý văn bản Hà Giang", fn("QLVBDH")),
	}
	agree := build(t, input(m, els, nil, []Decision{{Key: "02/QLVB", Treatment: Merge, MergeInto: "08/QLVB"}}))
	if len(agree.Contradictions) != 0 {
		t.Errorf("agreeing decisions: %+v", agree.Contradictions)
	}
	p := build(t, input(m, els, nil, []Decision{
		{Key: "02/QLVB", Treatment: Merge, MergeInto: "08/QLVB", By: "officer 0"},
		{Key: "08/QLVB", Treatment: Retire, By: "officer 1"},
	}))
	if len(p.Contradictions) != 1 {
		t.Fatalf("contradictions %+v, want one", p.Contradictions)
	}
	c := p.Contradictions[0]
	if c.Key != "02/QLVB" || c.Kind != ContradictGone || c.With != Retire || c.Province != "08" || c.By != "officer 0" {
		t.Errorf("contradiction %+v", c)
	}
}
