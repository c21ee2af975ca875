package mapping

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/ndta-vn/archmerge/internal/golden"
)

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
	golden.Check(t, filepath.Join("testdata", "lookup", "answers.golden"), got.Bytes())
}
