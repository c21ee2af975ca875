package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/internal/termsafe"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/store"
)

type validateOptions struct{}

func newValidateCmd(a *app) *cobra.Command {
	var o validateOptions
	return &cobra.Command{
		Use:   "validate",
		Short: a.t("Kiểm tra ánh xạ đang dùng của kho (và các bản kê khai)", "Check the workspace's active mapping (and its inventories)"),
		Long:  a.help("validate"),
		Args:  a.cli.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return validateRun(a, o) },
	}
}

func validateRun(a *app, o validateOptions) error {
	rep, err := a.workspace().Validate(a.ctx)
	if rep == nil {
		return err
	}
	switch {
	case a.json():
		if perr := a.printJSON(rep); perr != nil {
			return perr
		}
	case rep.Valid:
		c := rep.Counts
		fmt.Fprintf(a.stdout, a.t("Ánh xạ %s hợp lệ: %d đơn vị cũ, %d đơn vị mới, %d dòng ánh xạ.\n",
			"Mapping %s is valid: %d old units, %d new units, %d mapping rows.\n"), rep.Mapping, c["old_units"], c["new_units"], c["links"])
		printProblems(a, rep.Problems.Warnings(), maxProblemsShown)
	default:
		printProblems(a, rep.Problems, maxProblemsShown)
	}
	return err
}

// printContradictions warns, on stderr, of the merge decisions in force
// that contradict each other (recorded by an earlier version), one line
// each, so that a person decides them again.
func printContradictions(a *app, cs []migrate.Contradiction) {
	if len(cs) == 0 {
		return
	}
	fmt.Fprintf(a.stderr, a.t("cảnh báo: %d quyết định hợp nhất đang có hiệu lực mâu thuẫn với quyết định khác (ghi từ phiên bản trước?); phương án không thể theo cả hai: hãy quyết định lại bằng archmerge apply\n",
		"warning: %d merge decisions in force contradict others (recorded by an earlier version?); the plan cannot follow both: decide them again with archmerge apply\n"), len(cs))
	for i, c := range cs {
		if i == maxProblemsShown {
			fmt.Fprintf(a.stderr, a.t("  … và %d quyết định khác (--format json để xem tất cả)\n", "  … and %d more (--format json lists them all)\n"), len(cs)-i)
			break
		}
		who := strings.TrimSpace(c.By + " " + c.At)
		if c.File != "" {
			who = strings.TrimSpace(who + " " + c.File)
		}
		if who != "" {
			who = " (" + who + ")"
		}
		fmt.Fprintf(a.stderr, "  %s%s\n", termsafe.String(c.Reason.In(a.lang)), termsafe.String(who))
	}
}

// printUnknownUnits warns, on stderr, of the old units holding an
// inventory that the active mapping does not have (imported with
// --force): the plan places none of their elements.
func printUnknownUnits(a *app, us []store.UnitInventory) {
	if len(us) == 0 {
		return
	}
	n := 0
	for _, u := range us {
		n += u.Elements
	}
	fmt.Fprintf(a.stderr, a.t("cảnh báo: %s phần tử của %d đơn vị cũ không có trong ánh xạ đang dùng: phương án không xếp được chúng vào đơn vị mới nào (nạp ánh xạ có các đơn vị này, hoặc nhập lại bản kê khai)\n",
		"warning: %s elements of %d old units are not in the active mapping: the plan places none of them (import a mapping that has these units, or import the inventories again)\n"), a.count(n), len(us))
	for i, u := range us {
		if i == maxProblemsShown {
			fmt.Fprintf(a.stderr, a.t("  … và %d đơn vị khác (--format json để xem tất cả)\n", "  … and %d more units (--format json lists them all)\n"), len(us)-i)
			break
		}
		fmt.Fprintf(a.stderr, a.t("  %s: %s phần tử (%s)\n", "  %s: %s elements (%s)\n"), termsafe.String(u.Unit), a.count(u.Elements), termsafe.String(strings.Join(u.Files, ", ")))
	}
}

// maxProblemsShown caps the problems printed in text; the rest are counted.
const maxProblemsShown = 50

// printProblems writes problems to stderr, one per line in the user's
// language, the first max of them, then how many more there are.
func printProblems(a *app, probs mapping.Problems, max int) {
	for i, p := range probs {
		if i == max {
			fmt.Fprintf(a.stderr, a.t("… và %d vấn đề khác (--format json để xem tất cả)\n", "… and %d more (--format json lists them all)\n"), len(probs)-max)
			break
		}
		prefix := a.t("lỗi: ", "error: ")
		if p.Warning {
			prefix = a.t("cảnh báo: ", "warning: ")
		}
		fmt.Fprintln(a.stderr, prefix+termsafe.String(p.Text(a.lang)))
	}
}
