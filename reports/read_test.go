package reports

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/ndta-vn/archmerge/migrate"
)

// fill opens a workbook with excelize's ordinary (non-streaming) API, as
// another program would, writes decision cells by header, and saves it
// under a new name.
func fill(t *testing.T, src, dst string, edits map[string]map[string]string) {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := findSheet(f, []string{shSystems.vi, shSystems.en})
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for j, h := range rows[0] {
		col[h] = j + 1
	}
	done := 0
	for i, r := range rows[1:] {
		e, ok := edits[r[0]]
		if !ok {
			continue
		}
		done++
		for h, v := range e {
			j, ok := col[h]
			if !ok {
				t.Fatalf("no column %q", h)
			}
			ref, _ := excelize.CoordinatesToCellName(j, i+2)
			if err := f.SetCellValue(sheet, ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if done != len(edits) {
		t.Fatalf("edited %d rows of %d", done, len(edits))
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
}

// pickKeys returns three keys of elements of a province that may merge
// into each other (one new unit, one kind), and an element of another
// province.
func pickKeys(t *testing.T, p *migrate.Plan, prov string) (a, b, c string, other string) {
	t.Helper()
	groups := map[string][]string{}
	var order []string
	for _, e := range p.Elements {
		if e.NewProvince != prov {
			if other == "" {
				other = e.Key
			}
			continue
		}
		g := e.NewUnit + "/" + e.Kind
		if len(groups[g]) == 0 {
			order = append(order, g)
		}
		groups[g] = append(groups[g], e.Key)
	}
	for _, g := range order {
		if ks := groups[g]; len(ks) >= 3 {
			return ks[0], ks[1], ks[2], other
		}
	}
	t.Fatalf("no new unit of %s has three elements of one kind", prov)
	return
}

func TestReadAndCheck(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	dir := t.TempDir()
	src, err := WriteProvince(context.Background(), dir, p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	a, b, c, _ := pickKeys(t, p, "08")
	dst := filepath.Join(dir, "filled.xlsx")
	fill(t, src, dst, map[string]map[string]string{
		a: {"Quyết định": "retire", "Ghi chú": "=HYPERLINK(\"http://x\",\"y\")"},
		b: {"Quyết định": "HỢP NHẤT", "Hợp nhất vào": c},
		c: {"Quyết định": "tiep tuc su dung", "Chủ quản mới": "Sở Khoa học và Công nghệ"},
	})
	fl, probs, err := ReadDecisions(dst)
	if err != nil || len(probs) > 0 {
		t.Fatalf("read: %v %v", err, probs)
	}
	if fl.Identity.Province != "08" || fl.Identity.WorkspaceID != "ws-test" || len(fl.SHA256) != 64 || !fl.HasPrefilled {
		t.Fatalf("identity %+v sha %q prefilled %v", fl.Identity, fl.SHA256, fl.HasPrefilled)
	}
	ck, probs := Check([]*Filled{fl}, p, "ws-test")
	if len(probs) > 0 {
		t.Fatalf("check: %v", probs)
	}
	got := map[string]migrate.Decision{}
	for _, d := range ck.Decisions {
		got[d.Key] = d
	}
	if len(got) != 3 || got[a].Treatment != migrate.Retire || got[a].Note != `=HYPERLINK("http://x","y")` ||
		got[b].Treatment != migrate.Merge || got[b].MergeInto != c || got[c].Treatment != migrate.Continue || got[c].NewOwner == "" {
		t.Fatalf("decisions %+v", ck.Decisions)
	}
	if got[a].SHA256 != fl.SHA256 || got[a].File != dst {
		t.Errorf("provenance %+v", got[a])
	}
}

func TestCheckRejects(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	dir := t.TempDir()
	src, err := WriteProvince(context.Background(), dir, p, m, "08", testMeta(p, "en"))
	if err != nil {
		t.Fatal(err)
	}
	a, b, c, _ := pickKeys(t, p, "08")
	// An element of another province, for the cross-province merge.
	other := "01/OTHER"
	pp := *p
	pp.Elements = append(slices.Clone(p.Elements), migrate.PlannedElement{Key: other, NewProvince: "01", NewUnit: "01", OldUnit: "01", OldLevel: "province"})
	var commune string
	for _, e := range p.Elements {
		if e.NewProvince == "08" && e.OldLevel == "commune" {
			commune = e.Key
			break
		}
	}
	cases := []struct {
		name  string
		edits map[string]map[string]string
		want  string
	}{
		{"unknown decision value", map[string]map[string]string{a: {"Decision": "keep it maybe"}}, "unknown decision"},
		{"merge into itself", map[string]map[string]string{a: {"Decision": "merge", "Merge into": a}}, "into itself"},
		{"merge into unknown key", map[string]map[string]string{a: {"Decision": "merge", "Merge into": "08/NOPE"}}, "unknown merge target"},
		{"merge into another province", map[string]map[string]string{a: {"Decision": "merge", "Merge into": other}}, "belongs to province"},
		{"merge without target", map[string]map[string]string{a: {"Decision": "Merge"}}, "needs the key"},
		{"target on a non-merge", map[string]map[string]string{a: {"Decision": "retire", "Merge into": b}}, "not Merge"},
		{"merge cycle", map[string]map[string]string{a: {"Decision": "merge", "Merge into": b}, b: {"Decision": "merge", "Merge into": a}}, "keep one of them"},
		{"merge into a retired element", map[string]map[string]string{a: {"Decision": "merge", "Merge into": c}, c: {"Decision": "retire"}}, "itself decided to retire"},
		{"new unit not a successor", map[string]map[string]string{commune: {"New unit": "01"}}, "not a successor"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "filled.xlsx")
			fill(t, src, dst, tc.edits)
			fl, probs, err := ReadDecisions(dst)
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) == 0 {
				var ck *Checked
				ck, probs = Check([]*Filled{fl}, &pp, "ws-test")
				if ck != nil {
					t.Fatalf("accepted: %+v", ck.Decisions)
				}
			}
			text := probs.Error()
			if !strings.Contains(text, tc.want) || !strings.Contains(text, "sheet Systems, line ") || !strings.Contains(text, "file "+dst) {
				t.Errorf("problems %q, want one naming the file, sheet and row, saying %q", text, tc.want)
			}
		})
	}
	t.Run("another workspace", func(t *testing.T) {
		fl, _, _ := ReadDecisions(src)
		if _, probs := Check([]*Filled{fl}, p, "other"); len(probs) == 0 || !strings.Contains(probs.Error(), "another workspace") {
			t.Errorf("problems %v", probs)
		}
	})
	t.Run("same key decided differently in two files", func(t *testing.T) {
		d1, d2 := filepath.Join(t.TempDir(), "1.xlsx"), filepath.Join(t.TempDir(), "2.xlsx")
		fill(t, src, d1, map[string]map[string]string{a: {"Decision": "retire"}})
		fill(t, src, d2, map[string]map[string]string{a: {"Decision": "upgrade"}})
		f1, _, _ := ReadDecisions(d1)
		f2, _, _ := ReadDecisions(d2)
		if _, probs := Check([]*Filled{f1, f2}, p, "ws-test"); len(probs) == 0 || !strings.Contains(probs.Error(), "decided differently") {
			t.Errorf("problems %v", probs)
		}
	})
	t.Run("older plan accepted with a warning", func(t *testing.T) {
		fl, _, _ := ReadDecisions(src)
		q := *p
		q.ID = "newer-plan"
		q.Provinces = append([]migrate.ProvinceSummary(nil), p.Provinces...)
		for i := range q.Provinces {
			q.Provinces[i].Fingerprint = "changed"
		}
		ck, probs := Check([]*Filled{fl}, &q, "ws-test")
		if len(probs) > 0 || ck == nil || len(ck.Warnings) != 1 || !strings.Contains(ck.Warnings[0].Error(), "older plan") {
			t.Errorf("check: %+v %v", ck, probs)
		}
	})
	t.Run("another plan with this province unchanged is current", func(t *testing.T) {
		fl, _, _ := ReadDecisions(src)
		if fl.Identity.ProvinceFingerprint == "" {
			t.Fatal("the workbook does not carry its province's fingerprint")
		}
		q := *p
		q.ID = "plan-of-other-provinces-changed"
		ck, probs := Check([]*Filled{fl}, &q, "ws-test")
		if len(probs) > 0 || ck == nil || len(ck.Warnings) != 0 {
			t.Errorf("check: %+v %v", ck, probs)
		}
	})
}

func TestReadDecisionsBadFiles(t *testing.T) {
	dir := t.TempDir()
	notXLSX := filepath.Join(dir, "a.xlsx")
	os.WriteFile(notXLSX, []byte("hello"), 0o644)
	plain := filepath.Join(dir, "plain.xlsx")
	f := excelize.NewFile()
	f.SaveAs(plain)
	f.Close()
	for name, c := range map[string]struct{ path, want string }{
		"not a workbook":    {notXLSX, "not a readable .xlsx workbook"},
		"no identity sheet": {plain, "no hidden sheet"},
		"missing file":      {filepath.Join(dir, "missing.xlsx"), "no such file"},
		"a folder":          {dir, "a folder, not a file"},
	} {
		t.Run(name, func(t *testing.T) {
			_, probs, err := ReadDecisions(c.path)
			if err != nil || len(probs) == 0 || !strings.Contains(probs.Error(), c.want) {
				t.Errorf("err %v problems %v, want %q", err, probs, c.want)
			}
		})
	}
}

func TestParseTreatment(t *testing.T) {
	for in, want := range map[string]migrate.Treatment{
		"Tiếp tục sử dụng": migrate.Continue, "TIẾP TỤC SỬ DỤNG": migrate.Continue, "continue": migrate.Continue,
		"Chuẩn hoá, kết nối": migrate.Connect, "Chuẩn hóa, kết nối": migrate.Connect, "connect": migrate.Connect,
		"Nâng cấp, mở rộng": migrate.Upgrade, "Upgrade, extend": migrate.Upgrade,
		"Hợp nhất": migrate.Merge, "hop nhat": migrate.Merge, "MERGE": migrate.Merge,
		"Dừng sử dụng": migrate.Retire, "retire": migrate.Retire,
		"Đầu tư mới": migrate.Add, "Add new": migrate.Add, "": "",
		norm.NFD.String("Dừng sử dụng"): migrate.Retire,
	} {
		got, ok := ParseTreatment(in)
		if !ok || got != want {
			t.Errorf("ParseTreatment(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseTreatment("maybe"); ok {
		t.Error("maybe parsed")
	}
}

func FuzzReadDecisions(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("hello"))
	// A real workbook, and one filled in by another writer.
	p := smallPlan(f)
	dir := f.TempDir()
	src, err := WriteProvince(context.Background(), dir, p, builtin(f), "08", Meta{WorkspaceID: "ws", PlanID: p.ID, Lang: "vi"})
	if err != nil {
		f.Fatal(err)
	}
	if b, err := os.ReadFile(src); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "f.xlsx")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		fl, probs, err := ReadDecisions(path)
		if err == nil && fl == nil && len(probs) == 0 {
			t.Fatal("no result, no problem, no error")
		}
	})
}

