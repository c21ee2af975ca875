package recode

import (
	"strings"

	"github.com/ndta-vn/archmerge/mapping"
)

// Codes and names of earlier dates. With the mapping's history (the
// built-in one, mapping/history), every code listed since 2019 has an
// outcome: its version of the reading date (Options.AsOf; by default the
// list of 30 June 2025) when it has one, else the code is "of another
// list" and keeps the outcome of its versions, when they all lead to the
// same new units. The per-row work stays a map look-up.

// histInfo marks an outcome read through the history.
type histInfo struct {
	// other: the code is not in the list of the reading date (an earlier
	// or a later list has it).
	other bool
	// from, to: when the version read was listed ("" open).
	from, to string
}

// readDate is the list a Recoder reads old codes in.
func readDate(asOf string) string {
	if asOf == "" {
		return mapping.HistoryEnd
	}
	return asOf
}

// addHistory gives every code and name of the history an outcome, for the
// reading date asOf ("" for 30 June 2025): the version then in force goes
// to the main tables (replacing the current one when they differ), every
// other code to t.other, every other name to t.otherNames.
func (t *tables) addHistory(h *mapping.History, x texts, asOf string) {
	date := readDate(asOf)
	current := map[mapping.Level]map[string]*outcome{}
	for _, l := range []mapping.Level{mapping.Province, mapping.District, mapping.Commune} {
		current[l] = map[string]*outcome{}
		for c, o := range t.byLevel(l) {
			if c == o.code {
				current[l][c] = o
			}
		}
	}
	// The outcome of each version: the current one for a version in force
	// on 30 June 2025, else the outcomes of the units its chain reaches.
	outcomeOf := func(v mapping.UnitVersion) *outcome {
		if v.Current() {
			return current[v.Level][v.Code]
		}
		return t.chained(h, v, current, x)
	}
	var others []*outcome // outcomes of versions not read, for names
	type key struct {
		l mapping.Level
		c string
	}
	seen := map[key]bool{}
	for _, v := range h.Versions {
		k := key{v.Level, v.Code}
		if seen[k] {
			continue
		}
		seen[k] = true
		vs := h.VersionsOf(v.Level, v.Code)
		var then *mapping.UnitVersion
		for i := range vs {
			if vs[i].ValidAt(date) {
				then = &vs[i]
			}
		}
		if then != nil {
			if !then.Current() {
				if o := outcomeOf(*then); o != nil {
					t.remove(v.Level, v.Code)
					t.add(o)
				}
			}
			for _, w := range vs {
				if w != *then {
					if o := outcomeOf(w); o != nil {
						others = append(others, o)
					}
				}
			}
			continue
		}
		// Not listed on the reading date: one outcome if every version
		// leads to the same new units, else none (the row says why).
		t.remove(v.Level, v.Code)
		var first *outcome
		differs := false
		for _, w := range vs {
			o := outcomeOf(w)
			if o == nil {
				continue
			}
			if first == nil {
				first = o
			} else if o.cells != first.cells || o.status != first.status {
				differs = true
			}
			others = append(others, o)
		}
		if first == nil {
			continue
		}
		last := vs[len(vs)-1]
		o := *first
		o.hist = &histInfo{other: true, from: vs[0].From, to: last.To}
		if differs {
			o.status = Unknown
			o.cells = [4]string{first.cells[0], first.cells[1], "", ""}
			o.split = nil
			o.note = x.pick("Mã "+v.Code+" không có trong danh mục ngày "+viDate(date)+" và chỉ tới các đơn vị khác nhau tùy thời điểm: cần --as-of",
				"Code "+v.Code+" is not listed on "+date+" and leads to different units depending on the date: use --as-of")
		} else {
			where := x.pick(" (có trong danh mục "+viSpan(vs[0].From, last.To)+")", " (listed "+enSpan(vs[0].From, last.To)+")")
			o.note = x.pick("Mã "+v.Code+" không có trong danh mục ngày "+viDate(date), "Code "+v.Code+" is not listed on "+date) + where + joinNote(o.note)
		}
		t.other[v.Level][v.Code] = &o
		if short := strings.TrimLeft(v.Code, "0"); short != "" && short != v.Code && t.other[v.Level][short] == nil {
			t.other[v.Level][short] = &o
		}
	}
	// Names: those of the versions read (on 30 June 2025 the main tables
	// did not change), then, as a fallback, the others.
	if asOf != "" {
		t.names = map[mapping.Level]map[string][]*outcome{}
		for _, l := range []mapping.Level{mapping.Province, mapping.District, mapping.Commune} {
			for c, o := range t.byLevel(l) {
				if c == o.code {
					t.addName(t.names, o)
				}
			}
		}
	}
	for _, o := range others {
		t.addName(t.otherNames, o)
	}
}

