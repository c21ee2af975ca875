package mapping

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/ndta-vn/archmerge/internal/crlines"
	"github.com/ndta-vn/archmerge/internal/lang"
)

// Problem is one defect of an input, located by file, sheet, line and
// column, with what was found and what is expected, in Vietnamese and
// English.
type Problem struct {
	Pos     Pos       `json:"pos"`
	Column  string    `json:"column,omitempty"`
	Value   string    `json:"value,omitempty"`
	Message lang.Text `json:"message"`
	// Warning marks a problem that was repaired (a code a spreadsheet
	// turned into a number); it does not reject the input.
	Warning bool `json:"warning,omitempty"`
}

// Error renders the problem in English.
func (p Problem) Error() string { return p.Text("en") }

// Text renders the problem in the given language ("vi" or "en").
func (p Problem) Text(l string) string {
	var b strings.Builder
	if l != lang.EN {
		b.WriteString(p.Pos.TextVI())
		if p.Column != "" {
			b.WriteString(", cột " + p.Column)
		}
		if p.Value != "" {
			fmt.Fprintf(&b, ", giá trị %q", p.Value)
		}
		b.WriteString(": " + p.Message.In(l))
		return b.String()
	}
	b.WriteString(p.Pos.String())
	if p.Column != "" {
		b.WriteString(", column " + p.Column)
	}
	if p.Value != "" {
		fmt.Fprintf(&b, ", value %q", p.Value)
	}
	b.WriteString(": " + p.Message.In(l))
	return b.String()
}

// Problems is a list of input defects; as an error it reads as all of them.
type Problems []Problem

// Errors returns the problems that reject the input (not warnings).
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Warnings returns the repaired problems.
func (ps Problems) Warnings() Problems {
	var out Problems
	for _, p := range ps {
		if p.Warning {
			out = append(out, p)
		}
	}
	return out
}

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

var (
	unitHeader    = []string{"code", "name", "level", "parent_code"}
	mappingHeader = []string{"old_code", "new_code", "relation", "transfer", "resolution", "clause"}
)

// ReadCSV parses the three files of a mapping (old_units, new_units,
// mapping). Readers may be named by wrapping them in NamedReader so that
// problems name the file. Every row-level defect is collected; the Mapping is
// nil when there is any but warnings.
//
// Codes that a spreadsheet turned into numbers ("1" for "01") are restored
// by level and reported as warnings (Problem.Warning); the Mapping is
// returned when every problem is a warning. The mapping is not validated:
// call Validate.
func ReadCSV(name string, oldUnits, newUnits, links io.Reader) (*Mapping, Problems) {
	var probs Problems
	var b mappingBuilder
	b.units(csvSource(fileName(oldUnits, "old_units.csv"), oldUnits), Old, &probs)
	b.units(csvSource(fileName(newUnits, "new_units.csv"), newUnits), New, &probs)
	b.links(csvSource(fileName(links, "mapping.csv"), links), &probs)
	return b.build(name, probs)
}

// mappingBuilder gathers the rows of a mapping from any source.
type mappingBuilder struct {
	olds, news     []Unit
	oldPos, newPos []Pos
	ls             []Link
}

func (b *mappingBuilder) units(src rowSource, v Vintage, probs *Problems) {
	us, ps := readUnits(src, v, probs)
	if v == Old {
		b.olds, b.oldPos = us, ps
	} else {
		b.news, b.newPos = us, ps
	}
}

func (b *mappingBuilder) links(src rowSource, probs *Problems) {
	b.ls = readLinks(src, probs)
}

func (b *mappingBuilder) build(name string, probs Problems) (*Mapping, Problems) {
	restoreCodes(b.olds, b.oldPos, b.news, b.newPos, b.ls, &probs)
	if len(probs.Errors()) > 0 {
		return nil, probs
	}
	pos := make(map[Ref]Pos, len(b.olds)+len(b.news))
	for i, u := range b.olds {
		if _, dup := pos[Ref{Old, u.Code}]; !dup {
			pos[Ref{Old, u.Code}] = b.oldPos[i]
		}
	}
	for i, u := range b.news {
		if _, dup := pos[Ref{New, u.Code}]; !dup {
			pos[Ref{New, u.Code}] = b.newPos[i]
		}
	}
	m := NewMapping(name, b.olds, b.news, b.ls)
	m.UnitPos = pos
	m.OldPos, m.NewPos = b.oldPos, b.newPos
	return m, probs
}

// NamedReader gives a reader a file name for messages.
type NamedReader struct {
	io.Reader
	Name string
}

func fileName(r io.Reader, def string) string {
	if n, ok := r.(NamedReader); ok {
		return n.Name
	}
	if n, ok := r.(*NamedReader); ok {
		return n.Name
	}
	return def
}

