package inventory

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/ndta-vn/archmerge/mapping"
)

func builtin(t testing.TB) *mapping.Mapping {
	t.Helper()
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const elemHeader = "id,unit_code,kind,name,function_code,owner,security_level,status,users,annual_cost,contract_end,personal_data,hosted_on\n"

// goodElements is a small valid inventory of Hà Giang: the province, a
// district and a commune.
const goodElements = elemHeader +
	"KTTTHC,02,application,Hệ thống thông tin giải quyết TTHC tỉnh Hà Giang,KTTTHC,Văn phòng UBND tỉnh,3,active,\"1.200\",1.200.000,31/12/2026,có,DC\n" +
	"DC,02,datacentre,Trung tâm dữ liệu tỉnh,DC,Sở TT&TT,3,active,,,,không,\n" +
	"PORTAL,024,portal,Cổng thông tin TP Hà Giang,CONG_TTDT,UBND TP Hà Giang,2,active,500,\"1 000 000\",2026-06-30,no,\n" +
	"PORTAL,00688,portal,Trang thông tin phường Quang Trung,CONG_TTDT,,,,,,,,\n"

const goodRelations = "from,to,kind,via,description\n" +
	"02/KTTTHC,024/PORTAL,integrates,lgsp,\n" +
	"KTTTHC,DC,hosted_on,,\n" +
	"024/PORTAL,01/LGSP,integrates,direct,to another province\n"

func readCSVString(t *testing.T, elems, rels string) *Result {
	t.Helper()
	var rr *strings.Reader
	if rels != "" {
		rr = strings.NewReader(rels)
	}
	var res *Result
	var err error
	if rr == nil {
		res, err = ReadCSV("inv/elements.csv", strings.NewReader(elems), "", nil, builtin(t), nil)
	} else {
		res, err = ReadCSV("inv/elements.csv", strings.NewReader(elems), "inv/relations.csv", rr, builtin(t), nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestReadCSVGood(t *testing.T) {
	res := readCSVString(t, goodElements, goodRelations)
	if len(res.Problems) > 0 {
		t.Fatalf("problems:\n%v", res.Problems)
	}
	if len(res.Elements) != 4 || len(res.Relations) != 3 {
		t.Fatalf("got %d elements, %d relations", len(res.Elements), len(res.Relations))
	}
	e := res.Elements[0]
	if e.Key() != "02/KTTTHC" || e.Kind != Application || e.SecurityLevel != 3 || e.Users != 1200 || e.AnnualCost != 1200000 ||
		e.ContractEnd != "2026-12-31" || !e.PersonalData || e.HostedOn != "02/DC" {
		t.Errorf("element 0 = %+v", e)
	}
	if e.Source.File != "inv/elements.csv" || e.Source.Sheet != SheetElements || e.Source.Line != 2 || len(e.Source.SHA256) != 64 {
		t.Errorf("source = %+v", e.Source)
	}
	if p := res.Elements[2]; p.AnnualCost != 1000000 || p.ContractEnd != "2026-06-30" || p.PersonalData {
		t.Errorf("element 2 = %+v", p)
	}
	r := res.Relations
	if r[0].From != "02/KTTTHC" || r[0].To != "024/PORTAL" || !r[0].FromOK || !r[0].ToOK || r[0].Owner != "02" || r[0].Via != "lgsp" {
		t.Errorf("relation 0 = %+v", r[0])
	}
	if r[1].From != "02/KTTTHC" || r[1].To != "02/DC" || !r[1].ToOK || r[1].Kind != "hosted_on" {
		t.Errorf("relation 1 = %+v", r[1])
	}
	if r[2].Owner != "024" || r[2].To != "01/LGSP" || r[2].ToOK {
		t.Errorf("relation 2 (dangling, kept) = %+v", r[2])
	}
	if got := res.Units(); strings.Join(got, ",") != "00688,02,024" {
		t.Errorf("units = %v", got)
	}
	if len(res.Files) != 2 || res.Files[0].Elements != 4 || res.Files[1].Relations != 3 {
		t.Errorf("files = %+v", res.Files)
	}
	if !hasProblem(res.Warnings, "", "no inventory declares") {
		t.Errorf("no warning for the dangling endpoint: %v", res.Warnings)
	}
}

func hasProblem(ps mapping.Problems, file, text string) bool {
	for _, p := range ps {
		if strings.Contains(p.Error(), text) && (file == "" || p.Pos.File == file) {
			return true
		}
	}
	return false
}

// TestRejections covers each rejection rule with a malformed file: the
// problem names the file, the line and the column.
func TestRejections(t *testing.T) {
	cases := []struct {
		name   string
		elems  string
		rels   string
		line   int
		column string
		want   string
		wantVI string
	}{
		{"unknown kind", elemHeader + "A,02,app,Tên,,,,,,,,,\n", "", 2, "kind", "unknown kind", "loại không hợp lệ"},
		{"duplicate id in a unit", elemHeader + "A,02,application,Tên,,,,,,,,,\nA,02,portal,Khác,,,,,,,,,\n", "", 3, "id", "line 2", "dòng 2"},
		{"unknown unit code", elemHeader + "A,99999,application,Tên,,,,,,,,,\n", "", 2, "unit_code", "unknown unit code", "mã đơn vị"},
		{"level out of range", elemHeader + "A,02,application,Tên,,,6,,,,,,\n", "", 2, "security_level", "out of range", "cấp độ"},
		{"invalid UTF-8", elemHeader + "A,02,application,T\xean,,,,,,,,,\n", "", 2, "name", "invalid UTF-8", "UTF-8"},
		{"missing required value", elemHeader + "A,02,application,,,,,,,,,,\n", "", 2, "name", "missing required value", "thiếu giá trị"},
		{"ragged row", elemHeader + "A,02,application,Tên,,,,,,,\n", "", 2, "", "ragged row", "lệch cột"},
		{"ragged row, extra value", elemHeader + "A,02,application,Tên,,,,,,,,,,surplus\n", "", 2, "14", "ragged row", "lệch cột"},
		{"bad date", elemHeader + "A,02,application,Tên,,,,,,,31/02/2026,,\n", "", 2, "contract_end", "not a date", "ngày"},
		{"bad relation kind", elemHeader + "A,02,application,Tên,,,,,,,,,\n", "from,to,kind\nA,A,calls\n", 2, "kind", "unknown relation kind", "loại quan hệ"},
		{"bad via", elemHeader + "A,02,application,Tên,,,,,,,,,\n", "from,to,kind,via\nA,A,integrates,fax\n", 2, "via", "unknown channel", "kênh"},
		{"missing required column", "id,unit_code,name\nA,02,Tên\n", "", 1, "kind", "missing required column", "thiếu cột"},
		{"missing relation column", elemHeader + "A,02,application,Tên,,,,,,,,,\n", "from,kind\nA,uses\n", 1, "to", "missing required column", "thiếu cột"},
		{"bad status", elemHeader + "A,02,application,Tên,,,,running,,,,,\n", "", 2, "status", "unknown status", "trạng thái"},
		{"bad number", elemHeader + "A,02,application,Tên,,,,,many,,,,\n", "", 2, "users", "whole number", "số nguyên"},
		{"bad yes/no", elemHeader + "A,02,application,Tên,,,,,,,,maybe,\n", "", 2, "personal_data", "yes or no", "có/không"},
		{"id with a slash", elemHeader + "A/B,02,application,Tên,,,,,,,,,\n", "", 2, "id", "may not contain /", "dấu /"},
		{"unreadable quote", elemHeader + "A,02,application,\"Tên,,,,,,,,,\n", "", 2, "", "unreadable CSV", "không đọc được CSV"},
		{"ambiguous bare id", elemHeader + "A,02,application,Tên,,,,,,,,,\nA,024,application,Tên,,,,,,,,,\n", "from,to,kind\nA,A,uses\n", 2, "from", "ambiguous id", "không rõ ràng"},
		{"empty file", "", "", 1, "", "empty file", "tệp rỗng"},
		{"duplicate column", "id,unit_code,kind,name,Tên\nA,02,application,X,Y\n", "", 1, "Tên", "appears twice", "hai lần"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := readCSVString(t, c.elems, c.rels)
			if len(res.Problems) == 0 {
				t.Fatalf("accepted; want a problem %q", c.want)
			}
			p := res.Problems[0]
			if p.Pos.Line != c.line || !strings.Contains(p.Pos.File, "inv/") {
				t.Errorf("problem at %v, want line %d of inv/…: %v", p.Pos, c.line, p)
			}
			if c.column != "" && !strings.Contains(p.Column, c.column) {
				t.Errorf("column %q, want %q", p.Column, c.column)
			}
			if !strings.Contains(p.Text("en"), c.want) {
				t.Errorf("English message %q does not say %q", p.Text("en"), c.want)
			}
			if !strings.Contains(p.Text("vi"), c.wantVI) || !strings.Contains(p.Text("vi"), "dòng") {
				t.Errorf("Vietnamese message %q does not say %q", p.Text("vi"), c.wantVI)
			}
		})
	}
}

func TestCleanUp(t *testing.T) {
	nfd := norm.NFD.String("Cổng dịch vụ công tỉnh Hà Giang")
	cases := []struct {
		name  string
		elems string
		check func(t *testing.T, res *Result)
	}{
		{"NFD text normalised, reported", elemHeader + "A,02,portal,  " + nfd + " ,,,,,,,,,\n", func(t *testing.T, res *Result) {
			if got := res.Elements[0].Name; got != norm.NFC.String(nfd) {
				t.Errorf("name %q is not NFC and trimmed", got)
			}
			if !hasProblem(res.Warnings, "", "NFC") || !hasProblem(res.Warnings, "", "trimmed") {
				t.Errorf("warnings %v", res.Warnings)
			}
		}},
		{"BOM and semicolons", "\uFEFF" + strings.ReplaceAll(elemHeader, ",", ";") + "A;02;Application;Tên;qlvbđh;;Cấp độ 2;Active;1,234,567;;2026-01-31T00:00:00;x;\n", func(t *testing.T, res *Result) {
			e := res.Elements[0]
			if e.Kind != Application || e.FunctionCode != "QLVBDH" || e.SecurityLevel != 2 || e.Status != "active" || e.Users != 1234567 || e.ContractEnd != "2026-01-31" || !e.PersonalData {
				t.Errorf("element %+v", e)
			}
		}},
		{"Vietnamese headers in another order, extra columns kept", "Tên,Loại,MÃ ĐƠN VỊ,ma phan tu,Ghi chú,Trạng thái\nCổng,portal,02,P,xem lại,đang hoạt động\n", func(t *testing.T, res *Result) {
			e := res.Elements[0]
			if e.Key() != "02/P" || e.Name != "Cổng" || e.Extra["Ghi chú"] != "xem lại" || e.Status != "active" {
				t.Errorf("element %+v", e)
			}
		}},
		{"codes as numbers restored by level", elemHeader + "A,2,application,Tên,,,,,,,,,\nB,688,portal,Tên,,,,,,,,,\nC,24,portal,Tên,,,,,,,,,\nD,00691,portal,Tên,,,,,,,,,\n", func(t *testing.T, res *Result) {
			got := []string{res.Elements[0].Unit, res.Elements[1].Unit, res.Elements[2].Unit, res.Elements[3].Unit}
			// 688 and 24 exist elsewhere, but 00691 says the file is about Hà Giang.
			if strings.Join(got, ",") != "02,00688,024,00691" {
				t.Errorf("units %v, want 02,00688,024,00691", got)
			}
			if !hasProblem(res.Warnings, "", "3 codes written as numbers") {
				t.Errorf("warnings %v", res.Warnings)
			}
		}},
		{"unknown function code warned", elemHeader + "A,02,application,Tên,PHAN_MEM_LA,,,,,,,,\n", func(t *testing.T, res *Result) {
			if res.Elements[0].FunctionCode != "PHAN_MEM_LA" || !hasProblem(res.Warnings, "", "function code not in the list") {
				t.Errorf("element %+v, warnings %v", res.Elements[0], res.Warnings)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := readCSVString(t, c.elems, "")
			if len(res.Problems) > 0 {
				t.Fatalf("problems: %v", res.Problems)
			}
			c.check(t, res)
		})
	}
}

func TestAmbiguousNumberCode(t *testing.T) {
	// In a Hà Nội file, 4 could be district 004 or commune 00004.
	res := readCSVString(t, elemHeader+"A,01,application,Tên,,,,,,,,,\nB,4,portal,Tên,,,,,,,,,\n", "")
	if !hasProblem(res.Problems, "", "004 / 00004") {
		t.Fatalf("problems %v", res.Problems)
	}
	// Alone, 4 reads as province 04.
	res = readCSVString(t, elemHeader+"B,4,portal,Tên,,,,,,,,,\n", "")
	if len(res.Problems) > 0 || res.Elements[0].Unit != "04" {
		t.Fatalf("problems %v, elements %+v", res.Problems, res.Elements)
	}
}

func TestKnownKeys(t *testing.T) {
	known := func(k string) bool { return k == "01/LGSP" || k == "02/OLD" }
	res, err := ReadCSV("e.csv", strings.NewReader(goodElements), "r.csv",
		strings.NewReader("from,to,kind\n024/PORTAL,01/LGSP,integrates\nKTTTHC,02/OLD,uses\n"), builtin(t), known)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Relations[0].ToOK {
		t.Error("01/LGSP is in the workspace and 01 is not being imported: it resolves")
	}
	if res.Relations[1].ToOK {
		t.Error("02/OLD belongs to a unit being replaced: it must not resolve")
	}
}

func TestValues(t *testing.T) {
	ints := map[string]int64{"1.200.000": 1200000, "1,200,000": 1200000, "1 200 000": 1200000, "1200000.0": 1200000, "1.2E6": 1200000, "12": 12}
	for in, want := range ints {
		if got, ok := parseInt(in); !ok || got != want {
			t.Errorf("parseInt(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"1.5", "1,20", "abc", "1.2.3"} {
		if _, ok := parseInt(bad); ok {
			t.Errorf("parseInt(%q) accepted", bad)
		}
	}
	dates := map[string]string{"2026-12-31": "2026-12-31", "31/12/2026": "2026-12-31", "1/2/2026": "2026-02-01", "31.12.2026": "2026-12-31", "31-12-2026": "2026-12-31"}
	for in, want := range dates {
		if got, ok := parseDate(in, false); !ok || got != want {
			t.Errorf("parseDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := parseDate("46022", true); !ok || got != "2025-12-31" {
		t.Errorf("serial 46022 = %q, %v; want 2025-12-31", got, ok)
	}
	for _, bad := range []string{"2026-13-01", "30/02/2026", "46022", "tomorrow", "12/2026"} {
		if _, ok := parseDate(bad, false); ok {
			t.Errorf("parseDate(%q) accepted", bad)
		}
	}
	yes := map[string]bool{"có": true, "Có": true, "không": false, "yes": true, "NO": false, "true": true, "x": true, "1": true, "0": false, "": false}
	for in, want := range yes {
		if got, ok := parseYesNo(in); !ok || got != want {
			t.Errorf("parseYesNo(%q) = %v, %v", in, got, ok)
		}
	}
}

func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "elements")
	f.NewSheet("relations")
	rows := [][]any{
		{"Mã phần tử", "Mã đơn vị", "Loại", "Tên", "Cấp độ ATTT", "Ngày hết hạn hợp đồng", "Số người dùng"},
		{"KTTTHC", "02", "application", "Một cửa", 3, 46022, 15000},
		{"P", 688, "portal", "Cổng phường", nil, "31/12/2026", nil},
		{"Q", 691, "portal", "Cổng phường", nil, nil, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("elements", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	f.SetSheetRow("relations", "A1", &[]any{"from", "to", "kind"})
	f.SetSheetRow("relations", "A3", &[]any{"KTTTHC", "00688/P", "integrates"}) // a blank line 2
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	res, err := ReadXLSX("hg.xlsx", &buf, builtin(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems %v", res.Problems)
	}
	e := res.Elements[0]
	if e.Key() != "02/KTTTHC" || e.ContractEnd != "2025-12-31" || e.Users != 15000 || e.SecurityLevel != 3 {
		t.Errorf("element %+v", e)
	}
	if res.Elements[1].Key() != "00688/P" || res.Elements[1].Source.Line != 3 {
		t.Errorf("element 1 %+v", res.Elements[1])
	}
	if r := res.Relations[0]; r.Source.Line != 3 || !r.ToOK || r.From != "02/KTTTHC" {
		t.Errorf("relation %+v", r)
	}
	if !hasProblem(res.Warnings, "hg.xlsx", "restored") {
		t.Errorf("warnings %v", res.Warnings)
	}
}

func TestReadJSON(t *testing.T) {
	doc := `{"elements": [
{"id": "KTTTHC", "unit_code": 2, "kind": "application", "name": "Một cửa", "security_level": 3, "personal_data": true, "Ghi chú": "x"},
{"id": "P", "Mã đơn vị": "00688", "kind": "portal", "name": "Cổng", "users": null}
],
"relations": [
{"from": "KTTTHC", "to": "00688/P", "kind": "uses"}
]}`
	res, err := ReadJSON("hg.json", strings.NewReader(doc), builtin(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems %v", res.Problems)
	}
	if e := res.Elements[0]; e.Key() != "02/KTTTHC" || !e.PersonalData || e.Extra["Ghi chú"] != "x" || e.Source.Line != 2 {
		t.Errorf("element %+v", e)
	}
	if e := res.Elements[1]; e.Source.Line != 3 {
		t.Errorf("element 1 line %d, want 3", e.Source.Line)
	}
	if r := res.Relations[0]; r.Source.Line != 6 || r.To != "00688/P" || !r.ToOK {
		t.Errorf("relation %+v", r)
	}
	bad := map[string]string{
		"syntax":       `{"elements": [ {"id": "A",} ]}`,
		"nested value": "{\"elements\": [\n{\"id\": \"A\", \"unit_code\": \"02\", \"kind\": \"api\", \"name\": {\"x\": 1}}\n]}",
		"no elements":  `{"relations": []}`,
		"invalid utf8": "{\"elements\": [\n{\"id\": \"\xff\"}]}",
	}
	for name, doc := range bad {
		t.Run(name, func(t *testing.T) {
			res, err := ReadJSON("bad.json", strings.NewReader(doc), builtin(t), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) == 0 || res.Problems[0].Pos.File != "bad.json" || res.Problems[0].Pos.Line == 0 {
				t.Errorf("problems %v", res.Problems)
			}
		})
	}
}

func TestReadPaths(t *testing.T) {
	dir := t.TempDir()
	hg := filepath.Join(dir, "02-ha-giang")
	os.MkdirAll(hg, 0o755)
	os.WriteFile(filepath.Join(hg, "elements.csv"), []byte(goodElements), 0o644)
	os.WriteFile(filepath.Join(hg, "relations.csv"), []byte(goodRelations), 0o644)
	os.WriteFile(filepath.Join(dir, "01-ha-noi.json"), []byte(`{"elements": [{"id": "LGSP", "unit_code": "01", "kind": "platform", "name": "LGSP Hà Nội"}]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "README.txt"), []byte("not an inventory"), 0o644)
	m := builtin(t)
	res, err := ReadPaths(context.Background(), []string{dir, filepath.Join(hg, "relations.csv")}, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems %v", res.Problems)
	}
	if len(res.Elements) != 5 || len(res.Files) != 3 {
		t.Fatalf("%d elements, files %+v", len(res.Elements), res.Files)
	}
	// 024/PORTAL → 01/LGSP resolves across files of one import.
	for _, r := range res.Relations {
		if r.To == "01/LGSP" && !r.ToOK {
			t.Errorf("relation across files did not resolve: %+v", r)
		}
	}
	res, err = ReadPaths(context.Background(), []string{filepath.Join(dir, "missing.xlsx"), filepath.Join(dir, "README.txt")}, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 2 {
		t.Errorf("problems %v", res.Problems)
	}
}

func TestDuplicateAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{"elements": [{"id": "X", "unit_code": "02", "kind": "api", "name": "A"}]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "b.json"), []byte(`{"elements": [{"id": "X", "unit_code": "02", "kind": "api", "name": "B"}]}`), 0o644)
	res, err := ReadPaths(context.Background(), []string{dir}, builtin(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Error(), "a.json") || res.Problems[0].Pos.File != filepath.Join(dir, "b.json") {
		t.Errorf("problems %v", res.Problems)
	}
}

// Duplicates after a duplicate: each names where its key was first
// declared, although the rows kept have moved up.
func TestDuplicatesNameTheFirstDeclaration(t *testing.T) {
	res := readCSVString(t, elemHeader+
		"A,02,api,A,,,,,,,,,\n"+
		"A,02,api,A again,,,,,,,,,\n"+
		"B,02,api,B,,,,,,,,,\n"+
		"B,02,api,B again,,,,,,,,,\n"+
		"A,02,api,A thrice,,,,,,,,,\n", "")
	var got []string
	for _, p := range res.Problems {
		got = append(got, fmt.Sprintf("%d→%s", p.Pos.Line, p.Message.EN[strings.Index(p.Message.EN, "line"):strings.Index(p.Message.EN, ";")]))
	}
	want := []string{"3→line 2", "5→line 4", "6→line 2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
}
