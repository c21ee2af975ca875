package inventory_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/ndta-vn/archmerge/fixtures"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
)

// collected is what ReadPathsTo handed over, checked batch by batch against
// the contract: rows come from files and units announced in their batch or
// an earlier one, and every unit is announced once.
type collected struct {
	t         *testing.T
	batches   int
	files     map[string]bool
	units     map[string]bool
	elements  []inventory.Element
	relations []inventory.Relation
}

func (c *collected) emit(b inventory.Batch) error {
	c.batches++
	for _, f := range b.Files {
		if c.files[f.Path+" "+f.SHA256] {
			c.t.Errorf("file %s announced twice", f.Path)
		}
		c.files[f.Path+" "+f.SHA256] = true
	}
	for _, u := range b.Units {
		if c.units[u] {
			c.t.Errorf("unit %s announced twice", u)
		}
		c.units[u] = true
	}
	for _, e := range b.Elements {
		if !c.files[e.Source.File+" "+e.Source.SHA256] || !c.units[e.Unit] {
			c.t.Errorf("element %s before its file or unit", e.Key())
		}
	}
	for _, r := range b.Relations {
		if !c.files[r.Source.File+" "+r.Source.SHA256] || !c.units[r.Owner] {
			c.t.Errorf("relation at %s before its file or owner", r.Source.Pos)
		}
	}
	// The slices are reused: keep copies.
	c.elements = append(c.elements, b.Elements...)
	c.relations = append(c.relations, b.Relations...)
	return nil
}

// readTo reads paths with ReadPathsTo and with ReadPaths: what was emitted,
// and the whole result ReadPaths gives (whose files, warnings and problems
// ReadPathsTo's result must have).
func readTo(t *testing.T, m *mapping.Mapping, known func(string) bool, paths ...string) (*inventory.Result, *collected) {
	t.Helper()
	c := &collected{t: t, files: map[string]bool{}, units: map[string]bool{}}
	res, err := inventory.ReadPathsTo(context.Background(), paths, m, known, c.emit)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Elements) > 0 || len(res.Relations) > 0 {
		t.Errorf("ReadPathsTo's result holds %d elements and %d relations, want none", len(res.Elements), len(res.Relations))
	}
	whole, err := inventory.ReadPaths(context.Background(), paths, m, known)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(whole.Files, res.Files) || !reflect.DeepEqual(whole.Warnings, res.Warnings) || !reflect.DeepEqual(whole.Problems, res.Problems) {
		t.Errorf("ReadPathsTo and ReadPaths report different files, warnings or problems")
	}
	return whole, c
}

func sortedElements(es []inventory.Element) []inventory.Element {
	out := append([]inventory.Element(nil), es...)
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out
}

// sortedRelations sorts by every field: rows of a one-line JSON file share
// their position.
func sortedRelations(rs []inventory.Relation) []inventory.Relation {
	out := append([]inventory.Relation(nil), rs...)
	key := func(r inventory.Relation) string { return fmt.Sprintf("%+v", r) }
	sort.Slice(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
	return out
}

// sameRows fails unless the batches held exactly the rows of the result.
func sameRows(t *testing.T, res *inventory.Result, c *collected) {
	t.Helper()
	if got, want := sortedElements(c.elements), sortedElements(res.Elements); !reflect.DeepEqual(got, want) {
		t.Errorf("emitted %d elements, the result has %d, or their values differ", len(got), len(want))
		for i := range min(len(got), len(want)) {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("first difference: emitted %+v\nresult %+v", got[i], want[i])
				break
			}
		}
	}
	if got, want := sortedRelations(c.relations), sortedRelations(res.Relations); !reflect.DeepEqual(got, want) {
		t.Errorf("emitted %d relations, the result has %d, or their values differ", len(got), len(want))
	}
	if len(c.units) != len(res.Units()) {
		t.Errorf("%d units announced, the result declares %d", len(c.units), len(res.Units()))
	}
}

func TestReadPathsToEmitsTheResultOnFixtures(t *testing.T) {
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Three provinces whose inventories reference each other, and the
	// defects of real ones (dangling references, numbers for codes).
	if _, err := fixtures.Write(context.Background(), dir, m, fixtures.Options{Seed: 7, Scale: 0.3, Provinces: []string{"01", "02", "79"}}); err != nil {
		t.Fatal(err)
	}
	res, c := readTo(t, m, nil, dir)
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems[0])
	}
	if len(res.Elements) < 500 || len(res.Relations) < 200 {
		t.Fatalf("too small to test: %d elements, %d relations", len(res.Elements), len(res.Relations))
	}
	sameRows(t, res, c)
	// Most rows go out before every file is read: that is the point.
	if c.batches < 2 {
		t.Errorf("%d batches", c.batches)
	}
}

