package mapping

import (
	"embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ndta-vn/archmerge/internal/lang"
)

// The unit history of 2019-2025 (history/README.md): every version of every
// unit between the statistics office's list of 16 October 2018 and the list
// of 30 June 2025, and every change between them with its act. It lets a
// code or name of any of those dates be chained to the units of 30 June
// 2025, and from there through the 2025 mapping to the units of 1 July 2025.

//go:embed history/units.csv history/changes.csv history/documents.csv history/README.md
var historyFS embed.FS

// HistoryEnd is the date of the list the history ends with: the old units
// of the built-in mapping, in force until the 2025 restructuring.
const HistoryEnd = "2025-06-30"

// NewUnitsFrom is the date the built-in mapping's new units take effect,
// the day after HistoryEnd: a date from then on reads the new units.
const NewUnitsFrom = "2025-07-01"

// UnitVersion is one version of a unit: a code with one name and one
// parent, valid from From (inclusive; "" for the first list of the
// history) to To (exclusive; "" for a version in force on HistoryEnd).
// Dates are ISO dates (YYYY-MM-DD).
type UnitVersion struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Level  Level  `json:"level"`
	Parent string `json:"parent_code,omitempty"`
	From   string `json:"valid_from,omitempty"`
	To     string `json:"valid_to,omitempty"`
}

// Current reports whether the version is in force on HistoryEnd.
func (v UnitVersion) Current() bool { return v.To == "" }

// ValidAt reports whether the version is in force on date (an ISO date
// before 1 July 2025).
func (v UnitVersion) ValidAt(date string) bool {
	return v.From <= date && (v.To == "" || date < v.To)
}

// ChangeKind is what a change did to a code.
type ChangeKind string

// Kinds of change. Rename, reclassify and move keep the code and may be
// combined ("reclassify+move"); merge, split and retire end it.
const (
	ChangeRename     ChangeKind = "rename"
	ChangeReclassify ChangeKind = "reclassify"
	ChangeMove       ChangeKind = "move"
	ChangeSpelling   ChangeKind = "spelling"
	ChangeMerge      ChangeKind = "merge"
	ChangeSplit      ChangeKind = "split"
	ChangeRetire     ChangeKind = "retire"
	ChangeCreate     ChangeKind = "create"
)

// Ends reports whether the change ends its code (merge, split, retire).
func (k ChangeKind) Ends() bool { return k == ChangeMerge || k == ChangeSplit || k == ChangeRetire }

// Change is one row of history/changes.csv: what happened to the version of
// Code that ended on Date.
type Change struct {
	Date    string     `json:"date"`
	Level   Level      `json:"level"`
	Code    string     `json:"code"`
	Name    string     `json:"name"`
	Kind    ChangeKind `json:"kind"`
	NewCode string     `json:"new_code,omitempty"`
	NewName string     `json:"new_name,omitempty"`
	NewAsOf string     `json:"new_as_of,omitempty"` // the list NewCode is read in, when not Date's
	Act     string     `json:"resolution,omitempty"`
	Source  string     `json:"source,omitempty"`
	Note    string     `json:"note,omitempty"`
	Pos     Pos        `json:"-"`
}

// Document is an act the statistics office lists for a date.
type Document struct {
	Date   string `json:"date"`
	Number string `json:"number"`
	Title  string `json:"title"`
}

// History holds the versions and changes, indexed. It is read-only and safe
// for concurrent use.
type History struct {
	Versions  []UnitVersion
	Changes   []Change
	Documents []Document
	// Start is the date of the first list (its versions have From "").
	Start string

	byCode  map[levelCode][]int // versions of a code, oldest first
	changes map[levelCode][]int // changes of a code, by date
}

type levelCode struct {
	level Level
	code  string
}

// HistoryStart is the date of the first list of the built-in history.
const HistoryStart = "2018-10-16"

