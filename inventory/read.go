package inventory

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/mapping"
)

// Sheet names of an inventory (the XLSX sheets, and the "sheet" that CSV
// and JSON problems name).
const (
	SheetElements  = "elements"
	SheetRelations = "relations"
)

// Result is what a read of one or many inventory files gives: the
// inventory, one FileInfo per file read, the clean-up warnings, and the
// problems. Problems non-empty means the whole read is rejected and nothing
// may be stored.
type Result struct {
	Inventory
	Files    []FileInfo
	Warnings mapping.Problems
	Problems mapping.Problems
}

// FileInfo describes one file read: its path, format (xlsx, csv, json), the
// SHA-256 of its bytes, the units whose elements it declares (sorted), and
// how many elements and relations it holds.
type FileInfo struct {
	Path      string   `json:"path"`
	Format    string   `json:"format"`
	SHA256    string   `json:"sha256"`
	Units     []string `json:"units"`
	Elements  int      `json:"elements"`
	Relations int      `json:"relations"`
}

// Units returns the units whose elements the result declares, sorted.
func (r *Result) Units() []string {
	seen := map[string]bool{}
	var out []string
	for i := range r.Elements {
		if u := r.Elements[i].Unit; !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	sort.Strings(out)
	return out
}

// rawRow is one data row of a sheet: its 1-based line and its cells, in
// header order.
type rawRow struct {
	line  int
	cells []string
}

// rawSheet is a sheet as read, before validation.
type rawSheet struct {
	present    bool
	file       string // the file it came from (a CSV pair has two)
	name       string // the sheet's name as the file has it (CSV and JSON: elements, relations)
	sha        string
	header     []string
	headerLine int
	rows       []rawRow
	validUTF8  bool // the whole file is valid UTF-8: no cell needs checking
}

// rawFile is one inventory as read by a format reader: its elements and
// relations sheets, and the problems found while reading it (unreadable
// bytes, invalid UTF-8).
type rawFile struct {
	name        string // for messages: the path, or the folder of a CSV pair
	format      string
	serialDates bool // XLSX: numbers in date columns are Excel serials
	sheets      [2]rawSheet
	infos       []FileInfo // one per physical file
	probs       mapping.Problems
	warns       mapping.Problems
}

// problems collects problems and warnings with messages in both languages.
type problems struct {
	list *mapping.Problems
}

func (p problems) add(pos mapping.Pos, col, val, en, vi string) {
	*p.list = append(*p.list, mapping.Problem{Pos: pos, Column: col, Value: clip(val), Message: lang.T(vi, en)})
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if utf8.RuneCountInString(s) > 80 {
		r := []rune(s)
		return string(r[:77]) + "…"
	}
	return s
}

// fileStats counts the clean-up done on one file, reported as one warning
// per kind of fix, at the first cell it was done to.
type fileStats struct {
	trimmed, nfc  int
	trimAt, nfcAt place
	restored      map[string]*restoreStat // by column header
	unknownFn     map[string]int
	unknownFnAt   place
	unresolved    int
	unresolvedAt  place
}

// place is a cell of a file: its position and its column's header as the
// file has it.
type place struct {
	pos mapping.Pos
	col string
}

type restoreStat struct {
	n             int
	example, into string
	at            mapping.Pos
}

// countAt counts one more clean-up of a kind, remembering the first cell
// in the file's order (elements before relations, then by line): the
// same whichever order the cells were counted in.
func countAt(n *int, at *place, pos mapping.Pos, col string) {
	if *n == 0 || placeBefore(place{pos, col}, *at) {
		*at = place{pos, col}
	}
	*n++
}

func placeBefore(a, b place) bool {
	if a.pos.Sheet != b.pos.Sheet {
		return sheetRank(a.pos.Sheet) < sheetRank(b.pos.Sheet)
	}
	if a.pos.Line != b.pos.Line {
		return a.pos.Line < b.pos.Line
	}
	return a.col < b.col
}

// firstHere says, after a count of clean-ups, where the warning points:
// at the first of several, or at the one.
func firstHere(n int, en, vi string) (string, string) {
	if n == 1 {
		return en, vi
	}
	return en + ", the first here", vi + ", giá trị đầu tiên ở đây"
}

// header maps a sheet's header cells to column keys.
type header struct {
	idx    map[string]int    // column key → cell index
	col    []int             // cols[i].Key → cell index, -1 when absent (per row, faster than idx)
	name   map[string]string // column key → header as written, for messages
	extras []extraCol
}

type extraCol struct {
	idx  int
	name string
}

// columnMatchers folds the keys and labels of a sheet's columns.
func columnMatchers(cols []Column) map[string]string {
	m := make(map[string]string, 3*len(cols))
	for _, c := range cols {
		m[foldText(c.Key)] = c.Key
		m[foldText(c.Label.VI)] = c.Key
		if i := strings.Index(c.Label.VI, "("); i > 0 {
			m[foldText(c.Label.VI[:i])] = c.Key
		}
	}
	return m
}

var (
	elementMatch  = columnMatchers(ElementColumns)
	relationMatch = columnMatchers(RelationColumns)
)

// readHeader matches a header row; problems for duplicate and missing
// columns.
func readHeader(sh *rawSheet, sheet string, cols []Column, match map[string]string, p problems) (header, bool) {
	h := header{idx: map[string]int{}, name: map[string]string{}}
	pos := mapping.Pos{File: sh.file, Sheet: sheet, Line: sh.headerLine}
	ok := true
	seenExtra := map[string]bool{}
	for i, raw := range sh.header {
		if !utf8.ValidString(raw) {
			p.add(pos, fmt.Sprintf("%d", i+1), raw, "invalid UTF-8 text: expected the file saved as UTF-8 (Unicode)",
				"văn bản không phải UTF-8: cần lưu tệp theo bảng mã UTF-8 (Unicode)")
			ok = false
			continue
		}
		name, _, _ := cleanText(raw)
		if name == "" {
			continue
		}
		key, known := match[foldText(name)]
		if !known {
			if seenExtra[name] {
				p.add(pos, name, "", "the column appears twice: expected each column once",
					"cột xuất hiện hai lần: mỗi cột chỉ được có một lần")
				ok = false
				continue
			}
			seenExtra[name] = true
			h.extras = append(h.extras, extraCol{i, name})
			continue
		}
		if j, dup := h.idx[key]; dup {
			p.add(pos, name, "", fmt.Sprintf("the column %s appears twice (columns %d and %d): expected each column once", key, j+1, i+1),
				fmt.Sprintf("cột %s xuất hiện hai lần (cột %d và %d): mỗi cột chỉ được có một lần", key, j+1, i+1))
			ok = false
			continue
		}
		h.idx[key] = i
		if foldText(name) == foldText(key) {
			h.name[key] = name
		} else {
			h.name[key] = name + " (" + key + ")"
		}
	}
	h.col = make([]int, len(cols))
	for ci, c := range cols {
		h.col[ci] = -1
		if i, has := h.idx[c.Key]; has {
			h.col[ci] = i
		}
		if _, has := h.idx[c.Key]; c.Required && !has {
			p.add(pos, c.Key+" ("+c.Label.VI+")", "",
				"missing required column: expected a header "+c.Key+" or "+c.Label.VI+" ("+c.Expect.EN+")",
				"thiếu cột bắt buộc: cần tiêu đề "+c.Label.VI+" hoặc "+c.Key+" ("+c.Expect.VI+")")
			ok = false
		}
	}
	return h, ok
}

// reader validates raw files into a Result.
type reader struct {
	m     *mapping.Mapping
	known func(string) bool
	res   *Result
	probs problems
	warns problems

	keys  map[string]elemRef // element key → where declared
	units map[string]bool    // units whose elements this import declares
	files []*fileState
	// With emitting set, rows go to emit instead of the result; held keeps
	// the relations not emitted before resolution.
	emitting bool
	held     []Relation
}

// elemRef names a merged element: its file (in reader.files) and its index
// in that file's elems.
type elemRef struct{ file, idx int32 }

// pos returns where the element was declared.
func (r *reader) pos(ref elemRef) mapping.Pos { return r.files[ref.file].elems[ref.idx].Source.Pos }

// Hand-over states of a merged element (fileState.sent).
const (
	held      = iota // not emitted: resolve settles it
	sentFinal        // emitted, hosted_on resolved or blank: resolve skips it
	sentCount        // emitted, hosted_on final as written: resolve only counts whether it resolves
)

// fileState is what relation resolution needs of one file.
type fileState struct {
	raw      *rawFile
	stats    fileStats
	index    int32               // in reader.files
	idFirst  map[string]string   // bare id → the first unit of this file declaring it
	idMore   map[string][]string // bare id → every unit declaring it, when more than one does
	units    map[string]bool
	first    string          // the file's first unit
	intact   map[string]bool // old provinces of the well-formed unit codes
	relLines []Relation      // relation rows as read: From and To as written, Source.Pos set
	fromCol  string          // the from and to columns' headers, for messages
	toCol    string
	elems    []Element        // validated rows; after merge, the file's elements
	sent     []uint8          // per element of elems: held, sentFinal or sentCount
	relSent  []bool           // relLines handed to emit (and counted) before resolution
	idCol    string           // the id column's header, for messages
	hostCol  string           // the hosted_on column's header, for messages
	fnCol    string           // the function_code column's header, for messages
	plist    mapping.Problems // problems found in this file alone
	probs    problems
}

func newReader(m *mapping.Mapping, known func(string) bool) *reader {
	r := &reader{m: m, known: known, res: &Result{}, keys: map[string]elemRef{}, units: map[string]bool{}}
	r.probs = problems{&r.res.Problems}
	r.warns = problems{&r.res.Warnings}
	return r
}

// build validates files already read, then resolves relations across all
// of them.
func build(files []*rawFile, m *mapping.Mapping, known func(string) bool) *Result {
	res, _ := check(context.Background(), len(files), func(i int, _ problems) (*rawFile, error) { return files[i], nil }, m, known, nil)
	return res
}

// check validates n files as load reads them. Workers load and check files
// in parallel, each on its own; this goroutine merges them in input order
// as they become ready (duplicate keys need every earlier file), then
// resolves relations once every file is merged. With emit set, the rows of
// each merged file whose values can no longer change are handed over at
// once, the others after resolution (see Batch), so that the caller stores
// while the next files are still being read. The error is only for
// cancellation, a failed load or a failed emit; the input's faults are in
// Result.Problems, load's first (in input order), then the checks'.
func check(ctx context.Context, n int, load func(i int, p problems) (*rawFile, error), m *mapping.Mapping, known func(string) bool,
	emit func(Batch) error) (*Result, error) {
	r := newReader(m, known)
	type slot struct {
		fs    *fileState
		probs mapping.Problems // load's own problems
		err   error
		done  chan struct{}
	}
	slots := make([]slot, n)
	for i := range slots {
		slots[i].done = make(chan struct{})
	}
	// Workers take files in input order, so that the merge below rarely
	// waits; stop makes them skip what is left when the merge gives up.
	var next atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				sl := &slots[i]
				select {
				case <-stop:
					sl.err = context.Canceled
				default:
					if sl.err = ctx.Err(); sl.err == nil {
						var f *rawFile
						if f, sl.err = load(i, problems{&sl.probs}); f != nil && sl.err == nil {
							fs := &fileState{raw: f, idFirst: map[string]string{}, units: map[string]bool{}}
							fs.probs = problems{&fs.plist}
							r.readElements(fs)
							r.readRelationRows(fs)
							sl.fs = fs
						}
					}
				}
				close(sl.done)
			}
		}()
	}
	defer wg.Wait()
	defer close(stop)

	var loadProbs mapping.Problems
	var em *emitter
	if emit != nil {
		em = &emitter{emit: emit, announced: map[string]bool{}}
		r.emitting = true
	}
	for i := range slots {
		sl := &slots[i]
		select {
		case <-sl.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if sl.err != nil {
			return nil, sl.err
		}
		loadProbs = append(loadProbs, sl.probs...)
		fs := sl.fs
		if fs == nil {
			continue
		}
		fs.index = int32(len(r.files))
		r.files = append(r.files, fs)
		from := len(r.res.Problems)
		r.res.Problems = append(r.res.Problems, fs.raw.probs...)
		r.res.Problems = append(r.res.Problems, fs.plist...)
		r.merge(fs)
		// One file's problems in the order of the file: sheet, then line.
		seg := r.res.Problems[from:]
		sort.SliceStable(seg, func(i, j int) bool {
			si, sj := sheetRank(seg[i].Pos.Sheet), sheetRank(seg[j].Pos.Sheet)
			if si != sj {
				return si < sj
			}
			return seg[i].Pos.Line < seg[j].Pos.Line
		})
		r.res.Warnings = append(r.res.Warnings, fs.raw.warns...)
		// What was read is now in fs.elems and fs.relLines.
		for k := range fs.raw.sheets {
			fs.raw.sheets[k].rows = nil
		}
		if em != nil && len(loadProbs) == 0 && len(r.res.Problems) == 0 {
			if err := em.settled(r, fs); err != nil {
				return nil, err
			}
		}
	}
	// Every file's elements are known: resolve, then hand over what was
	// held back, or lay the rows out in input order.
	if em == nil {
		nr := 0
		for _, fs := range r.files {
			nr += len(fs.relLines)
		}
		r.res.Relations = make([]Relation, 0, nr)
	}
	for _, fs := range r.files {
		r.resolve(fs)
	}
	for _, fs := range r.files {
		r.fileWarnings(fs)
	}
	r.res.Problems = append(loadProbs, r.res.Problems...)
	if em != nil {
		if len(r.res.Problems) == 0 {
			if err := em.rest(r); err != nil {
				return nil, err
			}
		}
		return r.res, nil
	}
	ne := 0
	for _, fs := range r.files {
		ne += len(fs.elems)
	}
	r.res.Elements = make([]Element, 0, ne)
	for _, fs := range r.files {
		r.res.Elements = append(r.res.Elements, fs.elems...)
		fs.elems = nil
	}
	return r.res, nil
}

