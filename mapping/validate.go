package mapping

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
)

// Validate checks a mapping as SPEC "Validation of a mapping" says, and
// returns every problem found, each naming the file and line of the row at
// fault, in English and Vietnamese:
//
//   - codes are digits only, of the length of their level (province 2,
//     district 3, commune 5), and no code repeats within a vintage;
//   - parent codes name an existing unit of the same vintage and the level
//     above (a district's parent is a province, a commune's a district or a
//     province); a province has no parent;
//   - every old province and commune maps somewhere (districts are derived
//     from their communes and exempt, but for those with rows of their own,
//     such as island districts that became special zones), and every new
//     unit has a predecessor;
//   - mapping rows name known codes, keep the level (a district row may lead
//     to a commune), and do not repeat a pair;
//   - the new province of a commune's successor is the new province its old
//     province maps to;
//   - an old unit with several successors is a split on every row, a split
//     has at least two successors, and at most one of them takes it whole.
//
// The built-in mapping validates clean.
func Validate(m *Mapping) Problems {
	var probs Problems
	add := func(p Pos, col, val, en, vi string) {
		probs = append(probs, Problem{Pos: p, Column: col, Value: val, Message: lang.T(vi, en)})
	}
	posOf := func(v Vintage, i int, code string) Pos {
		if v == Old && i < len(m.OldPos) {
			return m.OldPos[i]
		}
		if v == New && i < len(m.NewPos) {
			return m.NewPos[i]
		}
		return m.UnitPos[Ref{v, code}]
	}
	// Units: codes, duplicates, parents.
	for _, v := range []Vintage{Old, New} {
		units := m.OldUnits
		file := "old_units"
		if v == New {
			units, file = m.NewUnits, "new_units"
		}
		first := make(map[string]int, len(units))
		for i, u := range units {
			p := posOf(v, i, u.Code)
			if n := CodeLen[u.Level]; !IsDigits(u.Code) || len(u.Code) != n {
				add(p, "code", u.Code, fmt.Sprintf("a %s code is %d digits", u.Level, n),
					fmt.Sprintf("mã %s phải gồm đúng %d chữ số", levelVI(u.Level), n))
			}
			if j, dup := first[u.Code]; dup {
				add(p, "code", u.Code, fmt.Sprintf("duplicate code: already at line %d of %s", posOf(v, j, u.Code).Line, file),
					fmt.Sprintf("mã trùng: đã có ở dòng %d của %s", posOf(v, j, u.Code).Line, file))
				continue
			}
			first[u.Code] = i
			if strings.TrimSpace(u.Name) == "" {
				add(p, "name", "", "empty name", "tên trống")
			}
		}
		for i, u := range units {
			p := posOf(v, i, u.Code)
			switch {
			case u.Level == Province && u.Parent != "":
				add(p, "parent_code", u.Parent, "a province has no parent_code", "tỉnh không có parent_code")
			case u.Level != Province && u.Parent == "":
				add(p, "parent_code", "", fmt.Sprintf("a %s needs the code of the unit above it", u.Level),
					fmt.Sprintf("%s cần mã đơn vị cấp trên", levelVI(u.Level)))
			case u.Level != Province:
				pu, ok := m.Unit(Ref{v, u.Parent})
				if !ok {
					add(p, "parent_code", u.Parent, fmt.Sprintf("unknown parent: no %s unit has this code", v),
						fmt.Sprintf("đơn vị cấp trên không tồn tại: không có đơn vị %s mang mã này", vintageVI(v)))
				} else if !(u.Level == District && pu.Level == Province || u.Level == Commune && (pu.Level == District || pu.Level == Province)) {
					add(p, "parent_code", u.Parent, fmt.Sprintf("a %s cannot be inside a %s", u.Level, pu.Level),
						fmt.Sprintf("%s không thể trực thuộc %s", levelVI(u.Level), levelVI(pu.Level)))
				}
			}
		}
	}
	// Links: known codes, levels, duplicates.
	seen := make(map[[2]string]int, len(m.Links))
	for i, l := range m.Links {
		ou, okOld := m.OldUnit(l.Old)
		nu, okNew := m.NewUnit(l.New)
		if !okOld {
			add(l.Pos, "old_code", l.Old, "unknown code: not in the old units", "mã không tồn tại: không có trong danh sách đơn vị cũ")
		}
		if !okNew {
			add(l.Pos, "new_code", l.New, "unknown code: not in the new units", "mã không tồn tại: không có trong danh sách đơn vị mới")
		}
		if j, dup := seen[[2]string{l.Old, l.New}]; dup {
			add(l.Pos, "new_code", l.New, fmt.Sprintf("duplicate pair %s → %s: already at line %d", l.Old, l.New, m.Links[j].Pos.Line),
				fmt.Sprintf("cặp trùng %s → %s: đã có ở dòng %d", l.Old, l.New, m.Links[j].Pos.Line))
			continue
		}
		seen[[2]string{l.Old, l.New}] = i
		if !okOld || !okNew {
			continue
		}
		if ou.Level != nu.Level && !(ou.Level == District && nu.Level == Commune) {
			add(l.Pos, "new_code", l.New, fmt.Sprintf("level mismatch: old %s %s maps to new %s %s", ou.Level, l.Old, nu.Level, l.New),
				fmt.Sprintf("sai cấp: %s cũ %s ánh xạ sang %s mới %s", levelVI(ou.Level), l.Old, levelVI(nu.Level), l.New))
			continue
		}
		if ou.Level == Commune || ou.Level == District {
			want := map[string]bool{}
			for _, pl := range m.Successors(m.OldProvince(l.Old)) {
				want[m.NewProvince(pl.New)] = true
			}
			got := m.NewProvince(l.New)
			if len(want) > 0 && !want[got] {
				var ws []string
				for w := range want {
					ws = append(ws, w)
				}
				sort.Strings(ws)
				add(l.Pos, "new_code", l.New,
					fmt.Sprintf("province mismatch: new %s %s lies in new province %s, but old province %s maps to %s", nu.Level, l.New, got, m.OldProvince(l.Old), strings.Join(ws, ", ")),
					fmt.Sprintf("sai tỉnh: %s mới %s thuộc tỉnh mới %s, nhưng tỉnh cũ %s được sáp nhập vào %s", levelVI(nu.Level), l.New, got, m.OldProvince(l.Old), strings.Join(ws, ", ")))
			}
		}
	}
	// Splits.
	for i, u := range m.OldUnits {
		if i != m.old[u.Code] {
			continue
		}
		// A repeated pair is reported once, above; it is not a second successor.
		var ls []Link
		for _, l := range m.Successors(u.Code) {
			if !slices.ContainsFunc(ls, func(k Link) bool { return k.New == l.New }) {
				ls = append(ls, l)
			}
		}
		if len(ls) == 0 {
			if u.Level != District {
				add(posOf(Old, i, u.Code), "code", u.Code, "old unit maps nowhere: no row of mapping has it as old_code",
					"đơn vị cũ không được ánh xạ: không dòng nào của mapping có old_code này")
			}
			continue
		}
		wholes := 0
		splits := 0
		for _, l := range ls {
			if l.Transfer == Whole {
				wholes++
			}
			if l.Relation == Split {
				splits++
			}
		}
		if len(ls) > 1 {
			for _, l := range ls {
				if l.Relation != Split {
					add(l.Pos, "relation", string(l.Relation), fmt.Sprintf("old unit %s has %d successors: every row must say split", u.Code, len(ls)),
						fmt.Sprintf("đơn vị cũ %s có %d đơn vị kế thừa: mọi dòng phải ghi split", u.Code, len(ls)))
				}
			}
			if wholes > 1 {
				add(ls[1].Pos, "transfer", string(Whole), fmt.Sprintf("split of %s: %d successors take it whole, at most one may", u.Code, wholes),
					fmt.Sprintf("chia tách %s: %d đơn vị nhận toàn bộ, tối đa một", u.Code, wholes))
			}
		} else if splits > 0 {
			add(ls[0].Pos, "relation", string(Split), fmt.Sprintf("split of %s has one successor: a split needs at least two", u.Code),
				fmt.Sprintf("chia tách %s chỉ có một đơn vị kế thừa: cần ít nhất hai", u.Code))
		}
	}
	for i, u := range m.NewUnits {
		if i == m.new[u.Code] && len(m.pred[u.Code]) == 0 {
			add(posOf(New, i, u.Code), "code", u.Code, "new unit has no predecessor: no row of mapping has it as new_code",
				"đơn vị mới không có đơn vị tiền thân: không dòng nào của mapping có new_code này")
		}
	}
	probs.Sort()
	return probs
}

// Sort orders problems by file, sheet and line, stably.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		return a.Line < b.Line
	})
}

func levelVI(l Level) string {
	switch l {
	case Province:
		return "tỉnh"
	case District:
		return "huyện"
	case Commune:
		return "xã"
	}
	return string(l)
}

func vintageVI(v Vintage) string {
	if v == New {
		return "mới"
	}
	return "cũ"
}