// rowSource yields the records of one table (a CSV file or an XLSX
// sheet), the header first, each with its 1-based line; it returns io.EOF at
// the end. A *csv.ParseError skips the row; any other error stops the table.
type rowSource struct {
	pos  Pos // file and sheet; Line is unused
	next func() (rec []string, line int, err error)
}

// csvSource reads a CSV file, tolerating a UTF-8 BOM and ';' as separator
// (detected from the header line).
func csvSource(file string, r io.Reader) rowSource {
	br := bufio.NewReaderSize(r, crlines.HeadBytes)
	var src io.Reader = br
	head, _ := br.Peek(crlines.HeadBytes)
	if crlines.Only(head) {
		src = crlines.Reader{R: br}
		head = bytes.ReplaceAll(head, []byte("\r"), []byte("\n"))
	}
	cr := csv.NewReader(src)
	if len(head) > 0 {
		first, _, _ := bytes.Cut(head, []byte("\n"))
		if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
			cr.Comma = ';'
		}
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.LazyQuotes = true
	return rowSource{pos: Pos{File: file}, next: func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, pe.Line, err
			}
			return nil, 0, err
		}
		line, _ := cr.FieldPos(0)
		return rec, line, nil
	}}
}

// rows reads a table with a header and calls fn per non-blank data row with
// its position and the cells by header name, NFC-normalised and trimmed.
func rows(src rowSource, want []string, probs *Problems, fn func(pos Pos, get func(string) string)) {
	at := func(line int) Pos { p := src.pos; p.Line = line; return p }
	head, _, err := src.next()
	if err != nil {
		if errors.Is(err, io.EOF) {
			*probs = append(*probs, Problem{Pos: at(1), Message: lang.T("tệp rỗng: cần dòng tiêu đề "+strings.Join(want, ","), "empty file: expected a header "+strings.Join(want, ","))})
		} else {
			*probs = append(*probs, Problem{Pos: at(1), Message: lang.T("không đọc được dòng tiêu đề: "+err.Error(), "unreadable header: "+err.Error())})
		}
		return
	}
	idx := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := idx[h]; !dup {
			idx[h] = i
		}
	}
	bad := false
	for _, w := range want {
		if _, ok := idx[w]; !ok {
			bad = true
			*probs = append(*probs, Problem{Pos: at(1), Column: w, Message: lang.T("thiếu cột: cần dòng tiêu đề "+strings.Join(want, ","), "missing column: expected a header "+strings.Join(want, ","))})
		}
	}
	if bad {
		return
	}
	for {
		rec, line, err := src.next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			*probs = append(*probs, Problem{Pos: at(line), Message: lang.T("không đọc được dòng: "+err.Error(), "unreadable row: "+err.Error())})
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return
			}
			continue
		}
		blank := true
		for _, c := range rec {
			if strings.TrimSpace(c) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		fn(at(line), func(col string) string {
			i := idx[col]
			if i >= len(rec) {
				return ""
			}
			return norm.NFC.String(strings.TrimSpace(rec[i]))
		})
	}
}

func readUnits(src rowSource, v Vintage, probs *Problems) ([]Unit, []Pos) {
	var out []Unit
	var ps []Pos
	rows(src, unitHeader, probs, func(pos Pos, get func(string) string) {
		u := Unit{Code: get("code"), Name: get("name"), Parent: get("parent_code"), Vintage: v}
		lv, ok := ParseLevel(get("level"))
		if !ok {
			*probs = append(*probs, Problem{Pos: pos, Column: "level", Value: get("level"),
				Message: lang.T("cấp không hợp lệ: cần province, district hoặc commune", "unknown level: expected province, district or commune")})
			return
		}
		u.Level = lv
		out = append(out, u)
		ps = append(ps, pos)
	})
	return out, ps
}

func readLinks(src rowSource, probs *Problems) []Link {
	var out []Link
	rows(src, mappingHeader, probs, func(pos Pos, get func(string) string) {
		l := Link{Old: get("old_code"), New: get("new_code"), Relation: Relation(strings.ToLower(get("relation"))),
			Transfer: Transfer(strings.ToLower(get("transfer"))), Resolution: get("resolution"), Clause: get("clause"),
			Pos: pos}
		switch l.Relation {
		case Merge, Split, Rename, Unchanged:
		default:
			*probs = append(*probs, Problem{Pos: l.Pos, Column: "relation", Value: string(l.Relation),
				Message: lang.T("quan hệ không hợp lệ: cần merge, split, rename hoặc unchanged", "unknown relation: expected merge, split, rename or unchanged")})
			return
		}
		switch l.Transfer {
		case Whole, Partial:
		default:
			*probs = append(*probs, Problem{Pos: l.Pos, Column: "transfer", Value: string(l.Transfer),
				Message: lang.T("phạm vi chuyển giao không hợp lệ: cần whole hoặc partial", "unknown transfer: expected whole or partial")})
			return
		}
		out = append(out, l)
	})
	return out
}

