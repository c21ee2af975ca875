package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateBuiltin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	code, out, errOut := run(t, "", "--db", db, "validate")
	if code != ExitOK || !strings.Contains(out, "Ánh xạ vn2025 hợp lệ") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	code, out, _ = run(t, "", "--db", db, "--format", "json", "validate")
	var rep validateReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitOK || !rep.Valid || len(rep.Problems) != 0 || rep.Counts["old_units"] != 10794 {
		t.Errorf("exit %d, %v: %s", code, err, out)
	}
}
