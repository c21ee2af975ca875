// Package sheetxml writes the rows of a worksheet as SpreadsheetML, for the
// long sheets of the reconciliation workbooks. excelize lays out the rest of
// the workbook (styles, columns, validations, protection, page setup) with
// an empty sheet; outfile.WorkbookRows then fills that sheet's <sheetData>
// with what a Writer writes, while the workbook is saved.
//
// The cells are written as excelize's StreamWriter writes them (inline
// strings cut at a cell's 32,767 UTF-16 units, escaped alike, Excel's
// _xHHHH_ notation protected), so that excelize, Excel and LibreOffice read
// back the same values; only the cost differs: a row is written straight
// into the compressor, with no value boxed, no intermediate string and no
// per-cell reference parsed (a third of a workbook's time went there).
package sheetxml

import (
	"bufio"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"
)

// CellChars is the most UTF-16 units a cell holds (excelize.TotalCellChars).
const CellChars = 32767

// Writer writes rows of cells. Call Row, then the row's cells in column
// order, then EndRow; errors are those of the underlying writer, returned
// by Flush.
type Writer struct {
	w    *bufio.Writer
	row  int
	rowS string
	num  [24]byte
	cell [64]byte // a cell's opening tag, made whole before it is written
	cols []string // column letters, by index from 0
}

// New returns a Writer on w.
func New(w io.Writer) *Writer {
	bw, _ := buffers.Get().(*bufio.Writer)
	if bw == nil {
		bw = bufio.NewWriterSize(w, 64<<10)
	} else {
		bw.Reset(w)
	}
	return &Writer{w: bw}
}

// buffers recycles the Writers' buffers (Close gives them back): a
// workbook has a Writer per sheet.
var buffers sync.Pool

// Row starts row r (from 1); a height above zero sets the row's custom
// height in points.
func (x *Writer) Row(r int, height float64) {
	x.row = r
	x.rowS = strconv.Itoa(r)
	x.w.WriteString(`<row r="`)
	x.w.WriteString(x.rowS)
	x.w.WriteByte('"')
	if height > 0 {
		x.w.WriteString(` ht="`)
		x.w.Write(strconv.AppendFloat(x.num[:0], height, 'f', -1, 64))
		x.w.WriteString(`" customHeight="1"`)
	}
	x.w.WriteByte('>')
}

// EndRow ends the row.
func (x *Writer) EndRow() { x.w.WriteString(`</row>`) }

// col returns the letters of column c (from 0).
func (x *Writer) col(c int) string {
	for len(x.cols) <= c {
		x.cols = append(x.cols, ColumnName(len(x.cols)+1))
	}
	return x.cols[c]
}

func (x *Writer) open(c, style int) { x.w.Write(x.opening(c, style)) }

// opening is the start of a cell's tag, <c r="B7" s="3", made in one
// buffer: written piece by piece it cost more than the text of the cell.
func (x *Writer) opening(c, style int) []byte {
	b := append(x.cell[:0], `<c r="`...)
	b = append(b, x.col(c)...)
	b = append(b, x.rowS...)
	b = append(b, '"')
	if style != 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(style), 10)
		b = append(b, '"')
	}
	return b
}

// Empty writes a cell of column c (from 0) with a style and no value.
func (x *Writer) Empty(c, style int) {
	x.open(c, style)
	x.w.WriteString(`></c>`)
}

// Int writes a number.
func (x *Writer) Int(c, style int, n int64) {
	x.open(c, style)
	x.w.WriteString(`><v>`)
	x.w.Write(strconv.AppendInt(x.num[:0], n, 10))
	x.w.WriteString(`</v></c>`)
}

// Str writes a text cell (an inline string: never a formula, whatever it
// starts with), cut at CellChars UTF-16 units as excelize cuts it.
func (x *Writer) Str(c, style int, s string) { x.str(c, style, s, &escapes) }

// SafeStr is Str of s with each C0 control character other than tab, line
// feed and carriage return made a space, in the same pass (cleaning a text
// first read every cell once more). It reports what the pass found out:
// whether s is precomposed text as nfc.PrecomposedText says (false when
// it was cut), which spares its callers another pass over the text.
func (x *Writer) SafeStr(c, style int, s string) (precomposed bool) {
	return x.str(c, style, s, &safeEscapes)
}

func (x *Writer) str(c, style int, s string, esc *[utf8.RuneSelf]string) bool {
	cut := len(s) > CellChars
	s = Truncate(s, CellChars)
	b := append(x.opening(c, style), ` t="inlineStr"><is><t`...)
	if s != "" && (spaced(s[0], esc) || spaced(s[len(s)-1], esc)) {
		b = append(b, ` xml:space="preserve"`...)
	}
	x.w.Write(append(b, '>'))
	pre := x.text(s, esc)
	x.w.WriteString(`</t></is></c>`)
	return pre && !cut
}