// ReadHistory parses the three files of a history. Every row-level defect
// is collected; the History is nil when there is any.
func ReadHistory(units, changes, documents io.Reader) (*History, Problems) {
	var probs Problems
	h := &History{Start: HistoryStart}
	rows(csvSource(fileName(units, "units.csv"), units), []string{"code", "name", "level", "parent_code", "valid_from", "valid_to"}, &probs,
		func(pos Pos, get func(string) string) {
			lv, ok := ParseLevel(get("level"))
			if !ok {
				probs = append(probs, Problem{Pos: pos, Column: "level", Value: get("level"), Message: lang.T("cấp không hợp lệ: cần province, district hoặc commune", "unknown level: expected province, district or commune")})
				return
			}
			v := UnitVersion{Code: get("code"), Name: get("name"), Level: lv, Parent: get("parent_code"), From: get("valid_from"), To: get("valid_to")}
			for _, d := range []struct{ col, val string }{{"valid_from", v.From}, {"valid_to", v.To}} {
				if d.val != "" && !isISODate(d.val) {
					probs = append(probs, Problem{Pos: pos, Column: d.col, Value: d.val, Message: lang.T("không phải ngày: cần YYYY-MM-DD", "not a date: expected YYYY-MM-DD")})
					return
				}
			}
			if v.To != "" && v.From >= v.To {
				probs = append(probs, Problem{Pos: pos, Column: "valid_to", Value: v.To, Message: lang.T("kết thúc trước khi bắt đầu", "ends before it starts")})
				return
			}
			h.Versions = append(h.Versions, v)
		})
	rows(csvSource(fileName(changes, "changes.csv"), changes), []string{"date", "level", "code", "name", "kind", "new_code", "new_name", "new_as_of", "resolution", "source", "note"}, &probs,
		func(pos Pos, get func(string) string) {
			lv, ok := ParseLevel(get("level"))
			if !ok || !isISODate(get("date")) {
				probs = append(probs, Problem{Pos: pos, Message: lang.T("cấp hoặc ngày không hợp lệ", "bad level or date")})
				return
			}
			c := Change{Date: get("date"), Level: lv, Code: get("code"), Name: get("name"), Kind: ChangeKind(get("kind")),
				NewCode: get("new_code"), NewName: get("new_name"), NewAsOf: get("new_as_of"), Act: get("resolution"),
				Source: get("source"), Note: get("note"), Pos: pos}
			for _, k := range strings.Split(string(c.Kind), "+") {
				switch ChangeKind(k) {
				case ChangeRename, ChangeReclassify, ChangeMove, ChangeSpelling, ChangeMerge, ChangeSplit, ChangeRetire, ChangeCreate:
				default:
					probs = append(probs, Problem{Pos: pos, Column: "kind", Value: k, Message: lang.T("loại thay đổi không rõ", "unknown kind of change")})
					return
				}
			}
			h.Changes = append(h.Changes, c)
		})
	rows(csvSource(fileName(documents, "documents.csv"), documents), []string{"date", "number", "title"}, &probs,
		func(pos Pos, get func(string) string) {
			h.Documents = append(h.Documents, Document{Date: get("date"), Number: get("number"), Title: get("title")})
		})
	if len(probs) > 0 {
		return nil, probs
	}
	h.index()
	return h, nil
}

func (h *History) index() {
	h.byCode = make(map[levelCode][]int, len(h.Versions))
	for i, v := range h.Versions {
		k := levelCode{v.Level, v.Code}
		h.byCode[k] = append(h.byCode[k], i)
	}
	for _, ids := range h.byCode {
		slices.SortFunc(ids, func(a, b int) int { return strings.Compare(h.Versions[a].From, h.Versions[b].From) })
	}
	h.changes = make(map[levelCode][]int, len(h.Changes))
	for i, c := range h.Changes {
		k := levelCode{c.Level, c.Code}
		h.changes[k] = append(h.changes[k], i)
	}
}

var builtinHistory = sync.OnceValues(func() (*History, error) {
	open := func(name string) (io.Reader, error) {
		f, err := historyFS.Open("history/" + name)
		if err != nil {
			return nil, err
		}
		return NamedReader{Reader: f, Name: "history/" + name}, nil
	}
	u, err := open("units.csv")
	if err != nil {
		return nil, err
	}
	c, err := open("changes.csv")
	if err != nil {
		return nil, err
	}
	d, err := open("documents.csv")
	if err != nil {
		return nil, err
	}
	h, probs := ReadHistory(u, c, d)
	if len(probs) > 0 {
		return nil, fmt.Errorf("built-in history: %v", probs[0])
	}
	return h, nil
})

// BuiltinHistory returns the embedded history of 2019-2025, parsed once
// per process.
func BuiltinHistory() (*History, error) { return builtinHistory() }

// HistoryAttribution returns the README of the embedded history: its
// sources, their licences and where they disagree.
func HistoryAttribution() string {
	b, _ := historyFS.ReadFile("history/README.md")
	return string(b)
}

// History returns the unit history that leads to the mapping's old units,
// or nil: the built-in history applies to any mapping whose old side is the
// list of 30 June 2025 (the built-in mapping, a correction of it, or a
// chain that starts with it), checked once by codes, levels and names.
func (m *Mapping) History() *History {
	m.histOnce.Do(func() {
		h, err := BuiltinHistory()
		if err != nil || !h.leadsTo(m.OldUnits) {
			return
		}
		m.hist = h
	})
	return m.hist
}

// leadsTo reports whether the versions in force at the end are exactly the
// given units (same codes, levels and folded names).
func (h *History) leadsTo(units []Unit) bool {
	n := 0
	for _, v := range h.Versions {
		if v.Current() {
			n++
		}
	}
	if n != len(units) {
		return false
	}
	for _, u := range units {
		v, ok := h.At(u.Level, u.Code, "")
		if !ok || Fold(v.Name) != Fold(u.Name) || v.Parent != u.Parent {
			return false
		}
	}
	return true
}

// VersionsOf returns the versions of a code, oldest first.
func (h *History) VersionsOf(level Level, code string) []UnitVersion {
	return pick(h.Versions, h.byCode[levelCode{level, code}])
}

