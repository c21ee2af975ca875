// Package recode moves data keyed by old administrative-unit codes onto the
// new codes of a restructuring (Law 20/2023/QH15 Art. 41.2; flag
// DATA_OLD_UNIT_CODE). It streams a CSV or XLSX data file row by row, finds
// the columns that hold province, district and commune codes or names (given
// by the user, or detected from the headers and from the values), and writes
// the same rows, in the same order, with six columns appended: the new
// province code and name, the new commune code and name, a status (exact,
// split, unknown, already_new, or empty for a row with no unit at all) and a
// note. The district columns are kept, their headers marked obsolete.
//
// Every old code is resolved once, when a Recoder is built, into a
// precomputed outcome; the per-row work is a map look-up and a copy, so a
// file of any size is converted in constant memory. Names go through a
// folded-name index scoped by the row's province and district, and address
// columns through the mapping's lookup index.
//
// With the mapping's history (mapping.History), codes and names of any list
// since 2019 are read too: in the list of Options.AsOf (by default that of
// 30 June 2025), and, for a code of another list, through its chain of
// changes, counted per column in Summary.Vintages so that a file mixing
// lists is reported, never guessed.
//
// The command `archmerge recode` (cmd/archmerge/cmd_recode.go) is a thin
// wrapper over File, which prints the Summary as JSON or with WriteText;
// docs/recode.md is the user documentation.
package recode