func (r *reader) readElements(fs *fileState) {
	sh := &fs.raw.sheets[0]
	if !sh.present {
		return
	}
	h, ok := readHeader(sh, sh.name, ElementColumns, elementMatch, fs.probs)
	if !ok {
		return
	}
	fs.idCol, fs.hostCol, fs.fnCol = h.name["id"], h.name["hosted_on"], h.name["function_code"]
	fs.intact = map[string]bool{}
	fs.idFirst = make(map[string]string, len(sh.rows))
	if i, ok := h.idx["unit_code"]; ok && r.m != nil {
		for _, row := range sh.rows {
			if i < len(row.cells) {
				v, _, _ := cleanText(row.cells[i])
				if _, ok := r.m.OldUnit(v); ok && unmistakable(v) {
					fs.intact[r.m.OldProvince(v)] = true
				}
			}
		}
	}
	fs.elems = make([]Element, 0, len(sh.rows))
	for _, row := range sh.rows {
		r.readElement(fs, sh, &h, row)
	}
}

// merge checks a file's elements against every earlier row and file,
// refusing keys already declared, and keeps the rest in fs.elems.
func (r *reader) merge(fs *fileState) {
	kept := fs.elems[:0]
	lastUnit := ""
	for i := range fs.elems {
		e := &fs.elems[i]
		key := e.Key()
		if first, dup := r.keys[key]; dup {
			pos := r.pos(first)
			r.probs.add(e.Source.Pos, fs.idCol, e.ID,
				fmt.Sprintf("duplicate id in unit %s: already declared at %s; expected an id unique within its unit", e.Unit, pos),
				fmt.Sprintf("mã phần tử trùng trong đơn vị %s: đã khai báo tại %s; mã phải không trùng trong một đơn vị", e.Unit, pos.TextVI()))
			continue
		}
		r.keys[key] = elemRef{fs.index, int32(len(kept))}
		if e.Unit != lastUnit {
			lastUnit = e.Unit
			r.units[e.Unit] = true
			if !fs.units[e.Unit] {
				fs.units[e.Unit] = true
				if fs.first == "" {
					fs.first = e.Unit
				}
			}
		}
		if first, dup := fs.idFirst[e.ID]; !dup {
			fs.idFirst[e.ID] = e.Unit
		} else {
			if fs.idMore == nil {
				fs.idMore = map[string][]string{}
			}
			if fs.idMore[e.ID] == nil {
				fs.idMore[e.ID] = []string{first}
			}
			fs.idMore[e.ID] = append(fs.idMore[e.ID], e.Unit)
		}
		if len(kept) < i {
			kept = append(kept, *e)
		} else {
			kept = kept[:i+1] // no duplicate yet: already in place
		}
	}
	clear(fs.elems[len(kept):])
	fs.elems = kept
	var list []string
	for u := range fs.units {
		list = append(list, u)
	}
	sort.Strings(list)
	for i := range fs.raw.infos {
		if fs.raw.infos[i].Path == fs.raw.sheets[0].file {
			fs.raw.infos[i].Units = list
			fs.raw.infos[i].Elements = len(fs.elems)
		}
	}
}

