package inventory

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/ndta-vn/archmerge/internal/outfile"

	"github.com/xuri/excelize/v2"
)

// The writers render an Inventory in the three input formats, so that what
// they write reads back to the same content. They share these conventions:
//
//   - The header row (CSV, XLSX) and the object keys (JSON) are the English
//     column keys of ElementColumns and RelationColumns, in template order,
//     followed by the elements' extra attributes as extra columns, sorted by
//     name.
//   - Blank means blank: empty text, zero numbers and false booleans are not
//     written, with one exception: the yes/no columns personal_data and
//     has_district_level of a dataset or catalogue are always written ("no"
//     when false), because for a dataset "no personal data" is a statement
//     the reader of the file needs to see, not a missing answer. The reader
//     turns blank and "no" into the same false, so a round trip is exact.
//   - Codes and ids are text: XLSX cells of every text column are strings
//     (never numbers, never formulas, even when the text starts with "="),
//     and the code columns carry the text number format "@" so that a user
//     editing the sheet keeps leading zeros. The integer columns
//     (security_level, users, annual_cost, records) are numbers in XLSX and
//     JSON.
//   - Relation endpoints are written as they are held (a resolved key
//     "unit_code/id", or the text as written), so a dangling endpoint stays
//     dangling.
//   - Every file is written to a temporary file in the same folder, synced,
//     and renamed into place: a crash never leaves a half-written file.

// wrSheetElements and wrSheetRelations name the sheets of an inventory workbook
// (and the "sheet" of CSV and JSON problems).
const (
	wrSheetElements  = "elements"
	wrSheetRelations = "relations"
)

// wrIntColumns are the element columns written as numbers in XLSX and JSON.
var wrIntColumns = map[string]bool{"security_level": true, "users": true, "annual_cost": true, "records": true}

// wrBoolColumns are the yes/no element columns.
var wrBoolColumns = map[string]bool{"personal_data": true, "has_district_level": true}

// wrTextColumns are the code and id columns formatted as text in XLSX.
var wrTextColumns = map[string]bool{"id": true, "unit_code": true, "hosted_on": true, "from": true, "to": true}

// ElementCell returns an element's value in a column, as a writer renders
// it in text: "" for a blank, integers in plain digits, booleans as
// "yes"/"no" (see the package's writer conventions for when "no" is
// written). Unknown keys are looked up among the extra attributes.
func ElementCell(e *Element, key string) string {
	switch key {
	case "id":
		return e.ID
	case "unit_code":
		return e.Unit
	case "kind":
		return string(e.Kind)
	case "name":
		return e.Name
	case "function_code":
		return e.FunctionCode
	case "owner":
		return e.Owner
	case "operator":
		return e.Operator
	case "vendor":
		return e.Vendor
	case "product":
		return e.Product
	case "version":
		return e.Version
	case "hosting":
		return e.Hosting
	case "hosted_on":
		return e.HostedOn
	case "security_level":
		return wrItoa(int64(e.SecurityLevel))
	case "security_decision":
		return e.SecurityDecision
	case "status":
		return e.Status
	case "record_type":
		return e.RecordType
	case "users":
		return wrItoa(e.Users)
	case "annual_cost":
		return wrItoa(e.AnnualCost)
	case "contract_end":
		return e.ContractEnd
	case "contract_holder":
		return e.ContractHolder
	case "personal_data":
		return wrYesNo(e, e.PersonalData)
	case "admin_code_fields":
		return e.AdminCodeFields
	case "code_vintage":
		return e.CodeVintage
	case "has_district_level":
		return wrYesNo(e, e.HasDistrictLevel)
	case "address_fields":
		return e.AddressFields
	case "records":
		return wrItoa(e.Records)
	case "description":
		return e.Description
	}
	return e.Extra[key]
}

// RelationCell returns a relation's value in a column, as written.
func RelationCell(r *Relation, key string) string {
	switch key {
	case "from":
		return r.From
	case "to":
		return r.To
	case "kind":
		return r.Kind
	case "via":
		return r.Via
	case "description":
		return r.Description
	}
	return ""
}

