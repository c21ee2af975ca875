package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/store"
	"github.com/ndta-vn/archmerge/workspace"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/mapping"
)

// invMaxListed caps the problems and warnings printed one per line; the rest
// are counted (all of them are in the JSON output).
const invMaxListed = 50

type importInventoryOptions struct {
	paths  []string
	dryRun bool
}

func newImportInventoryCmd(a *app) *cobra.Command {
	var o importInventoryOptions
	c := &cobra.Command{
		Use:   a.t("inventory ĐƯỜNG_DẪN...", "inventory PATH..."),
		Short: a.t("Kiểm tra rồi nạp bản kê khai (XLSX, cặp CSV, JSON), hoặc tất cả hoặc không gì", "Check and import inventories (XLSX, CSV pair, JSON), all or nothing"),
		Long:  a.help("import-inventory"),
		Args:  a.cli.MinArgs(1, "tệp hoặc thư mục kê khai", "an inventory file or folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return importInventoryRun(a, o)
		},
	}
	c.Flags().BoolVar(&o.dryRun, "dry-run", false, a.t("chỉ kiểm tra, không ghi gì", "check only; write nothing"))
	return c
}

func importInventoryRun(a *app, o importInventoryOptions) error {
	rep, err := a.workspace().ImportInventory(a.ctx, workspace.ImportOptions{Paths: o.paths, DryRun: o.dryRun})
	if rep == nil {
		return err
	}
	if a.json() {
		if perr := a.printJSON(rep); perr != nil {
			return perr
		}
		return err
	}
	a.invPrintProblems(a.stderr, rep.Warnings, a.t("Cảnh báo", "Warning"), a.t("cảnh báo", "warnings"))
	if err != nil {
		a.invPrintProblems(a.stderr, rep.Problems, a.t("Lỗi", "Error"), a.t("lỗi", "problems"))
		return err
	}
	m, err := a.workspace().Mapping(a.ctx)
	if err != nil {
		return err
	}
	a.printImportSummary(m, rep)
	return nil
}

// invPrintProblems writes one line per problem, capped at invMaxListed, then
// how many more there are.
func (a *app) invPrintProblems(w io.Writer, ps []workspace.Problem, label, plural string) {
	for i, p := range ps {
		if i == invMaxListed {
			fmt.Fprintln(w, a.t(fmt.Sprintf("… và %d %s khác (--format json liệt kê đủ)", len(ps)-invMaxListed, plural),
				fmt.Sprintf("… and %d more %s (--format json lists them all)", len(ps)-invMaxListed, plural)))
			return
		}
		fmt.Fprintf(w, "%s: %s\n", label, p.Text)
	}
}

// invMaxUnitsListed caps the per-unit lines of the text summary: a national
// import declares ten thousand units.
const invMaxUnitsListed = 200