// References that only a later file settles: held back, then emitted with
// their final values.
func TestReadPathsToHoldsBackWhatALaterFileSettles(t *testing.T) {
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// a.json comes first: its hosted_on and relations name elements that
	// b.json (read after it) declares, with a code written as a number.
	write("a.json", `{"elements": [
		{"id": "APP", "unit_code": "02", "kind": "application", "name": "A", "hosted_on": "HOST"},
		{"id": "APP2", "unit_code": "02", "kind": "application", "name": "A2", "hosted_on": "01/DC"},
		{"id": "APP3", "unit_code": "02", "kind": "application", "name": "A3", "hosted_on": "APP"}],
	 "relations": [
		{"from": "APP", "to": "01/LGSP", "kind": "integrates", "via": "lgsp"},
		{"from": "APP", "to": "1/LGSP", "kind": "integrates"},
		{"from": "APP", "to": "01/NOWHERE", "kind": "integrates"},
		{"from": "APP", "to": "APP2", "kind": "uses"}]}`)
	write("b.json", `{"elements": [
		{"id": "HOST", "unit_code": "02", "kind": "host", "name": "H"},
		{"id": "LGSP", "unit_code": "01", "kind": "platform", "name": "LGSP"},
		{"id": "DC", "unit_code": "01", "kind": "datacentre", "name": "DC"}]}`)
	known := func(k string) bool { return k == "01/NOWHERE" }
	res, c := readTo(t, m, known, dir)
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	sameRows(t, res, c)
	byKey := map[string]inventory.Element{}
	for _, e := range res.Elements {
		byKey[e.Key()] = e
	}
	if byKey["02/APP"].HostedOn != "02/HOST" || byKey["02/APP3"].HostedOn != "02/APP" {
		t.Errorf("hosted_on: %q, %q", byKey["02/APP"].HostedOn, byKey["02/APP3"].HostedOn)
	}
	for _, r := range res.Relations {
		// 01 is declared by b.json, so the workspace's 01/NOWHERE no
		// longer counts.
		if r.To == "01/NOWHERE" && r.ToOK || r.To == "01/LGSP" && !r.ToOK {
			t.Errorf("relation %+v", r)
		}
	}
}

func TestReadPathsToStopsAtTheFirstProblem(t *testing.T) {
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{"elements": [{"id": "X", "unit_code": "02", "kind": "api", "name": "A"}]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "b.json"), []byte(`{"elements": [{"id": "X", "unit_code": "02", "kind": "api", "name": "B"}]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "c.json"), []byte(`{"elements": [{"id": "Y", "unit_code": "04", "kind": "api", "name": "C"}]}`), 0o644)
	res, c := readTo(t, m, nil, dir)
	if len(res.Problems) != 1 {
		t.Fatalf("problems %v", res.Problems)
	}
	// a.json went out before b.json's duplicate was found; nothing after.
	if c.batches != 1 || len(c.elements) != 1 || c.units["04"] {
		t.Errorf("%d batches, %d elements, units %v", c.batches, len(c.elements), c.units)
	}
	// A problem in the paths themselves: nothing at all.
	_, c = readTo(t, m, nil, dir, filepath.Join(dir, "missing.json"))
	if c.batches != 0 {
		t.Errorf("%d batches for a rejected read", c.batches)
	}
}

func TestReadPathsToReturnsTheEmitError(t *testing.T) {
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i := range 6 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.json", i)), []byte(fmt.Sprintf(`{"elements": [{"id": "X%d", "unit_code": "02", "kind": "api", "name": "A"}]}`, i)), 0o644)
	}
	full := errors.New("disk full")
	calls := 0
	_, err = inventory.ReadPathsTo(context.Background(), []string{dir}, m, nil, func(inventory.Batch) error {
		calls++
		return full
	})
	if !errors.Is(err, full) || calls != 1 {
		t.Errorf("err %v after %d calls", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := inventory.ReadPathsTo(ctx, []string{dir}, m, nil, func(inventory.Batch) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled read: %v", err)
	}
}

// Random small inventories over a few units and ids, with references of
// every form (bare ids, unit_code/id declared earlier, later or nowhere,
// codes written as numbers, unknown units), files splitting units, with and
// without a mapping and workspace keys: the batches always hold exactly
// the rows ReadPaths returns. (20,000 seeds ran clean when this was
// written; the suite runs fewer.)
func TestReadPathsToRandomInventories(t *testing.T) {
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	units := []string{"01", "02", "024", "04", "2", "4", "79", "00688", "688"}
	ids := []string{"A", "B", "C", "D", "E", "F"}
	ref := func(r *rand.Rand) string {
		switch r.IntN(4) {
		case 0:
			return ids[r.IntN(len(ids))]
		case 1, 2:
			return append(units, "1", "24", "")[r.IntN(len(units)+3)] + "/" + ids[r.IntN(len(ids))]
		}
		return "99/" + ids[r.IntN(len(ids))]
	}
	clean := 0
	for seed := range uint64(800) {
		r := rand.New(rand.NewPCG(seed, 7))
		dir := t.TempDir()
		used := map[string]bool{}
		for f := range 2 + r.IntN(3) {
			var els, rels []map[string]string
			var fileUnits []string
			for range 1 + r.IntN(2) {
				fileUnits = append(fileUnits, units[r.IntN(len(units))])
			}
			for range 1 + r.IntN(5) {
				u, id := fileUnits[r.IntN(len(fileUnits))], ids[r.IntN(len(ids))]
				if used[u+"/"+id] && r.IntN(10) > 0 {
					continue // now and then a duplicate, to be refused
				}
				used[u+"/"+id] = true
				e := map[string]string{"id": id, "unit_code": u, "kind": "application", "name": "n"}
				if r.IntN(2) == 0 {
					e["hosted_on"] = ref(r)
				}
				els = append(els, e)
			}
			for range r.IntN(5) {
				rels = append(rels, map[string]string{"from": ref(r), "to": ref(r), "kind": "uses"})
			}
			b, _ := json.Marshal(map[string]any{"elements": els, "relations": rels})
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.json", f)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		workspace := map[string]bool{}
		for _, u := range []string{"01", "02", "024", "04"} {
			for _, id := range ids {
				workspace[u+"/"+id] = r.IntN(3) == 0
			}
		}
		known := func(k string) bool { return workspace[k] }
		mm := m
		if seed%3 == 0 {
			mm = nil
		}
		if seed%5 == 0 {
			known = nil
		}
		whole, c := readTo(t, mm, known, dir)
		if len(whole.Problems) == 0 {
			clean++
			sameRows(t, whole, c)
		}
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
	if clean < 150 {
		t.Errorf("only %d of the random inventories were clean", clean)
	}
}
