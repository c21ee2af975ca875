package workspace

import (
	"context"
	"path/filepath"

	"github.com/ndta-vn/archmerge/store"
)

// InitResult is what Init did.
type InitResult struct {
	Workspace string            `json:"workspace"` // absolute path
	ID        string            `json:"id"`
	Created   bool              `json:"created"`
	Mapping   store.MappingInfo `json:"mapping"`
	Counts    map[string]int    `json:"counts"`
}

// Init creates the workspace with the built-in mapping, or says which
// mapping an existing one uses; it changes nothing in an existing one.
func (w *Workspace) Init(ctx context.Context) (*InitResult, error) {
	created := !w.exists()
	st, err := w.create(ctx)
	if err != nil {
		return nil, err
	}
	m, info, err := st.ActiveMapping(ctx)
	if err != nil {
		return nil, err
	}
	w.m, w.mFP = m, info.SHA256
	abs, err := filepath.Abs(st.Path())
	if err != nil {
		abs = st.Path()
	}
	return &InitResult{Workspace: abs, ID: st.ID(), Created: created, Mapping: info,
		Counts: map[string]int{"old_units": len(m.OldUnits), "new_units": len(m.NewUnits), "links": len(m.Links)}}, nil
}
