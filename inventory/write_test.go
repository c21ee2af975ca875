package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	goldenfile "github.com/ndta-vn/archmerge/internal/golden"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/ndta-vn/archmerge/mapping"
)

// sampleInventory holds the values writers get wrong: codes with leading
// zeros, separators and quotes inside text, text that looks like a formula,
// blanks, datasets with false yes/no answers, extra attributes, and a
// dangling relation endpoint.
func sampleInventory() *Inventory {
	return &Inventory{
		Elements: []Element{
			{Unit: "02", ID: "KTTTHC", Kind: Application, Name: "Hệ thống thông tin giải quyết TTHC tỉnh Hà Giang",
				FunctionCode: "KTTTHC", Owner: "Văn phòng UBND tỉnh Hà Giang", Operator: "Trung tâm Phục vụ hành chính công",
				Vendor: "VNPT", Product: "VNPT iGate", Version: "3.2", Hosting: "provincial_dc", HostedOn: "001/HOST01",
				SecurityLevel: 3, SecurityDecision: "Quyết định số 123/QĐ-UBND ngày 15/03/2022", Status: "active",
				RecordType: "original", Users: 4500, AnnualCost: 1_200_000_000, ContractEnd: "2026-12-31",
				ContractHolder: "Văn phòng UBND tỉnh Hà Giang", PersonalData: true,
				Description: "Dòng 1\nDòng 2, có dấu phẩy và \"ngoặc kép\"",
				Extra:       map[string]string{"ghi_chu": "=SUM(A1:A2)", "dau_moi": "Ông A"}},
			{Unit: "00004", ID: "007", Kind: Dataset, Name: "Sổ hộ tịch", Records: 12000,
				AdminCodeFields: "ma_huyen,ma_xa", CodeVintage: "pre2025", AddressFields: "dia_chi",
				Extra: map[string]string{"ghi_chu": "+84 cũ"}},
			{Unit: "001", ID: "HOST01", Kind: Host, Name: "-Máy chủ @ huyện", HostedOn: "01/DC"},
		},
		Relations: []Relation{
			{Owner: "02", From: "02/KTTTHC", To: "001/HOST01", Kind: "integrates", Via: "lgsp", FromOK: true, ToOK: true},
			{Owner: "00004", From: "00004/007", To: "LGSP_CU", Kind: "uses", Description: "điểm cuối, không rõ", FromOK: true},
		},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", "write", name), got)
}

func TestWriteCSVMatchesGolden(t *testing.T) {
	dir := t.TempDir()
	if err := WriteCSV(dir, sampleInventory()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"elements.csv", "relations.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\uFEFF")) {
			t.Errorf("%s does not start with a byte-order mark", name)
		}
		golden(t, name, b)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "elements.csv"))
	header, _, _ := strings.Cut(strings.TrimPrefix(string(b), "\uFEFF"), "\n")
	if !strings.HasPrefix(header, "id,unit_code,kind,name,") || !strings.HasSuffix(header, ",description,dau_moi,ghi_chu") {
		t.Errorf("header %q: want the column keys in template order, then the extra columns sorted", header)
	}
}