func (a *app) printImportSummary(m *mapping.Mapping, rep *workspace.ImportResult) {
	w := a.stdout
	head := a.t("Đã nhập", "Imported")
	if rep.DryRun {
		head = a.t("Kiểm tra xong, không ghi gì (--dry-run); sẽ nhập", "Checked, nothing written (--dry-run); would import")
	}
	fmt.Fprintf(w, "%s %s: %s, %s, %s.\n", head, a.counted(len(rep.Files), "tệp", "file", "files"),
		a.counted(len(rep.Units), "đơn vị", "unit", "units"), a.counted(rep.Elements, "phần tử", "element", "elements"),
		a.counted(rep.Relations, "quan hệ", "relation", "relations"))
	gone, void, overridden := 0, 0, 0
	for i, u := range rep.Units {
		gone += len(u.Disappeared)
		void += len(u.VoidDecision)
		overridden += len(u.Overridden)
		if i >= invMaxUnitsListed {
			continue
		}
		name := ""
		if ou, ok := m.OldUnit(u.Unit); ok {
			name = " " + ou.Name
		}
		line := fmt.Sprintf("  %s%s: %s, %s", u.Unit, name, a.counted(u.Elements, "phần tử", "element", "elements"),
			a.counted(u.Relations, "quan hệ", "relation", "relations"))
		if u.Replaced {
			line += a.t(fmt.Sprintf("; thay bản kê khai cũ: %s mới, %s giữ mã", a.count(u.Added), a.count(u.Kept)),
				fmt.Sprintf("; replaces the previous inventory: %s new, %s same key", a.count(u.Added), a.count(u.Kept)))
		}
		fmt.Fprintln(w, line)
		if len(u.Disappeared) > 0 {
			fmt.Fprintf(w, "    %s %s\n", a.t(fmt.Sprintf("biến mất %d:", len(u.Disappeared)), fmt.Sprintf("disappeared %d:", len(u.Disappeared))), invListKeys(u.Disappeared, 10))
		}
		if len(u.VoidDecision) > 0 {
			fmt.Fprintf(w, "    %s %s\n", a.t("quyết định không còn áp dụng:", "decisions that no longer apply:"), invListKeys(u.VoidDecision, 10))
		}
		for j, o := range u.Overridden {
			if j == 10 {
				fmt.Fprintf(w, "      … (+%d)\n", len(u.Overridden)-10)
				break
			}
			if j == 0 {
				fmt.Fprintln(w, "    "+a.t("sửa đổi bị bản kê khai mới thay (giá trị đã sửa → giá trị của bản kê khai mới):",
					"corrections the new inventory overrides (value corrected → value of the new inventory):"))
			}
			fmt.Fprintf(w, "      %s\n", overriddenText(a, o))
		}
	}
	if len(rep.Units) > invMaxUnitsListed {
		fmt.Fprintln(w, a.t(fmt.Sprintf("  … và %d đơn vị khác (--format json liệt kê đủ)", len(rep.Units)-invMaxUnitsListed),
			fmt.Sprintf("  … and %d more units (--format json lists them all)", len(rep.Units)-invMaxUnitsListed)))
	}
	if overridden > 0 {
		fmt.Fprintln(w, a.t(fmt.Sprintf("%s ghi từ sổ đối soát bị bản kê khai mới thay; nếu vẫn đúng, hãy sửa bản kê khai hoặc nạp lại sổ đối soát (archmerge apply).",
			a.counted(overridden, "sửa đổi", "", "")),
			fmt.Sprintf("%s recorded from workbooks overridden by the new inventory; where still right, correct the inventory or apply the workbook again.",
				a.counted(overridden, "", "correction", "corrections"))))
	}
	if gone > 0 {
		fmt.Fprintln(w, a.t(fmt.Sprintf("Tổng cộng %s biến mất so với lần nhập trước, %s không còn áp dụng.", a.counted(gone, "phần tử", "", ""), a.counted(void, "quyết định", "", "")),
			fmt.Sprintf("In all %s since the previous import; %s.", a.counted(gone, "", "element disappeared", "elements disappeared"),
				a.counted(void, "", "decision no longer applies", "decisions no longer apply"))))
	}
}

func invListKeys(keys []string, n int) string {
	if len(keys) <= n {
		return strings.Join(keys, ", ")
	}
	return strings.Join(keys[:n], ", ") + fmt.Sprintf(", … (+%d)", len(keys)-n)
}

// counted renders "3 tệp" / "1 file" / "3 files".
func (a *app) counted(n int, vi, one, many string) string {
	return lang.Count(n, a.lang, vi, one, many)
}

// overriddenText is one overridden amendment: "08/KTTTHC Cấp độ ATTT: 3 →
// 1 (Nguyễn Văn A, 2026-11-02T08:00:00Z)".
func overriddenText(a *app, o store.Overridden) string {
	name := o.Field
	if c := inventory.ElementColumn(o.Field); c != nil {
		name = c.Heading(a.lang == lang.EN)
	}
	now := fmt.Sprintf("%q", o.Imported)
	if o.Gone {
		now = a.t("(phần tử không còn trong bản kê khai)", "(the element is no longer declared)")
	}
	return fmt.Sprintf("%s %s: %q → %s (%s, %s)", o.Key, name, o.Value, now, o.By, o.At)
}
