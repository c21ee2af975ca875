package workspace

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/store"
)

// An element that interconnects with no security level, owner or status:
// SECURITY_LEVEL_MISSING and MISSING_REQUIRED are raised on it.
const amendElements = "id,unit_code,kind,name,function_code,owner,hosting,security_level,security_decision,status\n" +
	"QLVB,08,application,Hệ thống quản lý văn bản Tuyên Quang,QLVBDH,,provincial_dc,,,\n" +
	"LGSP,08,platform,Nền tảng tích hợp tỉnh,LGSP,Sở KH&CN,provincial_dc,3,QĐ 1/2024,active\n"

const amendRelations = "from,to,kind,via\nQLVB,LGSP,integrates,lgsp\n"

// openFlags returns the codes of the open flags on an element.
func openFlags(p *migrate.Plan, key string) []string {
	var out []string
	for _, f := range p.Flags {
		if !f.Resolved && slices.Contains(f.Elements, key) {
			out = append(out, f.Code)
		}
	}
	return out
}

// cellOf returns the cell of a workbook's Systems sheet in the row of key
// and the column of header.
func cellOf(t *testing.T, path, key, header string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Hệ thống")
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], header)
	for _, r := range rows {
		if r[0] == key && col >= 0 {
			if col < len(r) {
				return r[col]
			}
			return ""
		}
	}
	t.Fatalf("no %s × %s in %s", key, header, path)
	return ""
}

