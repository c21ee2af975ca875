package migrate

import "testing"

// Every flag has a short title in both languages, told apart from the
// others, for the workbooks that show it beside the code.
func TestFlagRuleTitles(t *testing.T) {
	seen := map[string]string{}
	for _, r := range FlagRules {
		if r.Title.VI == "" || r.Title.EN == "" {
			t.Errorf("%s: title %+v, want both languages", r.Code, r.Title)
			continue
		}
		if len([]rune(r.Title.VI)) > 60 || len([]rune(r.Title.EN)) > 60 {
			t.Errorf("%s: title %+v longer than 60 characters: a title is a few words", r.Code, r.Title)
		}
		for _, s := range []string{r.Title.VI, r.Title.EN} {
			if other, dup := seen[s]; dup {
				t.Errorf("%s and %s share the title %q", other, r.Code, s)
			}
			seen[s] = r.Code
		}
	}
}
