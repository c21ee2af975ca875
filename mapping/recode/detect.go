package recode

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ndta-vn/archmerge/mapping"
)

// Role is what a column holds.
type Role string

// Column roles.
const (
	ProvinceCode Role = "province_code"
	DistrictCode Role = "district_code"
	CommuneCode  Role = "commune_code"
	ProvinceName Role = "province_name"
	DistrictName Role = "district_name"
	CommuneName  Role = "commune_name"
	Address      Role = "address"
)

var roleOrder = []Role{ProvinceCode, DistrictCode, CommuneCode, ProvinceName, DistrictName, CommuneName, Address}

// ord is the role's place in roleOrder, for arrays indexed by role.
func (r Role) ord() int {
	switch r {
	case ProvinceCode:
		return 0
	case DistrictCode:
		return 1
	case CommuneCode:
		return 2
	case ProvinceName:
		return 3
	case DistrictName:
		return 4
	case CommuneName:
		return 5
	}
	return 6
}

func (r Role) level() mapping.Level {
	switch r {
	case ProvinceCode, ProvinceName:
		return mapping.Province
	case DistrictCode, DistrictName:
		return mapping.District
	}
	return mapping.Commune
}

func (r Role) isCode() bool { return r == ProvinceCode || r == DistrictCode || r == CommuneCode }

// Column is a column of the input and the role it was given.
type Column struct {
	Index  int    `json:"index"` // 0-based
	Header string `json:"header"`
	Role   Role   `json:"role"`
	// By says how the role was found: "flag" (--columns/--address-column),
	// "header" or "values".
	By string `json:"by"`
}

// roleNames are the spellings accepted before "=" in Options.Columns.
var roleNames = map[string]Role{
	"province": ProvinceCode, "province code": ProvinceCode, "tinh": ProvinceCode, "ma tinh": ProvinceCode,
	"district": DistrictCode, "district code": DistrictCode, "huyen": DistrictCode, "ma huyen": DistrictCode,
	"commune": CommuneCode, "commune code": CommuneCode, "xa": CommuneCode, "ma xa": CommuneCode, "ward": CommuneCode,
	"province name": ProvinceName, "ten tinh": ProvinceName,
	"district name": DistrictName, "ten huyen": DistrictName,
	"commune name": CommuneName, "ten xa": CommuneName, "ward name": CommuneName,
	"address": Address, "dia chi": Address,
}

// Words a unit-column header may be made of; a header with any other word
// ("so xa", "dan so tinh") is not taken for a unit column.
var (
	provinceWords = map[string]bool{"tinh": true, "province": true, "thanh": true, "pho": true, "tp": true, "city": true}
	districtWords = map[string]bool{"huyen": true, "district": true, "quan": true}
	communeWords  = map[string]bool{"xa": true, "phuong": true, "ward": true, "commune": true, "tran": true, "dac": true, "khu": true, "thi": true}
	// weakWords belong to a level only beside a word that names it
	// ("Tỉnh/Thành phố", "Phường/Xã/Thị trấn").
	weakWords  = map[string]bool{"thanh": true, "pho": true, "tran": true, "dac": true, "khu": true, "thi": true}
	codeWords  = map[string]bool{"ma": true, "code": true, "id": true}
	nameWords  = map[string]bool{"ten": true, "name": true}
	otherWords = map[string]bool{"cu": true, "old": true, "don": true, "vi": true, "hanh": true, "chinh": true, "cap": true, "dvhc": true, "unit": true, "admin": true}
	compounds  = map[string][]string{
		"matinh": {"ma", "tinh"}, "mahuyen": {"ma", "huyen"}, "maxa": {"ma", "xa"}, "maphuong": {"ma", "phuong"},
		"tentinh": {"ten", "tinh"}, "tenhuyen": {"ten", "huyen"}, "tenxa": {"ten", "xa"}, "tenphuong": {"ten", "phuong"},
		"tinhid": {"tinh", "id"}, "huyenid": {"huyen", "id"}, "xaid": {"xa", "id"},
		"idtinh": {"id", "tinh"}, "idhuyen": {"id", "huyen"}, "idxa": {"id", "xa"}, "maquan": {"ma", "quan"},
		"matp": {"ma", "tp"}, "madvhc": {"ma", "dvhc"},
	}
)