// chained is the outcome of a version no longer in force on 30 June 2025:
// the outcome of the unit(s) its chain reaches, its note led by the chain.
func (t *tables) chained(h *mapping.History, v mapping.UnitVersion, current map[mapping.Level]map[string]*outcome, x texts) *outcome {
	steps, ends, complete := h.Chain(v)
	var outs []*outcome
	for _, e := range ends {
		if o := current[e.Level][e.Code]; o != nil {
			outs = append(outs, o)
		}
	}
	if len(outs) == 0 {
		return nil
	}
	o := &outcome{level: v.Level, code: v.Code, name: v.Name, hist: &histInfo{from: v.From, to: v.To}}
	base := outs[0]
	o.cells, o.status, o.split = base.cells, base.status, base.split
	o.province = base.province
	if v.Level == mapping.Commune {
		o.district = v.Parent
	}
	for _, e := range outs[1:] {
		if e.cells != base.cells {
			// Several units of 30 June 2025 with different fates: the
			// province is known, the commune is not.
			o.cells[2], o.cells[3], o.split = "", "", nil
			if e.cells[0] != base.cells[0] {
				o.cells = [4]string{}
			}
			o.status = Unknown
		}
	}
	if !complete && v.Level == mapping.Commune {
		// Only its district is known: the province, not the commune.
		o.cells[2], o.cells[3], o.split = "", "", nil
		o.status = Unknown
	}
	o.note = chainText(steps, x)
	if !complete && v.Level == mapping.Commune {
		o.note += x.pick("; không nguồn nào nêu xã nhận địa bàn", "; no source names the commune that took it")
	}
	if base.note != "" && len(outs) == 1 {
		o.note += "; " + base.note
	}
	return o
}

// chainText renders a chain in one line: "Mã cũ 13639 Phường Vị Hoàng:
// 01/09/2024 nhập vào 13636 Phường Vị Xuyên (1104/NQ-UBTVQH15)".
func chainText(steps []mapping.Step, x texts) string {
	if len(steps) == 0 {
		return ""
	}
	var b strings.Builder
	from := steps[0].From
	b.WriteString(x.pick("Mã "+from.Code+" "+from.Name+": ", "Code "+from.Code+" "+from.Name+": "))
	for i, s := range steps {
		if i > 0 {
			b.WriteString("; ")
		}
		to := ""
		if s.To != nil {
			to = s.To.Code + " " + s.To.Name
		}
		date := x.pick(viDate(s.Date), s.Date)
		switch s.Kind {
		case mapping.ChangeMerge:
			b.WriteString(date + x.pick(" nhập vào ", " merged into ") + to)
		case mapping.ChangeSplit:
			b.WriteString(date + x.pick(" một phần sang ", " part to ") + to)
		case mapping.ChangeWithin:
			b.WriteString(date + x.pick(" không còn trong danh mục, địa bàn thuộc ", " ended, its territory within ") + to)
		default:
			b.WriteString(date + x.pick(" thành ", " became ") + to)
		}
		if s.Act != "" {
			b.WriteString(" (" + strings.ReplaceAll(s.Act, " ", x.pick(" hoặc ", " or ")) + ")")
		}
	}
	return b.String()
}

func joinNote(n string) string {
	if n == "" {
		return ""
	}
	return "; " + n
}

func viDate(iso string) string {
	if len(iso) != 10 {
		return iso
	}
	return iso[8:10] + "/" + iso[5:7] + "/" + iso[0:4]
}

func viSpan(from, to string) string {
	switch {
	case from == "" && to == "":
		return "từ 2018 đến 30/06/2025"
	case from == "":
		return "đến trước " + viDate(to)
	case to == "":
		return "từ " + viDate(from)
	}
	return "từ " + viDate(from) + " đến trước " + viDate(to)
}

func enSpan(from, to string) string {
	switch {
	case from == "" && to == "":
		return "from 2018 to 30 June 2025"
	case from == "":
		return "until " + to
	case to == "":
		return "from " + from
	}
	return "from " + from + " until " + to
}
