// Package sheetfit makes the workbooks archmerge writes fit the screen
// and the page: it estimates how much room a text takes in a cell, so that
// rows get heights that show wrapped text whole (without asking the
// spreadsheet program to measure every row when the file opens: LibreOffice
// does that for every row without a height, which is slow on large sheets,
// and Excel does not do it at all for rows a program wrote), and it sets up
// a sheet to print on A4.
//
// Widths are in Excel's column-width unit, the advance of a digit of the
// default font (Calibri 11 pt, 7 pixels at 96 dpi); LibreOffice renders
// Calibri with the metric-compatible Carlito. The estimate errs on the
// generous side: a row a little too tall reads well, a row too short hides
// the end of its text.
package sheetfit

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/ndta-vn/archmerge/internal/lang"
)

// Font is the font of every cell (the default of a new workbook), named
// in each style that sets a font so that a spreadsheet program does not
// fall back to its own default.
const Font = "Calibri"

// LineHeight is the height in points of one line of the default font, as
// Excel sizes a row of Calibri 11.
const LineHeight = 15.0

// MaxHeight is the tallest row a spreadsheet allows, in points.
const MaxHeight = 409.0

// The room a column gives text: Excel makes a column of width w
// w*7+5 pixels wide, of which the cell's padding and grid line take
// about 7; slack keeps a margin for fonts a little wider than Calibri
// (LibreOffice without Carlito).
const (
	digitPx = 7.0
	padPx   = 2.0 // 5 added, 7 taken
	slack   = 0.97
)

// maxRune is the widest a character is taken to be, in pixels: a text of
// n bytes is never wider than n times this.
const maxRune = 14.0

// Bold is how much wider bold text is than regular, about: a bold header
// of width w wraps as regular text in a column of width w/Bold.
const Bold = 1.08

// Lines returns how many lines s takes when wrapped in a column width wide,
// breaking between words as spreadsheets do (and inside a word longer
// than a line); explicit line breaks start new lines. An empty text takes
// one line. It reads s once, without allocating: the workbooks ask it of
// every text cell.
func Lines(s string, width float64) int {
	room := room(width)
	if oneLine(s, room) {
		return 1 // nearly every code, number and short name
	}
	lines, used, word := 1, 0.0, 0.0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case ' ', '\t', '\v', '\f', '\r':
				lines, used = place(lines, used, word, room)
				word = 0
			case '\n':
				lines, used = place(lines, used, word, room)
				lines, used, word = lines+1, 0, 0
			default:
				word += asciiPx[c]
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == '\u00a0' || r == '\u0085' || r >= 0x1680 && unicode.IsSpace(r) {
			lines, used = place(lines, used, word, room)
			word = 0
			continue
		}
		word += runeWidth(r)
	}
	lines, _ = place(lines, used, word, room)
	return lines
}

// room is the width a column width wide holds on a line, in pixels.
func room(width float64) float64 { return max(digitPx, (width*digitPx-padPx)*slack) }

// oneLine reports whether s fits one line of room pixels whatever its
// characters: the widest character times its bytes, and no line break.
func oneLine(s string, room float64) bool {
	return float64(len(s))*maxRune <= room && strings.IndexByte(s, '\n') < 0
}

// place puts a word of width word on a line already used that far, or on
// the next ones, and returns the lines and the width used on the last.
func place(lines int, used, word, room float64) (int, float64) {
	switch {
	case word == 0:
		return lines, used
	case used == 0:
	case used+spaceWidth+word <= room:
		return lines, used + spaceWidth + word
	default:
		lines++
	}
	// A word wider than a line breaks across lines.
	for word > room {
		lines++
		word -= room
	}
	return lines, word
}

// spaceWidth is the advance of a space, and asciiPx of every ASCII
// character, in pixels.
var (
	spaceWidth = asciiPx[' ']
	asciiPx    = func() (t [utf8.RuneSelf]float64) {
		for c := ' '; c < 0x7F; c++ {
			t[c] = float64(asciiAdvance[c-' ']) * emPx / 2048
		}
		return t
	}()
)

// textWidth is the width of a text on one line, in pixels.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// runeWidth is a character's advance in pixels in Calibri 11 pt at 96
// dpi.
func runeWidth(r rune) float64 {
	if r < utf8.RuneSelf {
		return asciiPx[r]
	}
	if i := int(r - 0xC0); i >= 0 && i < len(latinPx) {
		return latinPx[i]
	}
	if i := int(r - 0x1E00); i >= 0 && i < len(extendedPx) {
		return extendedPx[i]
	}
	switch {
	case unicode.IsMark(r):
		return 0
	case r >= 0x2E80: // CJK and other wide scripts
		return emPx
	}
	return 1100 * emPx / 2048
}

