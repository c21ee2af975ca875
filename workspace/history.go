package workspace

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/store"
)

// vietnam is the time zone weeks are counted in (UTC+7, no daylight saving):
// a plan saved on Monday morning in Hà Nội belongs to that Monday's week.
var vietnam = time.FixedZone("ICT", 7*3600)

// History is the progress of the provinces week by week, from the
// snapshots each saved plan records (store.Snapshots).
type History struct {
	// Weeks are the ISO weeks covered, oldest first, from the first
	// snapshot's to the current one.
	Weeks []Week `json:"weeks"`
	// National sums, for each week, the provinces known by then.
	National []HistoryPoint `json:"national"`
	// Provinces is each province's series, by code.
	Provinces []ProvinceHistory `json:"provinces"`
}

// Week is one ISO week.
type Week struct {
	ID     string `json:"id"`     // e.g. 2026-W23
	Monday string `json:"monday"` // yyyy-mm-dd
}

// ProvinceHistory is one province's series.
type ProvinceHistory struct {
	Code   string         `json:"code"`
	Name   string         `json:"name"`
	Points []HistoryPoint `json:"points"` // one per week of History.Weeks
}

// HistoryPoint is a state at the end of a week: the latest snapshot by
// then (Known false before the first).
type HistoryPoint struct {
	Week      string                   `json:"week"`
	Known     bool                     `json:"known"`
	PlanID    string                   `json:"plan_id,omitempty"`
	Open      map[migrate.Severity]int `json:"open"`
	Resolved  map[migrate.Severity]int `json:"resolved"`
	Decisions int                      `json:"decisions"`
	Elements  int                      `json:"elements"`
}

// History returns the weekly progress of the workspace's provinces (those
// given, or all), from the snapshots recorded each time a plan was saved.
func (w *Workspace) History(ctx context.Context, provinces []string) (*History, error) {
	st, m, err := w.open(ctx)
	if err != nil {
		return nil, err
	}
	want, err := w.Provinces(m, provinces)
	if err != nil {
		return nil, err
	}
	snaps, err := st.Snapshots(ctx)
	if err != nil {
		return nil, err
	}
	return weekly(snaps, want, st.Now()), nil
}

// weekly turns snapshots (oldest first) into weekly series up to the week
// of now, for the provinces in want (all when empty).
func weekly(snaps []store.Snapshot, want []string, now time.Time) *History {
	h := &History{Weeks: []Week{}, National: []HistoryPoint{}, Provinces: []ProvinceHistory{}}
	keep := map[string]bool{}
	for _, c := range want {
		keep[c] = true
	}
	type timed struct {
		t time.Time
		s store.Snapshot
	}
	byProv := map[string][]timed{}
	names := map[string]string{}
	var first time.Time
	for _, s := range snaps {
		if len(keep) > 0 && !keep[s.Province] {
			continue
		}
		t, err := time.Parse(time.RFC3339, s.At)
		if err != nil {
			continue
		}
		if first.IsZero() || t.Before(first) {
			first = t
		}
		byProv[s.Province] = append(byProv[s.Province], timed{t, s})
		names[s.Province] = s.Name
	}
	if first.IsZero() {
		return h
	}
	last := now
	for _, ts := range byProv {
		if t := ts[len(ts)-1].t; t.After(last) {
			last = t
		}
	}
	for mon := monday(first); !mon.After(last); mon = mon.AddDate(0, 0, 7) {
		y, wk := mon.ISOWeek()
		h.Weeks = append(h.Weeks, Week{ID: fmt.Sprintf("%d-W%02d", y, wk), Monday: mon.Format(time.DateOnly)})
	}
	codes := make([]string, 0, len(byProv))
	for c := range byProv {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for range h.Weeks {
		h.National = append(h.National, HistoryPoint{Open: severities(), Resolved: severities()})
	}
	for _, c := range codes {
		ts := byProv[c]
		ph := ProvinceHistory{Code: c, Name: names[c]}
		j := -1 // the latest snapshot by the end of the week
		for i, wk := range h.Weeks {
			mon, _ := time.ParseInLocation(time.DateOnly, wk.Monday, vietnam)
			end := mon.AddDate(0, 0, 7)
			for j+1 < len(ts) && ts[j+1].t.Before(end) {
				j++
			}
			p := HistoryPoint{Week: wk.ID, Open: severities(), Resolved: severities()}
			nat := &h.National[i]
			nat.Week = wk.ID
			if j >= 0 {
				s := ts[j].s
				p.Known, p.PlanID, p.Decisions, p.Elements = true, s.PlanID, s.Decisions, s.ElementsBefore
				nat.Known = true
				nat.Decisions += s.Decisions
				nat.Elements += s.ElementsBefore
				for _, sev := range migrate.Severities {
					p.Open[sev], p.Resolved[sev] = s.Open[sev], s.Resolved[sev]
					nat.Open[sev] += s.Open[sev]
					nat.Resolved[sev] += s.Resolved[sev]
				}
			}
			ph.Points = append(ph.Points, p)
		}
		h.Provinces = append(h.Provinces, ph)
	}
	return h
}

// monday returns the start of t's ISO week in Vietnam's time.
func monday(t time.Time) time.Time {
	t = t.In(vietnam)
	d := (int(t.Weekday()) + 6) % 7 // days since Monday
	y, m, day := t.Date()
	return time.Date(y, m, day-d, 0, 0, 0, 0, vietnam)
}
