package inventory_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/store"
)

// fuzzStore opens one workspace for a fuzz target and returns a check
// that imports a read and verifies all or nothing: a read with problems is
// refused and leaves the stored content as it was; a clean read stores
// every element it declares.
func fuzzStore(f *testing.F) func(t *testing.T, res *inventory.Result) {
	st, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "ws.db"), store.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	return func(t *testing.T, res *inventory.Result) {
		ctx := context.Background()
		before, err := st.InventoryFingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.ImportInventory(ctx, res)
		allOrNothing(t, st, before, res, err)
	}
}

// allOrNothing checks an import of the read whole that returned err: with
// problems it failed and the workspace's fingerprint is still before;
// without, every element and relation read was stored as read.
func allOrNothing(t *testing.T, st *store.Store, before string, whole *inventory.Result, err error) {
	t.Helper()
	ctx := context.Background()
	if len(whole.Problems) > 0 {
		if err == nil {
			t.Fatal("a read with problems was imported")
		}
		if after, _ := st.InventoryFingerprint(ctx); after != before {
			t.Fatal("a refused import changed the workspace")
		}
		return
	}
	if err != nil {
		t.Fatalf("a clean read failed to import: %v", err)
	}
	inv, err := st.LoadInventory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]inventory.Element{}
	for _, e := range inv.Elements {
		stored[e.Key()] = e
	}
	imported := map[string]bool{}
	for _, e := range whole.Elements {
		got, ok := stored[e.Key()]
		if !ok || got.Name != e.Name || got.HostedOn != e.HostedOn {
			t.Fatalf("element %s stored as %+v, read as %+v", e.Key(), got, e)
		}
		imported[e.Unit] = true
	}
	n := 0
	for _, r := range inv.Relations {
		if imported[r.Owner] {
			n++
		}
	}
	if n != len(whole.Relations) {
		t.Fatalf("%d relations stored for the units imported, %d read", n, len(whole.Relations))
	}
}

func fuzzMapping(f *testing.F) *mapping.Mapping {
	m, err := mapping.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	return m
}

func FuzzReadCSV(f *testing.F) {
	m := fuzzMapping(f)
	check := fuzzStore(f)
	seeds := [][2]string{
		{"id,unit_code,kind,name\nKTTTHC,02,application,Một cửa\nDC,02,datacentre,TTDL\n", "from,to,kind\nKTTTHC,DC,hosted_on\n"},
		{"\uFEFFMã phần tử;Mã đơn vị;Loại;Tên;Cấp độ ATTT;Ngày hết hạn hợp đồng\nA;2;portal;Cổng;3;31/12/2026\n", "Từ;Đến;Loại quan hệ;Qua\nA;01/LGSP;integrates;lgsp\n"},
		{"id,unit_code,kind,name,users\nA,00688,api,\"Tên, có dấu phẩy\",\"1.200.000\"\nA,00688,api,trùng,1\n", ""},
		{"id,unit_code,kind,name\nA,99,bogus\n\"unterminated", "from,to\n"},
		{"id,unit_code,kind,name,personal_data,contract_end\nA,024,dataset,D\xff,có,2026-02-30\n", "from,to,kind\nA,A,uses\nA,B,calls\n"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, elems, rels string) {
		res, err := inventory.ReadCSV("f/elements.csv", strings.NewReader(elems), "f/relations.csv", strings.NewReader(rels), m, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Problems {
			if p.Pos.File == "" {
				t.Fatalf("problem without a file: %v", p)
			}
		}
		check(t, res)
	})
}

// xlsxFromCells builds a workbook whose elements sheet holds the fuzz text
// as cells (rows split at newlines, cells at tabs), numbers written as
// numbers, and whose relations sheet holds rels the same way.
func xlsxFromCells(t *testing.T, elems, rels string) []byte {
	wb := excelize.NewFile()
	defer wb.Close()
	wb.SetSheetName("Sheet1", "elements")
	wb.NewSheet("relations")
	fill := func(sheet, text string) {
		for i, line := range strings.Split(text, "\n") {
			if i >= 200 {
				break
			}
			var row []any
			for j, cell := range strings.Split(line, "\t") {
				if j >= 60 {
					break
				}
				if n, ok := smallInt(cell); ok {
					row = append(row, n)
				} else {
					row = append(row, cell)
				}
			}
			at, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := wb.SetSheetRow(sheet, at, &row); err != nil {
				return // text excelize refuses to store (over-long cells) is not an inventory
			}
		}
	}
	fill("elements", elems)
	fill("relations", rels)
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Skipf("excelize cannot write this input: %v", err)
	}
	return buf.Bytes()
}

