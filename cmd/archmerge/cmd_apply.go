package main

import (
	"fmt"
	"strings"

	"github.com/ndta-vn/archmerge/workspace"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/reports"
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
		Use:   a.t("apply TỆP.xlsx...", "apply FILE.xlsx..."),
		Short: a.t("Ghi các quyết định và sửa đổi đã điền trong sổ đối soát", "Record the decisions and corrections filled in reconciliation workbooks"),
		Long:  a.help("apply"),
		Args:  a.cli.MinArgs(1, "sổ đối soát .xlsx", "a reconciliation workbook .xlsx"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.files = args
			return applyRun(a, o)
		},
	}
	cmd.Flags().StringVar(&o.by, "by", "", a.t("`TÊN` người quyết định (mặc định: $ARCHMERGE_USER hoặc tên đăng nhập)", "`NAME` of who decided (default: $ARCHMERGE_USER or the login name)"))
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, a.t("chỉ kiểm tra, không ghi gì", "check the files; record nothing"))
	cmd.Flags().StringVar(&o.asOf, "as-of", "", asOfUsage(a))
	return cmd
}

func applyRun(a *app, o applyOptions) error {
	res, err := a.workspace().Apply(a.ctx, workspace.ApplyOptions{Files: o.files, By: o.by, DryRun: o.dryRun, AsOf: o.asOf})
	if res != nil && len(res.Problems) > 0 {
		if a.json() {
			_ = a.printJSON(map[string]any{"rejected": true, "problems": res.Problems, "changes": res.Changes})
		} else {
			for _, p := range res.Problems {
				a.warnf("%s", p.Text(a.lang))
			}
		}
	}
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		a.warnf("%s %s", a.t("Cảnh báo:", "Warning:"), w.Text(a.lang))
	}
	if a.json() {
		return a.printJSON(res)
	}
	printApply(a, res)
	return nil
}

func treatmentText(a *app, t migrate.Treatment) string {
	if t == "" {
		return a.t("(không đổi phương án)", "(no treatment)")
	}
	return reports.TreatmentLabel(t, a.lang)
}

func printApply(a *app, res *workspace.ApplyResult) {
	w := a.stdout
	for _, f := range res.Files {
		fmt.Fprintf(w, a.t("Tệp %s (tỉnh %s, SHA-256 %s): %s\n", "File %s (province %s, SHA-256 %s): %s\n"), f.Path, f.Province, f.SHA256,
			a.counted(f.Rows, "dòng", "row", "rows"))
	}
	decisions := a.counted(len(res.Recorded), "quyết định", "decision", "decisions")
	amendments := a.counted(len(res.Amendments), "sửa đổi", "correction", "corrections")
	unchanged := a.counted(res.Unchanged, "dòng giữ nguyên", "row unchanged", "rows unchanged")
	switch {
	case res.DryRun:
		fmt.Fprintf(w, a.t("Kiểm tra xong, không có lỗi: %s và %s sẽ được ghi, %s (--dry-run: chưa ghi gì).\n",
			"Checked, no problems: %s and %s would be recorded, %s (--dry-run: nothing recorded).\n"), decisions, amendments, unchanged)
	case len(res.Recorded) == 0 && len(res.Amendments) == 0:
		fmt.Fprintf(w, a.t("Không có quyết định hay sửa đổi mới (%s): không ghi gì.\n", "No new decision or correction (%s): nothing recorded.\n"), unchanged)
		return
	default:
		fmt.Fprintf(w, a.t("Đã ghi %s và %s (%s).\n", "Recorded %s and %s (%s).\n"), decisions, amendments, unchanged)
	}
	if len(res.Recorded) > 0 {
		fmt.Fprintln(w, a.t("Quyết định:", "Decisions:"))
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
	if len(res.Changes) > 0 {
		fmt.Fprintln(w, a.t("Ô chỉ đọc đã sửa, ghi thành sửa đổi của phần tử (giá trị lúc xuất → giá trị mới):",
			"Read-only cells changed, recorded as corrections of the element (value written → new value):"))
	}
	for _, c := range res.Changes {
		fmt.Fprintf(w, "  %s\n", cellChangeText(a, c))
	}
	if res.DryRun {
		return
	}
	if len(res.Settled) == 0 {
		fmt.Fprintln(w, a.t("Chưa cảnh báo nào được giải quyết thêm.", "No further flag was settled."))
		return
	}
	fmt.Fprintf(w, a.t("Đã giải quyết %s:\n", "Settled %s:\n"), a.counted(len(res.Settled), "cảnh báo", "flag", "flags"))
	for _, f := range res.Settled {
		fmt.Fprintf(w, "  %s [%s] %s\n", f.ID, f.Code, f.Message.In(a.lang))
	}
}

// cellChangeText is one changed cell: "Hệ thống!R12 (dòng 12, cột «Cấp độ
// ATTT») 08/KTTTHC: "" → "3"".
func cellChangeText(a *app, c reports.CellChange) string {
	where := c.Sheet + "!" + c.Cell
	if c.Cell == "" {
		where = c.Sheet
	}
	s := fmt.Sprintf(a.t("%s (dòng %d, cột «%s»)", "%s (row %d, column «%s»)"), where, c.Row, c.Column)
	if c.Key != "" {
		s += " " + c.Key
	}
	old := fmt.Sprintf("%q", c.Old)
	if !c.OldKnown {
		old = a.t("(không còn biết)", "(no longer known)")
	}
	return fmt.Sprintf("%s: %s → %q", s, old, c.New)
}
