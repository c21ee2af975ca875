package reports

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// Checked is the outcome of checking filled-in workbooks against a plan:
// the decisions to record (rows a person changed), how many rows were left
// as written, and warnings that do not reject the files.
type Checked struct {
	// Decisions are the changed rows, sorted by key, with File and SHA256
	// set; the caller sets By and At.
	Decisions []migrate.Decision `json:"decisions"`
	// Unchanged counts rows whose decision columns were left as written.
	Unchanged int `json:"unchanged"`
	// Warnings are repaired or tolerated defects (an older plan's
	// workbook, a code a spreadsheet turned into a number).
	Warnings mapping.Problems `json:"warnings,omitempty"`
}

// Check validates every row of every file against plan p before anything is
// recorded: the workbook belongs to the workspace, every key exists in the
// plan and in the workbook's province, a merge goes into another existing
// element of the same province, a new unit is a successor of the old unit,
// and no two decisions contradict each other (the same key decided
// differently, A into B while B goes into A or B is retired). It returns
// every problem found; the decisions are to be recorded only when there is
// none. A workbook whose plan id differs from p's is from an older plan
// unless its province's inputs are unchanged since it was written (the
// province fingerprint it carries): a batch writes every workbook with the
// national plan's id, and a province's inputs decide its workbook.
func Check(files []*Filled, p *migrate.Plan, workspaceID string) (*Checked, mapping.Problems) {
	out := &Checked{}
	var probs mapping.Problems
	at := func(fl *Filled, row int, col, val, en, vi string) mapping.Problem {
		return mapping.Problem{Pos: fl.pos(row), Column: col, Value: val, Message: lang.T(vi, en)}
	}
	bad := func(fl *Filled, row int, col, val, en, vi string) {
		probs = append(probs, at(fl, row, col, val, en, vi))
	}
	badIdentity := func(fl *Filled, col, val, en, vi string) {
		probs = append(probs, mapping.Problem{Pos: mapping.Pos{File: fl.Path, Sheet: SheetIdentity}, Column: col, Value: val, Message: lang.T(vi, en)})
	}
	byKey := make(map[string]*migrate.PlannedElement, len(p.Elements))
	for i := range p.Elements {
		byKey[p.Elements[i].Key] = &p.Elements[i]
	}
	isKey := func(k string) bool { return byKey[k] != nil }
	type source struct {
		fl  *Filled
		row int
	}
	chosen := map[string]migrate.Decision{}
	from := map[string]source{}
	for _, fl := range files {
		id := fl.Identity
		if id.WorkspaceID != workspaceID {
			badIdentity(fl, "workspace_id", id.WorkspaceID,
				fmt.Sprintf("the workbook belongs to another workspace (%s): write it again from this one (%s) with archmerge report", id.WorkspaceID, workspaceID),
				fmt.Sprintf("sổ thuộc kho dữ liệu khác (%s): hãy xuất lại sổ từ kho này (%s) bằng archmerge report", id.WorkspaceID, workspaceID))
			continue
		}
		if id.PlanID != p.ID && !sameProvince(p, id) {
			w := mapping.Problem{Pos: mapping.Pos{File: fl.Path, Sheet: SheetIdentity}, Column: "plan_id", Value: id.PlanID,
				Message: lang.T(fmt.Sprintf("sổ xuất từ phương án cũ (%s; hiện tại %s): chỉ nhận các dòng có khoá còn tồn tại", id.PlanID, p.ID), fmt.Sprintf("written from an older plan (%s; current %s): rows are accepted where their keys still exist", id.PlanID, p.ID))}
			w.Warning = true
			out.Warnings = append(out.Warnings, w)
		}
		keyCol, intoCol, unitCol := fl.headers[colKey.vi], fl.headers[colMergeInto.vi], fl.headers[colNewUnit.vi]
		var gone []string // keys of untouched rows no longer in the plan
		for _, r := range fl.Rows {
			e := byKey[r.Key]
			if r.Untouched {
				// Left as written: nothing to record, and nothing to
				// refuse when the element has gone since.
				if e == nil {
					gone = append(gone, r.Key)
				} else if !r.blank() {
					out.Unchanged++
				}
				continue
			}
			if e == nil {
				bad(fl, r.Row, keyCol, r.Key, "unknown element key: no element of the current plan has it (was it removed by a re-import?)",
					"khoá phần tử không tồn tại trong phương án hiện tại (đã bị xoá khi nhập lại kê khai?)")
				continue
			}
			if e.NewProvince != id.Province {
				bad(fl, r.Row, keyCol, r.Key, fmt.Sprintf("the element belongs to province %s, not to this workbook's province %s", e.NewProvince, id.Province),
					fmt.Sprintf("phần tử thuộc tỉnh %s, không thuộc tỉnh %s của sổ này", e.NewProvince, id.Province))
				continue
			}
			// A key or code chosen from a drop-down comes with its name.
			d := migrate.Decision{Key: r.Key, Treatment: r.Treatment, MergeInto: listedCode(r.MergeInto, isKey),
				NewUnit: listedCode(r.NewUnit, func(c string) bool { return contains(e.Candidates, c) }), NewOwner: r.NewOwner, Note: r.Note,
				File: fl.Path, SHA256: fl.SHA256}
			ok := true
			if d.MergeInto != "" && d.Treatment == "" {
				d.Treatment = migrate.Merge
			}
			switch {
			case d.MergeInto != "" && d.Treatment != migrate.Merge:
				bad(fl, r.Row, intoCol, d.MergeInto, "a merge target on a row whose decision is not Merge: choose Merge or empty the column",
					"có phần tử hợp nhất vào nhưng quyết định không phải Hợp nhất: chọn Hợp nhất hoặc xoá cột này")
				ok = false
			case d.Treatment == migrate.Merge && d.MergeInto == "":
				bad(fl, r.Row, intoCol, "", "Merge needs the key of the element it merges into (e.g. 08/KTTTHC)",
					"Hợp nhất cần khoá phần tử được hợp nhất vào (ví dụ 08/KTTTHC)")
				ok = false
			case d.Treatment == migrate.Merge:
				t := byKey[d.MergeInto]
				switch {
				case d.MergeInto == d.Key:
					bad(fl, r.Row, intoCol, d.MergeInto, "an element cannot merge into itself: name the surviving element",
						"phần tử không thể hợp nhất vào chính nó: ghi khoá phần tử được giữ lại")
					ok = false
				case t == nil:
					bad(fl, r.Row, intoCol, d.MergeInto, fmt.Sprintf("unknown merge target: no element of province %s has this key (an element can only merge into one of its own province)", e.NewProvince),
						fmt.Sprintf("phần tử hợp nhất vào không có trong tỉnh %s (khoá sai, hoặc phần tử của tỉnh khác: chỉ được hợp nhất vào phần tử cùng tỉnh)", e.NewProvince))
					ok = false
				case t.NewProvince != e.NewProvince:
					bad(fl, r.Row, intoCol, d.MergeInto, fmt.Sprintf("the merge target belongs to province %s: an element can only merge into one of its own province %s", t.NewProvince, e.NewProvince),
						fmt.Sprintf("phần tử hợp nhất vào thuộc tỉnh %s: chỉ được hợp nhất vào phần tử cùng tỉnh %s", t.NewProvince, e.NewProvince))
					ok = false
				}
			}
			if d.NewUnit != "" {
				cands := e.Candidates
				if !contains(cands, d.NewUnit) {
					if fixed := restoreCode(d.NewUnit, cands); fixed != "" {
						w := at(fl, r.Row, unitCol, d.NewUnit, "code restored to "+fixed+" (a spreadsheet had turned it into a number)",
							"đã khôi phục mã thành "+fixed+" (bảng tính đã đổi mã thành số)")
						w.Warning = true
						out.Warnings = append(out.Warnings, w)
						d.NewUnit = fixed
					} else {
						bad(fl, r.Row, unitCol, d.NewUnit, fmt.Sprintf("not a successor of old unit %s: expected one of %s", e.OldUnit, joinComma(cands)),
							fmt.Sprintf("không phải đơn vị kế thừa của đơn vị cũ %s: cần một trong %s", e.OldUnit, joinComma(cands)))
						ok = false
					}
				}
			}
			if !ok {
				continue
			}
			// Free text the cell could only show cleaned or cut keeps its
			// full value when the cell still shows it that way.
			if in := e.Decision; in != nil {
				if d.Note != in.Note && d.Note == asRead(in.Note) {
					d.Note = in.Note
				}
				if d.NewOwner != in.NewOwner && d.NewOwner == asRead(in.NewOwner) {
					d.NewOwner = in.NewOwner
				}
			}
			// A row equal to the decision in force changes nothing.
			if sameDecision(e.Decision, &d) {
				if !r.blank() {
					out.Unchanged++
				}
				continue
			}
			// A changed row of a copy written before someone else decided
			// this element: its author did not see that decision, so the
			// row must not silently replace it. (Decisions from an earlier
			// state of this same file are this author's own.)
			if in := e.Decision; fl.HasPrefilled && r.decidedSince(in) && !sameFile(in, fl.Path) {
				what, whatVI := "the decision it was written with is no longer in force", "quyết định lúc xuất sổ không còn hiệu lực"
				if in != nil {
					t, tVI := "no decision", "không có quyết định"
					if in.Treatment != "" {
						t, tVI = string(in.Treatment), strings.ToLower(migrate.TreatmentVI[in.Treatment])
					}
					what = fmt.Sprintf("now %s, by %s at %s, from %s", t, in.By, in.At, in.File)
					whatVI = fmt.Sprintf("hiện là %s, do %s lúc %s, từ %s", tVI, in.By, in.At, in.File)
				}
				bad(fl, r.Row, fl.headers[colDecision.vi], r.Value,
					"decided since this workbook was written ("+what+"): write the workbook again with archmerge report and enter the row there",
					"phần tử đã được quyết định sau khi sổ này được xuất ("+whatVI+"): hãy xuất lại sổ bằng archmerge report rồi điền lại dòng này ở sổ mới")
				continue
			}
			if prev, dup := chosen[d.Key]; dup {
				if !sameDecision(&prev, &d) {
					s := from[d.Key]
					bad(fl, r.Row, keyCol, d.Key, fmt.Sprintf("decided differently in %s, sheet %s, row %d", s.fl.Path, s.fl.Sheet, s.row),
						fmt.Sprintf("đã có quyết định khác cho phần tử này tại tệp %s, trang %s, dòng %d", s.fl.Path, s.fl.Sheet, s.row))
				}
				continue
			}
			chosen[d.Key] = d
			from[d.Key] = source{fl, r.Row}
		}
		if len(gone) > 0 {
			w := at(fl, 0, keyCol, strings.Join(gone[:min(len(gone), 5)], ", "),
				lang.Count(len(gone), lang.EN, "", "row left as written names an element", "rows left as written name elements")+" no longer in the plan (removed by a re-import): skipped",
				fmt.Sprintf("%d dòng để nguyên như khi xuất có khoá không còn trong phương án (đã bị xoá khi nhập lại kê khai): bỏ qua", len(gone)))
			w.Warning = true
			out.Warnings = append(out.Warnings, w)
		}
	}
	// Contradictions (migrate.Contradictions), on the decisions in force
	// overlaid with the new ones. Those of decisions this call leaves as
	// they were, between elements it does not touch, are not its doing.
	keys := make([]string, 0, len(chosen))
	for k := range chosen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	overlay := make([]migrate.Decision, 0, len(chosen))
	for _, k := range keys {
		overlay = append(overlay, chosen[k])
	}
	for i := range p.Elements {
		e := &p.Elements[i]
		if _, changed := chosen[e.Key]; !changed && e.Decision != nil {
			overlay = append(overlay, *e.Decision)
		}
	}
	provinceOf := func(k string) string {
		if e := byKey[k]; e != nil {
			return e.NewProvince
		}
		return ""
	}
	for _, c := range migrate.Contradictions(overlay, provinceOf) {
		if s, ok := from[c.Key]; ok {
			// This call's merge goes into an element decided away.
			intoCol := s.fl.headers[colMergeInto.vi]
			if c.Kind == migrate.ContradictCycle {
				bad(s.fl, s.row, intoCol, c.MergeInto, fmt.Sprintf("%s merges into %s while %s merges into %s: keep one of them", c.Key, c.MergeInto, c.MergeInto, c.Key),
					fmt.Sprintf("%s hợp nhất vào %s trong khi %s lại hợp nhất vào %s: phải giữ lại một trong hai", c.Key, c.MergeInto, c.MergeInto, c.Key))
			} else {
				bad(s.fl, s.row, intoCol, c.MergeInto, fmt.Sprintf("the merge target is itself decided to %s: merge into the element that survives", c.With),
					fmt.Sprintf("phần tử hợp nhất vào cũng đã được quyết định %s: hãy hợp nhất vào phần tử được giữ lại", strings.ToLower(migrate.TreatmentVI[c.With])))
			}
			continue
		}
		// A decision in force that merges into an element this call
		// retires or merges away (a cycle is told on this call's row).
		if s, ok := from[c.MergeInto]; ok && c.Kind == migrate.ContradictGone {
			bad(s.fl, s.row, s.fl.headers[colDecision.vi], c.MergeInto,
				fmt.Sprintf("%s was decided to merge into this element, which this row decides to %s: decide %s again too", c.Key, c.With, c.Key),
				fmt.Sprintf("%s đã được quyết định hợp nhất vào phần tử này, mà dòng này lại quyết định %s: cần quyết định lại cả %s", c.Key, strings.ToLower(migrate.TreatmentVI[c.With]), c.Key))
		}
	}
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	for _, k := range keys {
		out.Decisions = append(out.Decisions, chosen[k])
	}
	return out, nil
}

