package workspace

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/reports"
)

const dashboardElements = "id,unit_code,kind,name,function_code,owner,security_level,security_decision,status,admin_code_fields,code_vintage\n" +
	"QLVB,08,application,Hệ thống quản lý văn bản Tuyên Quang,QLVBDH,Sở KH&CN,3,QĐ 1/2024,active,,\n" +
	"QLVB,02,application,Hệ thống quản lý văn bản Hà Giang,QLVBDH,Sở TT&TT,3,QĐ 2/2024,active,,\n" +
	"DL_DAT,02,dataset,CSDL đất đai Hà Giang,DAT_DAI,Sở TN&MT,,,active,ma_xa,pre2025\n" +
	"CONG,01,portal,Cổng dịch vụ công Hà Nội,CONG_DVC,VP UBND,3,QĐ 3/2024,active,,\n" +
	"CONG,48,portal,Cổng dịch vụ công Đà Nẵng,CONG_DVC,VP UBND,3,QĐ 4/2024,active,,\n"

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A batch writes the dashboard beside the workbooks, and a rerun writes
// only what is missing or stale: a page deleted since is written again
// while its unchanged workbook is skipped.
func TestBatchWritesTheDashboard(t *testing.T) {
	ctx := context.Background()
	inv := writeInventory(t, dashboardElements, "from,to,kind\n")
	dir := t.TempDir()
	out := filepath.Join(dir, "reports")
	dash := filepath.Join(out, reports.DashboardFolder)
	w := New(filepath.Join(dir, "ws.db"), "vi", "test")
	defer w.Close()
	o := BatchOptions{Paths: []string{inv}, Out: out, Jobs: 2, AsOf: "2026-06-01"}
	res, err := w.Batch(ctx, o, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Dashboard != filepath.Join(dash, reports.DashboardIndex) {
		t.Errorf("dashboard %q, want %s", res.Dashboard, filepath.Join(dash, reports.DashboardIndex))
	}
	pages := map[string]string{"01": "01-ha-noi.html", "08": "08-tuyen-quang.html", "48": "48-da-nang.html"}
	index := readFile(t, res.Dashboard)
	for code, name := range pages {
		page := readFile(t, filepath.Join(dash, name))
		book := strings.TrimSuffix(name, ".html") + ".xlsx"
		if !strings.Contains(page, `href="../`+book+`"`) {
			t.Errorf("%s does not link its workbook ../%s", name, book)
		}
		if !strings.Contains(index, `href="`+name+`"`) {
			t.Errorf("the national page does not link %s (%s)", name, code)
		}
	}
	if !strings.Contains(index, `href="../national-summary.xlsx"`) {
		t.Error("the national page does not link the national summary")
	}

	t.Run("a rerun rewrites nothing", func(t *testing.T) {
		before, err := os.Stat(filepath.Join(dash, pages["08"]))
		if err != nil {
			t.Fatal(err)
		}
		res, err := w.Batch(ctx, o, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Written) != 0 {
			t.Errorf("rerun wrote %v", res.Written)
		}
		after, err := os.Stat(filepath.Join(dash, pages["08"]))
		if err != nil || !after.ModTime().Equal(before.ModTime()) {
			t.Errorf("the page of 08 was written again (%v)", err)
		}
	})
	t.Run("a deleted page is written again, its workbook skipped", func(t *testing.T) {
		if err := os.Remove(filepath.Join(dash, pages["08"])); err != nil {
			t.Fatal(err)
		}
		res, err := w.Batch(ctx, o, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Written) != 0 || !slices.Contains(res.Skipped, "08") {
			t.Errorf("written %v, skipped %v: want the workbook of 08 skipped", res.Written, res.Skipped)
		}
		if _, err := os.Stat(filepath.Join(dash, pages["08"])); err != nil {
			t.Errorf("the page was not written again: %v", err)
		}
	})
}

func TestDashboardWorkflow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "ws.db")
	w := New(db, "en", "test")
	defer w.Close()
	t.Run("no workspace", func(t *testing.T) {
		_, err := w.Dashboard(ctx, DashboardOptions{Out: filepath.Join(dir, "d0")})
		if err == nil || !strings.Contains(err.Error(), "no workspace") {
			t.Errorf("error %v, want one saying there is no workspace", err)
		}
	})
	if _, err := w.Init(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("no inventory", func(t *testing.T) {
		_, err := w.Dashboard(ctx, DashboardOptions{Out: filepath.Join(dir, "d1")})
		if err == nil || !strings.Contains(err.Error(), "no inventory yet") {
			t.Errorf("error %v, want one saying there is no inventory", err)
		}
		if _, serr := os.Stat(filepath.Join(dir, "d1")); serr == nil {
			t.Error("the folder was made although nothing was written")
		}
	})
	inv := writeInventory(t, dashboardElements, "from,to,kind\n")
	if _, err := w.ImportInventory(ctx, ImportOptions{Paths: []string{inv}}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "pages")
	res, err := w.Dashboard(ctx, DashboardOptions{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 4 || res.Files[0] != res.Index {
		t.Errorf("files %v: want the national page first and one page per province (3)", res.Files)
	}
	index := readFile(t, res.Index)
	for _, want := range []string{`<html lang="en">`, "No inventory yet:", "04 Tỉnh Cao Bằng"} {
		if !strings.Contains(index, want) {
			t.Errorf("the national page lacks %q", want)
		}
	}
	page := readFile(t, filepath.Join(out, "08-tuyen-quang.html"))
	if !strings.Contains(page, "not beside this page") || strings.Contains(page, `class="workbook"`) {
		t.Error("with no workbook written, the page of 08 should say so and link none")
	}
	// The plan the pages show is the workspace's current one.
	st, err := w.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Stored || st.PlanID != res.PlanID {
		t.Errorf("status: plan %s (stored %v), the pages show %s", st.PlanID, st.Stored, res.PlanID)
	}
}
