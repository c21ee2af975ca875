package workspace

import (
	"errors"

	"github.com/ndta-vn/archmerge/store"
)

// Kind tells what an error means for the user, and so which exit code the
// command line gives it.
type Kind int

// The kinds of error.
const (
	Failed   Kind = iota // the work could not be done (I/O, a bug): exit 1
	UsageErr             // the command line was misused: exit 2
	Reject               // an input was rejected by validation and nothing was written: exit 3
	Part                 // a batch finished for some provinces and not others: exit 4
)

// Error is an error meant for the user, with its kind.
type Error struct {
	Kind Kind
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Rejected marks err as an input rejected by validation.
func Rejected(err error) error { return &Error{Reject, err} }

// Usage marks err as a misuse of the command line.
func Usage(err error) error { return &Error{UsageErr, err} }

// Partial marks err as a batch that finished for some provinces only.
func Partial(err error) error { return &Error{Part, err} }

// KindOf returns the kind of err: Failed unless it is marked.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Failed
}

// Explain returns the text of err to print, in the workspace's language:
// the store's errors that a person meets (a file that is not a workspace,
// a workspace of a newer archmerge, one locked by another process, one
// created at the same path or a mapping imported meanwhile) say what happened and what to do;
// any other error reads as it is (errors meant for the user are already
// in the workspace's language).
func (w *Workspace) Explain(err error) string {
	switch {
	case errors.Is(err, store.ErrNotWorkspace):
		return w.tf("%s không phải kho dữ liệu của archmerge (không phải tệp SQLite): hãy chọn tệp khác bằng --db, hoặc chuyển tệp này đi",
			"%s is not an archmerge workspace (not an SQLite file): choose another file with --db, or move this one away", w.path)
	case errors.Is(err, store.ErrNewerSchema):
		return w.tf("kho dữ liệu %s do một phiên bản archmerge mới hơn ghi: hãy dùng phiên bản archmerge mới hơn (%v)",
			"the workspace %s was written by a newer archmerge: use a newer archmerge (%v)", w.path, err)
	case errors.Is(err, store.ErrCreatedMeanwhile):
		return w.tf("một kho dữ liệu vừa được tạo tại %s trong lúc lệnh chạy: hãy chạy lại lệnh; không ghi gì",
			"a workspace was created at %s while the command ran: run the command again; nothing was written", w.path)
	case errors.Is(err, store.ErrMappingChanged):
		return w.tf("ánh xạ đang dùng của kho %s đã được thay (một lệnh archmerge import mapping khác) trong lúc lệnh chạy: hãy chạy lại lệnh; không ghi gì",
			"the active mapping of the workspace %s was replaced (by another archmerge import mapping) while the command ran: run the command again; nothing was written", w.path)
	case store.IsBusy(err):
		return w.tf("kho dữ liệu %s đang bị một lệnh archmerge khác ghi quá lâu: hãy chờ lệnh đó xong rồi chạy lại (%v)",
			"the workspace %s is being written by another archmerge for too long: wait for it to finish, then run again (%v)", w.path, err)
	}
	return err.Error()
}