// sameProvince reports whether the plan holds the workbook's province with
// the inputs it was written from: then an older plan id is no older plan
// for this workbook.
func sameProvince(p *migrate.Plan, id Identity) bool {
	if id.ProvinceFingerprint == "" {
		return false
	}
	for _, ps := range p.Provinces {
		if ps.Code == id.Province {
			return ps.Fingerprint == id.ProvinceFingerprint
		}
	}
	return false
}

// sameFile reports whether a decision came from the file at path (compared
// as absolute paths).
func sameFile(d *migrate.Decision, path string) bool {
	if d == nil || d.File == "" {
		return false
	}
	a, err1 := filepath.Abs(d.File)
	b, err2 := filepath.Abs(path)
	return err1 == nil && err2 == nil && a == b
}

// sameDecision compares the decision columns of two decisions; nil reads as
// no decision at all.
func sameDecision(a, b *migrate.Decision) bool {
	var z migrate.Decision
	if a == nil {
		a = &z
	}
	if b == nil {
		b = &z
	}
	return a.Treatment == b.Treatment && a.MergeInto == b.MergeInto && a.NewUnit == b.NewUnit && a.NewOwner == b.NewOwner && a.Note == b.Note
}

// restoreCode puts back the leading zeros a spreadsheet dropped, when that
// gives one of the candidates.
func restoreCode(s string, cands []string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return ""
		}
	}
	for _, n := range []int{2, 5} {
		if len(s) < n {
			c := strings.Repeat("0", n-len(s)) + s
			if contains(cands, c) {
				return c
			}
		}
	}
	return ""
}
