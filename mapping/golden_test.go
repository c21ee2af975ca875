package mapping

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestLookupGolden keeps the full answers (successors, predecessors,
// relations, clauses, nearest names) of a set of queries in
// testdata/lookup/answers.golden, one JSON object per line; refresh with
// go test ./mapping -run TestLookupGolden -update, and review the diff.
func TestLookupGolden(t *testing.T) {
	ix := builtinT(t).Index()
	queries := []struct {
		q string
		v Vintage
	}{
		{"00001", Old},
		{"xa viet lam, huyen vi xuyen, ha giang", Old},
		{"Huyện Vị Xuyên", Old},
		{"Huyện Bạch Long Vĩ", Old},
		{"Hà Giang", Old},
		{"P.4, Q.3, TP.HCM", Old},
		{"xa viet lamm", Old},
		{"00691", New},
		{"Đặc khu Côn Đảo", New},
		{"1", Old},
	}
	var got bytes.Buffer
	enc := json.NewEncoder(&got)
	enc.SetEscapeHTML(false)
	for _, q := range queries {
		if err := enc.Encode(ix.Resolve(q.q, q.v)); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join("testdata", "lookup", "answers.golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	gl, wl := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("line %d differs:\n got: %s\nwant: %s", i+1, g, w)
		}
	}
}
