package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/workspace"
)

func TestValidateBuiltin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	code, out, errOut := run(t, "", "--db", db, "validate")
	if code != ExitOK || !strings.Contains(out, "Ánh xạ vn2025 hợp lệ") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	code, out, _ = run(t, "", "--db", db, "--format", "json", "validate")
	var rep workspace.ValidateResult
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitOK || !rep.Valid || len(rep.Problems) != 0 || rep.Counts["old_units"] != 10794 {
		t.Errorf("exit %d, %v: %s", code, err, out)
	}
}

func TestValidateChecksStoredInventories(t *testing.T) {
	db, dir := newWorkspace(t)
	good := writeFiles(t, filepath.Join(dir, "02-ha-giang"), tiGood)
	if code, _, stderr := run(t, "", "--db", db, "import", "inventory", good); code != ExitOK {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	code, out, stderr := run(t, "", "--db", db, "--format", "json", "validate")
	if code != ExitOK {
		t.Fatalf("validate: exit %d\n%s%s", code, out, stderr)
	}
	var rep workspace.ValidateResult
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	// 024/PORTAL → 01/LGSP points at an element no inventory declares: a
	// warning naming the relations file and its line, not an error.
	found := false
	for _, p := range rep.Problems {
		if p.Value == "01/LGSP" && p.Warning && p.Pos.Line == 4 && strings.HasSuffix(p.Pos.File, "relations.csv") {
			found = true
		}
	}
	if !rep.Valid || !found {
		t.Errorf("want a valid report with a dangling-endpoint warning at relations.csv line 4: %+v", rep)
	}
}
