package inventory

import (
	"strings"
	"testing"
)

// TestRestoredCodeStaysInTheFilesProvinces: a number a spreadsheet made of
// a unit code is restored only to a code in the old provinces the file's
// unmistakable codes declare, or, when it declares none, to the one unit
// nationally it can be; otherwise it is a problem asking for text cells.
func TestRestoredCodeStaysInTheFilesProvinces(t *testing.T) {
	const haGiang = "A,02,application,Hệ thống A,,,,,,,,,\n" // declares old province 02
	const noneDeclared = "A,24,application,Hệ thống A,,,,,,,,,\nB,213,application,Hệ thống B,,,,,,,,,\n"
	cases := []struct {
		name, file, value string
		want              string // the restored code; "" for a problem
		problem           string
	}{
		{"into another province's district", haGiang, "99", "", "outside the provinces this file declares (02)"},
		{"into the file's commune", haGiang, "688", "00688", ""},
		{"into the file's province", haGiang, "2", "02", ""},
		{"into another province", haGiang, "4", "", "outside the provinces this file declares (02)"},
		{"unique nationally, no province declared", noneDeclared, "99", "099", ""},
		{"a province first, no province declared", noneDeclared, "4", "04", ""},
		{"ambiguous, no province declared", noneDeclared, "7", "", "ambiguous unit code"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := readCSVString(t, elemHeader+c.file+"X,"+c.value+",application,Hệ thống X,,,,,,,,,\n", "")
			if c.problem != "" {
				if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Message.EN, c.problem) || res.Problems[0].Value != c.value {
					t.Fatalf("problems %v, want one saying %q", res.Problems, c.problem)
				}
				if !strings.Contains(res.Problems[0].Message.EN, "write the code as text") {
					t.Errorf("the problem does not ask for text cells: %v", res.Problems[0])
				}
				return
			}
			if len(res.Problems) > 0 {
				t.Fatalf("problems: %v", res.Problems)
			}
			for _, e := range res.Elements {
				if e.ID == "X" && e.Unit != c.want {
					t.Errorf("%s restored as %s, want %s", c.value, e.Unit, c.want)
				}
			}
		})
	}
}
