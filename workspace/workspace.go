package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/store"
)

// Workspace is one workspace file and the language its workflows speak.
// It is not safe for concurrent use by several goroutines.
type Workspace struct {
	path    string
	lang    string
	version string
	st      *store.Store
	m       *mapping.Mapping
	// mFP is m's store.Fingerprint, which the workspace's active
	// mapping must still have when a command that checked against m takes
	// the write lock.
	mFP string
}

// New returns the workspace at path, without opening it. lang is the
// language of its messages ("vi" or "en"); version is the tool's version,
// written into workbooks.
func New(path, language, version string) *Workspace {
	if !lang.Valid(language) {
		language = lang.VI
	}
	return &Workspace{path: path, lang: language, version: version}
}

// Path returns the workspace file's path.
func (w *Workspace) Path() string { return w.path }

// Lang returns the language of the workspace's messages.
func (w *Workspace) Lang() string { return w.lang }

// Close closes the workspace file if it was opened.
func (w *Workspace) Close() error {
	if w.st == nil {
		return nil
	}
	err := w.st.Close()
	w.st, w.m, w.mFP = nil, nil, ""
	return err
}

// t picks the Vietnamese or English text by the workspace's language.
func (w *Workspace) t(vi, en string) string { return lang.Pick(w.lang, vi, en) }

// tf formats the Vietnamese or English text by the workspace's language.
func (w *Workspace) tf(vi, en string, args ...any) string { return fmt.Sprintf(w.t(vi, en), args...) }

// count writes "3 tệp" in Vietnamese and "1 file" or "3 files" in
// English.
func (w *Workspace) count(n int, vi, one, many string) string {
	return lang.Count(n, w.lang, vi, one, many)
}

// problemCount writes "3 lỗi", "1 problem", "3 problems".
func (w *Workspace) problemCount(n int) string { return w.count(n, "lỗi", "problem", "problems") }

// exists reports whether the workspace file exists.
func (w *Workspace) exists() bool {
	_, err := os.Stat(w.path)
	return err == nil
}

// create opens the workspace, creating it on first use.
func (w *Workspace) create(ctx context.Context) (*store.Store, error) {
	if w.st != nil {
		return w.st, nil
	}
	st, err := store.Open(ctx, w.path, store.Options{})
	if err != nil {
		return nil, err
	}
	w.st = st
	return st, nil
}

// existing opens the workspace only if its file exists; it returns nil and
// no error otherwise.
func (w *Workspace) existing(ctx context.Context) (*store.Store, error) {
	if w.st != nil || !w.exists() {
		return w.st, nil
	}
	return w.create(ctx)
}

// open opens the workspace, which must exist (the workflows that read a
// plan never create one), and its active mapping.
func (w *Workspace) open(ctx context.Context) (*store.Store, *mapping.Mapping, error) {
	st, err := w.existing(ctx)
	if err != nil {
		return nil, nil, err
	}
	if st == nil {
		return nil, nil, w.errNoWorkspace()
	}
	m, err := w.Mapping(ctx)
	if err != nil {
		return nil, nil, err
	}
	return st, m, nil
}

func (w *Workspace) errNoWorkspace() error {
	return errors.New(w.tf("chưa có kho dữ liệu %s: chạy archmerge init rồi archmerge import inventory trước",
		"no workspace at %s: run archmerge init and archmerge import inventory first", w.path))
}

// Mapping returns the workspace's active mapping when the workspace exists,
// else the built-in one, without creating a workspace.
func (w *Workspace) Mapping(ctx context.Context) (*mapping.Mapping, error) {
	if w.m != nil {
		return w.m, nil
	}
	st, err := w.existing(ctx)
	if err != nil {
		return nil, err
	}
	var m *mapping.Mapping
	var info store.MappingInfo
	if st == nil {
		m, err = mapping.Builtin()
		if err == nil {
			info.SHA256, err = store.BuiltinFingerprint()
		}
	} else {
		m, info, err = st.ActiveMapping(ctx)
	}
	if err != nil {
		return nil, err
	}
	w.m, w.mFP = m, info.SHA256
	return m, nil
}

// Today is the default plan date, yyyy-mm-dd.
func Today() string { return time.Now().Format(time.DateOnly) }

// ParseDate reads a plan date written yyyy-mm-dd or dd/mm/yyyy and returns
// it as yyyy-mm-dd ("" stays "").
func (w *Workspace) ParseDate(flag, s string) (string, error) {
	if s == "" {
		return "", nil
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	return "", Usage(errors.New(w.tf("%s %q: cần một ngày yyyy-mm-dd hoặc dd/mm/yyyy", "%s %q: expected a date yyyy-mm-dd or dd/mm/yyyy", flag, s)))
}
