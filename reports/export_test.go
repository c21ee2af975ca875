package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
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
		ex, err := Export(dir, ExportOptions{Format: "json"}, p, m)
		if err != nil || len(ex.Files) != 1 {
			t.Fatal(ex, err)
		}
		b, _ := os.ReadFile(ex.Files[0])
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
		ex, err := Export(dir, ExportOptions{Format: "csv"}, p, m)
		if err != nil || len(ex.Files) != 3 {
			t.Fatal(ex, err)
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
		ex, err := Export(dir, ExportOptions{Format: "archi"}, p, m)
		if err != nil || len(ex.Files) != 3 {
			t.Fatal(ex, err)
		}
		doc := readArchi(t, dir)
		if len(doc.elements) != len(a.Elements) || len(doc.relations) != len(a.Relations) {
			t.Errorf("%d elements, %d relations; the architecture has %d, %d", len(doc.elements), len(doc.relations), len(a.Elements), len(a.Relations))
		}
		if doc.model != "" {
			t.Errorf("a model row (%q) without --model-name: importing would rename the model", doc.model)
		}
	})
	t.Run("unknown format", func(t *testing.T) {
		if _, err := Export(t.TempDir(), ExportOptions{Format: "xml"}, p, m); err == nil {
			t.Error("xml accepted")
		}
	})
}

func TestArchiID(t *testing.T) {
	seen := map[string]string{}
	for _, k := range []string{"08/KTTTHC", "08/KTT.THC", "08/KTT_THC", "08/KTT_2eTHC", "08/Hệ thống", "08/a b", "08/a_20b"} {
		id := ElementID(k)
		if !archiIDPattern.MatchString(id) || !ncName.MatchString(id) {
			t.Errorf("ElementID(%q) = %q: not accepted by Archi or not an XML ID", k, id)
		}
		if prev, dup := seen[id]; dup {
			t.Errorf("ElementID(%q) = ElementID(%q) = %q", k, prev, id)
		}
		seen[id] = k
	}
}

func TestArchiRelation(t *testing.T) {
	for _, tc := range []struct {
		name, kind, from, to string
		want                 Relationship
	}{
		{"integration between applications is a flow", "integrates", "ApplicationComponent", "ApplicationComponent", Relationship{Type: "Flow"}},
		{"integration into data writes it", "integrates", "ApplicationComponent", "DataObject", Relationship{Type: "Access", Access: "Write"}},
		{"integration from data is read by the other end", "integrates", "DataObject", "ApplicationComponent", Relationship{Type: "Access", Reverse: true, Access: "Read"}},
		{"integration between data objects is a directed association", "integrates", "DataObject", "DataObject", Relationship{Type: "Association", Directed: true}},
		{"what is used serves its user", "uses", "ApplicationComponent", "ApplicationService", Relationship{Type: "Serving", Reverse: true}},
		{"data used is read", "uses", "ApplicationComponent", "DataObject", Relationship{Type: "Access", Access: "Read"}},
		{"data that uses is associated", "uses", "DataObject", "ApplicationComponent", Relationship{Type: "Association", Directed: true}},
		{"a host serves what runs on it", "hosted_on", "ApplicationComponent", "Node", Relationship{Type: "Serving", Reverse: true}},
		{"a data centre serves its hosts", "hosted_on", "Node", "Facility", Relationship{Type: "Serving", Reverse: true}},
		{"data is associated with its host", "hosted_on", "DataObject", "Node", Relationship{Type: "Association", Directed: true}},
		{"an unknown kind is an undirected association", "other", "Node", "Facility", Relationship{Type: "Association"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ArchiRelation(tc.kind, tc.from, tc.to); got != tc.want {
				t.Errorf("ArchiRelation(%s, %s, %s) = %+v; want %+v", tc.kind, tc.from, tc.to, got, tc.want)
			}
		})
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

// The architecture written an element at a time is, byte for byte, what
// encoding/json writes of it in one piece; and every field of the struct
// is written (a field added to migrate.Architecture must be added there).
func TestArchitectureJSONAsEncodingJSON(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	full := migrate.Consolidate(p, m)
	empty := &migrate.Architecture{PlanID: "P<&>", Elements: []migrate.ArchElement{}}
	for name, a := range map[string]*migrate.Architecture{"province": full, "empty and nil lists": empty} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", " ")
		if err := enc.Encode(a); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeArchitectureJSON(&got, a); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			g, w := got.String(), want.String()
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			t.Errorf("%s: differs at byte %d: got %q, want %q", name, i, g[max(0, i-80):min(len(g), i+80)], w[max(0, i-80):min(len(w), i+80)])
		}
	}
	if n := reflect.TypeOf(migrate.Architecture{}).NumField(); n != 10 {
		t.Errorf("migrate.Architecture has %d fields: writeArchitectureJSON writes 10", n)
	}
}
