//go:build unix

package outfile

import (
	"os"
	"syscall"
)

// OpenRemovable says a file still open can be removed (its lock held to
// the end): true here.
const OpenRemovable = true

// lockTemp takes an advisory lock on a temporary file being written, held
// until it is closed: a run that finds the file sees it in use.
func lockTemp(f *os.File) {
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// removeUnused removes a stale file, then the files also, unless a run
// still holds it (its lock cannot be taken); it reports whether it did.
func removeUnused(path string, also ...string) bool {
	// Not following a link, nor waiting on a pipe put there meanwhile.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		return false // in use
	}
	if os.Remove(path) != nil {
		return false
	}
	for _, p := range also {
		os.Remove(p)
	}
	return true
}