// spaced reports whether b is written as white space: a space, or a
// control character esc writes as one.
func spaced(b byte, esc *[utf8.RuneSelf]string) bool {
	return space(b) || b < utf8.RuneSelf && esc[b] == " "
}

func space(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// Flush writes what is buffered.
func (x *Writer) Flush() error { return x.w.Flush() }

// Close flushes the Writer and ends it: nothing may be written after.
func (x *Writer) Close() error {
	err := x.w.Flush()
	x.w.Reset(nil)
	buffers.Put(x.w)
	x.w = nil
	return err
}

// text writes s escaped for XML character data, as xml.EscapeText does
// (but for line feeds, kept as they are, as excelize keeps them), with
// Excel's _xHHHH_ notation protected: a literal "_x000D_" is written
// "_x005F_x000D_" so that it does not read back as a carriage return.
// Characters XML cannot hold, and bytes that are not UTF-8, are written as
// U+FFFD. It reports whether s is nfc.PrecomposedText: no C0 control
// character, nothing but U+0000 to U+02FF and U+1E00 to U+1EFF.
func (x *Writer) text(s string, escapes *[utf8.RuneSelf]string) (precomposed bool) {
	last := 0
	pre := true
	for i := 0; i < len(s); {
		b := s[i]
		width := 1
		esc := ""
		switch {
		case b < utf8.RuneSelf:
			switch special[b] {
			case 0:
				i++
				continue
			case 1:
				esc = escapes[b]
				pre = pre && b >= 0x20
			case 2: // '_'
				if bstr(s[i:]) {
					x.w.WriteString(s[last:i])
					x.w.WriteString("_x005F")
					last = i
				}
				i++
				continue
			}
		case b >= 0xC2 && b <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			// U+0080 to U+07FF (Latin letters with their marks): always
			// valid, and XML holds them.
			pre = pre && b <= 0xCB
			i += 2
			continue
		case (b >= 0xE1 && b <= 0xEC || b == 0xEE) && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			// U+1000 to U+CFFF and U+E000 to U+EFFF (Vietnamese letters
			// are U+1Exx): valid whatever the continuation bytes, no
			// surrogate, and XML holds them. The other three-byte and
			// four-byte sequences are decoded.
			pre = pre && b == 0xE1 && s[i+1] >= 0xB8 && s[i+1] <= 0xBB
			i += 3
			continue
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			width = n
			pre = false
			if r == utf8.RuneError && n == 1 || !inCharacterRange(r) {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			x.w.WriteString(s[last:i])
			x.w.WriteString(esc)
			last = i + width
		}
		i += width
	}
	x.w.WriteString(s[last:])
	return pre
}

// special marks the ASCII bytes text looks at: 1 escaped, 2 '_'.
var special [utf8.RuneSelf]byte

// escapes are the escapes of the ASCII bytes marked 1; safeEscapes are
// SafeStr's, the same but for spaces in place of control characters.
var escapes, safeEscapes [utf8.RuneSelf]string

func init() {
	for b := range utf8.RuneSelf {
		switch {
		case b == '&':
			escapes[b] = "&amp;"
		case b == '<':
			escapes[b] = "&lt;"
		case b == '>':
			escapes[b] = "&gt;"
		case b == '"':
			escapes[b] = "&#34;"
		case b == '\'':
			escapes[b] = "&#39;"
		case b == '\t':
			escapes[b] = "&#x9;"
		case b == '\r':
			escapes[b] = "&#xD;"
		case b == '\n':
			// Kept as it is, but looked at: it is not precomposed text.
			escapes[b] = "\n"
		case b < 0x20 && b != '\n':
			escapes[b] = "\uFFFD"
		}
		if escapes[b] != "" {
			special[b] = 1
		}
		safeEscapes[b] = escapes[b]
		if escapes[b] == "\uFFFD" {
			safeEscapes[b] = " "
		}
	}
	special['_'] = 2
}

// bstr reports whether s starts with Excel's escape of a character,
// _xHHHH_ (HHHH hexadecimal, a valid character): excelize escapes those.
func bstr(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' || !hex4(s[2:6]) {
		return false
	}
	v, _ := strconv.ParseUint(s[2:6], 16, 32)
	return utf8.ValidRune(rune(v))
}

// inCharacterRange is XML's Char production (as encoding/xml has it).
func inCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// Truncate cuts s to at most n UTF-16 code units, at a character boundary.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s // n bytes are at most n units
	}
	units := 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}

// ColumnName is the letters of column c (from 1): A, …, Z, AA, …
func ColumnName(c int) string {
	var b [3]byte
	i := len(b)
	for c > 0 {
		c--
		i--
		b[i] = byte('A' + c%26)
		c /= 26
	}
	return string(b[i:])
}
