package mapping

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Vintage says which side of a restructuring a code belongs to. Most new
// commune codes were also old codes of other territories, so every code the
// tool stores or prints carries one.
type Vintage string

// The two vintages of a mapping: before and after its effective date
// (1 July 2025 for the built-in mapping).
const (
	Old Vintage = "old"
	New Vintage = "new"
)

// ParseVintage accepts "old"/"new" and the dataset spellings pre2025/post2025.
func ParseVintage(s string) (Vintage, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "old", "pre2025", "cu", "cũ":
		return Old, nil
	case "new", "post2025", "moi", "mới":
		return New, nil
	}
	return "", fmt.Errorf("vintage %q: expected old or new", s)
}

// Level is the tier of an administrative unit.
type Level string

// Levels. Districts exist only in the old vintage of the 2025 mapping.
const (
	Province Level = "province"
	District Level = "district"
	Commune  Level = "commune"
)

// CodeLen is the number of digits of a code at each level.
var CodeLen = map[Level]int{Province: 2, District: 3, Commune: 5}

// ParseLevel reads a level name.
func ParseLevel(s string) (Level, bool) {
	switch Level(strings.ToLower(strings.TrimSpace(s))) {
	case Province:
		return Province, true
	case District:
		return District, true
	case Commune:
		return Commune, true
	}
	return "", false
}

// Relation is how an old unit relates to one of its successors.
type Relation string

// Relations of the mapping file.
const (
	Merge     Relation = "merge"
	Split     Relation = "split"
	Rename    Relation = "rename"
	Unchanged Relation = "unchanged"
)

// relationNames and transferNames are the Vietnamese and English names of
// the mapping's vocabulary, in lower case.
var (
	relationNames = map[Relation][2]string{Merge: {"sáp nhập", "merge"}, Split: {"chia tách", "split"},
		Rename: {"đổi tên", "rename"}, Unchanged: {"giữ nguyên", "unchanged"}}
	transferNames = map[Transfer][2]string{Whole: {"toàn bộ", "whole"}, Partial: {"một phần", "partial"}}
)

// Label names the relation in lower case, in Vietnamese, or in English when
// lang is "en".
func (r Relation) Label(lang string) string { return pickLabel(relationNames[r], lang, string(r)) }

// Transfer says whether all of the old unit, or only part of it, goes to the
// successor.
type Transfer string

// Transfers of the mapping file.
const (
	Whole   Transfer = "whole"
	Partial Transfer = "partial"
)

// Label names the transfer in lower case, in Vietnamese, or in English
// when lang is "en".
func (t Transfer) Label(lang string) string { return pickLabel(transferNames[t], lang, string(t)) }

// pickLabel returns names[1] for English and names[0] otherwise, or def for
// a value without names.
func pickLabel(names [2]string, lang, def string) string {
	switch {
	case names[0] == "":
		return def
	case lang == "en":
		return names[1]
	}
	return names[0]
}

// Unit is an administrative unit of one vintage.
type Unit struct {
	Code    string  `json:"code"`
	Name    string  `json:"name"`
	Level   Level   `json:"level"`
	Parent  string  `json:"parent_code,omitempty"`
	Vintage Vintage `json:"vintage"`
}

// Ref returns the unit's vintage-qualified code.
func (u Unit) Ref() Ref { return Ref{Vintage: u.Vintage, Code: u.Code} }

// Ref is a vintage-qualified code, the only form in which codes are keys.
type Ref struct {
	Vintage Vintage
	Code    string
}

// String renders the ref as "old:00691" or "new:00691".
func (r Ref) String() string { return string(r.Vintage) + ":" + r.Code }

// Pos locates a row in an input file, for messages and provenance.
type Pos struct {
	File  string `json:"file,omitempty"`
	Sheet string `json:"sheet,omitempty"`
	Line  int    `json:"line,omitempty"`
}