// A person types the missing attributes of an element into the Systems
// sheet: apply records them as amendments, the next plan takes them (the
// flags they raised are settled), status sees them, the next report shows
// them, and a later import of the same inventory overrides them, saying
// so; applying the workbook again records them again.
func TestAmendmentsThroughTheWorkspace(t *testing.T) {
	ctx := context.Background()
	inv := writeInventory(t, amendElements, amendRelations)
	dir := t.TempDir()
	w := New(filepath.Join(dir, "ws.db"), "vi", "test")
	defer w.Close()
	if _, err := w.ImportInventory(ctx, ImportOptions{Paths: []string{inv}}); err != nil {
		t.Fatal(err)
	}
	rep, err := w.Report(ctx, ReportOptions{Out: filepath.Join(dir, "r1"), Provinces: []string{"08"}, AsOf: "2026-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	st0, err := w.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	filled := filepath.Join(dir, "filled.xlsx")
	fill(t, rep.Files[0], filled, map[string]map[string]string{"08/QLVB": {
		"Cấp độ ATTT": "cấp độ 2", "Quyết định cấp độ": "QĐ 77/QĐ-UBND", "Chủ quản": "Văn phòng UBND tỉnh", "Trạng thái": "Đang hoạt động",
	}})
	res, err := w.Apply(ctx, ApplyOptions{Files: []string{filled}, By: "Nguyễn Văn A"})
	if err != nil {
		t.Fatalf("apply: %v %v", err, res)
	}
	if len(res.Amendments) != 4 || len(res.Changes) != 4 || len(res.Recorded) != 0 {
		t.Fatalf("amendments %+v, changes %+v, decisions %+v", res.Amendments, res.Changes, res.Recorded)
	}
	for _, a := range res.Amendments {
		if a.By != "Nguyễn Văn A" || a.At == "" || !filepath.IsAbs(a.File) || len(a.SHA256) != 64 || a.Cell == "" {
			t.Errorf("amendment provenance %+v", a)
		}
	}
	var settled []string
	for _, f := range res.Settled {
		settled = append(settled, f.Code)
	}
	if !slices.Contains(settled, "SECURITY_LEVEL_MISSING") || !slices.Contains(settled, "MISSING_REQUIRED") {
		t.Errorf("settled %v, want SECURITY_LEVEL_MISSING and MISSING_REQUIRED", settled)
	}
	// The next plan takes them; status sees it.
	plan, err := w.Plan(ctx, PlanOptions{Provinces: []string{"08"}, AsOf: "2026-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	if open := openFlags(plan.Plan, "08/QLVB"); slices.Contains(open, "SECURITY_LEVEL_MISSING") || slices.Contains(open, "MISSING_REQUIRED") {
		t.Errorf("open flags after the amendments: %v", open)
	}
	st1, err := w.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st1.Totals.Open[migrate.Blocker] >= st0.Totals.Open[migrate.Blocker] {
		t.Errorf("open blockers %d before, %d after", st0.Totals.Open[migrate.Blocker], st1.Totals.Open[migrate.Blocker])
	}
	// The next report shows them, and its rows read as written.
	rep2, err := w.Report(ctx, ReportOptions{Out: filepath.Join(dir, "r2"), Provinces: []string{"08"}})
	if err != nil {
		t.Fatal(err)
	}
	for header, want := range map[string]string{"Cấp độ ATTT": "2", "Quyết định cấp độ": "QĐ 77/QĐ-UBND", "Chủ quản": "Văn phòng UBND tỉnh", "Trạng thái": "Đang hoạt động"} {
		if got := cellOf(t, rep2.Files[0], "08/QLVB", header); got != want {
			t.Errorf("the next report shows %s = %q, want %q", header, got, want)
		}
	}
	again, err := w.Apply(ctx, ApplyOptions{Files: []string{rep2.Files[0], filled}})
	if err != nil || len(again.Amendments) != 0 || len(again.Changes) != 0 {
		t.Errorf("applying the next report and the same file again: %v, %+v", err, again)
	}
	// A later import of the same inventory overrides them and says so.
	imp, err := w.ImportInventory(ctx, ImportOptions{Paths: []string{inv}})
	if err != nil {
		t.Fatal(err)
	}
	var over []string
	for _, u := range imp.Units {
		for _, o := range u.Overridden {
			over = append(over, o.Key+" "+o.Field+" "+o.Value+"→"+o.Imported)
		}
	}
	if want := "08/QLVB owner Văn phòng UBND tỉnh→,08/QLVB security_level 2→,08/QLVB security_decision QĐ 77/QĐ-UBND→,08/QLVB status active→"; strings.Join(over, ",") != want {
		t.Errorf("overridden:\n got %s\nwant %s", strings.Join(over, ","), want)
	}
	plan, err = w.Plan(ctx, PlanOptions{Provinces: []string{"08"}, AsOf: "2026-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(openFlags(plan.Plan, "08/QLVB"), "SECURITY_LEVEL_MISSING") {
		t.Errorf("after the import the level is missing again: open %v", openFlags(plan.Plan, "08/QLVB"))
	}
	// The workbook applied again records them again: its cells still
	// differ from what it was written with.
	res, err = w.Apply(ctx, ApplyOptions{Files: []string{filled}})
	if err != nil || len(res.Amendments) != 4 {
		t.Errorf("the workbook applied after the import: %v, %+v", err, res)
	}
}

// A key or a name changed in the Systems sheet is refused with the cell
// named, and nothing is recorded: neither the decision of the same file
// nor its correctable cells.
func TestRefusedEditRecordsNothing(t *testing.T) {
	ctx := context.Background()
	inv := writeInventory(t, amendElements, amendRelations)
	w, dir, rep := reported(t, inv)
	// Applied in English: the messages are, the workbook's headers not.
	en := New(filepath.Join(dir, "ws.db"), "en", "test")
	defer en.Close()
	bad := filepath.Join(dir, "bad.xlsx")
	fill(t, rep.Files[0], bad, map[string]map[string]string{
		"08/QLVB": {"Cấp độ ATTT": "2", "Quyết định": "Tiếp tục sử dụng"},
		"08/LGSP": {"Tên": "Nền tảng LGSP mới"},
	})
	res, err := en.Apply(ctx, ApplyOptions{Files: []string{bad}})
	if KindOf(err) != Reject || res == nil || len(res.Problems) != 1 {
		t.Fatalf("apply: %v, %+v", err, res)
	}
	if p := res.Problems[0]; p.Column != "Tên" || p.Value != "Nền tảng LGSP mới" || !strings.Contains(p.Message.EN, `changed "Nền tảng tích hợp tỉnh" → "Nền tảng LGSP mới"`) {
		t.Errorf("problem %+v", p)
	}
	if len(res.Changes) != 2 {
		t.Errorf("changes %+v: want the name (refused) and the level (not recorded)", res.Changes)
	}
	st, _ := w.existing(ctx)
	ams, _ := st.Amendments(ctx)
	decs, _ := st.Decisions(ctx)
	if len(ams) != 0 || len(decs) != 0 {
		t.Errorf("recorded %+v %+v", ams, decs)
	}
}

// Two workbooks correct the same cell differently and are applied at once:
// the check and the recording run under the workspace's write lock, so one
// is recorded and the other is refused (the value changed since its
// workbook was written), never both.
func TestConcurrentAmendmentsCannotBothBeRecorded(t *testing.T) {
	ctx := context.Background()
	inv := writeInventory(t, amendElements, amendRelations)
	for round := range 4 {
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			w, dir, rep := reported(t, inv)
			one, two := filepath.Join(dir, "one.xlsx"), filepath.Join(dir, "two.xlsx")
			fill(t, rep.Files[0], one, map[string]map[string]string{"08/QLVB": {"Cấp độ ATTT": "2"}})
			fill(t, rep.Files[0], two, map[string]map[string]string{"08/QLVB": {"Cấp độ ATTT": "3"}})
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, file := range []string{one, two} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					other := New(filepath.Join(dir, "ws.db"), "en", "test")
					defer other.Close()
					_, errs[i] = other.Apply(ctx, ApplyOptions{Files: []string{file}, By: fmt.Sprint("officer ", i)})
				}()
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				if err == nil {
					ok++
				} else if KindOf(err) != Reject {
					t.Fatalf("an apply failed instead of being refused: %v", err)
				}
			}
			st, _ := w.existing(ctx)
			ams, _ := st.Amendments(ctx)
			if ok != 1 || len(ams) != 1 {
				t.Fatalf("%d applies recorded, amendments in force %+v; want exactly one: %v", ok, ams, errs)
			}
		})
	}
}

