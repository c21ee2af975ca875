package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"strings"

	"github.com/ndta-vn/archmerge/inventory"
)

// insertElementSQL inserts an element: its key, the fields of
// inventory.ElementColumns in table order (each column of the elements
// table is named by its key), the extra attributes and the provenance.
// It is built once from the table, so that a field added there is stored;
// the names come from the code, never from input.
var insertElementSQL = "INSERT INTO elements(key, " + elementColumnNames + ", extra, file_id, sheet, line)\n\tVALUES(?" +
	strings.Repeat(", ?", len(inventory.ElementColumns)+4) + ")"

// elementColumnNames lists the elements table's columns of the fields, in
// the order of inventory.ElementColumns.
var elementColumnNames = func() string {
	names := make([]string, len(inventory.ElementColumns))
	for i, c := range inventory.ElementColumns {
		names[i] = c.Key
	}
	return strings.Join(names, ", ")
}()

// element adds an element row, in the column order of insertElementSQL.
func (b *bulkInsert) element(e *inventory.Element, extra string, fileID int64) error {
	b.text(e.Key())
	for i := range inventory.ElementColumns {
		b.field(inventory.ElementColumns[i].Field(e))
	}
	b.text(extra)
	b.integer(fileID)
	b.text(e.Source.Sheet)
	b.integer(int64(e.Source.Line))
	return b.endRow()
}

// field adds the value of an element's field, given by its pointer
// (inventory.Column.Field).
func (b *bulkInsert) field(p any) {
	switch p := p.(type) {
	case *string:
		b.text(*p)
	case *int64:
		b.integer(*p)
	case *int:
		b.integer(int64(*p))
	case *bool:
		b.flag(*p)
	default:
		// A field of another type cannot be stored: endRow refuses the
		// row for its count of values.
	}
}

const insertRelationSQL = `INSERT INTO relations(owner_unit, from_ref, to_ref, from_ok, to_ok, kind, via, description, file_id, sheet, line)
	VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// relation adds a relation row, in the column order of insertRelationSQL.
func (b *bulkInsert) relation(r *inventory.Relation, fileID int64) error {
	b.text(r.Owner)
	b.text(r.From)
	b.text(r.To)
	b.flag(r.FromOK)
	b.flag(r.ToOK)
	b.text(r.Kind)
	b.text(r.Via)
	b.text(r.Description)
	b.integer(fileID)
	b.text(r.Source.Sheet)
	b.integer(int64(r.Source.Line))
	return b.endRow()
}

// bulkInsert inserts rows n at a time through one multi-row INSERT (and a
// one-row INSERT for the rest), prepared on the driver's connection and
// bound through the driver directly: on bulk loads, database/sql's
// conversion of every argument costs about as much as SQLite's own
// binding, and each Exec crosses cgo once per value either way. Values are
// added in column order with text, integer and flag, then endRow.
type bulkInsert struct {
	ctx       context.Context
	one, many driver.StmtExecContext
	closers   []driver.Stmt
	cols, n   int
	args      []driver.NamedValue
}

// newBulkInsert prepares query (one row's INSERT ... VALUES(?, ...)) and its
// n-row form on conn, a connection the caller holds (sql.Conn.Raw).
func newBulkInsert(ctx context.Context, conn any, query string, n int) (*bulkInsert, error) {
	pc, ok := conn.(driver.ConnPrepareContext)
	if !ok {
		return nil, errors.New("bulk insert: the driver cannot prepare with a context")
	}
	i := strings.LastIndex(query, "VALUES(")
	tuple := query[i+len("VALUES"):]
	cols := strings.Count(tuple, "?")
	var many strings.Builder
	many.WriteString(query[:i+len("VALUES")])
	for j := range n {
		if j > 0 {
			many.WriteByte(',')
		}
		many.WriteString(tuple)
	}
	b := &bulkInsert{ctx: ctx, cols: cols, n: n, args: make([]driver.NamedValue, 0, cols*n)}
	for _, q := range []string{query, many.String()} {
		st, err := pc.PrepareContext(ctx, q)
		if err != nil {
			b.close()
			return nil, err
		}
		b.closers = append(b.closers, st)
		x, ok := st.(driver.StmtExecContext)
		if !ok {
			b.close()
			return nil, errors.New("bulk insert: the driver cannot execute with a context")
		}
		if b.one == nil {
			b.one = x
		} else {
			b.many = x
		}
	}
	return b, nil
}

func (b *bulkInsert) add(v driver.Value) {
	b.args = append(b.args, driver.NamedValue{Ordinal: len(b.args) + 1, Value: v})
}

func (b *bulkInsert) text(s string) { b.add(s) }

func (b *bulkInsert) integer(v int64) { b.add(v) }

func (b *bulkInsert) flag(v bool) {
	if v {
		b.add(int64(1))
	} else {
		b.add(int64(0))
	}
}

// endRow ends a row; every n rows go to SQLite.
func (b *bulkInsert) endRow() error {
	if len(b.args)%b.cols != 0 {
		return errors.New("bulk insert: a row has the wrong number of values")
	}
	if len(b.args) < b.cols*b.n {
		return nil
	}
	_, err := b.many.ExecContext(b.ctx, b.args)
	b.args = b.args[:0]
	return err
}

// flush inserts the rows still waiting, one by one.
func (b *bulkInsert) flush() error {
	row := make([]driver.NamedValue, b.cols)
	for i := 0; i < len(b.args); i += b.cols {
		for j := range row {
			row[j] = b.args[i+j]
			row[j].Ordinal = j + 1
		}
		if _, err := b.one.ExecContext(b.ctx, row); err != nil {
			return err
		}
	}
	b.args = b.args[:0]
	return nil
}

func (b *bulkInsert) close() {
	for _, st := range b.closers {
		st.Close()
	}
	b.closers = nil
}
