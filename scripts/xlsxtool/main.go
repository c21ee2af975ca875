// Command xlsxtool is a helper of scripts/test-windows.sh, which compares
// what the Windows and the Linux builds of archmerge write.
//
//	xlsxtool dump FILE.xlsx
//	    prints every sheet (name, visibility) and every non-empty cell as
//	    "REF<TAB>value", the raw value, in sheet and row order: two dumps
//	    are compared with diff.
//	xlsxtool fill TEMPLATE.xlsx OUT.xlsx FOLDER...
//	    fills the sheets elements and relations of an inventory template
//	    (archmerge template) with the rows of the CSV pairs
//	    (elements.csv, relations.csv) in the folders, as a person would:
//	    under the template's own header row, each value in the column whose
//	    key the template's header note names, and saves it as OUT.xlsx.
package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

func main() {
	var err error
	switch {
	case len(os.Args) == 3 && os.Args[1] == "dump":
		err = dump(os.Stdout, os.Args[2])
	case len(os.Args) >= 5 && os.Args[1] == "fill":
		err = fill(os.Args[2], os.Args[3], os.Args[4:])
	default:
		err = errors.New("usage: xlsxtool dump FILE.xlsx | xlsxtool fill TEMPLATE.xlsx OUT.xlsx FOLDER...")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "xlsxtool:", err)
		os.Exit(1)
	}
}

func dump(w io.Writer, path string) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		vis, err := f.GetSheetVisible(sh)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "== sheet %s (visible %v)\n", sh, vis)
		rows, err := f.Rows(sh)
		if err != nil {
			return err
		}
		for r := 1; rows.Next(); r++ {
			cells, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				rows.Close()
				return err
			}
			for c, v := range cells {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r)
				fmt.Fprintf(w, "%s\t%s\n", ref, strings.ReplaceAll(v, "\n", "⏎"))
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// numeric are the columns a person types as numbers: Excel stores them so.
var numeric = map[string]bool{"users": true, "annual_cost": true, "records": true, "security_level": true}

func fill(tmpl, out string, dirs []string) error {
	f, err := excelize.OpenFile(tmpl)
	if err != nil {
		return err
	}
	defer f.Close()
	keys, err := guideKeys(f)
	if err != nil {
		return err
	}
	// The template's second and third sheets, named in its language
	// (Phần tử / Elements, Quan hệ / Relations).
	sheets := f.GetSheetList()
	if len(sheets) < 3 {
		return fmt.Errorf("%s: expected the guide, elements and relations sheets", tmpl)
	}
	for si, sheet := range []string{"elements", "relations"} {
		name := sheets[si+1]
		header, err := f.GetRows(name)
		if err != nil {
			return err
		}
		if len(header) == 0 {
			return fmt.Errorf("%s: sheet %s has no header row", tmpl, sheet)
		}
		cols := map[string]int{} // key → template column (1-based)
		for i, label := range header[0] {
			k, ok := keys[sheet][strings.TrimSuffix(label, " *")]
			if !ok {
				return fmt.Errorf("%s: sheet %s: header %q is not in the guide", tmpl, sheet, label)
			}
			cols[k] = i + 1
		}
		row := 2
		for _, dir := range dirs {
			recs, err := readCSV(filepath.Join(dir, sheet+".csv"))
			if err != nil {
				return err
			}
			for _, rec := range recs[1:] {
				for i, v := range rec {
					col, ok := cols[recs[0][i]]
					if v == "" || !ok {
						continue
					}
					ref, _ := excelize.CoordinatesToCellName(col, row)
					var val any = v
					if n, err := strconv.ParseInt(v, 10, 64); err == nil && numeric[recs[0][i]] {
						val = n
					}
					if err := f.SetCellValue(name, ref, val); err != nil {
						return err
					}
				}
				row++
			}
		}
	}
	return f.SaveAs(out)
}

// guideKeys reads the template's guide sheet (its first), whose tables
// give each sheet's header labels with their keys: label in column A, key
// in column B, under a title naming the sheet.
func guideKeys(f *excelize.File) (map[string]map[string]string, error) {
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{"elements": {}, "relations": {}}
	var cur map[string]string
	for _, r := range rows {
		switch {
		case len(r) == 1 && sheetTitle(r[0], "elements", "phần tử"):
			cur = out["elements"]
		case len(r) == 1 && sheetTitle(r[0], "relations", "quan hệ"):
			cur = out["relations"]
		case cur != nil && len(r) >= 2 && r[0] != "" && r[1] != "":
			cur[strings.TrimSuffix(r[0], " *")] = r[1]
		}
	}
	if len(out["elements"]) == 0 || len(out["relations"]) == 0 {
		return nil, errors.New("the guide sheet has no tables of headers and keys")
	}
	return out, nil
}

// sheetTitle reports whether a guide title names a sheet, in English or
// Vietnamese ("Sheet Elements", "Trang Phần tử", or "… elements").
func sheetTitle(title, en, vi string) bool {
	t := strings.ToLower(strings.TrimSpace(title))
	return strings.HasSuffix(t, " "+en) || strings.HasSuffix(t, " "+vi)
}

// readCSV reads a CSV written by archmerge fixtures: UTF-8 with a BOM,
// its header the column keys.
func readCSV(path string) ([][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty", path)
	}
	return recs, nil
}
