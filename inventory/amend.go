package inventory

import (
	"fmt"

	"github.com/ndta-vn/archmerge/internal/lang"
)

// set parses a cleaned, non-blank value of a column of type Text, Code,
// Word (closed vocabulary), Level, Integer, Date or Flag, with the
// readers' rules, and sets it in e; serial says a bare number in a Date
// column is a spreadsheet's date serial (XLSX cells). When the value is
// refused it returns what is wrong, in English and Vietnamese (the
// messages add what the column expects). Unit codes and function codes
// need the reader's context and are read there.
func (c *Column) set(e *Element, v string, serial bool) (what, whatVI string, ok bool) {
	switch c.Type {
	case Text, Code:
		*c.Field(e).(*string) = v
	case Word:
		w, ok := matchVocab(v, c.Vocab.Words, c.Vocab.alias)
		*c.Field(e).(*string) = w
		if !ok {
			return c.Vocab.unknown, c.Vocab.unknownVI, false
		}
	case Level:
		n, ok := parseLevel(v)
		*c.Field(e).(*int) = n
		if !ok {
			return "security level out of range", "cấp độ không hợp lệ", false
		}
	case Integer:
		n, ok := parseInt(v)
		*c.Field(e).(*int64) = n
		if !ok || n < 0 {
			return "not a whole number of 0 or more", "không phải số nguyên không âm", false
		}
	case Date:
		d, ok := parseDate(v, serial)
		*c.Field(e).(*string) = d
		if !ok {
			return "not a date", "không phải ngày hợp lệ", false
		}
	case Flag:
		b, ok := parseYesNo(v)
		*c.Field(e).(*bool) = b
		if !ok {
			return "not yes or no", "không phải có/không", false
		}
	}
	return "", "", true
}

// Amend sets in e the value v that a person typed for the element's column
// c in a reconciliation workbook (an amendment; see Column.Amendable), read
// with the rules of the readers for the column's type: "cấp độ 3" is level
// 3, "1.200" is 1200, a date may be dd/mm/yyyy or a spreadsheet's date
// serial, "có" is yes, a status may be written in Vietnamese. The value is
// trimmed and normalised to NFC first; a blank empties the field. A value
// the readers would refuse leaves e unchanged and returns their message:
// what is wrong and what the column expects. The stored form of the value
// is then c.Cell(e), which Amend reads back to the same value.
func (c *Column) Amend(e *Element, v string) (lang.Text, bool) {
	v, _, _ = cleanText(v)
	var x Element
	if v == "" {
		copyField(c, e, &x)
		return lang.Text{}, true
	}
	if what, whatVI, ok := c.set(&x, v, true); !ok {
		return lang.T(whatVI+": cần "+c.Expect.VI, what+": expected "+c.Expect.EN), false
	}
	copyField(c, e, &x)
	return lang.Text{}, true
}

// copyField sets c's field of dst to its value in src.
func copyField(c *Column, dst, src *Element) {
	switch p := c.Field(dst).(type) {
	case *string:
		*p = *c.Field(src).(*string)
	case *int:
		*p = *c.Field(src).(*int)
	case *int64:
		*p = *c.Field(src).(*int64)
	case *bool:
		*p = *c.Field(src).(*bool)
	}
}

// ElementColumn returns the element column of key, or nil.
func ElementColumn(key string) *Column {
	for i := range ElementColumns {
		if ElementColumns[i].Key == key {
			return &ElementColumns[i]
		}
	}
	return nil
}

// Amendment is a correction a person made to one field of an imported
// element, typed into a reconciliation workbook: a security level found
// since, a new owner. Amendments are recorded (append-only, like
// decisions) and laid over the imported elements until the element's unit
// is imported again, which overrides them: the newer inventory is then
// the truth.
type Amendment struct {
	Key   string `json:"key"`   // the element, unit_code/id
	Field string `json:"field"` // the column's key (an Amendable column)
	// Value is the amended value and Previous the one in force before,
	// in their stored form (Column.Cell: "" for a blank, plain digits,
	// yyyy-mm-dd, yes/no, a vocabulary's English word).
	Value    string `json:"value"`
	Previous string `json:"previous"`
	// Typed is the cell as the person left it, before parsing.
	Typed string `json:"typed,omitempty"`
	// Where it was typed: the workbook, its SHA-256, the sheet, the
	// cell (A1), its row and the column's header as the file has it.
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	Sheet  string `json:"sheet"`
	Cell   string `json:"cell"`
	Row    int    `json:"row"`
	Header string `json:"header"`
	// By and At say who recorded it and when (RFC 3339, UTC).
	By string `json:"by,omitempty"`
	At string `json:"at,omitempty"`
}

// ApplyAmendments lays amendments over elements: each sets its field of
// the element of its key to its value. Amendments of keys not in elements
// are skipped (their element is not being planned). They are applied in
// order, so of two on the same field the later wins.
func ApplyAmendments(elements []Element, ams []Amendment) error {
	if len(ams) == 0 {
		return nil
	}
	// The elements of the amended units, by unit and id: one pass, with no
	// key made for the others.
	byUnit := map[string]map[string]int{}
	for i := range ams {
		if u, _, ok := SplitKey(ams[i].Key); ok && byUnit[u] == nil {
			byUnit[u] = map[string]int{}
		}
	}
	for i := range elements {
		if ids, ok := byUnit[elements[i].Unit]; ok {
			ids[elements[i].ID] = i
		}
	}
	for i := range ams {
		a := &ams[i]
		c := ElementColumn(a.Field)
		if c == nil || !c.Amendable {
			return fmt.Errorf("amendment of %s: %q is not an amendable column", a.Key, a.Field)
		}
		u, id, _ := SplitKey(a.Key)
		j, found := byUnit[u][id]
		if !found {
			continue
		}
		if msg, ok := c.Amend(&elements[j], a.Value); !ok {
			return fmt.Errorf("amendment of %s, %s = %q: %s", a.Key, a.Field, a.Value, msg.EN)
		}
	}
	return nil
}
