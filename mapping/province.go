package mapping

import (
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
)

// FindNewProvince resolves what a person typed to name a new province: its
// code (a number that lost its leading zero is restored: "8" is 08) or its
// name, with or without diacritics and its type word ("Tuyên Quang",
// "tuyen quang", "Tỉnh Tuyên Quang"). It returns the new province's code,
// or a problem to show: an old province's code or name answers with what
// it became ("02 Hà Giang is now part of 08 Tuyên Quang"), an ambiguous
// name lists the provinces it fits.
func (m *Mapping) FindNewProvince(arg string) (string, lang.Text) {
	s := strings.TrimSpace(arg)
	if s != "" && IsDigits(s) {
		if len(s) == 1 {
			s = "0" + s
		}
		if u, ok := m.NewUnit(s); ok && u.Level == Province {
			return u.Code, lang.Text{}
		}
		if u, ok := m.OldUnit(s); ok && u.Level == Province {
			return "", m.becameText(arg, u)
		}
		return "", lang.T("«"+arg+"»: không có tỉnh mới nào mang mã này (mã tỉnh mới gồm 2 chữ số, ví dụ 08)",
			"«"+arg+"»: no new province has this code (a new province's code has 2 digits, e.g. 08)")
	}
	want := Fold(s)
	_, wantCore := SplitUnitType(want)
	match := func(units []Unit) []Unit {
		var hits []Unit
		for _, u := range units {
			if u.Level != Province {
				continue
			}
			f := Fold(u.Name)
			_, core := SplitUnitType(f)
			if f == want || core == wantCore {
				hits = append(hits, u)
			}
		}
		return hits
	}
	hits := match(m.NewUnits)
	switch {
	case len(hits) == 1:
		return hits[0].Code, lang.Text{}
	case len(hits) > 1:
		var names []string
		for _, u := range hits {
			names = append(names, u.Code+" "+u.Name)
		}
		return "", lang.T("«"+arg+"» chỉ nhiều tỉnh mới: "+strings.Join(names, "; ")+"; hãy ghi mã tỉnh",
			"«"+arg+"» fits several new provinces: "+strings.Join(names, "; ")+"; give the province's code")
	}
	if old := match(m.OldUnits); len(old) == 1 {
		return "", m.becameText(arg, old[0])
	}
	return "", lang.T("«"+arg+"»: không có tỉnh mới nào mang mã hoặc tên này",
		"«"+arg+"»: no new province has this code or name")
}

// becameText says what an old province became.
func (m *Mapping) becameText(arg string, old Unit) lang.Text {
	var news []string
	for _, l := range m.Successors(old.Code) {
		if u, ok := m.NewUnit(l.New); ok && u.Level == Province {
			news = append(news, u.Code+" "+u.Name)
		}
	}
	sort.Strings(news)
	if len(news) == 0 {
		return lang.T("«"+arg+"» là tỉnh cũ "+old.Code+" "+old.Name+", không có trong tỉnh mới nào của bảng chuyển đổi",
			"«"+arg+"» is the old province "+old.Code+" "+old.Name+", which is part of no new province in the mapping")
	}
	to := strings.Join(news, ", ")
	return lang.T("«"+arg+"» là tỉnh cũ "+old.Code+" "+old.Name+", nay thuộc tỉnh mới "+to+": hãy ghi tỉnh mới",
		"«"+arg+"» is the old province "+old.Code+" "+old.Name+", now part of the new province "+to+": give the new province")
}
