package recode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/mapping"
)

// Options says how to read and convert a file.
type Options struct {
	// Columns names the unit columns, turning header detection off. Each
	// item is a header (or a 1-based column number), optionally preceded by
	// its role: "ma_xa", "commune=MaXa", "province_name=Tinh". Without a
	// role, the header and then the values say what the column holds.
	Columns []string
	// AddressColumn names a free-text address column, resolved when the
	// code and name columns of a row do not give its commune.
	AddressColumn string
	// Vintage of the codes in the file: mapping.Old (the default) converts
	// them; mapping.New checks that they exist (status already_new). It is
	// never guessed.
	Vintage mapping.Vintage
	// AsOf, an ISO date, is the date of the list the file's codes and names
	// were taken from (with the mapping's history: any date since 2019);
	// "" reads old codes in the list of 30 June 2025. A date from 1 July
	// 2025 on means new codes. A code of another list than this date's is
	// converted when all its versions lead to the same new units, and
	// counted in Summary.Vintages either way.
	AsOf string
	// Lang of the added headers, the obsolete mark and the notes: "vi" (the
	// default) or "en".
	Lang string
	// Sheet of an XLSX input; the first sheet when empty.
	Sheet string
	// Name of the input in messages; File sets it to the path.
	Name string
	// Resolve, when set, resolves a free-text address to units of the given
	// vintage; ok is false when it finds no unit, and several units mean the
	// address is ambiguous. By default the mapping's lookup index
	// (Mapping.Index().Resolve) does it.
	Resolve func(address string, v mapping.Vintage) (units []mapping.Unit, ok bool)
}

// The appended headers, in the order written.
var (
	headersVI = [6]string{"ma_tinh_moi", "ten_tinh_moi", "ma_xa_moi", "ten_xa_moi", "trang_thai_chuyen_doi", "ghi_chu_chuyen_doi"}
	headersEN = [6]string{"new_province_code", "new_province_name", "new_commune_code", "new_commune_name", "recode_status", "recode_note"}
)

// ObsoleteMark is appended to the header of a district column, in the
// language of the output.
func ObsoleteMark(lang string) string {
	if lang == "en" {
		return " (district level abolished)"
	}
	return " (bỏ cấp huyện)"
}

// AddedHeaders returns the six headers recode appends, in the language given.
func AddedHeaders(lang string) []string {
	if lang == "en" {
		return headersEN[:]
	}
	return headersVI[:]
}

// Summary tells what a conversion did.
type Summary struct {
	Input   string          `json:"input,omitempty"`
	Output  string          `json:"output,omitempty"`
	Format  string          `json:"format,omitempty"`
	Vintage mapping.Vintage `json:"vintage"`
	// AsOf is the date of the list old codes were read in (Options.AsOf,
	// else 30 June 2025), when the mapping has a history.
	AsOf    string   `json:"as_of,omitempty"`
	Columns []Column `json:"columns"`
	Rows    int      `json:"rows"`
	// Statuses counts rows per status; rows naming no unit count as "blank".
	Statuses map[string]int `json:"statuses"`
	// Splits lists the split communes the file names, with their candidates.
	Splits []SplitCommune `json:"split_communes"`
	// Unknown lists up to 20 distinct values that did not resolve, with the
	// line where each first appeared.
	Unknown []UnknownValue `json:"unknown_values,omitempty"`
	// OtherSheets lists the sheets of an XLSX input that were not
	// converted (one sheet is: the first, or --sheet).
	OtherSheets []string `json:"other_sheets,omitempty"`
	// Vintages says, for each code column, how many of its codes the list
	// of the reading date has and how many only other lists have: a column
	// with both mixes vintages.
	Vintages []VintageReport `json:"vintages,omitempty"`
}

