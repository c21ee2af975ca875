package workspace

import (
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/store"
)

func snap(at, prov string, blockers, decisions int) store.Snapshot {
	return store.Snapshot{At: at, Province: prov, Name: "Tỉnh " + prov, PlanID: "P" + at[:10],
		Open:      map[migrate.Severity]int{migrate.Blocker: blockers, migrate.High: 2 * blockers},
		Resolved:  map[migrate.Severity]int{migrate.Blocker: 10 - blockers},
		Decisions: decisions}
}

func TestWeeklyHistory(t *testing.T) {
	snaps := []store.Snapshot{
		snap("2026-06-01T02:00:00Z", "08", 10, 0), // Monday 1 June, 09:00 in Hà Nội: week 23
		snap("2026-06-03T02:00:00Z", "08", 8, 2),  // later that week: replaces it
		snap("2026-06-07T18:00:00Z", "01", 5, 0),  // Sunday 18:00 UTC is Monday 01:00 in Hà Nội: week 24
		snap("2026-06-16T02:00:00Z", "08", 3, 7),  // week 25
	}
	now, _ := time.Parse(time.RFC3339, "2026-06-30T00:00:00Z") // week 27
	h := weekly(snaps, nil, now)
	var weeks []string
	for _, w := range h.Weeks {
		weeks = append(weeks, w.ID)
	}
	if got := len(weeks); got != 5 || weeks[0] != "2026-W23" || weeks[4] != "2026-W27" || h.Weeks[0].Monday != "2026-06-01" {
		t.Fatalf("weeks %v (%+v)", weeks, h.Weeks[0])
	}
	if len(h.Provinces) != 2 || h.Provinces[0].Code != "01" || h.Provinces[1].Code != "08" {
		t.Fatalf("provinces %+v", h.Provinces)
	}
	blockers := func(ps []HistoryPoint) []int {
		var out []int
		for _, p := range ps {
			if !p.Known {
				out = append(out, -1)
				continue
			}
			out = append(out, p.Open[migrate.Blocker])
		}
		return out
	}
	for _, c := range []struct {
		name string
		got  []int
		want []int
	}{
		{"01: unknown before its first snapshot", blockers(h.Provinces[0].Points), []int{-1, 5, 5, 5, 5}},
		{"08: the latest snapshot of each week, carried forward", blockers(h.Provinces[1].Points), []int{8, 8, 3, 3, 3}},
		{"national: the sum of the provinces known", blockers(h.National), []int{8, 13, 8, 8, 8}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for i := range c.want {
				if c.got[i] != c.want[i] {
					t.Fatalf("open blockers by week %v, want %v", c.got, c.want)
				}
			}
		})
	}
	if d := h.National[2].Decisions; d != 7 {
		t.Errorf("national decisions in week 25 = %d, want 7 (08's 7, 01's 0)", d)
	}
	if only := weekly(snaps, []string{"01"}, now); len(only.Provinces) != 1 || only.Weeks[0].ID != "2026-W24" {
		t.Errorf("history of 01 alone: %+v", only)
	}
	if empty := weekly(nil, nil, now); len(empty.Weeks) != 0 || empty.National == nil {
		t.Errorf("no snapshots: %+v", empty)
	}
}
