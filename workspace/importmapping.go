package workspace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/store"
)

// ImportMappingOptions name the mapping to load.
type ImportMappingOptions struct {
	Path   string // a folder of CSV files or one XLSX workbook
	DryRun bool   // check only
	// Force imports a mapping that leaves units of the imported
	// inventories unknown; plan, status and report then name them.
	Force bool
}

// ImportMappingResult is what ImportMapping did.
type ImportMappingResult struct {
	Path     string             `json:"path"`
	Status   string             `json:"status"` // imported, checked (dry run) or rejected
	Chained  string             `json:"chained_onto,omitempty"`
	Mapping  *store.MappingInfo `json:"mapping,omitempty"`
	Counts   map[string]int     `json:"counts,omitempty"`
	Problems mapping.Problems   `json:"problems"`
	// Unknown lists the units of the workspace's inventories that the
	// mapping does not have (refused unless Force).
	Unknown []store.UnitInventory `json:"unknown_units,omitempty"`
}

// ImportMapping validates a mapping and makes it the active one. A mapping
// whose old units are the active mapping's new units chains onto it. A
// mapping with problems is rejected with its result (status rejected) and
// a Rejected error; the workspace is unchanged.
func (w *Workspace) ImportMapping(ctx context.Context, o ImportMappingOptions) (*ImportMappingResult, error) {
	if _, err := os.Stat(o.Path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, Rejected(errors.New(w.t("không tìm thấy tệp hoặc thư mục "+o.Path, "no such file or folder: "+o.Path)))
		}
		return nil, err
	}
	m, probs, err := mapping.ReadPath(o.Path)
	if err != nil {
		return nil, err
	}
	res := &ImportMappingResult{Path: o.Path, Status: "rejected", Problems: probs}
	if len(probs.Errors()) == 0 {
		// A mapping of headers only validates clean: nothing in it is
		// wrong, and everything is missing.
		for _, part := range []struct {
			n             int
			sheet, vi, en string
		}{
			{len(m.OldUnits), "old_units", "ánh xạ không có đơn vị cũ nào", "the mapping has no old unit"},
			{len(m.NewUnits), "new_units", "ánh xạ không có đơn vị mới nào", "the mapping has no new unit"},
			{len(m.Links), "mapping", "ánh xạ không có dòng ánh xạ nào", "the mapping has no mapping row"},
		} {
			if part.n == 0 {
				probs = append(probs, mapping.Problem{Pos: mapping.Pos{File: o.Path, Sheet: part.sheet},
					Message: lang.T(part.vi+": cần danh sách đơn vị và các dòng nối đơn vị cũ với đơn vị mới (docs/mapping.md)",
						part.en+": expected the units and the rows linking old units to new ones (docs/mapping.md)")})
			}
		}
	}
	if len(probs.Errors()) == 0 {
		probs = append(probs, mapping.Validate(m)...)
	}
	var activeFP string // the mapping chained onto, or not: it must stay the active one
	if len(probs.Errors()) == 0 {
		// Chaining needs the active mapping, which must not create a
		// workspace before the new mapping is known to be good.
		active, err := w.Mapping(ctx)
		if err != nil {
			return nil, err
		}
		activeFP = w.mFP
		if mapping.Chains(active, m) {
			m = mapping.Chain(active, m)
			res.Chained = active.Name
			probs = append(probs, mapping.Validate(m)...)
		}
	}
	res.Problems = probs
	if res.Problems == nil {
		res.Problems = mapping.Problems{}
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return res, Rejected(fmt.Errorf(w.t("ánh xạ %s bị từ chối: %s; kho dữ liệu không thay đổi", "mapping %s rejected: %s; the workspace is unchanged"), o.Path, w.problemCount(len(errs))))
	}
	res.Counts = map[string]int{"old_units": len(m.OldUnits), "new_units": len(m.NewUnits), "links": len(m.Links)}
	// The imported inventories' units must stay known: else the plan
	// would quietly place none of their elements. The check and the
	// switch run in one transaction holding the workspace's write lock
	// (store.SwitchMapping): an inventory imported meanwhile is either
	// seen by the check or imported after the switch, against the new
	// mapping.
	check := func(ctx context.Context, st *store.Store) error {
		if st == nil {
			return nil
		}
		unknown, err := w.unknownUnits(ctx, st, m)
		if err != nil {
			return err
		}
		res.Unknown = unknown
		if len(unknown) == 0 || o.Force {
			return nil
		}
		n := 0
		for _, u := range unknown {
			n += u.Elements
			res.Problems = append(res.Problems, mapping.Problem{Pos: mapping.Pos{File: u.Files[0]}, Column: "unit_code", Value: u.Unit,
				Message: lang.T(fmt.Sprintf("đơn vị cũ %s của bản kê khai đã nhập (%d phần tử, tệp %s) không có trong ánh xạ %s: phương án sẽ không xếp được các phần tử này vào đơn vị mới nào; hãy dùng ánh xạ có đơn vị này, hoặc thêm --force để vẫn nạp (các phần tử sẽ được báo là không xác định)", u.Unit, u.Elements, strings.Join(u.Files, ", "), o.Path),
					fmt.Sprintf("old unit %s of the imported inventories (%d elements, files %s) is not in the mapping %s: the plan could place none of these elements; use a mapping that has it, or add --force to import it anyway (the elements are then reported as unknown)", u.Unit, u.Elements, strings.Join(u.Files, ", "), o.Path))})
		}
		res.Status = "rejected"
		return Rejected(fmt.Errorf(w.t("ánh xạ %s bị từ chối: %d đơn vị cũ (%d phần tử) của bản kê khai đã nhập không có trong đó; kho dữ liệu không thay đổi (--force để vẫn nạp)",
			"mapping %s rejected: %d old units (%d elements) of the imported inventories are not in it; the workspace is unchanged (--force imports it anyway)"), o.Path, len(unknown), n))
	}
	if o.DryRun {
		st, err := w.existing(ctx)
		if err != nil {
			return nil, err
		}
		if err := check(ctx, st); err != nil {
			return res, err
		}
		res.Status = "checked"
		return res, nil
	}
	st, err := w.create(ctx)
	if err != nil {
		return nil, err
	}
	src, err := filepath.Abs(o.Path)
	if err != nil {
		src = o.Path
	}
	info, err := st.SwitchMapping(ctx, src, func(ctx context.Context) (*mapping.Mapping, error) {
		// Under the lock: what was chained onto is still in force, and
		// the inventories are those the switch leaves behind.
		fp, err := st.ActiveMappingFingerprint(ctx)
		if err != nil {
			return nil, err
		}
		if fp != activeFP {
			return nil, store.ErrMappingChanged
		}
		if err := check(ctx, st); err != nil {
			return nil, err
		}
		return m, nil
	})
	if err != nil {
		if KindOf(err) == Reject {
			return res, err
		}
		return nil, err
	}
	w.m, w.mFP = m, info.SHA256
	res.Status, res.Mapping = "imported", &info
	return res, nil
}