// TextVI renders the position in Vietnamese: "tệp X, trang Y, dòng N".
func (p Pos) TextVI() string { return p.text("tệp", "trang", "dòng") }

// String renders the position in English: "file X, sheet Y, line N".
func (p Pos) String() string { return p.text("file", "sheet", "line") }

func (p Pos) text(file, sheet, line string) string {
	var b strings.Builder
	b.WriteString(file + " " + p.File)
	if p.Sheet != "" {
		b.WriteString(", " + sheet + " " + p.Sheet)
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, ", %s %d", line, p.Line)
	}
	return b.String()
}

// Link is one row of the mapping: an old unit and one of its successors.
type Link struct {
	Old        string   `json:"old_code"`
	New        string   `json:"new_code"`
	Relation   Relation `json:"relation"`
	Transfer   Transfer `json:"transfer"`
	Resolution string   `json:"resolution"`
	Clause     string   `json:"clause"`
	Pos        Pos      `json:"-"`
}

// Mapping is a restructuring: the old and new unit lists and the links
// between them, indexed. Build one with NewMapping, Builtin, ReadDir or
// ReadXLSX; a Mapping is read-only afterwards and safe for concurrent use.
type Mapping struct {
	// Name says where the mapping comes from ("vn2025" for the built-in one).
	Name     string
	OldUnits []Unit
	NewUnits []Unit
	Links    []Link
	// Pos of each unit row, by vintage-qualified ref, for messages.
	UnitPos map[Ref]Pos
	// OldPos and NewPos locate each row of OldUnits and NewUnits (same
	// index) when the mapping was read from files; they may be nil.
	OldPos, NewPos []Pos

	old       map[string]int
	new       map[string]int
	succ      map[string][]int
	pred      map[string][]int
	children  map[Ref][]string
	districts map[string]DistrictFate

	ixOnce sync.Once
	ix     *Index

	histOnce sync.Once
	hist     *History
}

// NewMapping indexes unit lists and links. It does not validate them (see
// Validate); where a code repeats, the first row wins in the index.
func NewMapping(name string, oldUnits, newUnits []Unit, links []Link) *Mapping {
	m := &Mapping{Name: name, OldUnits: oldUnits, NewUnits: newUnits, Links: links,
		old: make(map[string]int, len(oldUnits)), new: make(map[string]int, len(newUnits)),
		succ: make(map[string][]int, len(oldUnits)), pred: make(map[string][]int, len(newUnits)),
		children: make(map[Ref][]string)}
	for i := range m.OldUnits {
		m.OldUnits[i].Vintage = Old
		u := m.OldUnits[i]
		if _, dup := m.old[u.Code]; !dup {
			m.old[u.Code] = i
		}
		if u.Parent != "" {
			r := Ref{Old, u.Parent}
			m.children[r] = append(m.children[r], u.Code)
		}
	}
	for i := range m.NewUnits {
		m.NewUnits[i].Vintage = New
		u := m.NewUnits[i]
		if _, dup := m.new[u.Code]; !dup {
			m.new[u.Code] = i
		}
		if u.Parent != "" {
			r := Ref{New, u.Parent}
			m.children[r] = append(m.children[r], u.Code)
		}
	}
	for i, l := range m.Links {
		m.succ[l.Old] = append(m.succ[l.Old], i)
		m.pred[l.New] = append(m.pred[l.New], i)
	}
	m.deriveDistricts()
	return m
}

// Unit returns the unit with the given vintage-qualified code.
func (m *Mapping) Unit(r Ref) (Unit, bool) {
	if r.Vintage == New {
		return m.NewUnit(r.Code)
	}
	return m.OldUnit(r.Code)
}

// OldUnit returns the old unit with this code.
func (m *Mapping) OldUnit(code string) (Unit, bool) {
	i, ok := m.old[code]
	if !ok {
		return Unit{}, false
	}
	return m.OldUnits[i], true
}

