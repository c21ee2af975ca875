// Package reports writes what people read and fill in: one Excel
// reconciliation workbook per new province and a national summary
// (WriteProvince, WriteNational), reads the decisions staff wrote into a
// workbook back (ReadDecisions) and checks them against a plan before
// anything is recorded (Check), and exports the consolidated architecture as
// JSON, CSV, Archi's CSV import format or the Open Group ArchiMate model
// exchange format (Export; archimate.go maps the architecture onto ArchiMate
// once for the last two, exchange.go writes the exchange file).
//
// It is an adapter at the edge: it takes the engine's migrate.Plan and the
// mapping and knows nothing of SQL or the command line. Workbooks are written
// with excelize's StreamWriter (docs/workbooks.md says which sheet holds
// what); every input-derived string is written as a text cell, never as a
// formula, and every file is written to a temporary file in the same folder
// and renamed into place. The writers keep no shared mutable state: the batch
// command calls WriteProvince for many provinces at once.
package reports
