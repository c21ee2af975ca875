package reports

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func TestExportFormats(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	a := migrate.Consolidate(p, m)
	if len(a.Elements) == 0 || len(a.Elements) >= len(p.Elements) && len(p.Clusters) > 0 {
		t.Fatalf("%d surviving of %d elements, %d clusters", len(a.Elements), len(p.Elements), len(p.Clusters))
	}
	alive := map[string]bool{}
	for _, e := range a.Elements {
		alive[e.Key] = true
		if e.Treatment == "merge" || e.Treatment == "retire" {
			t.Errorf("%s exported with treatment %s", e.Key, e.Treatment)
		}
	}
	for _, r := range a.Relations {
		if !alive[r.From] || !alive[r.To] {
			t.Errorf("relation %s→%s has an end that does not survive", r.From, r.To)
		}
	}

	t.Run("json", func(t *testing.T) {
		dir := t.TempDir()
		paths, err := Export(dir, "json", p, m)
		if err != nil || len(paths) != 1 {
			t.Fatal(paths, err)
		}
		b, _ := os.ReadFile(paths[0])
		var got struct {
			PlanID   string `json:"plan_id"`
			Elements []struct {
				Key     string `json:"key"`
				NewUnit string `json:"new_unit"`
				Unit    string `json:"unit_code"`
			} `json:"elements"`
			Relations []migrate.ArchRelation `json:"relations"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if got.PlanID != p.ID || len(got.Elements) != len(a.Elements) || got.Elements[0].Unit == "" || got.Elements[0].NewUnit == "" {
			t.Errorf("json: plan %s, %d elements, first %+v", got.PlanID, len(got.Elements), got.Elements[0])
		}
	})
	t.Run("csv", func(t *testing.T) {
		dir := t.TempDir()
		paths, err := Export(dir, "csv", p, m)
		if err != nil || len(paths) != 3 {
			t.Fatal(paths, err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "elements.csv"))
		if !strings.HasPrefix(string(b), "\ufeffkey,new_province,new_unit") {
			t.Errorf("elements.csv starts %q", string(b[:40]))
		}
		rows := readCSV(t, filepath.Join(dir, "elements.csv"))
		if len(rows)-1 != len(a.Elements) {
			t.Errorf("%d element rows, want %d", len(rows)-1, len(a.Elements))
		}
		if rows[1][1] != "08" {
			t.Errorf("new province %q, want 08 as text", rows[1][1])
		}
	})
	t.Run("archi", func(t *testing.T) {
		dir := t.TempDir()
		paths, err := Export(dir, "archi", p, m)
		if err != nil || len(paths) != 3 {
			t.Fatal(paths, err)
		}
		validID := regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)
		elementTypes := map[string]bool{"ApplicationComponent": true, "DataObject": true, "Node": true, "Facility": true, "CommunicationNetwork": true,
			"TechnologyService": true, "ApplicationService": true, "ApplicationInterface": true}
		els := readCSV(t, filepath.Join(dir, "elements.csv"))
		if !slices.Equal(els[0], []string{"ID", "Type", "Name", "Documentation", "Specialization"}) {
			t.Fatalf("elements header %q", els[0])
		}
		ids := map[string]string{}
		for _, r := range els[1:] {
			if len(r) != 5 || !validID.MatchString(r[0]) || ids[r[0]] != "" {
				t.Fatalf("element row %q: bad or repeated id", r)
			}
			if r[1] != "ArchimateModel" && !elementTypes[r[1]] {
				t.Fatalf("element type %q", r[1])
			}
			ids[r[0]] = r[1]
		}
		rels := readCSV(t, filepath.Join(dir, "relations.csv"))
		if !slices.Equal(rels[0], []string{"ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization"}) {
			t.Fatalf("relations header %q", rels[0])
		}
		for _, r := range rels[1:] {
			if !validID.MatchString(r[0]) || ids[r[0]] != "" {
				t.Fatalf("relation id %q", r[0])
			}
			src, dst := ids[r[4]], ids[r[5]]
			if src == "" || dst == "" {
				t.Fatalf("relation %q: unknown end", r)
			}
			// Archi's rules: a data object is only accessed or associated.
			if (src == "DataObject" || dst == "DataObject") && r[1] != "AccessRelationship" && r[1] != "AssociationRelationship" {
				t.Errorf("relation %q between %s and %s", r[1], src, dst)
			}
			if r[1] == "AccessRelationship" && dst != "DataObject" {
				t.Errorf("access to a %s", dst)
			}
			ids[r[0]] = r[1]
		}
		props := readCSV(t, filepath.Join(dir, "properties.csv"))
		for _, r := range props[1:] {
			if ids[r[0]] == "" {
				t.Fatalf("property of unknown id %q", r[0])
			}
		}
	})
	t.Run("unknown format", func(t *testing.T) {
		if _, err := Export(t.TempDir(), "xml", p, m); err == nil {
			t.Error("xml accepted")
		}
	})
}

func TestArchiID(t *testing.T) {
	seen := map[string]string{}
	for _, k := range []string{"08/KTTTHC", "08/KTT.THC", "08/KTT_THC", "08/KTT_2eTHC", "08/Hệ thống", "08/a b", "08/a_20b"} {
		id := ArchiID("e-", k)
		if !regexp.MustCompile(`^[a-zA-Z0-9._-]+$`).MatchString(id) {
			t.Errorf("ArchiID(%q) = %q: not accepted by Archi", k, id)
		}
		if prev, dup := seen[id]; dup {
			t.Errorf("ArchiID(%q) = ArchiID(%q) = %q", k, prev, id)
		}
		seen[id] = k
	}
}

func TestArchiRelation(t *testing.T) {
	for _, tc := range []struct {
		kind, from, to, want string
		rev                  bool
	}{
		{"integrates", "ApplicationComponent", "ApplicationComponent", "FlowRelationship", false},
		{"integrates", "ApplicationComponent", "DataObject", "AccessRelationship", false},
		{"integrates", "DataObject", "ApplicationComponent", "AssociationRelationship", false},
		{"uses", "ApplicationComponent", "ApplicationService", "ServingRelationship", true},
		{"hosted_on", "ApplicationComponent", "Node", "ServingRelationship", true},
		{"hosted_on", "DataObject", "Node", "AssociationRelationship", false},
		{"other", "Node", "Facility", "AssociationRelationship", false},
	} {
		got, rev := ArchiRelation(tc.kind, tc.from, tc.to)
		if got != tc.want || rev != tc.rev {
			t.Errorf("ArchiRelation(%s, %s, %s) = %s, %v; want %s, %v", tc.kind, tc.from, tc.to, got, rev, tc.want, tc.rev)
		}
	}
	for _, k := range inventory.Kinds {
		if ArchiType(k) == "" {
			t.Errorf("kind %s has no ArchiMate type", k)
		}
	}
}

func TestSpreadsheetSafe(t *testing.T) {
	for in, want := range map[string]string{`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`, "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\t1": "'\t1", "08": "08", "": ""} {
		if got := spreadsheetSafe(in); got != want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
