// Package lookupfmt is the reading and writing side of a lookup: what
// `archmerge lookup` does around mapping.Index.Lookup. It turns the
// options of a lookup (the vintage of the units asked about, the date
// their codes and names are read on) into a mapping.Query, reads queries
// from the command line and, for "-", one per line of a stream (UTF-8 or
// UTF-16 with a byte-order mark, any line length in bounded memory), and
// writes each answer as soon as it is known: a table a person reads, in
// Vietnamese or English, or one line of JSON in the shape docs/lookup.md
// documents.
package lookupfmt