// headerRole recognises a unit column from its header, case- and
// diacritic-insensitively: ma_tinh, matinh, tinh_id, province_code, "Mã
// tỉnh", ten_huyen, "Quận/Huyện", "Phường/Xã", ward_code…
func headerRole(header string) (Role, bool) {
	words := strings.Fields(fold(header))
	var toks []string
	for _, w := range words {
		if c, ok := compounds[w]; ok {
			toks = append(toks, c...)
		} else {
			toks = append(toks, w)
		}
	}
	var prov, dist, comm, code bool
	var provStrong, commStrong bool
	for _, w := range toks {
		switch {
		case districtWords[w]:
			dist = true
		case communeWords[w]:
			comm = true
			commStrong = commStrong || !weakWords[w]
		case provinceWords[w]:
			prov = true
			provStrong = provStrong || !weakWords[w]
		case codeWords[w]:
			code = true
		case nameWords[w], otherWords[w]:
		default:
			return "", false
		}
	}
	// The coarser level wins when a header names two ("Quận/Huyện/Thị
	// xã" is a district column); a name column unless a code word is there.
	var lv mapping.Level
	// A level needs a word that names it alone: "Khu", "Phố" or "Thị
	// trấn" by themselves are zones, streets or a kind of commune, not a
	// unit column.
	switch {
	case dist:
		lv = mapping.District
	case comm && commStrong:
		lv = mapping.Commune
	case prov && provStrong:
		lv = mapping.Province
	default:
		return "", false
	}
	if code {
		return map[mapping.Level]Role{mapping.Province: ProvinceCode, mapping.District: DistrictCode, mapping.Commune: CommuneCode}[lv], true
	}
	return map[mapping.Level]Role{mapping.Province: ProvinceName, mapping.District: DistrictName, mapping.Commune: CommuneName}[lv], true
}

// addedHeaders are the headers recode appends, in both languages; they are
// never detected as input unit columns, so that a recoded file can be recoded
// again.
var addedHeaders = map[string]bool{}

func init() {
	for _, h := range append(headersVI[:], headersEN[:]...) {
		addedHeaders[fold(h)] = true
	}
}