// VintageReport counts the code cells of one column by the list they come
// from.
type VintageReport struct {
	Column string `json:"column"`
	Role   Role   `json:"role"`
	// Listed: cells whose code is in the list of the reading date.
	Listed int `json:"listed"`
	// Earlier, Later: cells whose code only lists before (after) that
	// date have; each converted through the history when all its versions
	// lead to the same new units, else left unknown.
	Earlier int `json:"earlier"`
	Later   int `json:"later"`
	// Mixed: the column has both listed codes and codes of other lists.
	Mixed bool `json:"mixed"`
	// FirstLine is the first line with a code of another list.
	FirstLine int    `json:"first_line,omitempty"`
	FirstCode string `json:"first_code,omitempty"`
}

// UnknownValue is a value that did not resolve.
type UnknownValue struct {
	Line   int    `json:"line"`
	Column string `json:"column"`
	Value  string `json:"value"`
}

const maxUnknown = 20

// source yields the rows of an input, header first.
type source interface {
	// Read returns the next row; the slice may be reused by the next call.
	Read() ([]string, error)
	// Line is the 1-based line or row number of the last row read.
	Line() int
	// Where names the file and sheet for messages.
	Where() mapping.Pos
}

// sink writes the rows of an output.
type sink interface {
	// Write writes a row; line is the input line it comes from, for
	// the problem of a row the output cannot hold.
	Write(row []string, codeCols []bool, line int) error
	Close() error
}

// Recoder converts rows with precomputed tables; build it once per mapping,
// vintage and language, and use it for any number of files. It is read-only
// after New (each conversion keeps its own state), so several goroutines may
// convert files with one Recoder at the same time.
type Recoder struct {
	m    *mapping.Mapping
	v    mapping.Vintage
	asOf string // "" or an ISO date before 1 July 2025 (Old only)
	x    texts
	lang string
	tabs *tables
}

// New precomputes the outcome of every code of the mapping for the vintage,
// date and language of opts. Only Vintage, AsOf and Lang are read here; the
// conversion methods read the other fields (columns, address column, sheet,
// name) of the Options they are given, and ignore these three.
func New(m *mapping.Mapping, opts Options) (*Recoder, error) {
	v := opts.Vintage
	if v == "" {
		v = mapping.Old
	}
	if v != mapping.Old && v != mapping.New {
		return nil, &UsageError{Msg: fmt.Sprintf("vintage %q: expected old or new", v), MsgVI: fmt.Sprintf("vintage %q: cần old hoặc new", v)}
	}
	lang := opts.Lang
	if lang == "" {
		lang = "vi"
	}
	if lang != "vi" && lang != "en" {
		return nil, &UsageError{Msg: fmt.Sprintf("lang %q: expected vi or en", lang), MsgVI: fmt.Sprintf("lang %q: cần vi hoặc en", lang)}
	}
	asOf := ""
	if opts.AsOf != "" {
		d, err := mapping.ParseDate(opts.AsOf)
		if err != nil {
			return nil, &UsageError{Msg: fmt.Sprintf("as-of %q: expected a date, YYYY-MM-DD or DD/MM/YYYY", opts.AsOf),
				MsgVI: fmt.Sprintf("as-of %q: cần một ngày dạng YYYY-MM-DD hoặc DD/MM/YYYY", opts.AsOf)}
		}
		switch {
		case d >= mapping.NewUnitsFrom:
			v = mapping.New
		case v == mapping.New:
			return nil, &UsageError{Msg: fmt.Sprintf("as-of %s: new codes start on %s", d, mapping.NewUnitsFrom),
				MsgVI: fmt.Sprintf("as-of %s: mã mới có từ %s", d, mapping.NewUnitsFrom)}
		case m.History() == nil:
			return nil, &UsageError{
				Msg:   "as-of: the active mapping has no unit history before its old list (only the built-in 2025 mapping and corrections of it have one)",
				MsgVI: "as-of: ánh xạ đang dùng không có lịch sử đơn vị trước danh mục cũ của nó (chỉ ánh xạ có sẵn năm 2025 và các bản sửa của nó có)"}
		default:
			asOf = d
		}
	}
	x := texts{vi: lang == "vi"}
	return &Recoder{m: m, v: v, asOf: asOf, x: x, lang: lang, tabs: buildTables(m, v, asOf, x)}, nil
}

