// Package inventorytest helps the tests of other packages check that every
// field of an inventory is carried where it should go. It gives each
// column of inventory.ElementColumns and RelationColumns a distinctive
// value, so that a test iterating the table covers a field added later
// with no change.
package inventorytest

import (
	"strconv"

	"github.com/ndta-vn/archmerge/inventory"
)

// Value returns a value for column c that the readers accept, that a
// blank never gives, and that a test can look for, in the text form the
// readers read and Column.Cell writes: text naming the column, the
// second word of its vocabulary, level 4, the number 987654, the date
// 2031-07-19, yes. The unit code of an element takes unit, which should
// be an old unit of the test's mapping.
func Value(c *inventory.Column, unit string) string {
	switch c.Type {
	case inventory.Code:
		if c.KeyPart == inventory.KeyUnit {
			return unit
		}
		return "ZQ-" + c.Key
	case inventory.Word:
		return c.Vocab.Words[1]
	case inventory.Level:
		return "4"
	case inventory.Integer:
		return "987654"
	case inventory.Date:
		return "2031-07-19"
	case inventory.Flag:
		return "yes"
	}
	return "Giá trị " + c.Key
}

// Set sets field c of e, an element column, to Value(c, unit).
func Set(c *inventory.Column, e *inventory.Element, unit string) {
	v := Value(c, unit)
	switch p := c.Field(e).(type) {
	case *string:
		*p = v
	case *int:
		*p, _ = strconv.Atoi(v)
	case *int64:
		*p, _ = strconv.ParseInt(v, 10, 64)
	case *bool:
		*p = v == "yes"
	}
}

// SetRelation sets field c of r, a relation column, to Value(c, "").
func SetRelation(c *inventory.Column, r *inventory.Relation) {
	*c.Rel(r) = Value(c, "")
}
