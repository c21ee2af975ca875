package mapping

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Problem is one defect of an input, located by file, sheet, line and
// column, with what was found and what is expected, in English (Message) and
// Vietnamese (MessageVI; Message is used when it is empty).
type Problem struct {
	Pos       Pos    `json:"pos"`
	Column    string `json:"column,omitempty"`
	Value     string `json:"value,omitempty"`
	Message   string `json:"message"`
	MessageVI string `json:"message_vi,omitempty"`
}

// Error renders the problem in English.
func (p Problem) Error() string { return p.Text("en") }

// Text renders the problem in the given language ("vi" or "en").
func (p Problem) Text(lang string) string {
	var b strings.Builder
	if lang == "vi" {
		b.WriteString(p.Pos.TextVI())
		if p.Column != "" {
			b.WriteString(", cột " + p.Column)
		}
		if p.Value != "" {
			fmt.Fprintf(&b, ", giá trị %q", p.Value)
		}
		msg := p.MessageVI
		if msg == "" {
			msg = p.Message
		}
		b.WriteString(": " + msg)
		return b.String()
	}
	b.WriteString(p.Pos.String())
	if p.Column != "" {
		b.WriteString(", column " + p.Column)
	}
	if p.Value != "" {
		fmt.Fprintf(&b, ", value %q", p.Value)
	}
	b.WriteString(": " + p.Message)
	return b.String()
}

// Problems is a list of input defects; as an error it reads as all of them.
type Problems []Problem

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
// nil when there is any.
func ReadCSV(name string, oldUnits, newUnits, links io.Reader) (*Mapping, Problems) {
	var probs Problems
	pos := map[Ref]Pos{}
	olds := readUnits(fileName(oldUnits, "old_units.csv"), oldUnits, Old, pos, &probs)
	news := readUnits(fileName(newUnits, "new_units.csv"), newUnits, New, pos, &probs)
	ls := readLinks(fileName(links, "mapping.csv"), links, &probs)
	if len(probs) > 0 {
		return nil, probs
	}
	m := NewMapping(name, olds, news, ls)
	m.UnitPos = pos
	return m, nil
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

// rows reads a CSV with a header, tolerating a UTF-8 BOM, and calls fn per
// data row with its 1-based line number and the cells by header name.
func rows(file string, r io.Reader, want []string, probs *Problems, fn func(line int, get func(string) string)) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			*probs = append(*probs, Problem{Pos: Pos{File: file, Line: 1}, Message: "empty file: expected a header " + strings.Join(want, ",")})
		} else {
			*probs = append(*probs, Problem{Pos: Pos{File: file, Line: 1}, Message: err.Error()})
		}
		return
	}
	idx := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		idx[h] = i
	}
	for _, w := range want {
		if _, ok := idx[w]; !ok {
			*probs = append(*probs, Problem{Pos: Pos{File: file, Line: 1}, Column: w, Message: "missing column: expected a header " + strings.Join(want, ",")})
		}
	}
	if len(*probs) > 0 {
		return
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			*probs = append(*probs, Problem{Pos: Pos{File: file, Line: line}, Message: "unreadable CSV row: " + err.Error()})
			if _, ok := err.(*csv.ParseError); !ok {
				return
			}
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		fn(line, func(col string) string {
			i := idx[col]
			if i >= len(rec) {
				return ""
			}
			return norm.NFC.String(strings.TrimSpace(rec[i]))
		})
	}
}

func readUnits(file string, r io.Reader, v Vintage, pos map[Ref]Pos, probs *Problems) []Unit {
	var out []Unit
	rows(file, r, unitHeader, probs, func(line int, get func(string) string) {
		u := Unit{Code: get("code"), Name: get("name"), Parent: get("parent_code")}
		lv, ok := ParseLevel(get("level"))
		if !ok {
			*probs = append(*probs, Problem{Pos: Pos{File: file, Line: line}, Column: "level", Value: get("level"), Message: "unknown level: expected province, district or commune"})
			return
		}
		u.Level = lv
		u.Vintage = v
		if _, dup := pos[u.Ref()]; !dup {
			pos[u.Ref()] = Pos{File: file, Line: line}
		}
		out = append(out, u)
	})
	return out
}

func readLinks(file string, r io.Reader, probs *Problems) []Link {
	var out []Link
	rows(file, r, mappingHeader, probs, func(line int, get func(string) string) {
		l := Link{Old: get("old_code"), New: get("new_code"), Relation: Relation(strings.ToLower(get("relation"))),
			Transfer: Transfer(strings.ToLower(get("transfer"))), Resolution: get("resolution"), Clause: get("clause"),
			Pos: Pos{File: file, Line: line}}
		switch l.Relation {
		case Merge, Split, Rename, Unchanged:
		default:
			*probs = append(*probs, Problem{Pos: l.Pos, Column: "relation", Value: string(l.Relation), Message: "unknown relation: expected merge, split, rename or unchanged"})
			return
		}
		switch l.Transfer {
		case Whole, Partial:
		default:
			*probs = append(*probs, Problem{Pos: l.Pos, Column: "transfer", Value: string(l.Transfer), Message: "unknown transfer: expected whole or partial"})
			return
		}
		out = append(out, l)
	})
	return out
}
