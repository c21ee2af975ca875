package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"strings"

	"github.com/ndta-vn/archmerge/inventory"
)

const insertElementSQL = `INSERT INTO elements(key, unit_code, id, kind, name, function_code, owner, operator, vendor, product, version,
	hosting, hosted_on, security_level, security_decision, status, record_type, users, annual_cost, contract_end, contract_holder,
	personal_data, admin_code_fields, code_vintage, has_district_level, address_fields, records, description, extra, file_id, sheet, line)
	VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// element adds an element row, in the column order of insertElementSQL.
func (b *bulkInsert) element(e *inventory.Element, extra string, fileID int64) error {
	b.text(e.Key())
	b.text(e.Unit)
	b.text(e.ID)
	b.text(string(e.Kind))
	b.text(e.Name)
	b.text(e.FunctionCode)
	b.text(e.Owner)
	b.text(e.Operator)
	b.text(e.Vendor)
	b.text(e.Product)
	b.text(e.Version)
	b.text(e.Hosting)
	b.text(e.HostedOn)
	b.integer(int64(e.SecurityLevel))
	b.text(e.SecurityDecision)
	b.text(e.Status)
	b.text(e.RecordType)
	b.integer(e.Users)
	b.integer(e.AnnualCost)
	b.text(e.ContractEnd)
	b.text(e.ContractHolder)
	b.flag(e.PersonalData)
	b.text(e.AdminCodeFields)
	b.text(e.CodeVintage)
	b.flag(e.HasDistrictLevel)
	b.text(e.AddressFields)
	b.integer(e.Records)
	b.text(e.Description)
	b.text(extra)
	b.integer(fileID)
	b.text(e.Source.Sheet)
	b.integer(int64(e.Source.Line))
	return b.endRow()
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
