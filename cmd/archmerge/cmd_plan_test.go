package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/workspace"

	"github.com/ndta-vn/archmerge/migrate"
)

// planInv is a small inventory of new province 08 Tuyên Quang: both old
// provinces' one-stop shops (a duplicate), a district's portal, a split
// commune's page, and a dangling integration.
var planInv = map[string]string{
	"elements.csv": "id,unit_code,kind,name,function_code,owner,security_level,security_decision,status,users,hosting\n" +
		"KTTTHC,08,application,Hệ thống một cửa điện tử tỉnh Tuyên Quang,KTTTHC,Văn phòng UBND tỉnh,3,QĐ 1/2024,active,5000,provincial_dc\n" +
		"KTTTHC,02,application,Hệ thống giải quyết TTHC tỉnh Hà Giang,KTTTHC,Văn phòng UBND tỉnh,3,QĐ 2/2023,active,1200,provincial_dc\n" +
		"PORTAL,024,portal,Cổng thông tin TP Hà Giang,CONG_TTDT,UBND TP Hà Giang,2,QĐ 3,active,500,on_prem\n" +
		"WEB,00688,portal,Trang thông tin phường Quang Trung,CONG_TTDT,UBND phường Quang Trung,,,active,,\n",
	"relations.csv": "from,to,kind,via,description\n" +
		"08/KTTTHC,08/DVCQG,integrates,ndxp,\n",
}

