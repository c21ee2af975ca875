package workspace

import (
	"context"
	"fmt"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/mapping"
)

// ValidateResult is what Validate found.
type ValidateResult struct {
	Mapping  string           `json:"mapping"`
	Valid    bool             `json:"valid"`
	Counts   map[string]int   `json:"counts"`
	Problems mapping.Problems `json:"problems"`
}

// Validate checks the active mapping by the rules of the SPEC and the
// inventories stored in the workspace against it. Problems that are not
// warnings return the result with a Rejected error.
func (w *Workspace) Validate(ctx context.Context) (*ValidateResult, error) {
	m, err := w.Mapping(ctx)
	if err != nil {
		return nil, err
	}
	probs := mapping.Validate(m)
	more, err := w.validateInventories(ctx, m)
	if err != nil {
		return nil, err
	}
	probs = append(probs, more...)
	errs := probs.Errors()
	res := &ValidateResult{Mapping: m.Name, Valid: len(errs) == 0, Problems: probs,
		Counts: map[string]int{"old_units": len(m.OldUnits), "new_units": len(m.NewUnits), "links": len(m.Links)}}
	if res.Problems == nil {
		res.Problems = mapping.Problems{}
	}
	if len(errs) > 0 {
		return res, Rejected(fmt.Errorf(w.t("kho dữ liệu có %s (ánh xạ %s và bản kê khai)", "the workspace has %s (mapping %s and inventories)"), w.problemCount(len(errs)), m.Name))
	}
	return res, nil
}

// validateInventories checks the inventories stored in the workspace
// against the active mapping: every element must be declared by an old unit
// of that mapping (a mapping imported after the inventories may have
// dropped one: an error), and relation endpoints or hosts that resolve to no
// declared element are reported as warnings (the plan flags them as
// INTEG_DANGLING). Each problem names the file, sheet and line the row was
// imported from. Without a workspace there is nothing to check.
func (w *Workspace) validateInventories(ctx context.Context, m *mapping.Mapping) (mapping.Problems, error) {
	st, err := w.existing(ctx)
	if err != nil || st == nil {
		return nil, err
	}
	inv, err := st.LoadInventory(ctx)
	if err != nil {
		return nil, err
	}
	var probs mapping.Problems
	cs, err := w.contradictions(ctx, st, m, nil)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		probs = append(probs, mapping.Problem{Pos: mapping.Pos{File: c.File}, Column: "merge_into", Value: c.Key + " → " + c.MergeInto,
			Message: lang.T("quyết định đang có hiệu lực mâu thuẫn: "+c.Reason.VI, "decisions in force contradict each other: "+c.Reason.EN)})
	}
	keys := make(map[string]bool, len(inv.Elements))
	for i := range inv.Elements {
		keys[inv.Elements[i].Key()] = true
	}
	for i := range inv.Elements {
		e := &inv.Elements[i]
		if _, ok := m.OldUnit(e.Unit); !ok {
			probs = append(probs, mapping.Problem{Pos: e.Source.Pos, Column: "unit_code", Value: e.Unit,
				Message: lang.T("không phải đơn vị cũ trong ánh xạ đang dùng "+m.Name+": cần nhập lại bản kê khai này hoặc ánh xạ phù hợp", "not an old unit of the active mapping "+m.Name+": re-import this inventory or the mapping it was made for")})
		}
		if e.HostedOn != "" && strings.Contains(e.HostedOn, "/") && !keys[e.HostedOn] {
			probs = append(probs, mapping.Problem{Pos: e.Source.Pos, Column: "hosted_on", Value: e.HostedOn, Warning: true,
				Message: lang.T("đặt trên một phần tử không có trong bản kê khai nào", "hosted on an element no inventory declares")})
		}
	}
	for i := range inv.Relations {
		r := &inv.Relations[i]
		for _, end := range []struct {
			col, v string
		}{{"from", r.From}, {"to", r.To}} {
			if !keys[end.v] {
				probs = append(probs, mapping.Problem{Pos: r.Source.Pos, Column: end.col, Value: end.v, Warning: true,
					Message: lang.T("trỏ tới phần tử không có trong bản kê khai nào (phương án sẽ cảnh báo INTEG_DANGLING)", "points at an element no inventory declares (the plan flags it INTEG_DANGLING)")})
			}
		}
	}
	return probs, nil
}