func sheetRank(sheet string) int {
	if sheet == "" {
		return 0
	}
	if sheetIndex(sheet) == 0 {
		return 1
	}
	return 2
}

// cell returns a cleaned cell of a row of sheet sh and counts the clean-up.
func (fs *fileState) cell(sh *rawSheet, row rawRow, i int) string {
	if i < 0 || i >= len(row.cells) {
		return ""
	}
	v, trimmed, nfc := cleanText(row.cells[i])
	if trimmed && v != "" {
		countAt(&fs.stats.trimmed, &fs.stats.trimAt, mapping.Pos{File: sh.file, Sheet: sh.name, Line: row.line}, sh.header[i])
	}
	if nfc {
		countAt(&fs.stats.nfc, &fs.stats.nfcAt, mapping.Pos{File: sh.file, Sheet: sh.name, Line: row.line}, sh.header[i])
	}
	return v
}

// checkRow reports invalid UTF-8 and values in columns with no header; it
// returns false when the row cannot be read further.
func (r *reader) checkRow(fs *fileState, sh *rawSheet, sheet string, h *header, row rawRow, pos mapping.Pos) bool {
	ok := true
	for i, c := range row.cells {
		if !sh.validUTF8 && !utf8.ValidString(c) {
			col := fmt.Sprintf("%d", i+1)
			if i < len(sh.header) && sh.header[i] != "" {
				col = clip(sh.header[i])
			}
			fs.probs.add(pos, col, c, "invalid UTF-8 text: expected the file saved as UTF-8 (Unicode)",
				"văn bản không phải UTF-8: cần lưu tệp theo bảng mã UTF-8 (Unicode)")
			ok = false
		}
	}
	for i := len(sh.header); i < len(row.cells); i++ {
		if strings.TrimSpace(row.cells[i]) != "" {
			fs.probs.add(pos, fmt.Sprintf("%d", i+1), row.cells[i],
				fmt.Sprintf("ragged row: a value in column %d but the header has %s; expected every row to have the header's columns", i+1, plural(len(sh.header), "column", "columns")),
				fmt.Sprintf("dòng lệch cột: có giá trị ở cột %d nhưng tiêu đề chỉ có %d cột; mỗi dòng phải khớp với các cột của tiêu đề", i+1, len(sh.header)))
			return false
		}
	}
	for i, name := range sh.header {
		if strings.TrimSpace(name) == "" && i < len(row.cells) && strings.TrimSpace(row.cells[i]) != "" {
			fs.probs.add(pos, fmt.Sprintf("%d", i+1), row.cells[i], "a value in a column with no header: expected a header for every column that holds values",
				"có giá trị ở cột không có tiêu đề: mọi cột có dữ liệu phải có tiêu đề")
			ok = false
		}
	}
	return ok
}

