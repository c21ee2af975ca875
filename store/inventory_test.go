package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

func builtinMapping(t testing.TB) *mapping.Mapping {
	t.Helper()
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const invHeader = "id,unit_code,kind,name,function_code,owner,security_level,status,users,contract_end,personal_data,Ghi chú\n"

func readInv(t testing.TB, st *Store, name, elems, rels string) *inventory.Result {
	t.Helper()
	known, err := st.KnownKeys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	res, err := inventory.ReadCSV(name+"/elements.csv", strings.NewReader(elems), name+"/relations.csv", strings.NewReader(rels), builtinMapping(t), known)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	return res
}

func TestImportInventoryRoundTrip(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	st.Now = func() time.Time { return time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC) }
	elems := invHeader +
		"KTTTHC,02,application,Một cửa,KTTTHC,VP UBND,3,active,1200,2026-12-31,có,xem lại\n" +
		"DC,02,datacentre,TTDL,DC,Sở TT&TT,3,active,,,,\n" +
		"P,024,portal,Cổng TP,CONG_TTDT,,2,active,,,,\n"
	rels := "from,to,kind,via\nKTTTHC,DC,hosted_on,\n024/P,01/LGSP,integrates,direct\n"
	sum, err := st.ImportInventory(ctx, readInv(t, st, "hg", elems, rels))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Elements != 3 || sum.Relations != 2 || len(sum.Units) != 2 || sum.Units[0].Unit != "02" || sum.Units[0].Added != 2 || sum.Units[0].Replaced {
		t.Errorf("summary %+v", sum)
	}
	inv, err := st.LoadInventory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Elements) != 3 || inv.Elements[0].Key() != "02/DC" || inv.Elements[2].Key() != "024/P" {
		t.Fatalf("elements %+v", inv.Elements)
	}
	k := inv.Elements[1]
	if k.Name != "Một cửa" || k.Users != 1200 || !k.PersonalData || k.ContractEnd != "2026-12-31" || k.Extra["Ghi chú"] != "xem lại" ||
		k.Source.File != "hg/elements.csv" || k.Source.Line != 2 || k.Source.Sheet != "elements" || len(k.Source.SHA256) != 64 ||
		k.Source.ImportedAt != "2026-11-01T08:00:00Z" {
		t.Errorf("element %+v", k)
	}
	if len(inv.Relations) != 2 || inv.Relations[0].From != "02/KTTTHC" || !inv.Relations[0].ToOK || inv.Relations[1].ToOK ||
		inv.Relations[1].Source.File != "hg/relations.csv" || inv.Relations[1].Source.Line != 3 {
		t.Errorf("relations %+v", inv.Relations)
	}
	units, err := st.InventoryUnits(ctx)
	if err != nil || strings.Join(units, ",") != "02,024" {
		t.Errorf("units %v, %v", units, err)
	}
	known, _ := st.KnownKeys(ctx)
	if !known("02/DC") || known("02/NOPE") {
		t.Error("KnownKeys")
	}
	log, _ := st.AuditLog(ctx)
	if last := log[len(log)-1]; last.Action != "import_inventory" || !strings.Contains(string(last.Detail), "hg/elements.csv") {
		t.Errorf("audit %+v", last)
	}
}

