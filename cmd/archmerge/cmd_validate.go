package main

import (
	"fmt"
	"strings"

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
		return rejected(fmt.Errorf(a.t("kho dữ liệu có %d lỗi (ánh xạ %s và bản kê khai)", "the workspace has %d problems (mapping %s and inventories)"), len(errs), m.Name))
	}
	return nil
}

// validateInventories checks the inventories stored in the workspace
// against the active mapping: every element must be declared by an old unit
// of that mapping (a mapping imported after the inventories may have
// dropped one: an error), and relation endpoints or hosts that resolve to no
// declared element are reported as warnings (the plan flags them as
// INTEG_DANGLING). Each problem names the file, sheet and line the row was
// imported from. Without a workspace there is nothing to check.
func validateInventories(a *app) (mapping.Problems, error) {
	st, err := a.existingStore()
	if err != nil || st == nil {
		return nil, err
	}
	m, err := a.activeMapping()
	if err != nil {
		return nil, err
	}
	inv, err := st.LoadInventory(a.ctx)
	if err != nil {
		return nil, err
	}
	var probs mapping.Problems
	keys := make(map[string]bool, len(inv.Elements))
	for i := range inv.Elements {
		keys[inv.Elements[i].Key()] = true
	}
	for i := range inv.Elements {
		e := &inv.Elements[i]
		if _, ok := m.OldUnit(e.Unit); !ok {
			probs = append(probs, mapping.Problem{Pos: e.Source.Pos, Column: "unit_code", Value: e.Unit,
				Message:   "not an old unit of the active mapping " + m.Name + ": re-import this inventory or the mapping it was made for",
				MessageVI: "không phải đơn vị cũ trong ánh xạ đang dùng " + m.Name + ": cần nhập lại bản kê khai này hoặc ánh xạ phù hợp"})
		}
		if e.HostedOn != "" && strings.Contains(e.HostedOn, "/") && !keys[e.HostedOn] {
			probs = append(probs, mapping.Problem{Pos: e.Source.Pos, Column: "hosted_on", Value: e.HostedOn, Warning: true,
				Message:   "hosted on an element no inventory declares",
				MessageVI: "đặt trên một phần tử không có trong bản kê khai nào"})
		}
	}
	for i := range inv.Relations {
		r := &inv.Relations[i]
		for _, end := range []struct {
			col, v string
		}{{"from", r.From}, {"to", r.To}} {
			if !keys[end.v] {
				probs = append(probs, mapping.Problem{Pos: r.Source.Pos, Column: end.col, Value: end.v, Warning: true,
					Message:   "points at an element no inventory declares (the plan flags it INTEG_DANGLING)",
					MessageVI: "trỏ tới phần tử không có trong bản kê khai nào (phương án sẽ cảnh báo INTEG_DANGLING)"})
			}
		}
	}
	return probs, nil
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