const sampleRows = 1000

// run streams src into dst.
func (rc *Recoder) run(ctx context.Context, src source, dst sink, opts Options) (*Summary, error) {
	// Every status is listed, zero or not, so that the JSON summary has a
	// stable shape.
	sum := &Summary{Input: opts.Name, Vintage: rc.v,
		Statuses: map[string]int{"exact": 0, "split": 0, "unknown": 0, "already_new": 0, "blank": 0}}
	if rc.v == mapping.Old && rc.m.History() != nil {
		sum.AsOf = readDate(rc.asOf)
	}
	head, err := src.Read()
	for err == nil && blankRow(head) {
		// Blank rows above the header (a sheet that starts lower down)
		// are not data; the CSV reader skips blank lines itself.
		head, err = src.Read()
	}
	if errors.Is(err, io.EOF) {
		return nil, &mapping.Problem{Pos: src.Where(), Message: lang.T("tệp rỗng: cần một dòng tiêu đề", "empty file: expected a header row")}
	}
	if err != nil {
		return nil, err
	}
	headLine := src.Line()
	header := append([]string(nil), head...)
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	for i, h := range header {
		if !utf8.ValidString(h) {
			p := src.Where()
			p.Line = src.Line()
			return nil, &mapping.Problem{Pos: p, Column: columnName(i), Value: clip(strings.ToValidUTF8(h, "\uFFFD")),
				Message: lang.T("tiêu đề không phải UTF-8: cần tệp lưu dạng UTF-8 (trong Excel: CSV UTF-8); không đọc mã TCVN3 hay Windows-1258", "header text is not UTF-8: expected a file saved as UTF-8 (in Excel: CSV UTF-8); TCVN3 and Windows-1258 are not read")}
		}
	}
	// A sample of rows, kept to detect columns from their values; it is
	// bounded, so memory stays flat whatever the file size.
	var sample [][]string
	var sampleLines []int
	var readErr error
	for len(sample) < sampleRows {
		rec, err := src.Read()
		if err != nil {
			readErr = err
			break
		}
		sample = append(sample, append([]string(nil), rec...))
		sampleLines = append(sampleLines, src.Line())
	}
	if readErr != nil && !errors.Is(readErr, io.EOF) {
		return nil, readErr
	}
	cols, err := detect(header, sample, &opts, rc.tabs)
	if err != nil {
		return nil, err
	}
	sum.Columns = cols
	st := rc.newState(header, cols, opts, src.Where())
	outHead := make([]string, 0, len(header)+6)
	for i, h := range header {
		if st.obsolete[i] {
			h += ObsoleteMark(rc.lang)
		}
		outHead = append(outHead, h)
	}
	outHead = append(outHead, AddedHeaders(rc.lang)...)
	headCodes := make([]bool, len(outHead))
	if err := dst.Write(outHead, headCodes, headLine); err != nil {
		return nil, err
	}
	out := make([]string, len(header)+6)
	codeCols := make([]bool, len(header)+6)
	for _, c := range cols {
		codeCols[c.Index] = c.Role.isCode()
	}
	codeCols[len(header)], codeCols[len(header)+2] = true, true
	emit := func(rec []string, line int) error {
		if err := st.check(rec, line); err != nil {
			return err
		}
		copy(out, rec)
		for i := len(rec); i < len(header); i++ {
			out[i] = ""
		}
		status := st.row(rec, out[len(header):], line, sum)
		if status == Blank {
			sum.Statuses["blank"]++
		} else {
			sum.Statuses[string(status)]++
		}
		sum.Rows++
		return dst.Write(out, codeCols, line)
	}
	for i, rec := range sample {
		if err := emit(rec, sampleLines[i]); err != nil {
			return nil, err
		}
	}
	if readErr == nil {
		for n := 0; ; n++ {
			if n&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			rec, err := src.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, err
			}
			if err := emit(rec, src.Line()); err != nil {
				return nil, err
			}
		}
	}
	if err := dst.Close(); err != nil {
		return nil, err
	}
	for _, r := range roleOrder[:3] {
		if vr := st.vintages[r.ord()]; vr != nil {
			vr.Mixed = vr.Listed > 0 && vr.Earlier+vr.Later > 0
			sum.Vintages = append(sum.Vintages, *vr)
		}
	}
	for _, sc := range st.splits {
		sum.Splits = append(sum.Splits, *sc)
	}
	sortSplits(sum.Splits)
	if sum.Splits == nil {
		sum.Splits = []SplitCommune{}
	}
	return sum, nil
}

