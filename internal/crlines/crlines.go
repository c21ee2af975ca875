// Package crlines reads CSV files whose lines end with a carriage return
// alone, as Excel for Mac's "CSV (Macintosh)" and old Mac programs write
// them. encoding/csv takes a lone CR for part of a value, so such a file
// reads as one long line (and an inventory's header as a column named
// twice). Every CSV reader of archmerge — inventories, mappings, recode's
// data files — decides the same way, by Only, and reads the file through
// Reader.
package crlines

import (
	"bytes"
	"io"
)

// HeadBytes is how much of the start of a file Only looks at.
const HeadBytes = 64 << 10

// Only reports whether a file whose first bytes are head ends its lines
// with CR alone: head holds a CR and no LF.
func Only(head []byte) bool {
	head = head[:min(len(head), HeadBytes)]
	return bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0
}

// Reader turns every CR of R into an LF.
type Reader struct{ R io.Reader }

func (c Reader) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	for i := range p[:n] {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}
