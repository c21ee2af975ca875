package workspace

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/ndta-vn/archmerge/fixtures"
)

// DemoOptions set up the demo.
type DemoOptions struct {
	Out   string  // folder for everything the demo writes
	Scale float64 // size of the generated estate (1 ≈ 70,000 elements)
	Seed  int64
	Jobs  int
}

// DemoDirs are the folders of a demo under its output folder.
func DemoDirs(out string) (inventories, workspace, reports string) {
	return filepath.Join(out, "inventories"), filepath.Join(out, "archmerge.db"), filepath.Join(out, "reports")
}

// Demo generates synthetic inventories for every old unit in the country
// into Out/inventories and runs the national batch on them with the
// workspace Out/archmerge.db, writing the workbooks into Out/reports and
// the dashboard into Out/reports/dashboard (BatchResult.Dashboard).
// Running it again resumes and skips what is unchanged. language and
// version are those of the run.
func Demo(ctx context.Context, o DemoOptions, language, version string, prog Progress) (*BatchResult, error) {
	if o.Scale <= 0 || o.Scale > 100 {
		return nil, Usage(fmt.Errorf("--scale %g: %s", o.Scale, New("", language, "").t("cần một số lớn hơn 0 và không quá 100", "expected a number above 0 and at most 100")))
	}
	invDir, db, out := DemoDirs(o.Out)
	w := New(db, language, version)
	defer w.Close()
	m, err := w.Mapping(ctx)
	if err != nil {
		return nil, err
	}
	prog = orQuiet(prog)
	prog.Stage(w.tf("Sinh bản kê khai giả lập cho %d đơn vị cũ (tỉ lệ %g) vào %s", "Generating inventories of %d old units (scale %g) into %s", len(m.OldUnits), o.Scale, invDir), 1)
	tf := time.Now()
	if _, err := fixtures.Write(ctx, invDir, m, fixtures.Options{Scale: o.Scale, Seed: o.Seed, Format: "csv"}); err != nil {
		return nil, w.stopped(err, "")
	}
	prog.Done(1, "")
	fixSecs := time.Since(tf).Seconds()
	res, err := w.Batch(ctx, BatchOptions{Paths: []string{invDir}, Out: out, Jobs: o.Jobs}, prog)
	if res != nil {
		res.Seconds["fixtures"] = fixSecs
		res.Seconds["total"] += fixSecs
	}
	return res, err
}