// state is the per-file conversion state: the columns, the name cache and
// the tallies.
type state struct {
	rc       *Recoder
	header   []string
	where    mapping.Pos
	col      [7]int // column index per role (roleOrder), -1 when absent
	obsolete []bool
	resolve  func(string, mapping.Vintage) (units []mapping.Unit, unrecognised string, ok bool)
	splits   map[string]*SplitCommune
	unknown  map[string]bool
	names    map[string]nameResult
	vintages [3]*VintageReport // per code role (ord 0-2), when the mapping has a history
}

// nameResult caches the resolution of a name or address with its scope.
type nameResult struct {
	o    *outcome
	note string
	amb  []*outcome
}

const maxNameCache = 50000

func (rc *Recoder) newState(header []string, cols []Column, opts Options, where mapping.Pos) *state {
	resolve := rc.lookup
	if opts.Resolve != nil {
		resolve = func(addr string, v mapping.Vintage) ([]mapping.Unit, string, bool) {
			units, ok := opts.Resolve(addr, v)
			return units, "", ok
		}
	}
	st := &state{rc: rc, header: header, where: where, obsolete: make([]bool, len(header)),
		resolve: resolve, splits: map[string]*SplitCommune{}, unknown: map[string]bool{}, names: map[string]nameResult{}}
	for i := range st.col {
		st.col[i] = -1
	}
	for _, c := range cols {
		st.col[c.Role.ord()] = c.Index
		if c.Role == DistrictCode || c.Role == DistrictName {
			st.obsolete[c.Index] = true
		}
	}
	return st
}

// check rejects rows an output cannot carry faithfully: more cells than the
// header and text that is not UTF-8.
func (st *state) check(rec []string, line int) error {
	if len(rec) > len(st.header) {
		for i := len(st.header); i < len(rec); i++ {
			if strings.TrimSpace(rec[i]) != "" {
				p := st.where
				p.Line = line
				return &mapping.Problem{Pos: p, Column: columnName(i), Value: clip(rec[i]),
					Message: lang.T(fmt.Sprintf("có giá trị ngoài %d cột của dòng tiêu đề: mỗi dòng chỉ được có tối đa số cột của tiêu đề", len(st.header)), fmt.Sprintf("a value beyond the %d columns of the header: expected every row to have at most the header's columns", len(st.header)))}
			}
		}
	}
	for i, v := range rec {
		if !utf8.ValidString(v) {
			p := st.where
			p.Line = line
			name := columnName(i)
			if i < len(st.header) {
				name = st.header[i]
			}
			return &mapping.Problem{Pos: p, Column: name,
				Message: lang.T("văn bản không phải UTF-8: cần tệp lưu dạng UTF-8 (trong Excel: CSV UTF-8); không đọc mã TCVN3 hay Windows-1258", "text is not UTF-8: expected a file saved as UTF-8 (in Excel: CSV UTF-8); TCVN3 and Windows-1258 are not read")}
		}
	}
	return nil
}

