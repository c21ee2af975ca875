package main

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
	"github.com/ndta-vn/archmerge/store"
)

type applyOptions struct {
	files  []string
	by     string
	dryRun bool
	asOf   string
}

func newApplyCmd(a *app) *cobra.Command {
	var o applyOptions
	cmd := &cobra.Command{
		Use:   "apply FILE.xlsx...",
		Short: "Record the decisions filled in reconciliation workbooks",
		Long: `Đọc các cột quyết định (trang Hệ thống) của sổ đối soát đã điền và ghi vào kho dữ liệu. Mọi dòng của mọi
tệp được kiểm tra trước: khoá không tồn tại, quyết định không hợp lệ, hợp nhất vào phần tử tỉnh khác
hoặc vào chính nó, đơn vị mới không phải đơn vị kế thừa, quyết định mâu thuẫn. Có lỗi thì không ghi gì
(mã thoát 3) và báo tệp, trang, dòng, cột. Mỗi quyết định được ghi kèm người (--by), thời điểm, tệp và
SHA-256 của tệp; lệnh in các quyết định đã ghi và các cảnh báo được giải quyết. --dry-run chỉ kiểm tra.

Reads the decision columns of filled-in reconciliation workbooks and records them. Every row of
every file is checked first; any problem records nothing (exit 3) and names the file, sheet, row
and column. Each decision is recorded with who (--by), when, the file and its SHA-256; apply prints
what it recorded and which flags it settled. --dry-run only checks.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.files = args
			return applyRun(a, o)
		},
	}
	cmd.Flags().StringVar(&o.by, "by", "", "who decided (default: $ARCHMERGE_USER or the login name)")
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "check the files; record nothing")
	cmd.Flags().StringVar(&o.asOf, "as-of", "", "plan date yyyy-mm-dd (default: the stored plan's, else today)")
	return cmd
}

// applyResult is what apply prints with --format json.
type applyResult struct {
	DryRun    bool               `json:"dry_run"`
	PlanID    string             `json:"plan_id"`
	Files     []applyFile        `json:"files"`
	Recorded  []migrate.Decision `json:"recorded"`
	Unchanged int                `json:"unchanged"`
	Settled   []migrate.Flag     `json:"settled"`
	Warnings  mapping.Problems   `json:"warnings"`
}

type applyFile struct {
	Path     string `json:"path"`
	SHA256   string `json:"sha256"`
	Province string `json:"province"`
	PlanID   string `json:"plan_id"`
	Rows     int    `json:"rows"`
}

func applyRun(a *app, o applyOptions) error {
	st, m, err := a.workspace()
	if err != nil {
		return err
	}
	// Read and check every file before anything is recorded.
	var filled []*reports.Filled
	var probs mapping.Problems
	for _, path := range o.files {
		fl, ps, err := reports.ReadDecisions(path)
		if err != nil {
			return err
		}
		probs = append(probs, ps...)
		if fl != nil {
			filled = append(filled, fl)
		}
	}
	if len(probs) > 0 {
		return applyRejected(a, probs)
	}
	// Plan the provinces of the files only: the plan a province's
	// workbook was written from, when the inputs have not changed since.
	provs := map[string]bool{}
	for _, fl := range filled {
		provs[fl.Identity.Province] = true
	}
	var provinces []string
	for c := range provs {
		if _, ok := m.NewUnit(c); ok {
			provinces = append(provinces, c)
		}
	}
	sort.Strings(provinces)
	plan, in, err := a.currentPlanInput(o.asOf, provinces)
	if err != nil {
		return err
	}
	ck, probs := reports.Check(filled, plan, st.ID(), samePlanIDs(filled, plan, in)...)
	if len(probs) > 0 {
		return applyRejected(a, probs)
	}
	res := applyResult{DryRun: o.dryRun, PlanID: plan.ID, Unchanged: ck.Unchanged, Warnings: ck.Warnings, Recorded: ck.Decisions, Settled: []migrate.Flag{}}
	for _, fl := range filled {
		res.Files = append(res.Files, applyFile{Path: fl.Path, SHA256: fl.SHA256, Province: fl.Identity.Province, PlanID: fl.Identity.PlanID, Rows: len(fl.Rows)})
	}
	if res.Recorded == nil {
		res.Recorded = []migrate.Decision{}
	}
	if res.Warnings == nil {
		res.Warnings = mapping.Problems{}
	}
	for _, w := range ck.Warnings {
		a.warnf("%s %s", a.t("Cảnh báo:", "Warning:"), w.Text(a.lang))
	}
	if !o.dryRun && len(ck.Decisions) > 0 {
		by := o.by
		if by == "" {
			by = store.Actor()
		}
		at := st.Now().UTC().Format(time.RFC3339)
		for i := range res.Recorded {
			d := &res.Recorded[i]
			d.By, d.At = by, at
			if abs, err := filepath.Abs(d.File); err == nil {
				d.File = abs
			}
		}
		err := st.Tx(a.ctx, func(tx *sql.Tx) error {
			if err := store.RecordDecisions(a.ctx, tx, plan.ID, res.Recorded); err != nil {
				return err
			}
			return st.Audit(a.ctx, tx, by, "apply", map[string]any{"plan_id": plan.ID, "files": res.Files,
				"decisions": len(res.Recorded), "unchanged": res.Unchanged})
		})
		if err != nil {
			return fmt.Errorf("apply: %w", err)
		}
		// Plan again with the new decisions, and compare the flags.
		after, err := a.currentPlan(o.asOf, provinces)
		if err != nil {
			return fmt.Errorf(a.t("đã ghi %d quyết định, nhưng chưa lập lại được phương án: %w", "%d decisions recorded, but planning again failed: %w"), len(res.Recorded), err)
		}
		res.Settled = settledFlags(plan, after)
		res.PlanID = after.ID
	}
	if a.json() {
		return a.printJSON(res)
	}
	printApply(a, res)
	return nil
}

// applyRejected prints every problem and returns the exit-3 error.
func applyRejected(a *app, probs mapping.Problems) error {
	errs := probs.Errors()
	if a.json() {
		_ = a.printJSON(map[string]any{"rejected": true, "problems": probs})
	} else {
		for _, p := range probs {
			a.warnf("%s", p.Text(a.lang))
		}
	}
	return rejected(fmt.Errorf(a.t("%d lỗi; không quyết định nào được ghi", "%d problems; no decision was recorded"), len(errs)))
}

// settledFlags lists the flags open in before and resolved in after.
func settledFlags(before, after *migrate.Plan) []migrate.Flag {
	open := map[string]bool{}
	for _, f := range before.Flags {
		if !f.Resolved {
			open[f.ID] = true
		}
	}
	out := []migrate.Flag{}
	for _, f := range after.Flags {
		if f.Resolved && open[f.ID] {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func treatmentText(a *app, t migrate.Treatment) string {
	if t == "" {
		return a.t("(không đổi phương án)", "(no treatment)")
	}
	return reports.TreatmentLabel(t, a.lang)
}

func printApply(a *app, res applyResult) {
	w := a.stdout
	for _, f := range res.Files {
		fmt.Fprintf(w, a.t("Tệp %s (tỉnh %s, SHA-256 %s): %d dòng\n", "File %s (province %s, SHA-256 %s): %d rows\n"), f.Path, f.Province, f.SHA256, f.Rows)
	}
	if res.DryRun {
		fmt.Fprintf(w, a.t("Kiểm tra xong, không có lỗi: %d quyết định sẽ được ghi, %d dòng không đổi (--dry-run: chưa ghi gì).\n",
			"Checked, no problems: %d decisions would be recorded, %d rows unchanged (--dry-run: nothing recorded).\n"), len(res.Recorded), res.Unchanged)
	} else if len(res.Recorded) == 0 {
		fmt.Fprintf(w, a.t("Không có quyết định mới (%d dòng giữ nguyên): không ghi gì.\n", "No new decision (%d rows unchanged): nothing recorded.\n"), res.Unchanged)
		return
	} else {
		fmt.Fprintf(w, a.t("Đã ghi %d quyết định (%d dòng giữ nguyên):\n", "Recorded %d decisions (%d rows unchanged):\n"), len(res.Recorded), res.Unchanged)
	}
	for _, d := range res.Recorded {
		var parts []string
		parts = append(parts, treatmentText(a, d.Treatment))
		if d.MergeInto != "" {
			parts = append(parts, a.t("vào ", "into ")+d.MergeInto)
		}
		if d.NewUnit != "" {
			parts = append(parts, a.t("đơn vị mới ", "new unit ")+d.NewUnit)
		}
		if d.NewOwner != "" {
			parts = append(parts, a.t("chủ quản mới ", "new owner ")+d.NewOwner)
		}
		if d.Note != "" {
			parts = append(parts, a.t("ghi chú: ", "note: ")+d.Note)
		}
		fmt.Fprintf(w, "  %s: %s\n", d.Key, strings.Join(parts, "; "))
	}
	if res.DryRun {
		return
	}
	if len(res.Settled) == 0 {
		fmt.Fprintln(w, a.t("Chưa cảnh báo nào được giải quyết thêm.", "No further flag was settled."))
		return
	}
	fmt.Fprintf(w, a.t("Các quyết định đã giải quyết %d cảnh báo:\n", "The decisions settled %d flags:\n"), len(res.Settled))
	for _, f := range res.Settled {
		fmt.Fprintf(w, "  %s [%s] %s\n", f.ID, f.Code, f.Message.In(a.lang))
	}
}

// samePlanIDs returns the id of the whole-workspace plan of the inputs in
// when a workbook names it: a batch writes every province's workbook from
// that national plan, and it is the same plan, for those provinces, as the
// one apply builds for the files' provinces alone. It costs a fingerprint
// of the inputs already loaded, only when a workbook's plan id differs.
func samePlanIDs(filled []*reports.Filled, plan *migrate.Plan, in migrate.Input) []string {
	differs := false
	for _, fl := range filled {
		differs = differs || fl.Identity.PlanID != plan.ID
	}
	if !differs {
		return nil
	}
	in.Provinces = nil
	return []string{"P" + migrate.Fingerprint(in)[:12]}
}