func wrItoa(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// wrYesNo renders a yes/no column: "yes" when true; "no" when false on a
// dataset or catalogue, where the answer matters; blank otherwise.
func wrYesNo(e *Element, v bool) string {
	if v {
		return "yes"
	}
	if e.Kind == Dataset || e.Kind == Catalogue {
		return "no"
	}
	return ""
}

// ExtraColumns returns the names of the extra attributes of the elements,
// sorted, without those that repeat a column key.
func ExtraColumns(elems []Element) []string {
	known := make(map[string]bool, len(ElementColumns))
	for _, c := range ElementColumns {
		known[c.Key] = true
	}
	seen := map[string]bool{}
	var keys []string
	for i := range elems {
		for k := range elems[i].Extra {
			if !seen[k] && !known[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

func wrElementHeader(extras []string) []string {
	h := make([]string, 0, len(ElementColumns)+len(extras))
	for _, c := range ElementColumns {
		h = append(h, c.Key)
	}
	return append(h, extras...)
}

func wrRelationHeader() []string {
	h := make([]string, 0, len(RelationColumns))
	for _, c := range RelationColumns {
		h = append(h, c.Key)
	}
	return h
}

// WriteCSV writes inv as the CSV pair elements.csv and relations.csv in dir
// (created if needed): UTF-8 with a byte-order mark, so that Excel shows the
// Vietnamese correctly, comma-separated, a header row of column keys.
func WriteCSV(dir string, inv *Inventory) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write inventory: %w", err)
	}
	header := wrElementHeader(ExtraColumns(inv.Elements))
	err := wrCSVFile(filepath.Join(dir, "elements.csv"), header, len(inv.Elements), func(i int, key string) string {
		return ElementCell(&inv.Elements[i], key)
	})
	if err != nil {
		return err
	}
	return wrCSVFile(filepath.Join(dir, "relations.csv"), wrRelationHeader(), len(inv.Relations), func(i int, key string) string {
		return RelationCell(&inv.Relations[i], key)
	})
}

// wrCSVFile writes one sheet as a CSV file, atomically: a BOM, the header,
// then n rows whose cells cell gives by row index and column key.
func wrCSVFile(path string, header []string, n int, cell func(i int, key string) string) error {
	return outfile.Write(path, func(w io.Writer) error {
		cw, err := wrBOMCSV(w)
		if err != nil {
			return err
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		row := make([]string, len(header))
		for i := range n {
			for j, k := range header {
				row[j] = cell(i, k)
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
}

func wrBOMCSV(w io.Writer) (*csv.Writer, error) {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return nil, err
	}
	return csv.NewWriter(w), nil
}

// WriteXLSX writes inv as a workbook at path with the sheets elements and
// relations, each with a frozen header row of column keys. Sheets are
// streamed, so memory stays flat however many rows there are.
func WriteXLSX(path string, inv *Inventory) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", wrSheetElements); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.NewSheet(wrSheetRelations); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49})
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}

	extras := ExtraColumns(inv.Elements)
	header := wrElementHeader(extras)
	err = wrStreamSheet(f, wrSheetElements, header, len(inv.Elements), headStyle, textStyle, func(row []any, i int) {
		e := &inv.Elements[i]
		for j, k := range header {
			row[j] = wrXLSXValue(ElementCell(e, k), k, textStyle)
		}
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	rheader := wrRelationHeader()
	err = wrStreamSheet(f, wrSheetRelations, rheader, len(inv.Relations), headStyle, textStyle, func(row []any, i int) {
		r := &inv.Relations[i]
		for j, k := range rheader {
			row[j] = wrXLSXValue(RelationCell(r, k), k, textStyle)
		}
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// The elements sheet, first, is already the active one; SetActiveSheet
	// here would parse the streamed sheets back into memory.
	return outfile.Workbook(f, path)
}

// wrXLSXValue turns a text value into a cell: nil for a blank, an int for a
// non-blank integer column, a text-formatted string for code columns, a
// plain string otherwise.
func wrXLSXValue(v, key string, textStyle int) any {
	if v == "" {
		return nil
	}
	if wrIntColumns[key] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	if wrTextColumns[key] {
		return excelize.Cell{StyleID: textStyle, Value: v}
	}
	return v
}

func wrStreamSheet(f *excelize.File, sheet string, header []string, n, headStyle, textStyle int, fill func(row []any, i int)) error {
	last, err := excelize.CoordinatesToCellName(max(len(header), 1), n+1)
	if err != nil {
		return err
	}
	// excelize's stream writer otherwise records a dimension of A1, and
	// readers that trust it see a single row.
	if err := f.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for j, k := range header {
		width := 16.0
		switch k {
		case "name", "owner", "operator", "description", "security_decision", "contract_holder":
			width = 40
		case "id", "unit_code", "kind", "status":
			width = 12
		}
		if err := sw.SetColWidth(j+1, j+1, width); err != nil {
			return err
		}
		if wrTextColumns[k] {
			if err := sw.SetColStyle(j+1, j+1, textStyle); err != nil {
				return err
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	row := make([]any, len(header))
	for j, k := range header {
		row[j] = excelize.Cell{StyleID: headStyle, Value: k}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for i := range n {
		clear(row)
		fill(row, i)
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// WriteJSON writes inv as one JSON object {"elements": [...], "relations":
// [...]} at path, one row object per line, keys in column order, blank
// values left out.
func WriteJSON(path string, inv *Inventory) error {
	extras := ExtraColumns(inv.Elements)
	header := wrElementHeader(extras)
	rheader := wrRelationHeader()
	return outfile.Write(path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		buf := make([]byte, 0, 4096)
		// rows appends n rows as objects, one per line, writing out the
		// buffer as it grows.
		rows := func(n int, keys []string, cell func(i int, k string) string) error {
			for i := range n {
				if i > 0 {
					buf = append(buf, ',')
				}
				buf = wrAppendObject(append(buf, '\n'), keys, func(k string) string { return cell(i, k) })
				if len(buf) > 32<<10 {
					if _, err := bw.Write(buf); err != nil {
						return err
					}
					buf = buf[:0]
				}
			}
			return nil
		}
		buf = append(buf, "{\"elements\": ["...)
		if err := rows(len(inv.Elements), header, func(i int, k string) string { return ElementCell(&inv.Elements[i], k) }); err != nil {
			return err
		}
		buf = append(buf, "\n],\n\"relations\": ["...)
		if err := rows(len(inv.Relations), rheader, func(i int, k string) string { return RelationCell(&inv.Relations[i], k) }); err != nil {
			return err
		}
		buf = append(buf, "\n]}\n"...)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// wrAppendObject appends a row as a JSON object: keys in order, blank
// values left out, whole-number and yes/no columns as JSON numbers and
// booleans.
func wrAppendObject(buf []byte, keys []string, cell func(k string) string) []byte {
	buf = append(buf, '{')
	first := true
	for _, k := range keys {
		v := cell(k)
		if v == "" {
			continue
		}
		if !first {
			buf = append(buf, ", "...)
		}
		first = false
		buf = wrAppendJSONString(buf, k)
		buf = append(buf, ": "...)
		switch {
		case wrIntColumns[k] && wrIsDigits(v):
			buf = append(buf, v...)
		case wrBoolColumns[k]:
			buf = strconv.AppendBool(buf, v == "yes")
		default:
			buf = wrAppendJSONString(buf, v)
		}
	}
	return append(buf, '}')
}

func wrIsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if c := s[i]; c < '0' || c > '9' {
			if i == 0 && c == '-' && len(s) > 1 {
				continue
			}
			return false
		}
	}
	return true
}

const wrHexDigits = "0123456789abcdef"

// wrAppendJSONString appends s as a JSON string. Unlike encoding/json it does
// not escape <, > and &, which are common in names and harmless here;
// invalid UTF-8 becomes U+FFFD.
func wrAppendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				buf = append(buf, '\\', c)
			case c == '\n':
				buf = append(buf, '\\', 'n')
			case c == '\r':
				buf = append(buf, '\\', 'r')
			case c == '\t':
				buf = append(buf, '\\', 't')
			case c < 0x20:
				buf = append(buf, '\\', 'u', '0', '0', wrHexDigits[c>>4], wrHexDigits[c&0xf])
			default:
				buf = append(buf, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			buf = append(buf, "\ufffd"...)
		case r == '\u2028' || r == '\u2029':
			// Valid JSON, but JavaScript parsers choke on them.
			buf = append(buf, '\\', 'u', '2', '0', '2', wrHexDigits[r&0xf])
		default:
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return append(buf, '"')
}
