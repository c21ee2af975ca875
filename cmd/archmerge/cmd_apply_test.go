package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/reports"
)

// apply of a workbook whose read-only cells were edited, through the
// command line: correctable cells are recorded and printed with their old
// and new values, in the text and the JSON output; the same edits saved
// again by LibreOffice (when installed) read the same; another cell is
// refused with exit 3, naming it; a later import lists what it overrides.
func TestApplyCorrections(t *testing.T) {
	dir, db := reportWorkspace(t)
	out := filepath.Join(dir, "so")
	if code, _, stderr := run(t, "", "--db", db, "report", "--out", out, "--province", "8"); code != ExitOK {
		t.Fatalf("report: %s", stderr)
	}
	book := filepath.Join(out, "08-tuyen-quang.xlsx")
	a, b, _, _ := keysOf(t, book)
	edited := filepath.Join(dir, "edited.xlsx")
	fillWorkbook(t, book, edited, map[string]map[string]string{a: {"Cấp độ ATTT": "cấp độ 4", "Chủ quản": "Sở Nội vụ", "Quyết định": "Nâng cấp, mở rộng"}})

	files := []string{edited}
	if soffice, err := exec.LookPath("soffice"); err == nil {
		lo := filepath.Join(dir, "lo")
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo-profile"), "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", lo, edited)
		if outb, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, outb)
		}
		files = append(files, filepath.Join(lo, "edited.xlsx"))
	} else {
		t.Log("soffice (LibreOffice) is not installed: the copy it saves is not checked")
	}
	for _, f := range files {
		code, stdout, stderr := run(t, "", "--db", db, "--format", "json", "apply", f, "--dry-run")
		var res struct {
			Recorded   []any                `json:"recorded"`
			Amendments []any                `json:"amendments"`
			Changes    []reports.CellChange `json:"changes"`
		}
		if code != ExitOK || json.Unmarshal([]byte(stdout), &res) != nil || len(res.Recorded) != 1 || len(res.Amendments) != 2 || len(res.Changes) != 2 {
			t.Fatalf("dry run of %s: exit %d\n%s%s", f, code, stdout, stderr)
		}
		for _, c := range res.Changes {
			if c.Sheet != "Hệ thống" || c.Key != a || c.Cell == "" || !c.OldKnown || !c.Amendment {
				t.Errorf("%s: change %+v", f, c)
			}
		}
	}
	code, stdout, stderr := run(t, "", "--db", db, "apply", files[len(files)-1], "--by", "Trần Thị B")
	if code != ExitOK || !strings.Contains(stdout, "Đã ghi 1 quyết định và 2 sửa đổi") || !strings.Contains(stdout, `→ "Sở Nội vụ"`) ||
		!strings.Contains(stdout, "cột «Cấp độ ATTT»") || !strings.Contains(stdout, a) {
		t.Fatalf("apply: exit %d\n%s%s", code, stdout, stderr)
	}

	// Another read-only cell: refused, named, nothing recorded.
	bad := filepath.Join(dir, "bad.xlsx")
	fillWorkbook(t, book, bad, map[string]map[string]string{b: {"Nhà cung cấp": "Công ty Không Có Thật", "Chủ quản": "Sở Tài chính"}})
	code, stdout, stderr = run(t, "", "--db", db, "--lang", "en", "apply", bad)
	if code != ExitRejected || !strings.Contains(stderr, "sheet Hệ thống") || !strings.Contains(stderr, "column Nhà cung cấp") ||
		!strings.Contains(stderr, `→ "Công ty Không Có Thật"`) || !strings.Contains(stderr, "no decision or correction was recorded") {
		t.Fatalf("apply of a changed vendor: exit %d\n%s\n%s", code, stderr, stdout)
	}

	// A later import of the same inventories overrides the corrections.
	code, stdout, stderr = run(t, "", "--db", db, "import", "inventory", filepath.Join(dir, "inv"))
	if code != ExitOK || !strings.Contains(stdout, "sửa đổi bị bản kê khai mới thay") || !strings.Contains(stdout, a+" Chủ quản: \"Sở Nội vụ\"") ||
		!strings.Contains(stdout, "2 sửa đổi ghi từ sổ đối soát bị bản kê khai mới thay") {
		t.Errorf("import again: exit %d\n%s%s", code, stdout, stderr)
	}
}
