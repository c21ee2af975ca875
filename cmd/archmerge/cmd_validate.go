package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/mapping"
)

type validateOptions struct{}

func newValidateCmd(a *app) *cobra.Command {
	var o validateOptions
	return &cobra.Command{
		Use:   "validate",
		Short: "Check the workspace's active mapping (and its inventories)",
		Long: `Kiểm tra ánh xạ đang dùng của kho dữ liệu theo các quy tắc của SPEC: mọi đơn vị cũ đều được ánh xạ,
mọi đơn vị mới đều có đơn vị tiền thân, không có mã lạ, đúng cấp, đúng tỉnh, không trùng cặp, chia tách
hợp lệ. Mỗi lỗi nêu tệp và dòng. Có lỗi: mã thoát 3.

Checks the workspace's active mapping by the rules of the SPEC (every old unit maps somewhere, every
new unit has a predecessor, no unknown codes, consistent levels and provinces, no duplicate pairs,
valid splits), each problem named by file and line. Exit 3 when there is any.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return validateRun(a, o) },
	}
}

// validateReport is what validate prints with --format json.
type validateReport struct {
	Mapping  string           `json:"mapping"`
	Valid    bool             `json:"valid"`
	Counts   map[string]int   `json:"counts"`
	Problems mapping.Problems `json:"problems"`
}

func validateRun(a *app, o validateOptions) error {
	m, err := a.activeMapping()
	if err != nil {
		return err
	}
	probs := mapping.Validate(m)
	more, err := validateInventories(a)
	if err != nil {
		return err
	}
	probs = append(probs, more...)
	errs := probs.Errors()
	rep := validateReport{Mapping: m.Name, Valid: len(errs) == 0, Problems: probs,
		Counts: map[string]int{"old_units": len(m.OldUnits), "new_units": len(m.NewUnits), "links": len(m.Links)}}
	if rep.Problems == nil {
		rep.Problems = mapping.Problems{}
	}
	if a.json() {
		if err := a.printJSON(rep); err != nil {
			return err
		}
	} else if len(errs) == 0 {
		fmt.Fprintf(a.stdout, a.t("Ánh xạ %s hợp lệ: %d đơn vị cũ, %d đơn vị mới, %d dòng ánh xạ.\n",
			"Mapping %s is valid: %d old units, %d new units, %d mapping rows.\n"), m.Name, len(m.OldUnits), len(m.NewUnits), len(m.Links))
		printProblems(a, probs.Warnings(), maxProblemsShown)
	} else {
		printProblems(a, probs, maxProblemsShown)
	}
	if len(errs) > 0 {
		return rejected(fmt.Errorf(a.t("ánh xạ %s có %d lỗi", "mapping %s has %d problems"), m.Name, len(errs)))
	}
	return nil
}

// validateInventories checks the workspace's inventories for validate. The
// mapping side is complete; the inventory checks belong to the inventory
// import and are added here by its owner. It opens no workspace.
func validateInventories(a *app) (mapping.Problems, error) {
	return nil, nil
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
		fmt.Fprintln(a.stderr, prefix+p.Text(a.lang))
	}
}
