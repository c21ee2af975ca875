package reports

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

var update = flag.Bool("update", false, "rewrite golden files")

// smallPlan plans a handful of elements of old 02 Hà Giang and old 08
// Tuyên Quang (new 08): two document systems of the same function, a
// dataset, a host, a name that looks like a formula, and relations between
// them, one dangling.
func smallPlan(t testing.TB) *migrate.Plan {
	t.Helper()
	m := builtin(t)
	el := func(key string, kind inventory.Kind, name, fn string) inventory.Element {
		unit, id, _ := inventory.SplitKey(key)
		return inventory.Element{Unit: unit, ID: id, Kind: kind, Name: name, FunctionCode: fn, Owner: "Văn phòng UBND tỉnh",
			Status: "active", RecordType: "original", Hosting: "provincial_dc", SecurityLevel: 3, SecurityDecision: "QĐ 12/2024",
			Vendor: "VNPT", Product: "iOffice", Users: 1200, AnnualCost: 450_000_000}
	}
	els := []inventory.Element{
		el("08/QLVBDH", inventory.Application, "Hệ thống quản lý văn bản và điều hành tỉnh Tuyên Quang", "QLVBDH"),
		el("02/QLVBDH", inventory.Application, "Hệ thống quản lý văn bản và điều hành tỉnh Hà Giang", "QLVBDH"),
		el("08/DL_DAT", inventory.Dataset, "CSDL đất đai", "DAT_DAI"),
		el("08/MAY_CHU_1", inventory.Host, "Máy chủ ứng dụng 1", ""),
		el("08/CONG", inventory.Portal, `=HYPERLINK("http://x","y")`, "CONG_TTDT"),
	}
	els[2].AdminCodeFields, els[2].CodeVintage = "ma_xa", "pre2025"
	rels := []inventory.Relation{
		{Owner: "08", From: "08/QLVBDH", To: "08/DL_DAT", Kind: "integrates", Via: "lgsp"},
		{Owner: "02", From: "02/QLVBDH", To: "08/CONG", Kind: "integrates", Via: "direct"},
		{Owner: "08", From: "08/QLVBDH", To: "08/MAY_CHU_1", Kind: "hosted_on"},
		{Owner: "08", From: "08/CONG", To: "08/KHONG_CO", Kind: "uses"},
	}
	keys := map[string]bool{}
	for i := range els {
		keys[els[i].Key()] = true
	}
	for i := range rels {
		rels[i].FromOK, rels[i].ToOK = keys[rels[i].From], keys[rels[i].To]
	}
	return build(t, migrate.Input{Mapping: m, Elements: els, Relations: rels, AsOf: "2026-06-01"})
}

func TestExportGolden(t *testing.T) {
	p := smallPlan(t)
	m := builtin(t)
	for _, format := range ExportFormats {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			paths, err := Export(dir, format, p, m)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "export", format)
			for _, path := range paths {
				got, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				want := filepath.Join(golden, filepath.Base(path))
				if *update {
					if err := os.MkdirAll(golden, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(want, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				exp, err := os.ReadFile(want)
				if err != nil {
					t.Fatalf("%v (run go test ./reports -run Golden -update)", err)
				}
				if string(got) != string(exp) {
					t.Errorf("%s differs from %s:\n%s", path, want, lineDiff(string(exp), string(got)))
				}
			}
		})
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(w), len(g)) && n < 10; i++ {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			b.WriteString("line " + strconv.Itoa(i+1) + "\n- " + x + "\n+ " + y + "\n")
			n++
		}
	}
	return b.String()
}