// pick copies the elements of all at the given places.
func pick[T any](all []T, ids []int) []T {
	out := make([]T, len(ids))
	for i, id := range ids {
		out[i] = all[id]
	}
	return out
}

// At returns the version of a code in force on date, or the version in
// force on HistoryEnd when date is "". A date before the history's first
// list reads that list.
func (h *History) At(level Level, code, date string) (UnitVersion, bool) {
	id, ok := h.at(level, code, date)
	if !ok {
		return UnitVersion{}, false
	}
	return h.Versions[id], true
}

func (h *History) at(level Level, code, date string) (int, bool) {
	for _, id := range h.byCode[levelCode{level, code}] {
		v := &h.Versions[id]
		if date == "" && v.Current() || date != "" && v.ValidAt(date) {
			return id, true
		}
	}
	return 0, false
}

// ChangesOf returns the changes of a code, by date.
func (h *History) ChangesOf(level Level, code string) []Change {
	return pick(h.Changes, h.changes[levelCode{level, code}])
}

// Step is one link of a chain from a unit version to the units of
// HistoryEnd: the change, the version it started from and the one it led
// to (none for a unit whose successor no source states: the chain then
// continues from its district, Kind "within").
type Step struct {
	Date  string       `json:"date"`
	Kind  ChangeKind   `json:"kind"`
	From  UnitVersion  `json:"from"`
	To    *UnitVersion `json:"to,omitempty"`
	Act   string       `json:"resolution,omitempty"`
	Note  string       `json:"note,omitempty"`
	Known bool         `json:"-"` // false for a "within" step
}

// ChangeWithin is the kind of the step from a unit whose successor is
// unknown to its district.
const ChangeWithin ChangeKind = "within"

// Chain follows a version through every later change to the versions in
// force on HistoryEnd. It returns the steps in order (breadth first where a
// unit went to several) and the current versions reached; complete is
// false when some step goes only to a district because no source names the
// unit that took a commune.
func (h *History) Chain(v UnitVersion) (steps []Step, ends []UnitVersion, complete bool) {
	complete = true
	queue := []UnitVersion{v}
	seen := map[levelCode]map[string]bool{}
	mark := func(x UnitVersion) bool {
		k := levelCode{x.Level, x.Code}
		if seen[k] == nil {
			seen[k] = map[string]bool{}
		}
		if seen[k][x.From] {
			return false
		}
		seen[k][x.From] = true
		return true
	}
	mark(v)
	for len(queue) > 0 && len(steps) < 64 {
		cur := queue[0]
		queue = queue[1:]
		if cur.Current() {
			if !slices.Contains(ends, cur) {
				ends = append(ends, cur)
			}
			continue
		}
		next := func(x UnitVersion, s Step) {
			s.To = &x
			steps = append(steps, s)
			if mark(x) {
				queue = append(queue, x)
			}
		}
		found := false
		for _, c := range h.ChangesOf(cur.Level, cur.Code) {
			if c.Date != cur.To || c.Kind == ChangeCreate {
				continue
			}
			found = true
			s := Step{Date: c.Date, Kind: c.Kind, From: cur, Act: c.Act, Note: c.Note, Known: true}
			switch {
			case c.Kind == ChangeRetire:
				// Nothing names the successor: its district (the version
				// in force on its last day) is the nearest known one.
				complete = false
				s.Kind, s.Known = ChangeWithin, false
				if p, ok := h.lastBefore(parentLevel(cur.Level), cur.Parent, cur.To); ok {
					next(p, s)
				} else {
					steps = append(steps, s)
				}
			case c.Kind.Ends():
				asOf := c.NewAsOf
				if asOf == "" {
					asOf = c.Date
				}
				if asOf == HistoryEnd {
					asOf = ""
				}
				if x, ok := h.At(cur.Level, c.NewCode, asOf); ok {
					next(x, s)
				}
			default:
				if x, ok := h.At(cur.Level, cur.Code, c.Date); ok {
					next(x, s)
				}
			}
		}
		if !found {
			complete = false
		}
	}
	return steps, ends, complete
}

// lastBefore returns the version of a code in force on the day before date.
func (h *History) lastBefore(level Level, code, date string) (UnitVersion, bool) {
	var best UnitVersion
	ok := false
	for _, id := range h.byCode[levelCode{level, code}] {
		v := h.Versions[id]
		if v.From < date {
			best, ok = v, true
		}
	}
	return best, ok
}

func parentLevel(l Level) Level {
	if l == Commune {
		return District
	}
	return Province
}

// isISODate reports whether s is a valid date written YYYY-MM-DD.
func isISODate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// ParseDate reads a date as people write it: 2020-06-01, 01/06/2020,
// 1/6/2020, 01-06-2020 or 01.06.2020 (day first), and returns it as an ISO
// date.
func ParseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006", "02-01-2006", "2-1-2006", "02.01.2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	return "", fmt.Errorf("date %q: expected YYYY-MM-DD or DD/MM/YYYY", s)
}
