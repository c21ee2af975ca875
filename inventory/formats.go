package inventory

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/crlines"
	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/internal/xlsxguard"
	"github.com/ndta-vn/archmerge/mapping"
)

// ReadPaths reads inventories from files and folders and validates them
// together against the mapping m. A path is an .xlsx workbook, a .json
// file, an elements.csv or relations.csv (its partner is read from beside
// it), or a folder, walked for every inventory in it (sorted; CSV pairs by
// folder). known says whether a "unit_code/id" key exists in the workspace,
// for relation endpoints; nil means none does. A non-empty
// Result.Problems means the input is rejected as a whole; the error is only
// for failures that are not the input's fault (I/O, cancellation).
func ReadPaths(ctx context.Context, paths []string, m *mapping.Mapping, known func(key string) bool) (*Result, error) {
	return readPaths(ctx, paths, m, known, nil)
}

func readPaths(ctx context.Context, paths []string, m *mapping.Mapping, known func(key string) bool, emit func(Batch) error) (*Result, error) {
	targets, probs, err := Find(paths, "")
	if err != nil {
		return nil, err
	}
	return readInputs(ctx, targets, probs, m, known, emit)
}

// ReadInputs reads and validates inventories found by Find, as ReadPaths
// does.
func ReadInputs(ctx context.Context, ins []Input, m *mapping.Mapping, known func(key string) bool) (*Result, error) {
	return readInputs(ctx, ins, nil, m, known, nil)
}

func readInputs(ctx context.Context, targets []Input, probs mapping.Problems, m *mapping.Mapping, known func(key string) bool, emit func(Batch) error) (*Result, error) {
	if len(probs) > 0 && emit != nil {
		emit = func(Batch) error { return nil } // rejected already: nothing to hand over
	}
	// Files are read, parsed and checked in parallel, and merged in the
	// order of the targets.
	res, err := check(ctx, len(targets), func(i int, p problems) (*rawFile, error) { return readTarget(targets[i], p) }, m, known, emit)
	if err != nil {
		return nil, err
	}
	res.Problems = append(probs, res.Problems...)
	return res, nil
}

func readTarget(t Input, p problems) (*rawFile, error) {
	switch t.Format {
	case "xlsx", "json":
		data, ok, err := readInput(t.Path, p)
		if err != nil || !ok {
			if err != nil {
				err = fmt.Errorf("read %s: %w", t.Path, err)
			}
			return nil, err
		}
		if t.Format == "xlsx" {
			return readXLSXBytes(t.Path, data), nil
		}
		return readJSONBytes(t.Path, data), nil
	}
	elems, ok, err := readInput(t.Path, p)
	if errors.Is(err, fs.ErrNotExist) {
		p.add(mapping.Pos{File: t.Rel}, "", "", "relations.csv without elements.csv beside it: expected the pair in one folder",
			"có relations.csv nhưng không có elements.csv cùng thư mục: cần đủ cặp tệp trong một thư mục")
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.Path, err)
	}
	rels, relOK, err := readInput(t.Rel, p)
	if errors.Is(err, fs.ErrNotExist) {
		if !ok {
			return nil, nil
		}
		return readCSVBytes(t.Path, elems, "", nil), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.Rel, err)
	}
	if !ok || !relOK {
		return nil, nil
	}
	return readCSVBytes(t.Path, elems, t.Rel, rels), nil
}