// The problem of a code (an id, a unit code, a key) holding a character
// that is not printable.
const (
	notPrintable   = "a control or invisible character in an identifier (shown as \\x.. or \\u....): ids, unit codes and keys must be printable; type the value again"
	notPrintableVI = "mã chứa ký tự điều khiển hoặc ký tự ẩn (hiện dạng \\x.. hay \\u....): mã phần tử, mã đơn vị và khoá phải in được; hãy gõ lại giá trị"
)

// printable reports whether a code holds only printable characters: no
// control character (NUL, ESC, a line break) and no invisible format
// character (a zero-width space, a direction mark). Such an id would be
// stored, shown as a space in a workbook, and never match again.
func printable(v string) bool {
	for _, r := range v {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
}

func blankRow(row rawRow) bool {
	for _, c := range row.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (r *reader) readElement(fs *fileState, sh *rawSheet, h *header, row rawRow) {
	if blankRow(row) {
		return
	}
	pos := mapping.Pos{File: sh.file, Sheet: sh.name, Line: row.line}
	if !r.checkRow(fs, sh, sh.name, h, row, pos) {
		return
	}
	bad := false
	fail := func(c *Column, val, en, vi string) {
		fs.probs.add(pos, h.name[c.Key], val, en, vi)
		bad = true
	}
	expect := func(c *Column, val, what, whatVI string) {
		fail(c, val, what+": expected "+c.Expect.EN, whatVI+": cần "+c.Expect.VI)
	}
	// The element is read into its place in fs.elems (whose capacity is
	// the sheet's rows), so that it does not escape through Field.
	fs.elems = append(fs.elems, Element{})
	e := &fs.elems[len(fs.elems)-1]
	for ci := range ElementColumns {
		c := &ElementColumns[ci]
		v := fs.cell(sh, row, h.col[ci])
		if v == "" {
			if c.Required {
				expect(c, "", "missing required value", "thiếu giá trị bắt buộc")
			}
			continue
		}
		switch {
		case c.Type == Code:
			if !printable(v) {
				expect(c, v, notPrintable, notPrintableVI)
				continue
			}
			switch c.KeyPart {
			case KeyID:
				if strings.Contains(v, "/") {
					expect(c, v, "an id may not contain /", "mã phần tử không được chứa dấu /")
				}
			case KeyUnit:
				code, ok := r.unitCode(fs, v, place{pos, h.name[c.Key]})
				switch {
				case ok:
				case code == "":
					expect(c, v, "unknown unit code: not an old unit of the mapping", "mã đơn vị không có trong danh sách đơn vị cũ")
				case strings.HasPrefix(code, outsidePrefix):
					code = strings.TrimPrefix(code, outsidePrefix)
					provs := r.declared(fs)
					expect(c, v, "a unit code written as a number (its leading zeros lost) whose possible codes ("+code+") all lie outside the provinces this file declares ("+provs+"); write the code as text with its leading zeros",
						"mã đơn vị bị ghi dạng số (mất các số 0 đầu) mà mọi mã có thể ("+code+") đều nằm ngoài các tỉnh tệp này kê khai ("+provs+"); hãy ghi mã dạng văn bản, giữ các số 0 đầu")
				default:
					expect(c, v, "ambiguous unit code written as a number: it could be "+code+"; write the code as text with its leading zeros",
						"mã đơn vị bị ghi dạng số nên không xác định được: có thể là "+code+"; hãy ghi mã dạng văn bản, giữ các số 0 đầu")
				}
				v = code
			}
			*c.Field(e).(*string) = v
		case c.Type == Word && c.Vocab.Open:
			*c.Field(e).(*string) = fs.word(c, v, pos)
		default:
			if what, whatVI, ok := c.set(e, v, fs.raw.serialDates); !ok {
				expect(c, v, what, whatVI)
			}
		}
	}
	for _, x := range h.extras {
		if v := fs.cell(sh, row, x.idx); v != "" {
			if e.Extra == nil {
				e.Extra = map[string]string{}
			}
			e.Extra[x.name] = v
		}
	}
	if bad {
		*e = Element{}
		fs.elems = fs.elems[:len(fs.elems)-1]
		return
	}
	e.Source = Source{Pos: pos, SHA256: sh.sha}
}

// word reads a cell of the open vocabulary's column (function codes) of
// the row at pos: normalised, counted when unknown.
func (fs *fileState) word(c *Column, v string, pos mapping.Pos) string {
	w := normFunction(v)
	if !c.Vocab.known[w] {
		if fs.stats.unknownFn == nil {
			fs.stats.unknownFn = map[string]int{}
		}
		n := len(fs.stats.unknownFn) // counted once per element below
		countAt(&n, &fs.stats.unknownFnAt, pos, fs.fnCol)
		fs.stats.unknownFn[w]++
	}
	return w
}

// unitCode checks a unit code against the mapping, restoring one a
// spreadsheet turned into a number (counted, at its cell). It returns the
// code and true, or "" and false when unknown, or the candidates and false
// when ambiguous.
func (r *reader) unitCode(fs *fileState, v string, at place) (string, bool) {
	if r.m == nil {
		return v, true
	}
	_, exact := r.m.OldUnit(v)
	t := strings.TrimSuffix(v, ".0")
	if !mapping.IsDigits(t) || len(t) >= 5 {
		if exact {
			return v, true
		}
		return "", false
	}
	var cands []string
	if exact {
		cands = append(cands, v)
	}
	for _, w := range []int{2, 3, 5} {
		if len(t) >= w {
			continue
		}
		c := strings.Repeat("0", w-len(t)) + t
		if _, ok := r.m.OldUnit(c); ok {
			cands = append(cands, c)
		}
	}
	if len(fs.intact) > 0 && len(cands) > 0 {
		// The file's unmistakable codes say which provinces it is about:
		// a number is restored only to a code in one of them (99 in a Hà
		// Giang file is not district 099 of Điện Biên). The value as
		// written, when it is a unit, is no restoration: it stays.
		var in []string
		for _, c := range cands {
			if fs.intact[r.m.OldProvince(c)] {
				in = append(in, c)
			}
		}
		switch {
		case len(in) > 0:
			cands = in
		case !exact:
			return outsidePrefix + strings.Join(cands, " / "), false
		}
	}
	if len(cands) > 0 && cands[0] == v {
		return v, true
	}
	if len(cands) > 1 && len(cands[0]) == 2 {
		// A one- or two-digit number is first read as a province code:
		// provinces are what a bare small number names in these files.
		cands = cands[:1]
	}
	switch len(cands) {
	case 0:
		return "", false
	case 1:
		if fs.stats.restored == nil {
			fs.stats.restored = map[string]*restoreStat{}
		}
		st := fs.stats.restored[at.col]
		if st == nil {
			st = &restoreStat{example: v, into: cands[0], at: at.pos}
			fs.stats.restored[at.col] = st
		} else if placeBefore(at, place{st.at, at.col}) {
			st.example, st.into, st.at = v, cands[0], at.pos
		}
		st.n++
		return cands[0], true
	}
	return strings.Join(cands, " / "), false
}

// outsidePrefix marks what unitCode returns for a number whose only
// restorations lie outside the provinces the file declares.
const outsidePrefix = "outside:"

// declared lists the old provinces the file's unmistakable codes declare.
func (r *reader) declared(fs *fileState) string {
	ps := make([]string, 0, len(fs.intact))
	for p := range fs.intact {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return strings.Join(ps, ", ")
}

// unmistakable reports whether a well-formed code cannot be a number a
// spreadsheet shortened: it starts with 0 or has the full five digits.
func unmistakable(code string) bool {
	return len(code) == 5 || strings.HasPrefix(code, "0")
}

func (r *reader) readRelationRows(fs *fileState) {
	sh := &fs.raw.sheets[1]
	if !sh.present {
		return
	}
	h, ok := readHeader(sh, sh.name, RelationColumns, relationMatch, fs.probs)
	if !ok {
		return
	}
	fs.relLines = make([]Relation, 0, len(sh.rows))
	fs.fromCol, fs.toCol = h.name["from"], h.name["to"]
	for _, row := range sh.rows {
		if blankRow(row) {
			continue
		}
		pos := mapping.Pos{File: sh.file, Sheet: sh.name, Line: row.line}
		if !r.checkRow(fs, sh, sh.name, &h, row, pos) {
			continue
		}
		// Read into its place in fs.relLines (whose capacity is the
		// sheet's rows), so that it does not escape through Rel.
		fs.relLines = append(fs.relLines, Relation{Source: Source{Pos: pos}})
		rr := &fs.relLines[len(fs.relLines)-1]
		bad := false
		expect := func(c *Column, val, what, whatVI string) {
			fs.probs.add(pos, h.name[c.Key], val, what+": expected "+c.Expect.EN, whatVI+": cần "+c.Expect.VI)
			bad = true
		}
		for ci := range RelationColumns {
			c := &RelationColumns[ci]
			v := fs.cell(sh, row, h.col[ci])
			if v == "" {
				if c.Required {
					expect(c, "", "missing required value", "thiếu giá trị bắt buộc")
				}
				continue
			}
			switch {
			case c.Type == Word: // relation words are closed vocabularies
				w, ok := matchVocab(v, c.Vocab.Words, c.Vocab.alias)
				if !ok {
					expect(c, v, c.Vocab.unknown, c.Vocab.unknownVI)
				}
				v = w
			case c.Type == Code && !printable(v):
				expect(c, v, notPrintable, notPrintableVI)
			}
			*c.Rel(rr) = v
		}
		if bad {
			*rr = Relation{}
			fs.relLines = fs.relLines[:len(fs.relLines)-1]
		}
	}
	for i := range fs.raw.infos {
		if fs.raw.infos[i].Path == sh.file {
			fs.raw.infos[i].Relations = len(fs.relLines)
		}
	}
}

// resolve turns the file's relation rows into Relations and resolves
// hosted_on, now that every file's elements are known.
func (r *reader) resolve(fs *fileState) {
	for j := range fs.relLines {
		if fs.relSent != nil && fs.relSent[j] {
			continue // emitted and counted when the file was merged
		}
		rr := &fs.relLines[j]
		from, fromOK, fromUnit := r.endpoint(fs, rr.Source.Pos, fs.fromCol, rr.From)
		to, toOK, _ := r.endpoint(fs, rr.Source.Pos, fs.toCol, rr.To)
		if from == "" || to == "" {
			continue // ambiguous: reported
		}
		owner := fs.owner(fromUnit)
		if owner == "" {
			r.probs.add(rr.Source.Pos, fs.fromCol, rr.From,
				"cannot tell which unit declares this relation: the file declares no element; expected from as unit_code/id of an element of this file",
				"không xác định được đơn vị khai báo quan hệ: tệp không khai báo phần tử nào; cần ghi cột Từ dạng mã_đơn_vị/mã_phần_tử của một phần tử trong tệp")
			continue
		}
		fs.countUnresolved(rr, fromOK, toOK)
		rel := fs.relation(rr, owner, from, to, fromOK, toOK)
		if r.emitting {
			r.held = append(r.held, rel)
		} else {
			r.res.Relations = append(r.res.Relations, rel)
		}
	}
	// hosted_on: an id of the same unit first, then of the same file.
	for i := range fs.elems {
		e := &fs.elems[i]
		if e.HostedOn == "" {
			continue
		}
		if fs.sent != nil && fs.sent[i] != held {
			// Handed over with its final value (settledHost), maybe
			// being read by the importer now: at most count.
			if fs.sent[i] == sentCount {
				if _, ok, _ := r.endpoint(fs, e.Source.Pos, fs.hostCol, e.HostedOn); !ok {
					countAt(&fs.stats.unresolved, &fs.stats.unresolvedAt, e.Source.Pos, fs.hostCol)
				}
			}
			continue
		}
		if !strings.Contains(e.HostedOn, "/") {
			if _, ok := r.keys[e.Unit+"/"+e.HostedOn]; ok {
				e.HostedOn = e.Unit + "/" + e.HostedOn
				continue
			}
		}
		key, ok, _ := r.endpoint(fs, e.Source.Pos, fs.hostCol, e.HostedOn)
		if key == "" {
			continue
		}
		if !ok {
			countAt(&fs.stats.unresolved, &fs.stats.unresolvedAt, e.Source.Pos, fs.hostCol)
		}
		e.HostedOn = key
	}
}

// owner returns the unit that declares a relation whose from endpoint
// names unit: that unit when the file declares it, else the file's first
// unit ("" when the file declares no element).
func (fs *fileState) owner(unit string) string {
	if fs.units[unit] {
		return unit
	}
	return fs.first
}

// relation builds a relation of the file from its row as read.
func (fs *fileState) relation(rr *Relation, owner, from, to string, fromOK, toOK bool) Relation {
	rel := *rr
	rel.Owner, rel.From, rel.To, rel.FromOK, rel.ToOK = owner, from, to, fromOK, toOK
	rel.Source.SHA256 = fs.raw.sheets[1].sha
	return rel
}

// countUnresolved counts the endpoints of a relation row that resolve to no
// element.
func (fs *fileState) countUnresolved(rr *Relation, fromOK, toOK bool) {
	if !fromOK {
		countAt(&fs.stats.unresolved, &fs.stats.unresolvedAt, rr.Source.Pos, fs.fromCol)
	}
	if !toOK {
		countAt(&fs.stats.unresolved, &fs.stats.unresolvedAt, rr.Source.Pos, fs.toCol)
	}
}

// endpoint resolves a relation endpoint or hosted_on: a bare id names the
// element of this file with that id; unit_code/id names an element of this
// import or, when its unit is not being imported, of the workspace. It
// returns the key (or the text as written when it does not resolve),
// whether it resolved, and the unit it names ("" for an unresolved bare
// id). An ambiguous bare id is a problem and returns "".
func (r *reader) endpoint(fs *fileState, pos mapping.Pos, col, v string) (string, bool, string) {
	if u, id, ok := SplitKey(v); ok {
		if r.m != nil {
			if _, known := r.m.OldUnit(u); !known {
				if c, ok := r.unitCode(fs, u, place{pos, col}); ok {
					u = c
				}
			}
		}
		key := u + "/" + id
		if _, ok := r.keys[key]; ok {
			return key, true, u
		}
		if !r.units[u] && r.known != nil && r.known(key) {
			return key, true, u
		}
		return key, false, u
	}
	unit, units := fs.unitsWithID(v)
	switch {
	case unit == "":
		return v, false, ""
	case units == nil:
		return unit + "/" + v, true, unit
	}
	r.probs.add(pos, col, v,
		fmt.Sprintf("ambiguous id: units %s of this file all declare it; expected unit_code/id", strings.Join(units, ", ")),
		fmt.Sprintf("mã phần tử không rõ ràng: các đơn vị %s trong tệp đều có mã này; cần ghi dạng mã_đơn_vị/mã_phần_tử", strings.Join(units, ", ")))
	return "", false, ""
}

// unitsWithID returns the unit of this file declaring a bare id ("" when
// none does), and every unit declaring it when more than one does.
func (fs *fileState) unitsWithID(id string) (string, []string) {
	if more := fs.idMore[id]; more != nil {
		return more[0], more
	}
	return fs.idFirst[id], nil
}

// fileWarnings reports one warning per kind of clean-up done on a file, at
// the first cell it was done to (file, sheet, row and the column's header
// as the file has it), with how many there are in the file.
func (r *reader) fileWarnings(fs *fileState) {
	st := &fs.stats
	// The message is what was done, where (the first of several), then
	// what to do.
	warn := func(at place, val string, n int, en, vi string, then ...string) {
		en, vi = firstHere(n, en, vi)
		if len(then) == 2 {
			en, vi = en+then[0], vi+then[1]
		}
		r.warns.add(at.pos, at.col, val, en, vi)
	}
	if st.nfc > 0 {
		warn(st.nfcAt, "", st.nfc, plural(st.nfc, "value", "values")+" in decomposed Unicode normalised to NFC",
			fmt.Sprintf("%d giá trị dạng Unicode tổ hợp đã được chuẩn hoá về dựng sẵn (NFC)", st.nfc))
	}
	if st.trimmed > 0 {
		warn(st.trimAt, "", st.trimmed, plural(st.trimmed, "value", "values")+" with leading or trailing spaces trimmed",
			fmt.Sprintf("%d giá trị có khoảng trắng thừa ở đầu hoặc cuối đã được cắt bỏ", st.trimmed))
	}
	cols := make([]string, 0, len(st.restored))
	for c := range st.restored {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		s := st.restored[c]
		warn(place{s.at, c}, s.example, s.n, plural(s.n, "code", "codes")+" written as numbers restored with their leading zeros",
			fmt.Sprintf("%d mã bị ghi dạng số đã được khôi phục số 0 đầu", s.n),
			fmt.Sprintf(" (%s → %s); format the column as text", s.example, s.into), fmt.Sprintf(" (%s → %s); hãy định dạng cột là văn bản", s.example, s.into))
	}
	if len(st.unknownFn) > 0 {
		codes := make([]string, 0, len(st.unknownFn))
		n := 0
		for c, k := range st.unknownFn {
			codes = append(codes, c)
			n += k
		}
		sort.Strings(codes)
		warn(st.unknownFnAt, clip(strings.Join(codes, ", ")), n, plural(n, "element", "elements")+" with a function code not in the list, kept as written",
			fmt.Sprintf("%d phần tử có mã chức năng ngoài danh mục, được giữ nguyên", n))
	}
	if st.unresolved > 0 {
		warn(st.unresolvedAt, "", st.unresolved, plural(st.unresolved, "reference to an element", "references to elements")+" that no inventory declares, kept to be flagged by the plan",
			fmt.Sprintf("%d tham chiếu tới phần tử không có trong bản kê khai nào, được giữ lại để cảnh báo khi lập phương án", st.unresolved))
	}
	for _, info := range fs.raw.infos {
		r.res.Files = append(r.res.Files, info)
	}
}

// Vocabulary aliases: Vietnamese words users write in place of the keys,
// folded.
var (
	statusAlias  = map[string]string{"danghoatdong": "active", "hoatdong": "active", "dangxaydung": "building", "xaydung": "building", "kehoach": "planned", "dukien": "planned", "sapdung": "retiring", "dangdung": "retiring", "dadung": "retired", "ngung": "retired", "dangungsudung": "retired"}
	hostingAlias = map[string]string{"taicho": "on_prem", "onpremise": "on_prem", "ttdltinh": "provincial_dc", "trungtamdulieutinh": "provincial_dc", "damay": "cloud", "quocgia": "national"}
	recordAlias  = map[string]string{"goc": "original", "bangoc": "original", "thamchieu": "reference"}
	vintageAlias = map[string]string{"old": "pre2025", "cu": "pre2025", "matruoc2025": "pre2025", "new": "post2025", "moi": "post2025", "matu2025": "post2025", "honhop": "mixed", "cahai": "mixed"}
	relKindAlias = map[string]string{"tichhop": "integrates", "ketnoi": "integrates", "chaytren": "hosted_on", "luutrutai": "hosted_on", "sudung": "uses", "dung": "uses"}
	viaAlias     = map[string]string{"tructiep": "direct", "mangtslcd": "tslcd", "truyensolieuchuyendung": "tslcd"}
)

// matchVocab matches a value against a vocabulary, case-, diacritic- and
// punctuation-insensitively, or a Vietnamese alias.
func matchVocab(v string, list []string, alias map[string]string) (string, bool) {
	if w, ok := matchWord(v, list); ok {
		return w, true
	}
	if w, ok := alias[foldText(v)]; ok {
		return w, true
	}
	return "", false
}