// restoreCodes puts back the leading zeros a spreadsheet removed: a unit
// code by its level, a parent or mapping code by the unique padding that
// names an existing unit. Each repair is a warning.
func restoreCodes(olds []Unit, oldPos []Pos, news []Unit, newPos []Pos, ls []Link, probs *Problems) {
	exists := [2]map[string]bool{{}, {}}
	for vi, us := range [][]Unit{olds, news} {
		ps := [][]Pos{oldPos, newPos}[vi]
		for i := range us {
			u := &us[i]
			if want := CodeLen[u.Level]; IsDigits(u.Code) && len(u.Code) < want && len(u.Code) > 0 {
				fixed := strings.Repeat("0", want-len(u.Code)) + u.Code
				*probs = append(*probs, restored(ps[i], "code", u.Code, fixed))
				u.Code = fixed
			}
			exists[vi][u.Code] = true
		}
	}
	// readings lists the existing codes a stripped code can stand for.
	readings := func(code string, vi int, lens ...int) []string {
		if !IsDigits(code) || exists[vi][code] {
			return nil
		}
		var out []string
		for _, n := range lens {
			if n > len(code) {
				if c := strings.Repeat("0", n-len(code)) + code; exists[vi][c] {
					out = append(out, c)
				}
			}
		}
		return out
	}
	for vi, us := range [][]Unit{olds, news} {
		ps := [][]Pos{oldPos, newPos}[vi]
		for i := range us {
			// The parent is the level above: a province for a district, a
			// district (else a province) for a commune.
			lens := []int{2}
			if us[i].Level == Commune {
				lens = []int{3, 2}
			}
			for _, n := range lens {
				if r := readings(us[i].Parent, vi, n); len(r) == 1 {
					*probs = append(*probs, restored(ps[i], "parent_code", us[i].Parent, r[0]))
					us[i].Parent = r[0]
					break
				}
			}
		}
	}
	for i := range ls {
		l := &ls[i]
		ro, rn := readings(l.Old, 0, 2, 3, 5), readings(l.New, 1, 2, 3, 5)
		// Both ends of a row are at one level (an island district may lead
		// to a commune): keep the readings that agree with the other end.
		lenOK := func(o, n int) bool { return o == n || o == 3 && n == 5 }
		if len(ro) > 1 || len(rn) > 1 {
			pick := func(rs []string, other []string, otherCode string, old bool) []string {
				if len(other) == 0 {
					other = []string{otherCode}
				}
				// The same level first, then an island district's row.
				for _, same := range []bool{true, false} {
					var out []string
					for _, r := range rs {
						for _, o := range other {
							if same && len(r) == len(o) || !same && (old && lenOK(len(r), len(o)) || !old && lenOK(len(o), len(r))) {
								out = append(out, r)
								break
							}
						}
					}
					if len(out) > 0 {
						return out
					}
				}
				return rs
			}
			if len(ro) > 1 && len(rn) <= 1 {
				ro = pick(ro, rn, l.New, true)
			} else if len(rn) > 1 && len(ro) <= 1 {
				rn = pick(rn, ro, l.Old, false)
			}
		}
		for _, end := range []struct {
			col  string
			code *string
			rs   []string
		}{{"old_code", &l.Old, ro}, {"new_code", &l.New, rn}} {
			switch len(end.rs) {
			case 0:
			case 1:
				*probs = append(*probs, restored(l.Pos, end.col, *end.code, end.rs[0]))
				*end.code = end.rs[0]
			default:
				*probs = append(*probs, Problem{Pos: l.Pos, Column: end.col, Value: *end.code,
					Message: lang.T(fmt.Sprintf("mã bị lưu dạng số có thể là %s: hãy định dạng cột là văn bản và nhập lại mã với các số 0 đứng đầu", strings.Join(end.rs, ", ")), fmt.Sprintf("code stored as a number reads as any of %s: store the column as text with its leading zeros", strings.Join(end.rs, ", ")))})
			}
		}
	}
}

func restored(p Pos, col, from, to string) Problem {
	return Problem{Pos: p, Column: col, Value: from, Warning: true,
		Message: lang.T(fmt.Sprintf("mã bị lưu dạng số: đọc thành %s (mã là văn bản, giữ các số 0 đứng đầu)", to), fmt.Sprintf("code stored as a number: read as %s (codes are text with their leading zeros)", to))}
}

// IsDigits reports whether s is a non-empty run of ASCII digits, as unit
// codes are.
func IsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