// NewUnit returns the new unit with this code.
func (m *Mapping) NewUnit(code string) (Unit, bool) {
	i, ok := m.new[code]
	if !ok {
		return Unit{}, false
	}
	return m.NewUnits[i], true
}

// Children lists the codes of the units whose parent is r, in file order.
func (m *Mapping) Children(r Ref) []string { return m.children[r] }

// Successors lists the mapping rows of an old unit, in file order. Abolished
// districts have none: see District.
func (m *Mapping) Successors(oldCode string) []Link {
	return m.links(m.succ[oldCode])
}

// Predecessors lists the mapping rows that lead to a new unit, in file order.
func (m *Mapping) Predecessors(newCode string) []Link {
	return m.links(m.pred[newCode])
}

func (m *Mapping) links(idx []int) []Link {
	out := make([]Link, len(idx))
	for i, j := range idx {
		out[i] = m.Links[j]
	}
	return out
}

// OldProvince returns the code of the old province that contains an old unit
// (itself for a province), or "" when the unit is unknown.
func (m *Mapping) OldProvince(oldCode string) string {
	for range 4 {
		u, ok := m.OldUnit(oldCode)
		if !ok {
			return ""
		}
		if u.Level == Province || u.Parent == "" {
			return u.Code
		}
		oldCode = u.Parent
	}
	return ""
}

// NewProvince returns the code of the new province that contains a new unit
// (itself for a province), or "".
func (m *Mapping) NewProvince(newCode string) string {
	for range 4 {
		u, ok := m.NewUnit(newCode)
		if !ok {
			return ""
		}
		if u.Level == Province || u.Parent == "" {
			return u.Code
		}
		newCode = u.Parent
	}
	return ""
}

// NewProvinceOf returns the new province an old unit of any level belongs to
// after the restructuring: the successor of its old province. A split
// commune's successors all lie in one new province (Validate checks it).
func (m *Mapping) NewProvinceOf(oldCode string) string {
	u, ok := m.OldUnit(oldCode)
	if !ok {
		return ""
	}
	// The links by index, not Successors' copy: planning asks this of
	// every element.
	if u.Level == Commune {
		for _, j := range m.succ[oldCode] {
			if p := m.NewProvince(m.Links[j].New); p != "" {
				return p
			}
		}
	}
	for _, j := range m.succ[m.OldProvince(oldCode)] {
		if p := m.NewProvince(m.Links[j].New); p != "" {
			return p
		}
	}
	return ""
}

// DistrictFate is what became of an old district, derived from its communes:
// the district level was abolished, so it has no row of its own in the
// mapping (but for island districts that became special zones).
type DistrictFate struct {
	District    string   `json:"district"`
	NewProvince string   `json:"new_province"`
	NewCommunes []string `json:"new_communes"` // sorted new codes that took its territory
}

// District returns what became of an old district.
func (m *Mapping) District(code string) (DistrictFate, bool) {
	d, ok := m.districts[code]
	return d, ok
}

func (m *Mapping) deriveDistricts() {
	m.districts = make(map[string]DistrictFate)
	for _, u := range m.OldUnits {
		if u.Level != District {
			continue
		}
		seen := map[string]bool{}
		var communes []string
		add := func(old string) {
			for _, l := range m.Successors(old) {
				if nu, ok := m.NewUnit(l.New); ok && nu.Level == Commune && !seen[l.New] {
					seen[l.New] = true
					communes = append(communes, l.New)
				}
			}
		}
		add(u.Code) // island districts map directly to a special zone
		for _, c := range m.Children(u.Ref()) {
			add(c)
		}
		sort.Strings(communes)
		m.districts[u.Code] = DistrictFate{District: u.Code, NewProvince: m.NewProvinceOf(u.Code), NewCommunes: communes}
	}
}

// KeptCode reports whether a new unit kept the code of this old unit (the
// usual mark of the predecessor whose capital became the new capital).
func (m *Mapping) KeptCode(oldCode, newCode string) bool { return oldCode == newCode }