func smallInt(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func FuzzReadXLSX(f *testing.F) {
	m := fuzzMapping(f)
	check := fuzzStore(f)
	f.Add("id\tunit_code\tkind\tname\nKTTTHC\t2\tapplication\tMột cửa\nDC\t02\tdatacentre\tTTDL", "from\tto\tkind\nKTTTHC\tDC\thosted_on", []byte(nil))
	f.Add("Mã phần tử\tMã đơn vị\tLoại\tTên\tNgày hết hạn hợp đồng\nA\t688\tportal\tCổng\t46022", "", []byte("PK\x03\x04 not really a zip"))
	f.Add("id\tunit_code\tkind\nA\t4\tbogus\t\textra", "from\nA", []byte{})
	f.Fuzz(func(t *testing.T, elems, rels string, raw []byte) {
		data := raw
		if len(raw) == 0 {
			data = xlsxFromCells(t, elems, rels)
		}
		res, err := inventory.ReadXLSX("f.xlsx", bytes.NewReader(data), m, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) > 0 && len(res.Problems) == 0 && len(res.Elements) > 0 {
			t.Logf("raw bytes read as a workbook with %d elements", len(res.Elements))
		}
		check(t, res)
	})
}

// FuzzStreamedImport imports, the way import inventory does, a good file
// followed by a fuzzed CSV pair: rows are stored while the fuzzed file is
// still being read and checked, so all or nothing must hold with part of
// the import already in the transaction. A read with problems leaves the
// workspace as it was; a clean one stores exactly what ReadPaths reads.
func FuzzStreamedImport(f *testing.F) {
	m := fuzzMapping(f)
	st, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "ws.db"), store.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	good := "id,unit_code,kind,name,hosted_on\nKTTTHC,02,application,Một cửa,DC\nDC,02,datacentre,TTDL,\n"
	f.Add("id,unit_code,kind,name,hosted_on\nP,024,portal,Cổng,02/DC\nQ,024,api,API,P\n", "from,to,kind\nP,02/KTTTHC,integrates\n")
	f.Add("id,unit_code,kind,name\nKTTTHC,02,application,Trùng khoá với tệp trước\n", "")
	f.Add("id,unit_code,kind,name\nX,4,api,Mã dạng số\n", "from,to,kind\nX,1/LGSP,uses\nX,Y,uses\n")
	f.Add("id,unit_code,kind,name\nA,024,api,A\nA,00688,api,A\n", "from,to,kind\nA,02/DC,uses\n")
	f.Fuzz(func(t *testing.T, elems, rels string) {
		ctx := context.Background()
		dir := t.TempDir()
		write := func(sub, name, body string) {
			if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, sub, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		write("a", "elements.csv", good)
		write("a", "relations.csv", "from,to,kind\nKTTTHC,DC,hosted_on\n")
		write("b", "elements.csv", elems)
		write("b", "relations.csv", rels)
		known, err := st.KnownKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := inventory.ReadPaths(ctx, []string{dir}, m, known)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := st.InventoryFingerprint(ctx)
		im := st.BeginImport(ctx)
		defer im.Abort()
		res, err := inventory.ReadPathsTo(ctx, []string{dir}, m, known, im.Add)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Problems) != len(whole.Problems) {
			t.Fatalf("%d problems streaming, %d reading whole", len(res.Problems), len(whole.Problems))
		}
		_, err = im.Commit(res)
		allOrNothing(t, st, before, whole, err)
	})
}

// FuzzReadJSON feeds arbitrary text to the JSON reader: it never panics,
// every problem names the file, no stored id or key holds a character
// that is not printable, and the import is all or nothing.
func FuzzReadJSON(f *testing.F) {
	m := fuzzMapping(f)
	check := fuzzStore(f)
	for _, s := range []string{
		`{"elements": [{"id": "KTTTHC", "unit_code": "02", "kind": "application", "name": "Một cửa"}, {"id": "DC", "unit_code": 2, "kind": "datacentre", "name": "TTDL"}], "relations": [{"from": "KTTTHC", "to": "DC", "kind": "hosted_on"}]}`,
		"\uFEFF" + `{"elements": [{"Mã phần tử": "A", "Mã đơn vị": "00688", "Loại": "portal", "Tên": "Cổng", "users": 1200, "personal_data": true, "note": null}]}`,
		`{"elements": [{"id": "A\u001b[2J", "unit_code": "02", "kind": "api", "name": "x"}], "other": 1}`,
		`{"elements": [{"id": "A", "unit_code": "99", "kind": "api", "name": {"nested": 1}}, [1, 2], 3]}`,
		`{"elements": [{"id": "A", "id": "B"}]`,
		`{"relations": [{"from": "A", "to": "B", "kind": "uses"}]}`,
		`[]`,
		``,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		res, err := inventory.ReadJSON("f/inv.json", strings.NewReader(text), m, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Problems {
			if p.Pos.File == "" {
				t.Fatalf("problem without a file: %v", p)
			}
		}
		if len(res.Problems) == 0 {
			for _, e := range res.Elements {
				for _, r := range e.Key() {
					if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
						t.Fatalf("key %q holds a control character", e.Key())
					}
				}
			}
		}
		check(t, res)
	})
}
