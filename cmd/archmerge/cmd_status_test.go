package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/workspace"
)

// status --history prints the weekly series of the plans saved: here one
// plan, so this week's figures are the current ones.
func TestStatusHistory(t *testing.T) {
	db := importPlanInv(t)
	if code, out, stderr := run(t, "", "--db", db, "status", "--history"); code != ExitOK || !strings.Contains(out, "Chưa có số liệu theo tuần") {
		t.Errorf("before any plan: exit %d\n%s%s", code, out, stderr)
	}
	if code, _, stderr := run(t, "", "--db", db, "plan", "--as-of", "2026-06-01"); code != ExitOK {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	_, out, _ := run(t, "", "--db", db, "--format", "json", "status")
	var st workspace.StatusResult
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	blockers := st.Totals.Open[migrate.Blocker]

	code, out, stderr := run(t, "", "--db", db, "--format", "json", "status", "--history")
	if code != ExitOK {
		t.Fatalf("status --history --format json: exit %d\n%s", code, stderr)
	}
	var h workspace.History
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatal(err)
	}
	y, wk := time.Now().In(time.FixedZone("ICT", 7*3600)).ISOWeek()
	this := h.Weeks[len(h.Weeks)-1].ID
	if len(h.Weeks) != 1 || len(h.Provinces) != 1 || h.Provinces[0].Code != "08" || this != fmt.Sprintf("%d-W%02d", y, wk) {
		t.Fatalf("history %+v, want this week's, of province 08", h)
	}
	if p := h.National[0]; !p.Known || p.Open[migrate.Blocker] != blockers {
		t.Errorf("national point %+v, want %d open blockers as status says", p, blockers)
	}

	code, out, stderr = run(t, "", "--db", db, "status", "--history")
	if code != ExitOK || !strings.Contains(out, "Tiến độ theo tuần (cả nước)") || !strings.Contains(out, this) || !strings.Contains(out, "Chặn còn mở") {
		t.Errorf("status --history: exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, _ = run(t, "", "--db", db, "--lang", "en", "status", "--history", "--province", "Tuyên Quang")
	if code != ExitOK || !strings.Contains(out, "Weekly progress (08 Tỉnh Tuyên Quang)") || !strings.Contains(out, "Open blockers") {
		t.Errorf("status --history --province: exit %d\n%s", code, out)
	}
	if _, out, _ := run(t, "", "--db", db, "status", "--history", "--province", "01"); !strings.Contains(out, "Chưa có số liệu") {
		t.Errorf("a province with no plan:\n%s", out)
	}
	if code, _, stderr := run(t, "", "--db", db, "status", "--province", "08"); code != ExitUsage || !strings.Contains(stderr, "--history") {
		t.Errorf("--province without --history: exit %d\n%s", code, stderr)
	}
}
