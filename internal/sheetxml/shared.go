package sheetxml

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParseSaved reads the rows of a worksheet part another program saved
// (Excel, LibreOffice, excelize), as excelize's row iterator gives them
// with raw values, the shared strings sst given (ParseSharedStrings). It
// knows the common form — rows numbered without a gap, cells of text
// (shared or inline), numbers and strings computed by formulas saved as
// values, blank styled cells — and says ok false for anything else (a
// formula, a boolean, an error or date cell, a gap, a namespace prefix,
// Excel's _xHHHH_ notation, a raw carriage return), which is then read by
// excelize.
func ParseSaved(part []byte, sst []string) (rows [][]string, ok bool) {
	start := bytes.Index(part, []byte("<sheetData"))
	if start < 0 {
		return nil, false
	}
	p := &parser{s: string(part[start:])}
	name, attrs, empty, ok := p.tag()
	if !ok || name != "sheetData" || len(attrs) > 0 {
		return nil, false
	}
	if empty {
		return nil, true
	}
	for {
		p.space()
		if p.eat("</sheetData>") {
			return rows, true
		}
		cells, ok := p.savedRow(len(rows)+1, sst)
		if !ok {
			return nil, false
		}
		rows = append(rows, cells)
	}
}

// ParseSharedStrings reads xl/sharedStrings.xml: each item's text, its
// runs joined, phonetic runs left out, as excelize gives it.
func ParseSharedStrings(part []byte) ([]string, bool) {
	start := bytes.Index(part, []byte("<sst"))
	if start < 0 {
		return nil, false
	}
	p := &parser{s: string(part[start:])}
	name, _, empty, ok := p.tag()
	if !ok || name != "sst" {
		return nil, false
	}
	var out []string
	if empty {
		return out, true
	}
	for {
		p.space()
		if p.eat("</sst>") {
			return out, true
		}
		name, _, empty, ok := p.tag()
		if !ok || name != "si" {
			return nil, false
		}
		if empty {
			out = append(out, "")
			continue
		}
		text, ok := p.richText("si")
		if !ok {
			return nil, false
		}
		out = append(out, text)
	}
}

func (p *parser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\t' || p.s[p.i] == '\r') {
		p.i++
	}
}

// tag reads a start tag: its name (no prefix allowed), its attributes,
// and whether it closes itself.
func (p *parser) tag() (name string, attrs map[string]string, empty, ok bool) {
	if !p.eat("<") {
		return "", nil, false, false
	}
	j := p.i
	for j < len(p.s) && (p.s[j] >= 'a' && p.s[j] <= 'z' || p.s[j] >= 'A' && p.s[j] <= 'Z') {
		j++
	}
	name = p.s[p.i:j]
	p.i = j
	if name == "" || j >= len(p.s) || p.s[j] == ':' {
		return "", nil, false, false
	}
	for {
		p.space()
		switch {
		case p.eat("/>"):
			return name, attrs, true, true
		case p.eat(">"):
			return name, attrs, false, true
		}
		k := p.i
		for k < len(p.s) && p.s[k] != '=' && p.s[k] != '>' && p.s[k] != ' ' {
			k++
		}
		an := p.s[p.i:k]
		p.i = k
		if an == "" || !p.eat(`="`) {
			return "", nil, false, false
		}
		e := strings.IndexByte(p.s[p.i:], '"')
		if e < 0 {
			return "", nil, false, false
		}
		v, ok := xmlText(p.s[p.i : p.i+e])
		if !ok {
			return "", nil, false, false
		}
		p.i += e + 1
		if attrs == nil {
			attrs = map[string]string{}
		}
		attrs[an] = v
	}
}

// text reads character data up to the next tag.
func (p *parser) text() (string, bool) {
	e := strings.IndexByte(p.s[p.i:], '<')
	if e < 0 {
		return "", false
	}
	v, ok := xmlText(p.s[p.i : p.i+e])
	p.i += e
	return v, ok
}

// end reads the end tag of name.
func (p *parser) end(name string) bool { return p.eat("</" + name + ">") }

// richText reads the content of an si or is element up to its end: the
// text of its t, and of the t of its runs, phonetic runs and properties
// left out.
func (p *parser) richText(of string) (string, bool) {
	s, ok := p.texts(of)
	if !ok || hasExcelEscape(s) {
		return "", false
	}
	return s, true
}