// emPx is the size of Calibri 11 pt at 96 dpi, in pixels.
const emPx = 11 * 96 / 72.0

// asciiAdvance are Calibri's advance widths of the printable ASCII
// characters, from the space, in units of 1/2048 em.
var asciiAdvance = [95]uint16{
	463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791, // space to /
	1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, // 0 to 9
	548, 548, 1020, 1020, 1020, 941, 1823, // : to @
	1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, // A to M
	1322, 1356, 1058, 1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959, // N to Z
	628, 791, 628, 1020, 1020, 573, // [ to `
	981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, // a to m
	1076, 1080, 1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809, // n to z
	621, 928, 621, 1020, // { to ~
}

// latinPx and extendedPx are the widths of the accented Latin letters
// (U+00C0 to U+024F, and U+1E00 to U+1EFF where most Vietnamese letters
// are): as wide as their base letter, whose marks sit on it, but for the
// horn of ơ and ư, which widens them by about a seventh (Calibri: u 1076,
// ư 1234).
var latinPx, extendedPx = letterWidths(0xC0, 0x250), letterWidths(0x1E00, 0x1F00)

func letterWidths(from, to rune) []float64 {
	out := make([]float64, to-from)
	for r := from; r < to; r++ {
		d := []rune(norm.NFD.String(string(r)))
		b := d[0]
		switch {
		case r == 'đ':
			b = 'd'
		case r == 'Đ':
			b = 'D'
		case b >= utf8.RuneSelf:
			b = 'n' // ligatures and letters of their own: an average letter
		}
		w := asciiPx[b]
		for _, m := range d[1:] {
			if m == '\u031B' { // combining horn
				w *= 1.15
			}
		}
		out[r-from] = w
	}
	return out
}

// Height returns the row height in points that shows n lines, within what
// a spreadsheet allows.
func Height(lines int) float64 {
	return min(MaxHeight, float64(max(1, lines))*LineHeight+1)
}

// Page says how a sheet prints.
type Page struct {
	// Landscape turns the page; sheets wider than tall print landscape.
	Landscape bool
	// HeaderRow, when above 0, is the row repeated at the top of every
	// page.
	HeaderRow int
	// PagesWide is how many pages the columns take across (1 when 0). A
	// sheet too wide to read on one page prints on two, its first
	// column (the key) repeated on each, pages left to right before going
	// down.
	PagesWide int
	// Lang is the workbook's language ("vi" or "en"), for the footer.
	Lang string
}

// Setup makes a sheet print on A4, all its columns on the page width (or
// on PagesWide pages across; as many pages down as it takes), with narrow
// margins, the header row repeated, and the sheet's name and the page
// number at the foot of every page. Call it after AutoFilter on a sheet written cell by cell
// (excelize's AutoFilter replaces the sheet properties that hold the
// fit-to-page flag), and before the first row on a streamed sheet (its
// properties are written when the stream starts).
func Setup(f *excelize.File, sheet string, p Page) error {
	yes := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	orientation, a4, wide, any, order := "portrait", 9, max(1, p.PagesWide), 0, "overThenDown"
	if p.Landscape {
		orientation = "landscape"
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &any, PageOrder: &order}); err != nil {
		return err
	}
	side, edge, head := 0.4, 0.5, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &head, Footer: &head}); err != nil {
		return err
	}
	// The sheet's name and the page number at the foot of every page, so
	// that printed pages can be told apart and put back in order.
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&L&A&R" + lang.Pick(p.Lang, "Trang", "Page") + " &P / &N"}); err != nil {
		return err
	}
	q := "'" + strings.ReplaceAll(sheet, "'", "''") + "'!"
	var titles []string
	if wide > 1 {
		titles = append(titles, q+"$A:$A")
	}
	if p.HeaderRow > 0 {
		titles = append(titles, fmt.Sprintf("%s$%d:$%d", q, p.HeaderRow, p.HeaderRow))
	}
	if len(titles) == 0 {
		return nil
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: strings.Join(titles, ","), Scope: sheet})
}

// Column measures the texts of one column of a sheet (Lines), remembering
// the last: rows in order repeat their neighbours' texts (a flag's title,
// action and legal basis). Remembering more (a map of every text, or the
// last eight) cost as much as it saved in the national demo: the texts
// that repeat mostly repeat on the next row.
type Column struct {
	width, room float64
	last        string
	lines       int
}

// NewColumn returns the measure of a column width wide.
func NewColumn(width float64) *Column {
	return &Column{width: width, room: room(width), lines: 1}
}

// Lines is Lines(s, width).
func (c *Column) Lines(s string) int {
	if oneLine(s, c.room) {
		return 1 // what Lines answers at once
	}
	if s != c.last {
		c.last, c.lines = s, Lines(s, c.width)
	}
	return c.lines
}
