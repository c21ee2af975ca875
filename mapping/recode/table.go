package recode

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/mapping"
)

// Status says what became of a row's unit codes.
type Status string

// Statuses written in the status column. They are the same tokens in both
// languages so that filters and scripts keep working; the note column carries
// the explanation in the chosen language.
const (
	// Exact: every unit the row names has one new unit.
	Exact Status = "exact"
	// Split: the row's old commune was split; every candidate new commune is
	// listed in the note and none is chosen.
	Split Status = "split"
	// Unknown: a code is not an old code of its level, or a name or address
	// does not resolve to one unit.
	Unknown Status = "unknown"
	// AlreadyNew: with Vintage new, the codes are new codes that exist.
	AlreadyNew Status = "already_new"
	// Blank: the row names no unit at all; the status cell is left empty.
	Blank Status = ""
)

// outcome is the precomputed conversion of one unit code: the four new-unit
// cells, a status and a note. Every code is resolved once, so that the
// per-row work is a map look-up.
type outcome struct {
	status   Status
	level    mapping.Level
	code     string // canonical code in the file's vintage
	name     string
	province string // province code in the file's vintage ("" for a province)
	district string // old district code of an old commune
	cells    [4]string
	note     string
	split    *SplitCommune
	hist     *histInfo // set when read through the history
}

// tables holds the outcomes of every code of one vintage, by code and by
// bare folded name.
type tables struct {
	vintage  mapping.Vintage
	province map[string]*outcome
	district map[string]*outcome
	commune  map[string]*outcome
	names    map[mapping.Level]map[string][]*outcome
	// With the mapping's history: the codes and names not listed on the
	// reading date, each with the outcome of its own versions.
	other      map[mapping.Level]map[string]*outcome
	otherNames map[mapping.Level]map[string][]*outcome
}

func (t *tables) byLevel(l mapping.Level) map[string]*outcome {
	switch l {
	case mapping.Province:
		return t.province
	case mapping.District:
		return t.district
	}
	return t.commune
}

// add indexes an outcome under its canonical code, the code without its
// leading zeros (as a spreadsheet stores it) and its bare name.
func (t *tables) add(o *outcome) {
	m := t.byLevel(o.level)
	m[o.code] = o
	if short := strings.TrimLeft(o.code, "0"); short != "" && short != o.code {
		if _, taken := m[short]; !taken {
			m[short] = o
		}
	}
	t.addName(t.names, o)
}

// remove drops a code (and its short form, if it is that code's) from the
// main tables.
func (t *tables) remove(l mapping.Level, code string) {
	m := t.byLevel(l)
	o := m[code]
	delete(m, code)
	if short := strings.TrimLeft(code, "0"); short != code && o != nil && m[short] == o {
		delete(m, short)
	}
}

// addName indexes an outcome under its bare name.
func (t *tables) addName(names map[mapping.Level]map[string][]*outcome, o *outcome) {
	var prefixes []string
	switch o.level {
	case mapping.Province:
		prefixes = provincePrefixes
	case mapping.District:
		prefixes = districtPrefixes
	default:
		prefixes = communePrefixes
	}
	if names[o.level] == nil {
		names[o.level] = map[string][]*outcome{}
	}
	if k := bareName(o.name, prefixes); k != "" {
		names[o.level][k] = append(names[o.level][k], o)
	}
}

// texts holds the words of notes in one language.
type texts struct {
	vi bool
}

func (x texts) pick(vi, en string) string {
	if x.vi {
		return vi
	}
	return en
}

func (x texts) transfer(t mapping.Transfer) string {
	if t == mapping.Whole {
		return x.pick("toàn bộ", "whole")
	}
	return x.pick("một phần", "part")
}

func (x texts) basis(l mapping.Link) string {
	if l.Resolution == "" {
		return ""
	}
	if l.Clause == "" {
		return ", " + l.Resolution
	}
	return x.pick(fmt.Sprintf(", khoản %s NQ %s", l.Clause, l.Resolution), fmt.Sprintf(", clause %s of %s", l.Clause, l.Resolution))
}

