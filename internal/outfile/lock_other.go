//go:build !unix

package outfile

import "os"

// OpenRemovable says a file still open can be removed: not on Windows,
// where a handle open on a file (the "lock" of Lock) keeps it.
const OpenRemovable = false

// lockTemp does nothing where a file open for writing cannot be removed
// (Windows: Go opens files without FILE_SHARE_DELETE).
func lockTemp(*os.File) {}

// removeUnused removes a stale file, then the files also; on Windows the
// removal of a file another run still has open fails, which leaves it
// (and its companions) alone. It reports whether it removed path.
func removeUnused(path string, also ...string) bool {
	if os.Remove(path) != nil {
		return false
	}
	for _, p := range also {
		os.Remove(p)
	}
	return true
}