func TestWriteJSONMatchesGoldenAndParses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inv.json")
	if err := WriteJSON(path, sampleInventory()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "inventory.json", b)
	var doc struct {
		Elements  []map[string]any `json:"elements"`
		Relations []map[string]any `json:"relations"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("not valid JSON: %v", err)
	}
	if len(doc.Elements) != 3 || len(doc.Relations) != 2 {
		t.Fatalf("got %d elements, %d relations; want 3, 2", len(doc.Elements), len(doc.Relations))
	}
	cases := []struct {
		name string
		row  int
		key  string
		want any
	}{
		{"code with leading zeros stays text", 1, "unit_code", "00004"},
		{"id with leading zeros stays text", 1, "id", "007"},
		{"integer is a number", 0, "annual_cost", float64(1_200_000_000)},
		{"yes is true", 0, "personal_data", true},
		{"dataset's no is written", 1, "personal_data", false},
		{"dataset's no district level is written", 1, "has_district_level", false},
		{"blank is left out", 2, "personal_data", nil},
		{"extra attribute kept", 0, "ghi_chu", "=SUM(A1:A2)"},
		{"newline kept", 0, "description", "Dòng 1\nDòng 2, có dấu phẩy và \"ngoặc kép\""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := doc.Elements[c.row][c.key]; got != c.want {
				t.Errorf("elements[%d][%s] = %#v, want %#v", c.row, c.key, got, c.want)
			}
		})
	}
	// One row object per line, so that a problem's line names the row.
	lines := strings.Split(string(b), "\n")
	if !strings.HasPrefix(lines[1], `{"id": "KTTTHC"`) || !strings.HasPrefix(lines[2], `,{"id": "007"`) && !strings.HasPrefix(lines[2], `{"id": "007"`) {
		t.Errorf("rows are not one per line:\n%s", strings.Join(lines[:4], "\n"))
	}
}

func TestWriteXLSXKeepsCodesAsText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inv.xlsx")
	if err := WriteXLSX(path, sampleInventory()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "elements" || got[1] != "relations" {
		t.Fatalf("sheets %v, want [elements relations]", got)
	}
	if dim, err := f.GetSheetDimension("elements"); err != nil || dim != "A1:AC4" {
		t.Errorf("elements dimension %q (%v), want A1:AC4 (27 columns + 2 extras, header + 3 rows)", dim, err)
	}
	if dim, err := f.GetSheetDimension("relations"); err != nil || dim != "A1:E3" {
		t.Errorf("relations dimension %q (%v), want A1:E3", dim, err)
	}
	cases := []struct {
		sheet, cell string
		typ         excelize.CellType
		want        string
	}{
		{"elements", "A1", excelize.CellTypeInlineString, "id"},
		{"elements", "B3", excelize.CellTypeInlineString, "00004"},
		{"elements", "A3", excelize.CellTypeInlineString, "007"},
		{"elements", "D4", excelize.CellTypeInlineString, "-Máy chủ @ huyện"},
		{"elements", "M2", excelize.CellTypeUnset, "3"}, // security_level, a number
		{"elements", "R2", excelize.CellTypeUnset, "1200000000"},
		{"elements", "U3", excelize.CellTypeInlineString, "no"},
		{"elements", "U4", excelize.CellTypeUnset, ""},
		{"elements", "AC2", excelize.CellTypeInlineString, "=SUM(A1:A2)"},
		{"relations", "B3", excelize.CellTypeInlineString, "LGSP_CU"},
	}
	for _, c := range cases {
		t.Run(c.sheet+"!"+c.cell, func(t *testing.T) {
			v, err := f.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if v != c.want {
				t.Errorf("value %q, want %q", v, c.want)
			}
			typ, err := f.GetCellType(c.sheet, c.cell)
			if err != nil {
				t.Fatal(err)
			}
			if typ != c.typ {
				t.Errorf("type %v, want %v", typ, c.typ)
			}
			if formula, _ := f.GetCellFormula(c.sheet, c.cell); formula != "" {
				t.Errorf("written as the formula %q", formula)
			}
		})
	}
	panes, err := f.GetPanes("elements")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v, %v", panes, err)
	}
}

func TestElementCellCoversEveryColumn(t *testing.T) {
	e := sampleInventory().Elements[0]
	e.AdminCodeFields, e.CodeVintage, e.HasDistrictLevel, e.AddressFields, e.Records = "ma_xa", "pre2025", true, "dia_chi", 5
	for _, c := range ElementColumns {
		if ElementCell(&e, c.Key) == "" {
			t.Errorf("column %s: a set value is written blank: the writers do not know the column", c.Key)
		}
	}
	r := Relation{From: "a", To: "b", Kind: "uses", Via: "lgsp", Description: "d"}
	for _, c := range RelationColumns {
		if RelationCell(&r, c.Key) == "" {
			t.Errorf("relation column %s: a set value is written blank", c.Key)
		}
	}
}

// TestWritersRoundTripThroughReader writes the sample in each format and
// reads it back with ReadPaths: what the writers write, the reader must
// take back unchanged.
func TestWritersRoundTripThroughReader(t *testing.T) {
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	want := sampleInventory()
	writers := []struct {
		format string
		write  func(dir string) (string, error)
	}{
		{"csv", func(dir string) (string, error) { return dir, WriteCSV(dir, want) }},
		{"xlsx", func(dir string) (string, error) { p := filepath.Join(dir, "inv.xlsx"); return p, WriteXLSX(p, want) }},
		{"json", func(dir string) (string, error) { p := filepath.Join(dir, "inv.json"); return p, WriteJSON(p, want) }},
	}
	for _, w := range writers {
		t.Run(w.format, func(t *testing.T) {
			path, err := w.write(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			res, err := ReadPaths(context.Background(), []string{path}, m, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) > 0 {
				t.Fatalf("the reader rejects what the writer wrote: %v", res.Problems)
			}
			if len(res.Elements) != len(want.Elements) || len(res.Relations) != len(want.Relations) {
				t.Fatalf("read %d elements, %d relations; wrote %d, %d", len(res.Elements), len(res.Relations), len(want.Elements), len(want.Relations))
			}
			for i := range want.Elements {
				g, e := res.Elements[i], want.Elements[i]
				g.Source = Source{}
				if len(g.Extra) == 0 {
					g.Extra = nil
				}
				// The reader resolves hosted_on to a key.
				if e.HostedOn != "" && !strings.Contains(e.HostedOn, "/") {
					e.HostedOn = e.Unit + "/" + e.HostedOn
				}
				if !reflect.DeepEqual(g, e) {
					t.Errorf("element %d:\n got %+v\nwant %+v", i, g, e)
				}
			}
			for i := range want.Relations {
				g, r := res.Relations[i], want.Relations[i]
				if g.From != r.From || g.To != r.To || g.Kind != r.Kind || g.Via != r.Via || g.Description != r.Description || g.ToOK != r.ToOK {
					t.Errorf("relation %d:\n got %+v\nwant %+v", i, g, r)
				}
			}
		})
	}
}

// FuzzWritersRoundTrip writes an element with arbitrary text in every
// format and reads it back: whatever text the reader would keep as is
// (valid, NFC, trimmed UTF-8 without carriage returns or control
// characters), the writers must carry unchanged through quoting, escaping
// and XML.
func FuzzWritersRoundTrip(f *testing.F) {
	m, err := mapping.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"Hệ thống một cửa", "a,b;c", `"quoted"`, "=1+2", "+84 912", "-x", "@home", "line\nbreak", "tab\there", "<b>&amp;</b>", "007", "\u2028", "😀 emoji", "x\\y"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, name, extra string) {
		for _, s := range []string{name, extra} {
			if s == "" || !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) || strings.TrimSpace(s) != s || len(s) > 1000 {
				return
			}
			for _, r := range s {
				if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || r == '\uFFFE' || r == '\uFFFF' || r == '\uFEFF' || unicode.Is(unicode.Cs, r) {
					return
				}
			}
		}
		inv := &Inventory{Elements: []Element{{Unit: "02", ID: "X1", Kind: Application, Name: name, Description: extra,
			Extra: map[string]string{"ghi_chu": extra}}}}
		dir := t.TempDir()
		paths := map[string]string{"csv": filepath.Join(dir, "csv"), "xlsx": filepath.Join(dir, "i.xlsx"), "json": filepath.Join(dir, "i.json")}
		if err := WriteCSV(paths["csv"], inv); err != nil {
			t.Fatal(err)
		}
		if err := WriteXLSX(paths["xlsx"], inv); err != nil {
			t.Fatal(err)
		}
		if err := WriteJSON(paths["json"], inv); err != nil {
			t.Fatal(err)
		}
		for format, path := range paths {
			res, err := ReadPaths(context.Background(), []string{path}, m, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) > 0 || len(res.Elements) != 1 {
				t.Fatalf("%s: %d elements, problems %v", format, len(res.Elements), res.Problems)
			}
			e := res.Elements[0]
			if e.Name != name || e.Description != extra || e.Extra["ghi_chu"] != extra {
				t.Fatalf("%s: name %q, description %q, extra %q; wrote %q, %q", format, e.Name, e.Description, e.Extra["ghi_chu"], name, extra)
			}
		}
	})
}
