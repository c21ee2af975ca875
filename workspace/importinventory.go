package workspace

import (
	"context"
	"errors"
	"strings"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/store"
)

// ImportOptions name the inventories to import.
type ImportOptions struct {
	Paths  []string // files and folders (see inventory.Find)
	DryRun bool     // check only; write nothing
}

// ImportResult is what ImportInventory did, or would do on a dry run.
type ImportResult struct {
	OK        bool                 `json:"ok"`
	DryRun    bool                 `json:"dry_run"`
	Files     []inventory.FileInfo `json:"files"`
	Elements  int                  `json:"elements"`
	Relations int                  `json:"relations"`
	Units     []store.UnitImport   `json:"units"`
	ImportID  int64                `json:"import_id,omitempty"`
	Warnings  []Problem            `json:"warnings"`
	Problems  []Problem            `json:"problems"`
}

// Problem is a problem or warning with its text in the workspace's
// language, for JSON output.
type Problem struct {
	mapping.Problem
	Text string `json:"text"`
}

func (w *Workspace) problems(ps mapping.Problems) []Problem {
	out := make([]Problem, len(ps))
	for i, p := range ps {
		out[i] = Problem{Problem: p, Text: p.Text(w.lang)}
	}
	return out
}

// ImportInventory checks inventories and imports them, all or nothing. Rows
// are stored while the next files are read, in a transaction that only the
// commit makes visible. A first import creates the workspace once the
// first file has passed its checks, beside its path, and moves it into
// place only once the import has succeeded: a rejected, failed or dry run
// leaves no trace. Rejected inventories return the result (with its
// problems) and a Rejected error.
func (w *Workspace) ImportInventory(ctx context.Context, o ImportOptions) (*ImportResult, error) {
	m, err := w.Mapping(ctx)
	if err != nil {
		return nil, err
	}
	// Read and check against the workspace as it is, without creating one.
	st, err := w.existing(ctx)
	if err != nil {
		return nil, err
	}
	var known func(string) bool
	if st != nil {
		if known, err = st.KnownKeys(ctx); err != nil {
			return nil, err
		}
	}
	var staged *store.Store
	var im *store.Import
	begin := func() error {
		if im != nil {
			return nil
		}
		target := st
		if target == nil {
			if l := store.Leftovers(w.path); len(l) > 0 {
				return errors.New(w.tf(
					"chưa có kho %s nhưng bên cạnh còn tệp của một kho đã xoá (%s); SQLite sẽ ghép chúng vào kho mới: hãy chuyển hoặc xoá các tệp đó rồi chạy lại; không ghi gì",
					"there is no workspace %s but files of a deleted one are beside it (%s), which SQLite would merge into a new one: move them away or delete them, then run again; nothing was written",
					w.path, strings.Join(l, ", ")))
			}
			var err error
			if staged, err = store.CreateStaged(ctx, w.path); err != nil {
				return err
			}
			target = staged
		}
		im = target.BeginImport(ctx)
		// The rows are checked against m: it must still be the active
		// mapping when the import takes the lock.
		im.ExpectMapping(w.mFP)
		return nil
	}
	defer func() {
		if im != nil {
			im.Abort()
		}
		if staged != nil {
			staged.Discard()
		}
	}()
	var emit func(inventory.Batch) error
	if st != nil || !o.DryRun {
		emit = func(b inventory.Batch) error {
			if err := begin(); err != nil {
				return err
			}
			return im.Add(b)
		}
	}
	res, err := inventory.ReadPathsTo(ctx, o.Paths, m, known, emit)
	if err != nil {
		return nil, err
	}
	rep := &ImportResult{DryRun: o.DryRun, Files: res.Files, Units: []store.UnitImport{},
		Warnings: w.problems(res.Warnings), Problems: w.problems(res.Problems)}
	for _, f := range res.Files { // the rows themselves went to the import
		rep.Elements += f.Elements
		rep.Relations += f.Relations
	}
	if rep.Files == nil {
		rep.Files = []inventory.FileInfo{}
	}
	if len(res.Problems) > 0 {
		// The problems alone: warnings about a file refused would only
		// distract from what must be fixed.
		rep.Warnings = []Problem{}
		return rep, Rejected(errors.New(w.tf("bản kê khai bị từ chối: %s; không ghi gì vào kho", "inventory rejected: %s; nothing was written", w.problemCount(len(res.Problems)))))
	}
	rep.Warnings = append(rep.Warnings, w.problems(res.Unfilled())...)
	if emit != nil {
		if err := begin(); err != nil { // nothing emitted: an empty import
			return nil, err
		}
	}
	switch {
	case emit == nil:
		rep.Units = dryRunUnits(res, known)
	case o.DryRun:
		// The exact effect, disappeared elements included, from an import
		// rolled back.
		sum, err := im.Preview(res)
		if err != nil {
			return nil, err
		}
		rep.Units = sum.Units
	default:
		sum, err := im.Commit(res)
		if err != nil {
			return nil, err
		}
		if staged != nil {
			if err := staged.Publish(); err != nil {
				return nil, err
			}
			staged = nil
		}
		rep.Units, rep.ImportID = sum.Units, sum.ImportID
	}
	rep.OK = true
	return rep, nil
}

// dryRunUnits says per unit what an import would do when there is no
// workspace yet: every element and relation is new.
func dryRunUnits(res *inventory.Result, known func(string) bool) []store.UnitImport {
	idx := map[string]int{}
	var out []store.UnitImport
	for _, u := range res.Units() {
		idx[u] = len(out)
		out = append(out, store.UnitImport{Unit: u})
	}
	for i := range res.Elements {
		e := &res.Elements[i]
		ui := &out[idx[e.Unit]]
		ui.Elements++
		if known != nil && known(e.Key()) {
			ui.Kept++
			ui.Replaced = true
		} else {
			ui.Added++
		}
	}
	for i := range res.Relations {
		if j, ok := idx[res.Relations[i].Owner]; ok {
			out[j].Relations++
		}
	}
	return out
}