// readInput reads an input file whole, if it is a regular file of at most
// limits.FileBytes (Find checked that by name; this checks the file opened,
// which might have changed since). It is opened without waiting (a named
// pipe put there meanwhile is refused, not waited on), and read at most
// one byte past the limit. ok is false when a problem was added.
func readInput(path string, p problems) (data []byte, ok bool, err error) {
	f, err := openInput(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	if en, vi := limits.NotReadable(st); en != "" {
		p.add(mapping.Pos{File: path}, "", "", en, vi)
		return nil, false, nil
	}
	data, err = io.ReadAll(io.LimitReader(f, limits.FileBytes+1))
	if err != nil {
		return nil, false, err
	}
	if len(data) > limits.FileBytes {
		p.add(mapping.Pos{File: path}, "", "", tooLarge(path).Message.EN, tooLarge(path).Message.VI)
		return nil, false, nil
	}
	return data, true, nil
}

// readAll reads an input given as a reader, at most one byte past
// limits.FileBytes; a larger one is a problem (the Result to return).
func readAll(name string, r io.Reader) ([]byte, *Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, limits.FileBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > limits.FileBytes {
		return nil, &Result{Problems: mapping.Problems{tooLarge(name)}}, nil
	}
	return data, nil, nil
}

// tooLarge is the problem of an input over limits.FileBytes.
func tooLarge(name string) mapping.Problem {
	return mapping.Problem{Pos: mapping.Pos{File: name},
		Message: lang.T(fmt.Sprintf("tệp lớn hơn %d MiB, giới hạn của một tệp vào (docs/limits.md): hãy chia thành nhiều tệp", limits.FileBytes>>20),
			fmt.Sprintf("the file is larger than %d MiB, the limit of one input (docs/limits.md): split it into several files", limits.FileBytes>>20))}
}

func sha(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// ReadCSV reads and validates one CSV pair from readers; relations may be
// nil when there is no relations file. The names are used in messages and
// provenance.
func ReadCSV(elemName string, elements io.Reader, relName string, relations io.Reader, m *mapping.Mapping, known func(string) bool) (*Result, error) {
	ed, big, err := readAll(elemName, elements)
	if big != nil || err != nil {
		return big, err
	}
	var rd []byte
	if relations != nil {
		if rd, big, err = readAll(relName, relations); big != nil || err != nil {
			return big, err
		}
	} else {
		relName = ""
	}
	return build([]*rawFile{readCSVBytes(elemName, ed, relName, rd)}, m, known), nil
}

// ReadXLSX reads and validates one inventory workbook from a reader.
func ReadXLSX(name string, r io.Reader, m *mapping.Mapping, known func(string) bool) (*Result, error) {
	data, big, err := readAll(name, r)
	if big != nil || err != nil {
		return big, err
	}
	return build([]*rawFile{readXLSXBytes(name, data)}, m, known), nil
}

// ReadJSON reads and validates one JSON inventory from a reader.
func ReadJSON(name string, r io.Reader, m *mapping.Mapping, known func(string) bool) (*Result, error) {
	data, big, err := readAll(name, r)
	if big != nil || err != nil {
		return big, err
	}
	return build([]*rawFile{readJSONBytes(name, data)}, m, known), nil
}

// readCSVBytes reads a CSV pair; relName is "" when there is no relations
// file.
func readCSVBytes(elemName string, elems []byte, relName string, rels []byte) *rawFile {
	f := &rawFile{name: elemName, format: "csv"}
	if relName != "" {
		f.name = filepath.Dir(elemName)
	}
	readCSVSheet(f, &f.sheets[0], elemName, SheetElements, elems)
	if relName != "" {
		readCSVSheet(f, &f.sheets[1], relName, SheetRelations, rels)
	} else {
		problems{&f.warns}.add(mapping.Pos{File: elemName}, "", "", "no relations.csv beside it: no relations read",
			"không có relations.csv cùng thư mục: không đọc quan hệ nào")
	}
	return f
}

func readCSVSheet(f *rawFile, sh *rawSheet, name, sheet string, data []byte) {
	p := problems{&f.probs}
	sh.present, sh.file, sh.sha, sh.name = true, name, sha(data), sheet
	f.infos = append(f.infos, FileInfo{Path: name, Format: "csv", SHA256: sh.sha})
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if crlines.Only(data) {
		// Lines ended by CR alone, read as recode reads them.
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	sh.validUTF8 = utf8.Valid(data)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffComma(data)
	cr.FieldsPerRecord = -1
	n := 0 // records read
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
				err = pe.Err
			}
			p.add(mapping.Pos{File: name, Sheet: sheet, Line: line}, "", "",
				"unreadable CSV ("+err.Error()+"): expected fields separated by , or ; with double quotes around values that hold them",
				"không đọc được CSV ("+err.Error()+"): các trường phải cách nhau bởi dấu , hoặc ; và giá trị chứa dấu đó phải đặt trong ngoặc kép")
			return // the rest of the file cannot be trusted
		}
		line, _ := cr.FieldPos(0)
		n++
		if overLimit(p, mapping.Pos{File: name, Sheet: sheet, Line: line}, n, rec, sh.header) {
			return
		}
		if sh.header == nil {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			sh.header, sh.headerLine = rec, line
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < len(sh.header) {
			p.add(mapping.Pos{File: name, Sheet: sheet, Line: line}, "", "",
				fmt.Sprintf("ragged row: %s but the header has %d; expected every row to have the header's columns", plural(len(rec), "field", "fields"), len(sh.header)),
				fmt.Sprintf("dòng lệch cột: có %d trường nhưng tiêu đề có %d; mỗi dòng phải khớp với các cột của tiêu đề", len(rec), len(sh.header)))
			continue
		}
		sh.rows = append(sh.rows, rawRow{line: line, cells: rec})
	}
	if sh.header == nil {
		p.add(mapping.Pos{File: name, Sheet: sheet, Line: 1}, "", "", "empty file: expected a header row of column names",
			"tệp rỗng: cần một dòng tiêu đề với tên các cột")
		sh.present = false
	}
}

// overLimit adds a problem and returns true when row n of a sheet (1-based,
// the header included), its cells or one of its values exceed the limits
// of internal/limits; the reader then stops reading the sheet. A value is
// named by its column's header when there is one.
func overLimit(p problems, pos mapping.Pos, n int, cells, header []string) bool {
	en, vi, cell := limits.Row(n, cells)
	if en == "" {
		return false
	}
	col := ""
	switch {
	case cell >= 0 && cell < len(header):
		col = header[cell]
	case cell >= 0:
		col = limits.ColumnName(cell + 1)
	}
	p.add(pos, col, "", en, vi)
	return true
}

// sniffComma picks ; when the first line has more semicolons than commas
// outside quotes.
func sniffComma(data []byte) rune {
	commas, semis, quoted := 0, 0, false
	for _, c := range data {
		if c == '\n' && !quoted {
			break
		}
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				commas++
			}
		case ';':
			if !quoted {
				semis++
			}
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// guardProblem adds what the workbook guard refuses (xlsxguard) as a
// problem naming the file and the sheet; another error is the workbook
// unreadable.
func guardProblem(p problems, name string, err error) {
	if wp, ok := mapping.WorkbookProblem(name, err); ok {
		*p.list = append(*p.list, wp)
		return
	}
	p.add(mapping.Pos{File: name}, "", "", "unreadable workbook ("+err.Error()+"): expected an .xlsx file saved by Excel or LibreOffice",
		"không đọc được sổ tính ("+err.Error()+"): cần tệp .xlsx lưu bằng Excel hoặc LibreOffice")
}

// sheetName recognises the inventory sheets of a workbook.
func sheetIndex(name string) int {
	switch foldText(name) {
	case "elements", "phantu", "hethong":
		return 0
	case "relations", "quanhe", "tichhop":
		return 1
	}
	return -1
}

// readXLSXBytes reads a workbook's elements and relations sheets with the
// Rows iterator, raw cell values (codes and dates as stored).
func readXLSXBytes(name string, data []byte) (f *rawFile) {
	f = &rawFile{name: name, format: "xlsx", serialDates: true}
	p := problems{&f.probs}
	digest := sha(data)
	f.infos = []FileInfo{{Path: name, Format: "xlsx", SHA256: digest}}
	defer func() {
		// excelize is not hardened against every malformed archive; a
		// damaged workbook must be a message, never a crash.
		if v := recover(); v != nil {
			f.sheets = [2]rawSheet{}
			p.add(mapping.Pos{File: name}, "", "", fmt.Sprintf("unreadable workbook (%v): expected an .xlsx file saved by Excel or LibreOffice", v),
				fmt.Sprintf("không đọc được sổ tính (%v): cần tệp .xlsx lưu bằng Excel hoặc LibreOffice", v))
		}
	}()
	// The container first: an encrypted workbook, an old .xls or a zip
	// bomb is refused by its directory, before excelize unpacks anything.
	guard, err := xlsxguard.Open(bytes.NewReader(data), int64(len(data)), xlsxguard.Inventory)
	if err != nil {
		guardProblem(p, name, err)
		return f
	}
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: xlsxguard.Inventory.Total, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		p.add(mapping.Pos{File: name}, "", "", "unreadable workbook ("+err.Error()+"): expected an .xlsx file saved by Excel or LibreOffice",
			"không đọc được sổ tính ("+err.Error()+"): cần tệp .xlsx lưu bằng Excel hoặc LibreOffice")
		return f
	}
	defer wb.Close()
	names := [2]string{}
	for _, s := range wb.GetSheetList() {
		if i := sheetIndex(s); i >= 0 && names[i] == "" {
			names[i] = s
		}
	}
	if names[0] == "" {
		p.add(mapping.Pos{File: name}, "", "", "no sheet named elements: expected the sheets elements and relations (as in archmerge template)",
			"không có trang elements: cần các trang elements và relations (như mẫu archmerge template)")
		return f
	}
	sheetLabels := [2]string{SheetElements, SheetRelations}
	for i, s := range names {
		if s == "" {
			problems{&f.warns}.add(mapping.Pos{File: name}, "", "", "no sheet named relations: no relations read",
				"không có trang relations: không đọc quan hệ nào")
			continue
		}
		sh := &f.sheets[i]
		sh.present, sh.file, sh.sha, sh.name = true, name, digest, s
		rows, err := wb.Rows(s)
		if err != nil {
			p.add(mapping.Pos{File: name, Sheet: s}, "", "", "unreadable sheet ("+err.Error()+")", "không đọc được trang ("+err.Error()+")")
			sh.present = false
			continue
		}
		line := 0
		whole := true // read to the end: no row refused
		for rows.Next() {
			line++
			cells, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				p.add(mapping.Pos{File: name, Sheet: sheetLabels[i], Line: line}, "", "", "unreadable row ("+err.Error()+")", "không đọc được dòng ("+err.Error()+")")
				whole = false
				break
			}
			if overLimit(p, mapping.Pos{File: name, Sheet: sheetLabels[i], Line: line}, line, cells, sh.header) {
				whole = false
				break
			}
			if sh.header == nil {
				if blankRow(rawRow{cells: cells}) {
					continue
				}
				sh.header, sh.headerLine = cells, line
				continue
			}
			sh.rows = append(sh.rows, rawRow{line: line, cells: cells})
		}
		if err := rows.Error(); err != nil {
			p.add(mapping.Pos{File: name, Sheet: sheetLabels[i]}, "", "", "unreadable sheet ("+err.Error()+")", "không đọc được trang ("+err.Error()+")")
			whole = false
		}
		rows.Close()
		// The iterator stops silently at damaged XML: a sheet cut short
		// must never read as a shorter inventory.
		if whole {
			if err := guard.Complete(s, line); err != nil {
				guardProblem(p, name, err)
				sh.rows = nil
			} else if fp := mapping.FormulaProblems(guard, wb, name, s, func(col, _ int) (string, bool) {
				if col < len(sh.header) {
					if h, _, _ := cleanText(sh.header[col]); h != "" {
						return clip(h), true
					}
				}
				return limits.ColumnName(col + 1), true
			}); len(fp) > 0 {
				// A formula reads as its saved result; a script may have
				// saved none, and the cell would read as empty. The rows
				// holding one are not read further: their empty cells
				// would be named again, as missing values.
				*p.list = append(*p.list, fp...)
				at := map[int]bool{}
				for _, pr := range fp {
					at[pr.Pos.Line] = true
				}
				sh.rows = slices.DeleteFunc(sh.rows, func(r rawRow) bool { return at[r.line] })
			}
		}
		if sh.header == nil {
			if i == 0 {
				p.add(mapping.Pos{File: name, Sheet: sheetLabels[i], Line: 1}, "", "", "empty sheet: expected a header row of column names",
					"trang rỗng: cần một dòng tiêu đề với tên các cột")
			}
			sh.present = false
		}
	}
	return f
}

