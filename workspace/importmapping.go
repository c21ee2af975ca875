package workspace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/store"
)

// ImportMappingOptions name the mapping to load.
type ImportMappingOptions struct {
	Path   string // a folder of CSV files or one XLSX workbook
	DryRun bool   // check only
}

// ImportMappingResult is what ImportMapping did.
type ImportMappingResult struct {
	Path     string             `json:"path"`
	Status   string             `json:"status"` // imported, checked (dry run) or rejected
	Chained  string             `json:"chained_onto,omitempty"`
	Mapping  *store.MappingInfo `json:"mapping,omitempty"`
	Counts   map[string]int     `json:"counts,omitempty"`
	Problems mapping.Problems   `json:"problems"`
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
		probs = append(probs, mapping.Validate(m)...)
	}
	if len(probs.Errors()) == 0 {
		// Chaining needs the active mapping, which must not create a
		// workspace before the new mapping is known to be good.
		active, err := w.Mapping(ctx)
		if err != nil {
			return nil, err
		}
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
	if o.DryRun {
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
	info, err := st.SaveMapping(ctx, m, src)
	if err != nil {
		return nil, err
	}
	w.m = m
	res.Status, res.Mapping = "imported", &info
	return res, nil
}