// findHeader returns the index of the header that matches name, exactly or
// folded, or a 1-based column number.
func findHeader(header []string, name string) (int, bool) {
	for i, h := range header {
		if strings.TrimSpace(h) == strings.TrimSpace(name) {
			return i, true
		}
	}
	f := fold(name)
	for i, h := range header {
		if fold(h) == f {
			return i, true
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(name)); err == nil && n >= 1 && n <= len(header) {
		return n - 1, true
	}
	return 0, false
}

// UsageError is a mistake in the options (an unknown column or role): the
// command line reports it as a usage error.
type UsageError struct{ Msg, MsgVI string }

func (e *UsageError) Error() string { return e.Msg }

// Text renders the error in the given language.
func (e *UsageError) Text(lang string) string {
	if lang == "en" || e.MsgVI == "" {
		return e.Msg
	}
	return e.MsgVI
}

// detect assigns roles to columns: from Options.Columns when given (with
// the role before "=", else from the header, else from the sampled values),
// else from the headers and then from the values of the sample.
func detect(header []string, sample [][]string, opts *Options, tabs *tables) ([]Column, error) {
	var cols []Column
	taken := map[Role]bool{}
	used := map[int]bool{}
	add := func(i int, r Role, by string) {
		if taken[r] || used[i] {
			return
		}
		taken[r], used[i] = true, true
		cols = append(cols, Column{Index: i, Header: header[i], Role: r, By: by})
	}
	if opts.AddressColumn != "" {
		i, ok := findHeader(header, opts.AddressColumn)
		if !ok {
			return nil, unknownColumn(opts.AddressColumn, header)
		}
		add(i, Address, "flag")
	}
	if len(opts.Columns) > 0 {
		for _, item := range opts.Columns {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			var role Role
			name := item
			if k, v, ok := strings.Cut(item, "="); ok {
				r, known := roleNames[fold(k)]
				if !known {
					return nil, &UsageError{
						Msg:   fmt.Sprintf("--columns %q: unknown role %q: expected province, district, commune, province_name, district_name, commune_name or address", item, k),
						MsgVI: fmt.Sprintf("--columns %q: vai trò %q không rõ: cần province, district, commune, province_name, district_name, commune_name hoặc address", item, k)}
				}
				role, name = r, v
			}
			i, ok := findHeader(header, name)
			if !ok {
				return nil, unknownColumn(name, header)
			}
			if role == "" {
				if r, ok := headerRole(header[i]); ok {
					role = byValues(r, column(sample, i))
				} else if r, ok := valueRole(column(sample, i), tabs, false); ok {
					role = r
				} else {
					return nil, &UsageError{
						Msg:   fmt.Sprintf("--columns: cannot tell what column %q holds: write ROLE=%s, ROLE one of province, district, commune, province_name, district_name, commune_name", header[i], name),
						MsgVI: fmt.Sprintf("--columns: không xác định được cột %q chứa gì: hãy ghi VAI_TRÒ=%s, VAI_TRÒ là province, district, commune, province_name, district_name hoặc commune_name", header[i], name)}
				}
			}
			if taken[role] {
				return nil, &UsageError{Msg: fmt.Sprintf("--columns: two columns for %s", role), MsgVI: fmt.Sprintf("--columns: hai cột cùng vai trò %s", role)}
			}
			add(i, role, "flag")
		}
		return sortColumns(cols), nil
	}
	for i, h := range header {
		if addedHeaders[fold(h)] {
			continue
		}
		if r, ok := headerRole(h); ok {
			add(i, byValues(r, column(sample, i)), "header")
		}
	}
	if !taken[CommuneCode] || !taken[DistrictCode] {
		for i, h := range header {
			if used[i] || addedHeaders[fold(h)] {
				continue
			}
			if r, ok := valueRole(column(sample, i), tabs, true); ok && r.isCode() {
				add(i, r, "values")
			}
		}
	}
	return sortColumns(cols), nil
}

// byValues corrects the kind of a role found from a header by the values
// under it: a "Tỉnh" column of codes holds province codes, a "ma_xa" column
// of names holds commune names.
func byValues(r Role, vals []string) Role {
	if len(vals) == 0 || r == Address {
		return r
	}
	digits := 0
	for _, v := range vals {
		if _, ok := normCode(v); ok {
			digits++
		}
	}
	codes := map[mapping.Level]Role{mapping.Province: ProvinceCode, mapping.District: DistrictCode, mapping.Commune: CommuneCode}
	names := map[mapping.Level]Role{mapping.Province: ProvinceName, mapping.District: DistrictName, mapping.Commune: CommuneName}
	switch {
	case digits*10 >= len(vals)*9:
		return codes[r.level()]
	case digits*10 <= len(vals):
		return names[r.level()]
	}
	return r
}

func sortColumns(cols []Column) []Column {
	out := make([]Column, 0, len(cols))
	for _, r := range roleOrder {
		for _, c := range cols {
			if c.Role == r {
				out = append(out, c)
			}
		}
	}
	return out
}

func unknownColumn(name string, header []string) error {
	return &UsageError{
		Msg:   fmt.Sprintf("no column %q in the file: its columns are %s", name, strings.Join(header, ", ")),
		MsgVI: fmt.Sprintf("tệp không có cột %q: các cột là %s", name, strings.Join(header, ", "))}
}

func column(sample [][]string, i int) []string {
	out := make([]string, 0, len(sample))
	for _, rec := range sample {
		if i < len(rec) {
			if v := strings.TrimSpace(rec[i]); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// valueRole infers a column's role from its values. strict (automatic
// detection) accepts only codes written as text with their leading zeros, 5
// digits for communes and 3 for districts, at least 95% of them existing:
// plain numbers and 2-digit values are too often counts or ages. Otherwise
// (a column named by --columns) numbers are accepted, the level whose codes
// match best is taken, and names are tried against the unit names.
func valueRole(vals []string, tabs *tables, strict bool) (Role, bool) {
	if len(vals) == 0 {
		return "", false
	}
	digits := true
	lens := map[int]int{}
	for _, v := range vals {
		s, ok := normCode(v)
		if !ok {
			digits = false
			break
		}
		lens[len(s)]++
	}
	rate := func(l mapping.Level, name bool) float64 {
		hit := 0
		for _, v := range vals {
			if name {
				if len(tabs.findName(l, v, "", "")) > 0 {
					hit++
				}
			} else if tabs.lookupCode(l, v) != nil {
				hit++
			}
		}
		return float64(hit) / float64(len(vals))
	}
	if strict {
		if !digits || len(lens) != 1 {
			return "", false
		}
		// Only communes: three-digit identifiers of all kinds are too
		// common (001, 002…), and a column taken for districts would
		// outrank the province.
		if lens[5] == len(vals) && rate(mapping.Commune, false) >= 0.95 {
			return CommuneCode, true
		}
		return "", false
	}
	if digits && len(lens) == 1 {
		// Codes of one length name their level, where a shorter level's
		// codes padded would also match ("01" is province 01, not
		// commune 00001).
		for _, l := range []mapping.Level{mapping.Province, mapping.District, mapping.Commune} {
			if lens[mapping.CodeLen[l]] == len(vals) && rate(l, false) >= 0.8 {
				return map[mapping.Level]Role{mapping.Province: ProvinceCode, mapping.District: DistrictCode, mapping.Commune: CommuneCode}[l], true
			}
		}
	}
	levels := []mapping.Level{mapping.Commune, mapping.District, mapping.Province}
	best, bestRate := mapping.Level(""), 0.0
	for _, l := range levels {
		if r := rate(l, !digits); r > bestRate {
			best, bestRate = l, r
		}
	}
	if bestRate < 0.8 {
		return "", false
	}
	if digits {
		return map[mapping.Level]Role{mapping.Province: ProvinceCode, mapping.District: DistrictCode, mapping.Commune: CommuneCode}[best], true
	}
	return map[mapping.Level]Role{mapping.Province: ProvinceName, mapping.District: DistrictName, mapping.Commune: CommuneName}[best], true
}