// texts reads the content of an element up to its end tag: an si or is
// (its t, its runs r, its phonetic runs left out) or a run r (its t, its
// properties left out), and returns the text of the t it holds.
func (p *parser) texts(of string) (string, bool) {
	var b strings.Builder
	for {
		p.space()
		if p.end(of) {
			return b.String(), true
		}
		name, _, empty, ok := p.tag()
		if !ok {
			return "", false
		}
		if empty {
			continue
		}
		switch {
		case name == "t":
			if !p.tText(&b) {
				return "", false
			}
		case name == "r" && of != "r":
			v, ok := p.texts("r")
			if !ok {
				return "", false
			}
			b.WriteString(v)
		case of == "r" && name == "rPr", of != "r" && (name == "rPh" || name == "phoneticPr"):
			if !p.skip(name) {
				return "", false
			}
		default:
			return "", false
		}
	}
}

// tText reads the text of a t element whose start tag was read into b.
func (p *parser) tText(b *strings.Builder) bool {
	v, ok := p.text()
	if !ok || !p.end("t") {
		return false
	}
	b.WriteString(v)
	return true
}

// skip passes an element's content up to its end tag (no element of the
// same name inside).
func (p *parser) skip(name string) bool {
	e := strings.Index(p.s[p.i:], "</"+name+">")
	if e < 0 {
		return false
	}
	p.i += e + len(name) + 3
	return true
}

// row reads row number n.
func (p *parser) savedRow(n int, sst []string) ([]string, bool) {
	name, attrs, empty, ok := p.tag()
	if !ok || name != "row" {
		return nil, false
	}
	if r, has := attrs["r"]; !has || r != strconv.Itoa(n) {
		return nil, false
	}
	if empty {
		return nil, true
	}
	var cells []string
	last := 0
	for {
		p.space()
		if p.end("row") {
			return cells, true
		}
		name, attrs, empty, ok := p.tag()
		if !ok || name != "c" {
			return nil, false
		}
		col, ok := refColumn(attrs["r"], strconv.Itoa(n), last)
		if !ok {
			return nil, false
		}
		last = col
		for a := range attrs {
			if a != "r" && a != "s" && a != "t" {
				return nil, false
			}
		}
		t := attrs["t"]
		var v string
		if !empty {
			p.space()
			if p.end("c") {
				// no value
			} else {
				name, _, vEmpty, ok := p.tag()
				if !ok {
					return nil, false
				}
				switch {
				case name == "v" && !vEmpty:
					if v, ok = p.text(); !ok || !p.end("v") {
						return nil, false
					}
				case name == "is" && !vEmpty && t == "inlineStr":
					if v, ok = p.richText("is"); !ok {
						return nil, false
					}
				case vEmpty && (name == "v" || name == "is"):
				default:
					return nil, false // a formula, or another element
				}
				p.space()
				if !p.end("c") {
					return nil, false
				}
			}
		}
		switch t {
		case "s":
			if v == "" {
				break
			}
			i, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || i < 0 || i >= len(sst) {
				return nil, false
			}
			v = sst[i]
		case "", "n", "str", "inlineStr":
			// as saved: excelize gives a number's or a formula's saved
			// text raw, and decodes an inline string as richText does
		default:
			return nil, false // b, e, d: excelize formats them
		}
		if v == "" {
			continue
		}
		for len(cells) < col-1 {
			cells = append(cells, "")
		}
		cells = append(cells, v)
	}
}

// xmlText decodes character data: the five named entities and numeric
// character references. A raw carriage return (XML reads it as a line
// feed), a CDATA section, bytes that are not UTF-8 or an unknown entity
// are not ok.
func xmlText(s string) (string, bool) {
	if strings.IndexByte(s, '\r') >= 0 || !utf8.ValidString(s) {
		return "", false
	}
	if strings.IndexByte(s, '&') < 0 {
		return s, true
	}
	var b strings.Builder
	for {
		j := strings.IndexByte(s, '&')
		if j < 0 {
			b.WriteString(s)
			return b.String(), true
		}
		b.WriteString(s[:j])
		s = s[j:]
		e := strings.IndexByte(s, ';')
		if e < 0 {
			return "", false
		}
		ent := s[1:e]
		s = s[e+1:]
		switch ent {
		case "amp":
			b.WriteByte('&')
		case "lt":
			b.WriteByte('<')
		case "gt":
			b.WriteByte('>')
		case "quot":
			b.WriteByte('"')
		case "apos":
			b.WriteByte('\'')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return "", false
			}
			var n uint64
			var err error
			if ent[1] == 'x' {
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			} else {
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			}
			if err != nil || !inCharacterRange(rune(n)) {
				return "", false
			}
			b.WriteRune(rune(n))
		}
	}
}
