// Package golden compares test output with golden files under a package's
// testdata folder, and rewrites them when the tests run with -update:
//
//	go test ./migrate -update
//
// Review the diff of the rewritten files before committing them.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// update is the -update flag of every test binary that imports golden.
var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Check compares got with the golden file at path (relative to the test's
// package folder, e.g. testdata/case/plan.json); with -update it writes got
// there instead.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (go test -update rewrites it; review the diff):\n%s", path, Diff(string(want), string(got)))
	}
}

// Diff lists the first lines that differ between want and got, for
// readable failures.
func Diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(w), len(g)) && n < 10; i++ {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n-\t" + x + "\n+\t" + y + "\n")
			n++
		}
	}
	return b.String()
}