// readJSONBytes reads {"elements": [...], "relations": [...]}; each row
// object is located by the line where it starts.
func readJSONBytes(name string, data []byte) *rawFile {
	f := &rawFile{name: name, format: "json"}
	p := problems{&f.probs}
	digest := sha(data)
	f.infos = []FileInfo{{Path: name, Format: "json", SHA256: digest}}
	// lineAt counts lines incrementally: offsets mostly grow, and counting
	// from the start each time would be quadratic in the file's size.
	lastOff, lastLine := 0, 1
	lineAt := func(off int64) int {
		o := min(int(off), len(data))
		if o < lastOff {
			lastOff, lastLine = 0, 1
		}
		lastLine += bytes.Count(data[lastOff:o], []byte("\n"))
		lastOff = o
		return lastLine
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		p.add(mapping.Pos{File: name, Line: lineAt(int64(off))}, "", "", "invalid UTF-8 text: expected the file saved as UTF-8 (Unicode)",
			"văn bản không phải UTF-8: cần lưu tệp theo bảng mã UTF-8 (Unicode)")
		return f
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	syntax := func(err error) {
		off := dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		p.add(mapping.Pos{File: name, Line: lineAt(off)}, "", "", "unreadable JSON ("+err.Error()+`): expected {"elements": [...], "relations": [...]}`,
			"không đọc được JSON ("+err.Error()+`): cần dạng {"elements": [...], "relations": [...]}`)
	}
	expectDelim := func(want json.Delim) bool {
		tok, err := dec.Token()
		if err != nil {
			syntax(err)
			return false
		}
		if d, ok := tok.(json.Delim); !ok || d != want {
			syntax(fmt.Errorf("found %v where %v was expected", tok, want))
			return false
		}
		return true
	}
	if !expectDelim('{') {
		return f
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			syntax(err)
			return f
		}
		key, _ := tok.(string)
		i := sheetIndex(key)
		if i < 0 {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				syntax(err)
				return f
			}
			problems{&f.warns}.add(mapping.Pos{File: name}, key, "", "unknown top-level key ignored: expected elements and relations",
				"bỏ qua khoá ngoài elements và relations")
			continue
		}
		sh := &f.sheets[i]
		sheet := []string{SheetElements, SheetRelations}[i]
		sh.present, sh.file, sh.sha, sh.name, sh.headerLine = true, name, digest, sheet, lineAt(dec.InputOffset())
		cols := map[string]int{}
		match := []map[string]string{elementMatch, relationMatch}[i]
		canon := map[string]string{} // key as written → column key
		if !expectDelim('[') {
			return f
		}
		for dec.More() {
			start := dec.InputOffset()
			for int(start) < len(data) && strings.IndexByte(" \t\r\n,", data[start]) >= 0 {
				start++
			}
			line := lineAt(start)
			tok, err := dec.Token()
			if err != nil {
				syntax(err)
				return f
			}
			if d, ok := tok.(json.Delim); !ok || d != '{' {
				p.add(mapping.Pos{File: name, Sheet: sheet, Line: line}, "", "", "not a row object: expected {\"column\": value, ...}",
					"không phải đối tượng dòng: cần dạng {\"cột\": giá trị, ...}")
				if ok && d == '[' {
					if err := skipJSON(dec, 1); err != nil {
						syntax(err)
						return f
					}
				}
				continue
			}
			var keys []string
			var vals []json.RawMessage
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					syntax(err)
					return f
				}
				k, _ := kt.(string)
				var v json.RawMessage
				if err := dec.Decode(&v); err != nil {
					syntax(err)
					return f
				}
				keys = append(keys, k)
				vals = append(vals, v)
			}
			if _, err := dec.Token(); err != nil { // the closing brace
				syntax(err)
				return f
			}
			cells := make([]string, len(sh.header))
			bad := false
			seenKey := map[string]bool{}
			for n, written := range keys {
				k, known := canon[written]
				if !known {
					k = written
					if c, ok := match[foldText(written)]; ok {
						k = c
					}
					canon[written] = k
				}
				if seenKey[k] {
					p.add(mapping.Pos{File: name, Sheet: sheet, Line: line}, k, "", "the key appears twice in this row: expected each column once",
						"khoá xuất hiện hai lần trong dòng: mỗi cột chỉ được có một lần")
					bad = true
					continue
				}
				seenKey[k] = true
				v, ok := jsonScalar(vals[n])
				if !ok {
					p.add(mapping.Pos{File: name, Sheet: sheet, Line: line}, written, clip(string(vals[n])), "not a plain value: expected a string, number, true/false or null",
						"không phải giá trị đơn: cần chuỗi, số, true/false hoặc null")
					bad = true
					continue
				}
				j, has := cols[k]
				if !has {
					j = len(sh.header)
					cols[k] = j
					sh.header = append(sh.header, k)
				}
				for len(cells) <= j {
					cells = append(cells, "")
				}
				cells[j] = v
			}
			// The header is row 1; row objects follow.
			if overLimit(p, mapping.Pos{File: name, Sheet: sheet, Line: line}, len(sh.rows)+2, cells, sh.header) {
				return f
			}
			if !bad {
				sh.rows = append(sh.rows, rawRow{line: line, cells: cells})
			}
		}
		if !expectDelim(']') {
			return f
		}
	}
	if !expectDelim('}') {
		return f
	}
	if !f.sheets[0].present {
		p.add(mapping.Pos{File: name, Line: 1}, "", "", `no "elements" array: expected {"elements": [...], "relations": [...]}`,
			`không có mảng "elements": cần dạng {"elements": [...], "relations": [...]}`)
	}
	for i := range f.sheets {
		sh := &f.sheets[i]
		if sh.present && len(sh.header) == 0 {
			// An empty array: no columns to check.
			sh.header = nil
			if len(sh.rows) == 0 {
				sh.present = false
			}
		}
	}
	return f
}

// skipJSON consumes tokens until depth nested arrays or objects close.
func skipJSON(dec *json.Decoder, depth int) error {
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '[' || d == '{' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

// jsonScalar renders a JSON value as cell text: strings as they are,
// numbers as written, booleans as yes/no, null as blank.
func jsonScalar(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", true
	}
	switch raw[0] {
	case '"':
		if len(raw) >= 2 && bytes.IndexByte(raw, '\\') < 0 {
			return string(raw[1 : len(raw)-1]), true // no escapes: the text itself
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false
		}
		return s, true
	case 'n':
		return "", true
	case 't':
		return "yes", true
	case 'f':
		return "no", true
	case '{', '[':
		return "", false
	}
	return string(raw), true
}