func TestReimportReplacesUnitAndListsDisappeared(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	first := invHeader +
		"KTTTHC,02,application,Một cửa,,,,,,,,\n" +
		"OLD,02,application,Hệ thống cũ,,,,,,,,\n" +
		"P,024,portal,Cổng TP,,,,,,,,\n"
	if _, err := st.ImportInventory(ctx, readInv(t, st, "a", first, "from,to,kind\nOLD,KTTTHC,uses\n")); err != nil {
		t.Fatal(err)
	}
	// A decision about the element that will disappear.
	err := st.tx(ctx, func(tx *sql.Tx) error {
		return recordDecisions(ctx, tx, "plan1", []migrate.Decision{{Key: "02/OLD", Treatment: "retire", By: "test", At: "2026-11-01T00:00:00Z"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	second := invHeader +
		"KTTTHC,02,application,Một cửa (mới),,,,,,,,\n" +
		"NEW,02,api,API mới,,,,,,,,\n"
	sum, err := st.ImportInventory(ctx, readInv(t, st, "b", second, "from,to,kind\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Units) != 1 {
		t.Fatalf("units %+v", sum.Units)
	}
	u := sum.Units[0]
	if !u.Replaced || u.Kept != 1 || u.Added != 1 || strings.Join(u.Disappeared, ",") != "02/OLD" || strings.Join(u.VoidDecision, ",") != "02/OLD" {
		t.Errorf("unit %+v", u)
	}
	inv, _ := st.LoadInventory(ctx)
	var keys []string
	for _, e := range inv.Elements {
		keys = append(keys, e.Key())
	}
	// 024 was not in the second import: it stays.
	if strings.Join(keys, ",") != "02/KTTTHC,02/NEW,024/P" || inv.Elements[0].Name != "Một cửa (mới)" {
		t.Errorf("keys %v, %+v", keys, inv.Elements[0])
	}
	if len(inv.Relations) != 0 {
		t.Errorf("02's relations were not replaced: %+v", inv.Relations)
	}
}

func TestImportRefusesProblems(t *testing.T) {
	st, _ := openTemp(t)
	res := &inventory.Result{Problems: mapping.Problems{{Message: lang.T("sai", "bad")}}}
	if _, err := st.ImportInventory(context.Background(), res); err == nil {
		t.Fatal("imported a result with problems")
	}
}

func TestFingerprintIgnoresProvenance(t *testing.T) {
	elems := invHeader + "KTTTHC,02,application,Một cửa,,,,,,,,\nDC,02,datacentre,TTDL,,,,,,,,\n"
	rels := "from,to,kind\nKTTTHC,DC,hosted_on\n"
	var fps []string
	for _, name := range []string{"a", "b"} {
		st, _ := openTemp(t)
		if _, err := st.ImportInventory(context.Background(), readInv(t, st, name, elems, rels)); err != nil {
			t.Fatal(err)
		}
		fp, err := st.InventoryFingerprint(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		fps = append(fps, fp)
	}
	if fps[0] != fps[1] || len(fps[0]) != 64 {
		t.Errorf("fingerprints %v", fps)
	}
	st, _ := openTemp(t)
	if _, err := st.ImportInventory(context.Background(), readInv(t, st, "c", strings.Replace(elems, "TTDL", "TTDL tỉnh", 1), rels)); err != nil {
		t.Fatal(err)
	}
	if fp, _ := st.InventoryFingerprint(context.Background()); fp == fps[0] {
		t.Error("a different content gives the same fingerprint")
	}
}

// synthCSV builds a CSV pair of n elements spread over the real old units,
// with a relation for every other element.
func synthCSV(m *mapping.Mapping, n int) (string, string) {
	var e, r strings.Builder
	e.WriteString("id,unit_code,kind,name,function_code,owner,vendor,product,security_level,status,users,annual_cost,contract_end,personal_data,description\n")
	r.WriteString("from,to,kind,via\n")
	kinds := inventory.Kinds
	units := m.OldUnits
	for i := range n {
		u := units[i%len(units)].Code
		fmt.Fprintf(&e, "E%d,%s,%s,Hệ thống số %d của đơn vị %s,%s,Sở Khoa học và Công nghệ,VNPT,VNPT-iGate,%d,active,%d,\"1.200.000\",31/12/2026,có,mô tả\n",
			i, u, kinds[i%len(kinds)], i, u, inventory.FunctionCodes[i%len(inventory.FunctionCodes)], 1+i%5, i*10)
		if i%2 == 1 {
			fmt.Fprintf(&r, "%s/E%d,%s/E%d,integrates,lgsp\n", u, i, units[(i-1)%len(units)].Code, i-1)
		}
	}
	return e.String(), r.String()
}

// BenchmarkImport reads 70,000 elements and 35,000 relations from CSV and
// imports them into a fresh workspace, end to end.
func BenchmarkImport(b *testing.B) {
	m := builtinMapping(b)
	elems, rels := synthCSV(m, 70000)
	ctx := context.Background()
	var peak uint64
	for b.Loop() {
		b.StopTimer()
		st, _ := openBench(b)
		b.StartTimer()
		res, err := inventory.ReadCSV("e.csv", strings.NewReader(elems), "r.csv", strings.NewReader(rels), m, nil)
		if err != nil || len(res.Problems) > 0 {
			b.Fatal(err, res.Problems)
		}
		if _, err := st.ImportInventory(ctx, res); err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(105000*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "end-heap-MiB") // the peak: -bench ImportCSV ./fixtures
}

// BenchmarkLoadInventory loads 70,000 stored elements.
func BenchmarkLoadInventory(b *testing.B) {
	m := builtinMapping(b)
	elems, rels := synthCSV(m, 70000)
	ctx := context.Background()
	st, _ := openBench(b)
	res, err := inventory.ReadCSV("e.csv", strings.NewReader(elems), "r.csv", strings.NewReader(rels), m, nil)
	if err != nil || len(res.Problems) > 0 {
		b.Fatal(err, res.Problems)
	}
	if _, err := st.ImportInventory(ctx, res); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		inv, err := st.LoadInventory(ctx)
		if err != nil || len(inv.Elements) != 70000 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(105000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func openBench(b *testing.B) (*Store, string) {
	b.Helper()
	path := b.TempDir() + "/ws.db"
	st, err := Open(context.Background(), path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st, path
}

// BenchmarkImportFixtures imports a folder of fixtures end to end (read,
// check, store, commit) into a fresh workspace: set ARCHMERGE_BENCH_FIXTURES to a
// folder written by `archmerge fixtures` (scripts/bench.sh does).
func BenchmarkImportFixtures(b *testing.B) {
	dir := os.Getenv("ARCHMERGE_BENCH_FIXTURES")
	if dir == "" {
		b.Skip("set ARCHMERGE_BENCH_FIXTURES to a folder written by archmerge fixtures")
	}
	m := builtinMapping(b)
	ctx := context.Background()
	rows := 0
	var peak uint64
	for b.Loop() {
		b.StopTimer()
		st, _ := openBench(b)
		b.StartTimer()
		// As import inventory does: store each file while the next ones
		// are read.
		im := st.BeginImport(ctx)
		res, err := inventory.ReadPathsTo(ctx, []string{dir}, m, nil, im.Add)
		if err != nil || len(res.Problems) > 0 {
			b.Fatal(err, res.Problems)
		}
		sum, err := im.Commit(res)
		if err != nil {
			b.Fatal(err)
		}
		rows = sum.Elements + sum.Relations
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "end-heap-MiB") // the peak: -bench ImportCSV ./fixtures
}

func TestPreviewImportChangesNothing(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	first := invHeader + "KTTTHC,02,application,Một cửa,,,,,,,,\nOLD,02,application,Cũ,,,,,,,,\n"
	if _, err := st.ImportInventory(ctx, readInv(t, st, "a", first, "from,to,kind\n")); err != nil {
		t.Fatal(err)
	}
	before, _ := st.InventoryFingerprint(ctx)
	auditBefore, _ := st.AuditLog(ctx)
	sum, err := st.PreviewImport(ctx, readInv(t, st, "b", invHeader+"KTTTHC,02,application,Một cửa,,,,,,,,\n", "from,to,kind\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Units) != 1 || strings.Join(sum.Units[0].Disappeared, ",") != "02/OLD" || sum.ImportID != 0 {
		t.Errorf("preview %+v", sum)
	}
	after, _ := st.InventoryFingerprint(ctx)
	auditAfter, _ := st.AuditLog(ctx)
	if after != before || len(auditAfter) != len(auditBefore) {
		t.Error("a preview changed the workspace")
	}
}
