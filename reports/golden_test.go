package reports

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ndta-vn/archmerge/internal/golden"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

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
			for _, path := range paths {
				got, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join("testdata", "export", format, filepath.Base(path)), got)
			}
		})
	}
}
