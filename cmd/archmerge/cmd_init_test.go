package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/workspace"
)

func TestInit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sub", "ws.db")
	code, out, errOut := run(t, "", "--db", db, "init")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Đã tạo kho dữ liệu", "ws.db", "vn2025", "10794 đơn vị cũ, 3355 đơn vị mới, 10634 dòng ánh xạ"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "", "--db", db, "--format", "json", "init")
	var rep workspace.InitResult
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitOK {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if rep.Created || rep.Mapping.Name != "vn2025" || rep.Mapping.Source != "builtin" || rep.ID == "" || rep.Counts["links"] != 10634 {
		t.Errorf("second init: %+v", rep)
	}
	code, out, _ = run(t, "", "--db", db, "--lang", "en", "init")
	if code != ExitOK || !strings.Contains(out, "already exists; nothing changed") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