// buildTables precomputes the outcome of every unit of the given vintage.
func buildTables(m *mapping.Mapping, v mapping.Vintage, asOf string, x texts) *tables {
	t := &tables{vintage: v, province: map[string]*outcome{}, district: map[string]*outcome{},
		commune: map[string]*outcome{}, names: map[mapping.Level]map[string][]*outcome{},
		other:      map[mapping.Level]map[string]*outcome{mapping.Province: {}, mapping.District: {}, mapping.Commune: {}},
		otherNames: map[mapping.Level]map[string][]*outcome{}}
	defer func() {
		if h := m.History(); h != nil && v == mapping.Old {
			t.addHistory(h, x, asOf)
		}
	}()
	newName := func(code string) string {
		u, _ := m.NewUnit(code)
		return u.Name
	}
	if v == mapping.New {
		for _, u := range m.NewUnits {
			o := &outcome{status: AlreadyNew, level: u.Level, code: u.Code, name: u.Name}
			switch u.Level {
			case mapping.Province:
				o.cells = [4]string{u.Code, u.Name, "", ""}
			case mapping.Commune:
				p := m.NewProvince(u.Code)
				o.province = p
				o.cells = [4]string{p, newName(p), u.Code, u.Name}
			default:
				continue
			}
			t.add(o)
		}
		return t
	}
	for _, u := range m.OldUnits {
		o := &outcome{level: u.Level, code: u.Code, name: u.Name}
		p := m.NewProvinceOf(u.Code)
		o.cells[0], o.cells[1] = p, newName(p)
		switch u.Level {
		case mapping.Province:
			o.status = Exact
			if p == "" {
				o.status = Unknown
				o.note = x.pick("Tỉnh cũ "+u.Code+" không có tỉnh mới trong bảng chuyển đổi", "Old province "+u.Code+" has no new province in the mapping")
			}
		case mapping.District:
			o.province = m.OldProvince(u.Code)
			o.status = Exact
			fate, _ := m.District(u.Code)
			if len(fate.NewCommunes) == 1 {
				// An island district that became a special zone has one successor.
				o.cells[2], o.cells[3] = fate.NewCommunes[0], newName(fate.NewCommunes[0])
				o.note = x.pick("Cấp huyện đã bỏ: huyện cũ "+u.Code+" "+u.Name+" nay là "+fate.NewCommunes[0]+" "+o.cells[3],
					"District level abolished: old district "+u.Code+" "+u.Name+" is now "+fate.NewCommunes[0]+" "+o.cells[3])
			} else {
				o.note = x.pick("Cấp huyện đã bỏ: địa bàn huyện cũ "+u.Code+" "+u.Name+" nay thuộc các xã "+strings.Join(fate.NewCommunes, ", "),
					"District level abolished: the territory of old district "+u.Code+" "+u.Name+" now lies in new communes "+strings.Join(fate.NewCommunes, ", "))
			}
			if p == "" {
				o.status = Unknown
			}
		case mapping.Commune:
			o.district = u.Parent
			o.province = m.OldProvince(u.Code)
			links := m.Successors(u.Code)
			switch len(links) {
			case 0:
				o.status = Unknown
				o.note = x.pick("Xã cũ "+u.Code+" không có xã mới trong bảng chuyển đổi", "Old commune "+u.Code+" has no new commune in the mapping")
			case 1:
				o.status = Exact
				o.cells[2], o.cells[3] = links[0].New, newName(links[0].New)
			default:
				o.status = Split
				sc := &SplitCommune{Code: u.Code, Name: u.Name}
				parts := make([]string, len(links))
				for i, l := range links {
					sc.Candidates = append(sc.Candidates, Candidate{Code: l.New, Name: newName(l.New),
						Transfer: l.Transfer, Resolution: l.Resolution, Clause: l.Clause})
					parts[i] = l.New + " " + newName(l.New) + " (" + x.transfer(l.Transfer) + x.basis(l) + ")"
				}
				o.split = sc
				o.note = x.pick("Xã cũ "+u.Code+" "+u.Name+" bị chia, cần chọn một xã mới: ",
					"Old commune "+u.Code+" "+u.Name+" was split, choose one new commune: ") + strings.Join(parts, "; ")
			}
		default:
			continue
		}
		t.add(o)
	}
	return t
}