func blankRow(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// columnName renders a 0-based index as a spreadsheet column letter.
func columnName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

func (st *state) cell(rec []string, r Role) string {
	i := st.col[r.ord()]
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// row converts one row, writing the six added cells into add, and returns
// its status.
func (st *state) row(rec []string, add []string, line int, sum *Summary) Status {
	x := st.rc.x
	pCode, dCode, cCode := st.cell(rec, ProvinceCode), st.cell(rec, DistrictCode), st.cell(rec, CommuneCode)
	pName, dName, cName := st.cell(rec, ProvinceName), st.cell(rec, DistrictName), st.cell(rec, CommuneName)
	addr := st.cell(rec, Address)
	tabs := st.rc.tabs
	old := tabs.vintage == mapping.Old
	if !old {
		// New codes have no district level: the district columns are kept
		// as they are and not read.
		dCode, dName = "", ""
	}
	set := func(o *outcome, status Status, note string) Status {
		if o != nil {
			add[0], add[1], add[2], add[3] = o.cells[0], o.cells[1], o.cells[2], o.cells[3]
		} else {
			add[0], add[1], add[2], add[3] = "", "", "", ""
		}
		add[4], add[5] = string(status), note
		return status
	}
	var notes []string
	var unknown bool
	miss := func(r Role, v, vi, en string) {
		unknown = true
		notes = append(notes, x.pick(vi, en))
		st.noteUnknown(sum, r, v, line)
	}

	// The province and district the row names, to scope names and check
	// the commune against.
	var prov, dist *outcome
	if pCode != "" {
		if prov = st.code(ProvinceCode, pCode, line); prov == nil {
			miss(ProvinceCode, pCode, "Mã tỉnh "+pCode+" không phải mã tỉnh "+st.vintageVI(), "Province code "+pCode+" is not "+st.vintageEN()+" province code")
		}
	} else if pName != "" {
		prov = st.byName(mapping.Province, pName, "", "")
		if prov == nil {
			miss(ProvinceName, pName, "Không tìm thấy tỉnh \""+pName+"\"", "No province \""+pName+"\"")
		}
	}
	if dCode != "" {
		if dist = st.code(DistrictCode, dCode, line); dist == nil {
			miss(DistrictCode, dCode, "Mã huyện "+dCode+" không phải mã huyện cũ", "District code "+dCode+" is not an old district code")
		}
	} else if dName != "" {
		dist = st.byName(mapping.District, dName, code(prov), "")
		if dist == nil {
			miss(DistrictName, dName, "Không tìm thấy huyện \""+dName+"\"", "No district \""+dName+"\"")
		}
	}
	if dist != nil && prov != nil && dist.province != prov.code {
		notes = append(notes, x.pick("Huyện "+dist.code+" không thuộc tỉnh "+prov.code, "District "+dist.code+" is not in province "+prov.code))
	}

	var comm *outcome
	switch {
	case cCode != "":
		if comm = st.code(CommuneCode, cCode, line); comm == nil {
			miss(CommuneCode, cCode, "Mã xã "+cCode+" không phải mã xã "+st.vintageVI(), "Commune code "+cCode+" is not "+st.vintageEN()+" commune code")
		}
	case cName != "":
		var amb []*outcome
		comm, amb = st.communeByName(cName, code(prov), code(dist))
		if comm == nil {
			if len(amb) > 1 {
				miss(CommuneName, cName, "Tên xã \""+cName+"\" trùng nhiều xã: "+list(amb), "Commune name \""+cName+"\" matches several communes: "+list(amb))
			} else {
				miss(CommuneName, cName, "Không tìm thấy xã \""+cName+"\"", "No commune \""+cName+"\"")
			}
		}
	}
	if comm == nil && !unknown && addr != "" {
		var note string
		comm, note = st.byAddress(addr)
		if comm == nil || note != "" {
			// Not found, or only a district or province of it (the note
			// names the part not recognised): the commune is unknown.
			unknown = true
			notes = append(notes, note)
			st.noteUnknown(sum, Address, addr, line)
		}
		if comm != nil && comm.level != mapping.Commune {
			// The address names a province or a district only: it takes
			// that level's place, or, when the row has one already, adds
			// nothing finer (and says so when the two disagree).
			slot, what, whatEN := &prov, "tỉnh", "province"
			if comm.level == mapping.District {
				slot, what, whatEN = &dist, "huyện", "district"
			}
			switch {
			case *slot == nil:
				*slot = comm
			case (*slot).code != comm.code:
				notes = append(notes, x.pick("Địa chỉ chỉ tới "+what+" "+comm.code+", khác "+what+" "+(*slot).code+" của dòng",
					"The address names "+whatEN+" "+comm.code+", not the row's "+whatEN+" "+(*slot).code))
			}
			comm = nil
		}
	}
	if comm == nil && dist != nil && prov != nil && dist.province != prov.code {
		notes = append(notes, x.pick("Huyện "+dist.code+" không thuộc tỉnh "+prov.code, "District "+dist.code+" is not in province "+prov.code))
	}
	if comm != nil {
		if dist != nil && old && comm.district != dist.code {
			notes = append(notes, x.pick("Xã "+comm.code+" không thuộc huyện "+dist.code, "Commune "+comm.code+" is not in district "+dist.code))
		} else if prov != nil && comm.province != prov.code {
			notes = append(notes, x.pick("Xã "+comm.code+" không thuộc tỉnh "+prov.code, "Commune "+comm.code+" is not in province "+prov.code))
		}
	}

	// The finest unit found decides the new cells.
	best := comm
	if best == nil {
		best = dist
	}
	if best == nil {
		best = prov
	}
	if best == nil {
		if unknown {
			return set(nil, Unknown, strings.Join(notes, "; "))
		}
		return set(nil, Blank, "")
	}
	status := best.status
	if unknown {
		status = Unknown
	}
	if best.split != nil {
		sc := st.splits[best.code]
		if sc == nil {
			c := *best.split
			sc = &c
			st.splits[best.code] = sc
		}
		sc.Rows++
	}
	if len(notes) == 0 {
		// The common case: a precomputed outcome, no allocation.
		return set(best, status, best.note)
	}
	if best.note != "" && (!unknown || best == comm) {
		notes = append(notes, best.note)
	}
	return set(best, status, strings.Join(notes, "; "))
}

// code looks a code cell up and counts, for the vintage report, whether
// the list of the reading date has it.
func (st *state) code(r Role, cell string, line int) *outcome {
	o := st.rc.tabs.lookupCode(r.level(), cell)
	if o == nil || st.rc.m.History() == nil || st.rc.v != mapping.Old {
		return o
	}
	vr := st.vintages[r.ord()]
	if vr == nil {
		vr = &VintageReport{Column: st.header[st.col[r.ord()]], Role: r}
		st.vintages[r.ord()] = vr
	}
	switch {
	case o.hist == nil || !o.hist.other:
		vr.Listed++
		return o
	case o.hist.to != "" && o.hist.to <= readDate(st.rc.asOf):
		vr.Earlier++
	default:
		vr.Later++
	}
	if vr.FirstLine == 0 {
		vr.FirstLine, vr.FirstCode = line, cell
	}
	return o
}

func code(o *outcome) string {
	if o == nil {
		return ""
	}
	return o.code
}

func list(os []*outcome) string {
	parts := make([]string, 0, len(os))
	for i, o := range os {
		if i == 10 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, o.code+" "+o.name)
	}
	return strings.Join(parts, ", ")
}

func (st *state) vintageVI() string {
	if st.rc.v == mapping.New {
		return "mới"
	}
	return "cũ"
}

func (st *state) vintageEN() string {
	if st.rc.v == mapping.New {
		return "a new"
	}
	return "an old"
}

func (st *state) noteUnknown(sum *Summary, r Role, v string, line int) {
	key := string(r) + "\x00" + v
	if len(sum.Unknown) >= maxUnknown || st.unknown[key] {
		return
	}
	st.unknown[key] = true
	h := ""
	if i := st.col[r.ord()]; i >= 0 {
		h = st.header[i]
	}
	sum.Unknown = append(sum.Unknown, UnknownValue{Line: line, Column: h, Value: v})
}

// byName resolves a province or district name, within a province; only a
// single match counts.
func (st *state) byName(l mapping.Level, name, province, district string) *outcome {
	key := string(l) + "\x00" + province + "\x00" + district + "\x00" + name
	if r, ok := st.names[key]; ok {
		return r.o
	}
	var o *outcome
	if found := st.rc.tabs.findName(l, name, province, district); len(found) == 1 {
		o = found[0]
	}
	st.cache(key, nameResult{o: o})
	return o
}

func (st *state) cache(key string, r nameResult) {
	if len(st.names) >= maxNameCache {
		clear(st.names)
	}
	st.names[key] = r
}

// communeByName resolves a commune name within the row's province and
// district; it returns the candidates when there are several.
func (st *state) communeByName(name, province, district string) (*outcome, []*outcome) {
	key := "commune\x00" + province + "\x00" + district + "\x00" + name
	if r, ok := st.names[key]; ok {
		return r.o, r.amb
	}
	var r nameResult
	found := st.rc.tabs.findName(mapping.Commune, name, province, district)
	if len(found) == 1 {
		r.o = found[0]
	} else {
		r.amb = found
	}
	st.cache(key, r)
	return r.o, r.amb
}

// byAddress resolves a free-text address to the finest unit it names.
func (st *state) byAddress(addr string) (*outcome, string) {
	key := "addr\x00" + addr
	if r, ok := st.names[key]; ok {
		return r.o, r.note
	}
	o, note := st.resolveAddress(addr)
	st.cache(key, nameResult{o: o, note: note})
	return o, note
}

func (st *state) resolveAddress(addr string) (*outcome, string) {
	x := st.rc.x
	tabs := st.rc.tabs
	notFound := x.pick("Không xác định được đơn vị từ địa chỉ \""+clip(addr)+"\"", "No unit found for the address \""+clip(addr)+"\"")
	units, unrecognised, ok := st.resolve(addr, tabs.vintage)
	if !ok || len(units) == 0 {
		return nil, notFound
	}
	if len(units) > 1 {
		os := make([]*outcome, 0, len(units))
		for _, u := range units {
			if o := tabs.lookupCode(u.Level, u.Code); o != nil {
				os = append(os, o)
			}
		}
		return nil, x.pick("Địa chỉ \""+clip(addr)+"\" khớp nhiều đơn vị: "+list(os), "The address \""+clip(addr)+"\" matches several units: "+list(os))
	}
	o := tabs.lookupCode(units[0].Level, units[0].Code)
	if o == nil {
		return nil, notFound
	}
	if unrecognised != "" {
		return o, x.pick("Địa chỉ \""+clip(addr)+"\": không nhận ra \""+clip(unrecognised)+"\", chỉ xác định được "+o.code+" "+o.name,
			"Address \""+clip(addr)+"\": \""+clip(unrecognised)+"\" not recognised, only "+o.code+" "+o.name+" found")
	}
	return o, ""
}

// lookup resolves an address through the mapping's lookup index, read on
// the Recoder's date; unrecognised is the part of a partial answer (a
// district or province only) that names nothing known.
func (rc *Recoder) lookup(addr string, v mapping.Vintage) ([]mapping.Unit, string, bool) {
	a := rc.m.Index().Lookup(addr, mapping.Query{Vintage: v, AsOf: rc.asOf, Quick: true})
	if a.Status == mapping.NotFound || len(a.Matches) == 0 {
		return nil, "", false
	}
	units := make([]mapping.Unit, len(a.Matches))
	for i, mt := range a.Matches {
		units[i] = mt.Unit
	}
	return units, a.Unrecognised, true
}
