// Package termsafe makes text read from inputs safe to print on a
// terminal: every control or format character is written as a visible
// escape, so a name, a key or a query never moves the cursor, clears the
// screen, sets the window title or reorders the text on screen. String
// escapes one value; Writer escapes everything written through it but line
// ends and tabs, as a net under the whole text output of a program.
package termsafe

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// String returns s with every control or format character written as an
// escape (\x1b, \n, \u007f, \u202e), and bytes that are not UTF-8 as \xNN:
// a name, a key or a query read from an input is printed as one visible
// line, and never moves the cursor, clears the screen, or reorders the
// text on the terminal. Text printing passes what came from inputs
// through it; Writer applies the same rule to all text output, but line
// ends and tabs, as a net.
func String(s string) string {
	if isPlain(s, false) {
		return s
	}
	var b strings.Builder
	escapeTo(&b, s, false)
	return b.String()
}

// isPlain reports whether s needs no escape (keepLayout: line ends and tabs
// are kept).
func isPlain(s string, keepLayout bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && !(keepLayout && (c == '\n' || c == '\t')) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || escaped(r) {
			return false
		}
		i += n
	}
	return true
}

// escaped reports whether a rune above ASCII is written as an escape: C1
// controls (0x80–0x9f, which some terminals take as escape sequences) and
// format characters (bidirectional overrides, zero-width characters).
func escaped(r rune) bool { return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) }

func escapeTo(b *strings.Builder, s string, keepLayout bool) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(b, `\x%02x`, s[i])
		case keepLayout && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20:
			fmt.Fprintf(b, `\x%02x`, r)
		case r == 0x7f || r >= utf8.RuneSelf && escaped(r):
			// \u, as JSON writes it: JSON (which escapes C0 itself) goes
			// through Writer and stays valid.
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
}

// Writer writes text output with every control or format character
// escaped as String does, but line ends and tabs: whatever a print site
// forgot to pass through String, no raw escape sequence reaches the
// terminal. A UTF-8 sequence cut between two writes is held until the
// next, and written by Flush at the end.
type Writer struct {
	w       io.Writer
	pending []byte
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write writes p, escaped.
func (t *Writer) Write(p []byte) (int, error) {
	data := p
	if len(t.pending) > 0 {
		data = append(t.pending, p...)
		t.pending = nil
	}
	// Hold an incomplete sequence at the end for the next write.
	cut := len(data)
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
		if utf8.RuneStart(data[i]) {
			if data[i] >= utf8.RuneSelf && !utf8.FullRune(data[i:]) {
				cut = i
			}
			break
		}
	}
	t.pending = append(t.pending, data[cut:]...)
	s := string(data[:cut])
	if isPlain(s, true) {
		if _, err := io.WriteString(t.w, s); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	var b strings.Builder
	escapeTo(&b, s, true)
	if _, err := io.WriteString(t.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what an incomplete UTF-8 sequence left held, escaped.
func (t *Writer) Flush() {
	if len(t.pending) > 0 {
		var b strings.Builder
		escapeTo(&b, string(t.pending), true)
		t.pending = nil
		io.WriteString(t.w, b.String())
	}
}
