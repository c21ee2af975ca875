package lookupfmt

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/mapping"
)

// ParseQuery turns the vintage ("" when not given: old) and the date asOf
// ("" when not given) of a lookup into the query of every line. A date
// from mapping.NewUnitsFrom on reads the new units; an earlier one needs
// the mapping's history. The errors are misuses of the two options, in
// language l.
func ParseQuery(m *mapping.Mapping, vintage, asOf, l string) (mapping.Query, error) {
	q := mapping.Query{Vintage: mapping.Old}
	if vintage != "" {
		v, err := mapping.ParseVintage(vintage)
		if err != nil {
			return q, errors.New(lang.Pick(l,
				fmt.Sprintf("--vintage %q: cần old (đơn vị cũ) hoặc new (đơn vị mới)", vintage),
				fmt.Sprintf("--vintage %q: expected old or new", vintage)))
		}
		q.Vintage = v
	}
	if asOf == "" {
		return q, nil
	}
	d, err := mapping.ParseDate(asOf)
	if err != nil {
		return q, errors.New(lang.Pick(l,
			fmt.Sprintf("--as-of %q: cần một ngày dạng YYYY-MM-DD hoặc DD/MM/YYYY", asOf),
			fmt.Sprintf("--as-of %q: expected a date, YYYY-MM-DD or DD/MM/YYYY", asOf)))
	}
	v := mapping.Old
	if d >= mapping.NewUnitsFrom {
		v = mapping.New
	}
	if vintage != "" && v != q.Vintage {
		return q, errors.New(lang.Pick(l,
			fmt.Sprintf("--as-of %s và --vintage %s mâu thuẫn: đơn vị mới có từ %s", d, vintage, mapping.NewUnitsFrom),
			fmt.Sprintf("--as-of %s contradicts --vintage %s: the new units start on %s", d, vintage, mapping.NewUnitsFrom)))
	}
	q.Vintage = v
	if v == mapping.Old {
		if m.History() == nil {
			return q, errors.New(lang.Pick(l,
				"--as-of: ánh xạ đang dùng không có lịch sử đơn vị trước danh mục cũ của nó (chỉ ánh xạ có sẵn năm 2025 và các bản sửa của nó có)",
				"--as-of: the active mapping has no unit history before its old list (only the built-in 2025 mapping and corrections of it have one)"))
		}
		q.AsOf = d
	}
	return q, nil
}

// Options say how the answers are written.
type Options struct {
	// Query is the vintage and date of every query (ParseQuery).
	Query mapping.Query
	// Lang is the language of the text answers: Vietnamese unless it is
	// lang.EN.
	Lang string
	// JSON writes each answer as one line of JSON instead of a table.
	JSON bool
}

// Answer looks up each of queries in m and writes the answers to w, in
// order. The query "-" stands for the lines of stdin, one query each:
// whenever the next line has not arrived yet, the answers so far are
// written out, so that a program feeding one line at a time reads each
// answer at once.
func Answer(ctx context.Context, m *mapping.Mapping, queries []string, stdin io.Reader, w io.Writer, o Options) error {
	ix := m.Index()
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	answer := func(text string) error {
		ans := ix.Lookup(text, o.Query)
		if o.JSON {
			return writeJSON(bw, ans, o.Query.Vintage)
		}
		p := printer{w: bw, m: m, q: o.Query, lang: o.Lang}
		p.answer(ans)
		return nil
	}
	for _, s := range queries {
		if s != "-" {
			if err := answer(s); err != nil {
				return err
			}
			continue
		}
		if err := eachLine(ctx, stdin, bw, answer); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// eachLine answers every line of r, flushing w whenever no further line
// is buffered.
func eachLine(ctx context.Context, r io.Reader, w *bufio.Writer, answer func(string) error) error {
	br := bufio.NewReaderSize(queryReader(r), 64<<10)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, more, rerr := readLine(br)
		if rerr != nil && rerr != io.EOF {
			return fmt.Errorf("lookup: read stdin: %w", rerr)
		}
		if rerr == io.EOF && !more {
			return nil
		}
		if err := answer(line); err != nil {
			return err
		}
		if br.Buffered() == 0 {
			if err := w.Flush(); err != nil {
				return err
			}
		}
		if rerr == io.EOF {
			return nil
		}
	}
}

// readLine reads one line without its end, keeping at most
// mapping.MaxQueryBytes+1 bytes of it (a longer line is answered not read,
// whatever its length: memory stays bounded). more is false at the end of
// the input with nothing read.
func readLine(br *bufio.Reader) (line string, more bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		more = more || len(chunk) > 0
		if room := mapping.MaxQueryBytes + 1 - len(buf); room > 0 {
			buf = append(buf, chunk[:min(room, len(chunk))]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		buf = bytes.TrimRight(buf, "\r\n")
		return string(buf), more, err
	}
}

// queryReader reads queries from r as UTF-8. A byte-order mark is removed
// (Notepad and Excel write one, and it would otherwise become part of the
// first query: "\ufeff00001" is no code), and text with a UTF-16 mark is
// decoded (what Windows PowerShell 5's > and Out-File write). Without a
// mark the input is taken as UTF-8.
func queryReader(r io.Reader) io.Reader {
	return transform.NewReader(r, unicode.BOMOverride(transform.Nop))
}