// findName returns the units of a level whose bare name matches, within a
// province and district when they are known ("" = anywhere).
func (t *tables) findName(l mapping.Level, name, province, district string) []*outcome {
	var prefixes []string
	switch l {
	case mapping.Province:
		prefixes = provincePrefixes
	case mapping.District:
		prefixes = districtPrefixes
	default:
		prefixes = communePrefixes
	}
	all := t.names[l][bareName(name, prefixes)]
	if len(all) == 0 {
		// A name of another date (none of the reading date has it).
		all = t.otherNames[l][bareName(name, prefixes)]
	}
	if province == "" && district == "" {
		return byFullName(all, name)
	}
	var out []*outcome
	for _, o := range all {
		if province != "" && o.province != province {
			continue
		}
		if district != "" && o.district != district {
			continue
		}
		out = append(out, o)
	}
	return byFullName(out, name)
}

// byFullName narrows units of one bare name to those whose full name,
// with its type, is the one written: "Huyện Kỳ Anh" and "Thị xã Kỳ Anh"
// share a bare name, not a full one.
func byFullName(cands []*outcome, name string) []*outcome {
	if len(cands) < 2 {
		return cands
	}
	f := fold(name)
	var same []*outcome
	for _, o := range cands {
		if fold(o.name) == f {
			same = append(same, o)
		}
	}
	if len(same) > 0 {
		return same
	}
	return cands
}

// normCode restores a code written as a number ("7", "7.0", " 00007 ") to
// digits; ok is false when the cell is not a whole non-negative number.
func normCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '.'); i > 0 && strings.Trim(s[i+1:], "0") == "" {
		s = s[:i]
	}
	if s == "" || len(s) > 5 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
	}
	return s, true
}

// lookupCode finds a code of a level, as text or as a number: one listed on
// the reading date, else one of another date.
func (t *tables) lookupCode(l mapping.Level, cell string) *outcome {
	if o := t.lookupIn(t.byLevel(l), l, cell); o != nil {
		return o
	}
	return t.lookupIn(t.other[l], l, cell)
}

func (t *tables) lookupIn(m map[string]*outcome, l mapping.Level, cell string) *outcome {
	if o := m[cell]; o != nil {
		return o
	}
	s, ok := normCode(cell)
	if !ok {
		return nil
	}
	if o := m[s]; o != nil {
		return o
	}
	// Only a number a spreadsheet shortened is padded: text with a
	// leading zero but the wrong length ("001" in a commune column) is a
	// code of another level, not this one.
	if n := mapping.CodeLen[l]; len(s) < n && s[0] != '0' {
		return m[strings.Repeat("0", n-len(s))+s]
	}
	return nil
}

// SplitCommune is an old commune that was split, with its candidates and
// the number of rows that named it.
type SplitCommune struct {
	Code       string      `json:"old_code"`
	Name       string      `json:"name"`
	Rows       int         `json:"rows"`
	Candidates []Candidate `json:"candidates"`
}

// Candidate is one new commune that received part of a split commune.
type Candidate struct {
	Code       string           `json:"new_code"`
	Name       string           `json:"name"`
	Transfer   mapping.Transfer `json:"transfer"`
	Resolution string           `json:"resolution,omitempty"`
	Clause     string           `json:"clause,omitempty"`
}

func sortSplits(s []SplitCommune) {
	sort.Slice(s, func(i, j int) bool { return s[i].Code < s[j].Code })
}
