// Package lang holds what makes archmerge bilingual: a text in Vietnamese
// and English, and the language a run speaks. Every message, reason,
// recommendation and label a person reads is a Text, chosen at the edge
// (the command line, a workbook) by the run's language: Vietnamese by
// default, English with --lang en.
package lang

import (
	"strconv"
	"strings"
)

// The languages of a run.
const (
	VI = "vi"
	EN = "en"
)

// Valid reports whether l is a language archmerge speaks.
func Valid(l string) bool { return l == VI || l == EN }

// Text is one text in Vietnamese and English.
type Text struct {
	VI string `json:"vi"`
	EN string `json:"en"`
}

// T makes a Text from its Vietnamese and English forms.
func T(vi, en string) Text { return Text{VI: vi, EN: en} }

// In returns the text in language l (Vietnamese unless l is EN), or in the
// other language when that form is empty.
func (t Text) In(l string) string {
	if l == EN {
		if t.EN != "" {
			return t.EN
		}
		return t.VI
	}
	if t.VI != "" {
		return t.VI
	}
	return t.EN
}

// IsZero reports whether the text is empty in both languages.
func (t Text) IsZero() bool { return t.VI == "" && t.EN == "" }

// Pick returns vi or en by language l.
func Pick(l, vi, en string) string {
	if l == EN {
		return en
	}
	return vi
}

// Number writes a whole number with the thousands separator of language
// l: 65.004 in Vietnamese, 65,004 in English.
func Number(n int64, l string) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := Pick(l, ".", ",")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Date renders an ISO date (yyyy-mm-dd) as people of language l read
// it: 01/09/2024 in Vietnamese, 2024-09-01 in English. Any other text is
// returned as it is.
func Date(iso, l string) string {
	if l == EN || len(iso) != 10 {
		return iso
	}
	return iso[8:10] + "/" + iso[5:7] + "/" + iso[0:4]
}

// Count writes "3 tệp" in Vietnamese and "1 file" or "3 files" in English.
func Count(n int, l, vi, one, many string) string {
	if l != EN {
		return Number(int64(n), l) + " " + vi
	}
	if n == 1 {
		return "1 " + one
	}
	return Number(int64(n), l) + " " + many
}

// Join writes the texts in language l, separated by sep.
func Join(ts []Text, l, sep string) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(t.In(l))
	}
	return b.String()
}