// status plans again a province corrected since its state was recorded,
// even when nothing planned after the correction (an amendment is a
// change of the plan's inputs, store.ChangesSince).
func TestStatusSeesAnAmendmentRecordedWithoutAPlan(t *testing.T) {
	ctx := context.Background()
	inv := writeInventory(t, amendElements, amendRelations)
	w := New(filepath.Join(t.TempDir(), "ws.db"), "vi", "test")
	defer w.Close()
	if _, err := w.ImportInventory(ctx, ImportOptions{Paths: []string{inv}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Plan(ctx, PlanOptions{AsOf: "2026-06-01"}); err != nil {
		t.Fatal(err)
	}
	before, err := w.Status(ctx)
	if err != nil || !before.Stored {
		t.Fatalf("status %+v, %v", before, err)
	}
	st, _ := w.existing(ctx)
	err = st.Decide(ctx, func(context.Context) (*store.DecisionBatch, error) {
		return &store.DecisionBatch{Amendments: []inventory.Amendment{
			{Key: "08/QLVB", Field: "security_level", Value: "2"}, {Key: "08/QLVB", Field: "security_decision", Value: "QĐ 1"}}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	after, err := w.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Stored || after.Totals.Open[migrate.Blocker] != before.Totals.Open[migrate.Blocker]-1 {
		t.Errorf("status after an amendment: stored %v, open blockers %d (before %d)", after.Stored, after.Totals.Open[migrate.Blocker], before.Totals.Open[migrate.Blocker])
	}
}
