// Package store is the SQLite workspace: one file holding the active
// mapping, every imported inventory row with its provenance, the plans, the
// decisions with who, when and which file, and an audit log.
//
// It wraps github.com/mattn/go-sqlite3 (cgo). Per-connection settings (WAL,
// busy timeout, foreign keys, immediate transactions) are set in the DSN and
// checked at Open; the schema is a sequence of embedded migrations
// (migrations/NNNN_name.sql), each applied in its own transaction and
// recorded in schema_migrations. One transaction per use case; bulk loads use
// one transaction and one prepared statement.
package store
