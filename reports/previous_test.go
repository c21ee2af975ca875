package reports

import (
	"path/filepath"
	"testing"

	"github.com/ndta-vn/archmerge/migrate"
)

// A workbook written by the previous version (testdata/previous: the
// small plan's province 08, before the per-row drop-downs, wrapped text
// and flag titles) still applies: left as written it records nothing,
// and a decision typed into it is recorded.
func TestWorkbookOfThePreviousVersionApplies(t *testing.T) {
	p := smallPlan(t)
	old := filepath.Join("testdata", "previous", "08-tuyen-quang.xlsx")
	fl, probs, err := ReadDecisions(old)
	if err != nil || len(probs) > 0 {
		t.Fatalf("read: %v %v", err, probs)
	}
	// The engine has changed since the fixture was written: its plan id is
	// an older plan's, which apply only warns about.
	if ck, probs := Check([]*Filled{fl}, p, "ws-golden"); len(probs) > 0 || len(ck.Decisions) != 0 {
		t.Fatalf("left as written: %+v, problems %v", ck, probs)
	}
	filled := filepath.Join(t.TempDir(), "filled.xlsx")
	fill(t, old, filled, map[string]map[string]string{
		"02/QLVBDH": {"Quyết định": "Hợp nhất", "Hợp nhất vào": "08/QLVBDH"},
		"08/DL_DAT": {"Quyết định": "Nâng cấp, mở rộng", "Ghi chú": "chuyển mã theo danh mục mới"},
	})
	fl, probs, err = ReadDecisions(filled)
	if err != nil || len(probs) > 0 {
		t.Fatalf("read: %v %v", err, probs)
	}
	ck, probs := Check([]*Filled{fl}, p, "ws-golden")
	if len(probs) > 0 || len(ck.Decisions) != 2 {
		t.Fatalf("decisions %+v, problems %v", ck, probs)
	}
	if d := ck.Decisions[0]; d.Key != "02/QLVBDH" || d.Treatment != migrate.Merge || d.MergeInto != "08/QLVBDH" {
		t.Errorf("merge recorded as %+v", d)
	}
	if d := ck.Decisions[1]; d.Key != "08/DL_DAT" || d.Treatment != migrate.Upgrade || d.Note == "" {
		t.Errorf("upgrade recorded as %+v", d)
	}
}
