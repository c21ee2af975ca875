package mapping

import (
	"strings"
	"testing"
)

func TestFindNewProvince(t *testing.T) {
	m, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, arg, code string
		problem         string // a part of the English problem, when no code
	}{
		{"new code", "08", "08", ""},
		{"code without its zero", "8", "08", ""},
		{"name", "Tuyên Quang", "08", ""},
		{"name without diacritics", "tuyen quang", "08", ""},
		{"name with its type word", "Tỉnh Tuyên Quang", "08", ""},
		{"centrally-run city", "Hà Nội", "01", ""},
		{"city with its type word, folded", "thanh pho ho chi minh", "79", ""},
		{"old code", "02", "", "old province 02 Tỉnh Hà Giang, now part of the new province 08 Tỉnh Tuyên Quang"},
		{"old code without its zero", "2", "", "now part of the new province 08"},
		{"old name", "Hà Giang", "", "old province 02 Tỉnh Hà Giang, now part of the new province 08"},
		{"old name folded", "ha giang", "", "now part of the new province 08"},
		{"unknown code", "99", "", "no new province has this code"},
		{"unknown name", "Atlantis", "", "no new province has this code or name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, problem := m.FindNewProvince(c.arg)
			if code != c.code {
				t.Fatalf("FindNewProvince(%q) = %q (%s), want %q", c.arg, code, problem.EN, c.code)
			}
			if c.code == "" && !strings.Contains(problem.EN, c.problem) {
				t.Errorf("FindNewProvince(%q): problem %q, want it to say %q", c.arg, problem.EN, c.problem)
			}
			if c.code == "" && (problem.VI == "" || problem.EN == "") {
				t.Errorf("FindNewProvince(%q): problem not in both languages: %+v", c.arg, problem)
			}
		})
	}
}
