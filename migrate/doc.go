// Package migrate is the consolidation engine: from the mapping, the old
// units' inventories and the decisions recorded so far, it decides where each
// element goes, which elements are the same thing, which should survive, and
// every point a person must decide (the flags). It is pure: no SQL, no Excel,
// no command line; adapters translate at the edges.
package migrate