func TestCheckAgainstDecisionsInForce(t *testing.T) {
	m := builtin(t)
	in := fixtureInput(t, m, 0.15, "02", "08")
	in.Provinces = []string{"08"}
	p0 := build(t, in)
	a, b, c, _ := pickKeys(t, p0, "08")
	in.Decisions = []migrate.Decision{
		{Key: a, Treatment: migrate.Retire, Note: "hết hợp đồng", At: "2026-01-01T00:00:00Z"},
		{Key: c, Treatment: migrate.Merge, MergeInto: b, At: "2026-01-01T00:00:00Z"},
	}
	p := build(t, in)
	dir := t.TempDir()
	src, err := WriteProvince(context.Background(), dir, p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, edits map[string]map[string]string) (*Checked, string) {
		t.Helper()
		path := src
		if edits != nil {
			path = filepath.Join(t.TempDir(), "f.xlsx")
			fill(t, src, path, edits)
		}
		fl, probs, err := ReadDecisions(path)
		if err != nil || len(probs) > 0 {
			t.Fatal(err, probs)
		}
		ck, probs := Check([]*Filled{fl}, p, "ws-test")
		return ck, probs.Error()
	}
	t.Run("prefilled rows left as written are not recorded again", func(t *testing.T) {
		ck, probs := check(t, nil)
		if ck == nil || len(ck.Decisions) != 0 || ck.Unchanged != 2 {
			t.Fatalf("%+v %s", ck, probs)
		}
	})
	t.Run("emptied row withdraws the decision", func(t *testing.T) {
		ck, probs := check(t, map[string]map[string]string{a: {"Quyết định": "", "Ghi chú": ""}})
		if ck == nil || len(ck.Decisions) != 1 || ck.Decisions[0].Key != a || ck.Decisions[0].Treatment != "" {
			t.Fatalf("%+v %s", ck, probs)
		}
	})
	t.Run("retiring the target of an earlier merge is a contradiction", func(t *testing.T) {
		ck, probs := check(t, map[string]map[string]string{b: {"Quyết định": "Dừng sử dụng"}})
		if ck != nil || !strings.Contains(probs, c+" was decided to merge into this element") {
			t.Fatalf("%+v %s", ck, probs)
		}
	})
	t.Run("merging into an element retired earlier is a contradiction", func(t *testing.T) {
		ck, probs := check(t, map[string]map[string]string{b: {"Quyết định": "Hợp nhất", "Hợp nhất vào": a}})
		if ck != nil || !strings.Contains(probs, "itself decided to retire") {
			t.Fatalf("%+v %s", ck, probs)
		}
	})
}