func importPlanInv(t *testing.T) (db string) {
	t.Helper()
	db, dir := newWorkspace(t)
	in := writeFiles(t, filepath.Join(dir, "inv"), planInv)
	if code, _, stderr := run(t, "", "--db", db, "import", "inventory", in); code != ExitOK {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	return db
}

func TestPlanCommand(t *testing.T) {
	db := importPlanInv(t)

	code, out, stderr := run(t, "", "--db", db, "plan", "--as-of", "01/06/2026")
	if code != ExitOK {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"08", "Tỉnh Tuyên Quang", "2026-06-01", "Chặn"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "Đã lập và lưu phương án") {
		t.Errorf("stderr does not say the plan was stored:\n%s", stderr)
	}

	code, out, stderr = run(t, "", "--db", db, "--format", "json", "plan", "--as-of", "2026-06-01", "--province", "Tuyên Quang")
	if code != ExitOK {
		t.Fatalf("plan json: exit %d\n%s", code, stderr)
	}
	// The workspace holds only Tuyên Quang: planning it by name is the same
	// plan as planning everything, already stored.
	if !strings.Contains(stderr, "đã có trong kho") {
		t.Errorf("a plan of 08 alone, in a workspace of 08 alone, is not the stored plan:\n%s", stderr)
	}
	var p struct {
		PlanID    string `json:"plan_id"`
		AsOf      string `json:"as_of"`
		Provinces []struct {
			Code           string `json:"code"`
			ElementsBefore int    `json:"elements_before"`
			ElementsAfter  int    `json:"elements_after"`
		} `json:"provinces"`
		Elements []map[string]any `json:"elements"`
		Flags    []map[string]any `json:"flags"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("plan json: %v\n%s", err, out)
	}
	if !strings.HasPrefix(p.PlanID, "P") || p.AsOf != "2026-06-01" || len(p.Provinces) != 1 || p.Provinces[0].Code != "08" {
		t.Fatalf("plan %s as of %s provinces %+v", p.PlanID, p.AsOf, p.Provinces)
	}
	if p.Provinces[0].ElementsBefore != 4 || p.Provinces[0].ElementsAfter != 3 {
		t.Errorf("elements before/after = %d/%d, want 4/3", p.Provinces[0].ElementsBefore, p.Provinces[0].ElementsAfter)
	}
	for _, e := range p.Elements {
		for _, k := range []string{"key", "kind", "name", "old_unit", "new_unit", "cluster", "recommendation", "reasons"} {
			if _, ok := e[k]; !ok {
				t.Errorf("element %v lacks %q", e["key"], k)
			}
		}
	}
	codes := map[string]bool{}
	for _, f := range p.Flags {
		codes[f["code"].(string)] = true
		for _, k := range []string{"code", "severity", "new_unit", "elements", "message", "action"} {
			if _, ok := f[k]; !ok {
				t.Errorf("flag %v lacks %q", f["code"], k)
			}
		}
		for _, k := range []string{"message", "action"} {
			if txt, _ := f[k].(map[string]any); txt["vi"] == "" || txt["en"] == "" {
				t.Errorf("flag %v: %s is not in both languages: %v", f["code"], k, f[k])
			}
		}
	}
	for _, c := range []string{"DUP_FUNCTION", "ORPHAN_DISTRICT", "SPLIT_ALLOCATION", "INTEG_DANGLING"} {
		if !codes[c] {
			t.Errorf("no %s flag", c)
		}
	}

	// The same command twice gives the same bytes, and the second time
	// finds the plan stored.
	_, again, stderr := run(t, "", "--db", db, "--format", "json", "plan", "--as-of", "2026-06-01", "--province", "08")
	if again != out {
		t.Errorf("plan --format json is not deterministic")
	}
	if !strings.Contains(stderr, "đã có trong kho") {
		t.Errorf("the unchanged plan was not recognised as stored:\n%s", stderr)
	}

	code, out, stderr = run(t, "", "--db", db, "--format", "json", "plan", "--as-of", "2026-06-01", "--province", "8,Hà Nội")
	if code != ExitOK || !strings.Contains(out, `"code":"01"`) || !strings.Contains(out, `"code":"08"`) {
		t.Errorf("--province 8,Hà Nội: exit %d\n%s", code, stderr)
	}

	code, out, _ = run(t, "", "--db", db, "--lang", "en", "plan", "--as-of", "2026-06-01")
	if code != ExitOK || !strings.Contains(out, "Blocker") || !strings.Contains(out, "New province") {
		t.Errorf("English summary: exit %d\n%s", code, out)
	}
}

func TestPlanUsageErrors(t *testing.T) {
	db := importPlanInv(t)
	for name, args := range map[string][]string{
		"bad date":         {"plan", "--as-of", "2026-13-45"},
		"unknown province": {"plan", "--province", "99"},
		"unknown name":     {"plan", "--province", "Atlantis"},
		"old province":     {"plan", "--province", "02"},
		"stray argument":   {"plan", "08"},
		"empty in a list":  {"plan", "--province", "08,"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := run(t, "", append([]string{"--db", db}, args...)...)
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d\n%s", code, ExitUsage, stderr)
			}
		})
	}
}

func TestStatusCommand(t *testing.T) {
	db := importPlanInv(t)
	if code, _, stderr := run(t, "", "--db", db, "plan", "--as-of", "2026-06-01"); code != ExitOK {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	code, out, stderr := run(t, "", "--db", db, "--format", "json", "status")
	if code != ExitOK {
		t.Fatalf("status: exit %d\n%s", code, stderr)
	}
	var rep workspace.StatusResult
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Stored || rep.AsOf != "2026-06-01" || len(rep.Provinces) != 1 {
		t.Fatalf("status = %+v", rep)
	}
	sp := rep.Provinces[0]
	if sp.Code != "08" || sp.Elements != 4 || sp.Open[migrate.Blocker] == 0 || sp.Decisions != 0 {
		t.Errorf("province status = %+v", sp)
	}
	code, out, _ = run(t, "", "--db", db, "status")
	if code != ExitOK || !strings.Contains(out, "Tỉnh Tuyên Quang") || !strings.Contains(out, "Quyết định") {
		t.Errorf("status text: exit %d\n%s", code, out)
	}
}

func TestStatusWithoutWorkspace(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	code, _, stderr := run(t, "", "--db", db, "status")
	if code != ExitFailed || !strings.Contains(stderr, "archmerge init") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
}
