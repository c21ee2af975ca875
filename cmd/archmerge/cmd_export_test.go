package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/workspace"
)

// countExchangeElements counts the elements of an exchange file.
func countExchangeElements(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("<element identifier="))
}

// countArchiElements counts the element rows of an archi export (the model
// row is not an element).
func countArchiElements(t *testing.T, dir string) (int, bool) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "elements.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n, model := 0, false
	for _, r := range rows[1:] {
		if r[1] == "ArchimateModel" {
			model = true
			continue
		}
		n++
	}
	return n, model
}

// The demo's export holds exactly the elements its summary counts after
// consolidation, nationally and for one province, in both ArchiMate
// formats.
func TestDemoExportCountsAsSummary(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"--format", "json", "demo", "--out", dir, "--scale", "0.02"}, strings.NewReader(""), &out, &errb)
	if code != ExitOK {
		t.Fatalf("demo: exit %d\n%s", code, errb.String())
	}
	var res workspace.BatchResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("demo JSON: %v\n%s", err, out.String())
	}
	after, after08 := 0, -1
	for _, p := range res.Provinces {
		after += p.ElementsAfter
		if p.Code == "08" {
			after08 = p.ElementsAfter
		}
	}
	if after == 0 || after08 <= 0 {
		t.Fatalf("summary: %d elements after consolidation, %d in 08", after, after08)
	}
	db := filepath.Join(dir, "archmerge.db")
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"national", nil, after},
		{"one province", []string{"--province", "Tuyên Quang"}, after08},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := filepath.Join(t.TempDir(), "x")
			if code, _, stderr := run(t, "", append([]string{"--db", db, "export", "--format", "archimate", "--out", x}, tc.args...)...); code != ExitOK {
				t.Fatalf("export archimate: exit %d\n%s", code, stderr)
			}
			if n := countExchangeElements(t, filepath.Join(x, "architecture.xml")); n != tc.want {
				t.Errorf("archimate: %d elements, the summary counts %d", n, tc.want)
			}
			c := filepath.Join(t.TempDir(), "c")
			code, _, stderr := run(t, "", append([]string{"--db", db, "export", "--format", "archi", "--out", c}, tc.args...)...)
			if code != ExitOK {
				t.Fatalf("export archi: exit %d\n%s", code, stderr)
			}
			n, model := countArchiElements(t, c)
			if n != tc.want || model {
				t.Errorf("archi: %d elements (model row: %v), the summary counts %d", n, model, tc.want)
			}
			if !strings.Contains(stderr, lang.Number(int64(tc.want), lang.VI)+" phần tử") {
				t.Errorf("the command does not say how many elements it wrote:\n%s", stderr)
			}
		})
	}
}

func TestExportModelNameAndProvince(t *testing.T) {
	_, db := reportWorkspace(t)
	c := filepath.Join(t.TempDir(), "c")
	code, _, stderr := run(t, "", "--db", db, "export", "--format", "archi", "--out", c, "--model-name", "Kiến trúc Tuyên Quang", "--province", "08")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, model := countArchiElements(t, c); !model {
		t.Error("--model-name wrote no model row")
	}
	code, _, stderr = run(t, "", "--db", db, "export", "--format", "archi", "--out", t.TempDir(), "--province", "Hà Nội")
	if code != ExitOK || !strings.Contains(stderr, "01") || !strings.Contains(stderr, "chưa có bản kê khai") {
		t.Errorf("a province without inventory: exit %d, no warning naming it\n%s", code, stderr)
	}
	// An exchange file needs an element: Archi refuses one without.
	x := filepath.Join(t.TempDir(), "x")
	code, _, stderr = run(t, "", "--db", db, "export", "--format", "archimate", "--out", x, "--province", "Hà Nội")
	if code != ExitFailed || !strings.Contains(stderr, "không có phần tử nào") {
		t.Errorf("an empty archimate export: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(x, "architecture.xml")); err == nil {
		t.Error("an empty archimate export wrote a file")
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"an old province", []string{"--province", "02"}, "02"},
		{"an unknown province", []string{"--province", "Atlantis"}, "Atlantis"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, "", append([]string{"--db", db, "export", "--format", "archimate", "--out", t.TempDir()}, tc.args...)...)
			if code != ExitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d\n%s", code, stderr)
			}
		})
	}
}
