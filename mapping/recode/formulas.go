package recode

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
)

// unsavedFormulas counts the cells of a workbook's sheet that hold a
// formula with no saved result, as files written by scripts (openpyxl,
// excelize, ERP exports) have: the streaming reader sees only saved
// values, so such a cell would come out blank. It returns the count and
// the first such cell. A workbook it cannot follow (an unusual layout) is
// reported as having none: the check is a guard, not a reader.
func unsavedFormulas(file, sheet string) (int, string) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return 0, ""
	}
	defer zr.Close()
	part := sheetPart(&zr.Reader, sheet)
	if part == "" {
		return 0, ""
	}
	var f *zip.File
	for _, zf := range zr.File {
		if zf.Name == part {
			f = zf
		}
	}
	if f == nil {
		return 0, ""
	}
	if !mayHoldFormulas(f) {
		return 0, "" // nearly every sheet: one fast pass over its bytes
	}
	rc, err := f.Open()
	if err != nil {
		return 0, ""
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	n, first := 0, ""
	var ref string
	inCell, formula, value, inValue := false, false, false, false
	for {
		tok, err := d.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return 0, ""
			}
			return n, first
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				inCell, formula, value, ref = true, false, false, ""
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						ref = a.Value
					}
				}
			case "f":
				formula = inCell
			case "v", "is":
				inValue = inCell
			}
		case xml.CharData:
			if inValue && strings.TrimSpace(string(t)) != "" {
				value = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "is":
				inValue = false
			case "c":
				if formula && !value {
					if n == 0 {
						first = ref
					}
					n++
				}
				inCell = false
			}
		}
	}
}

// mayHoldFormulas reports whether a sheet's XML has a formula element
// (<f> or a prefixed <x:f>) anywhere, reading it in chunks.
func mayHoldFormulas(f *zip.File) bool {
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	buf := make([]byte, 64<<10)
	keep := 0
	for {
		n, err := rc.Read(buf[keep:])
		chunk := buf[:keep+n]
		for _, tag := range [][]byte{[]byte("<f>"), []byte("<f "), []byte(":f>"), []byte(":f ")} {
			if bytes.Contains(chunk, tag) {
				return true
			}
		}
		if err != nil {
			return false
		}
		// Keep the last bytes, in case a tag straddles two chunks.
		keep = copy(buf, chunk[max(0, len(chunk)-3):])
	}
}

// sheetPart finds the zip entry of a sheet from the workbook and its
// relationships.
func sheetPart(zr *zip.Reader, sheet string) string {
	read := func(name string, v any) bool {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					return false
				}
				defer rc.Close()
				return xml.NewDecoder(rc).Decode(v) == nil
			}
		}
		return false
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if !read("xl/workbook.xml", &wb) || !read("xl/_rels/workbook.xml.rels", &rels) {
		return ""
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.ID {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/")
				}
				return path.Join("xl", r.Target)
			}
		}
	}
	return ""
}
