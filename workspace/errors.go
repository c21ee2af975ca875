package workspace

import "errors"

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
