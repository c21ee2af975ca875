//go:build !unix

package outfile

import "os"

// lockTemp does nothing where a file open for writing cannot be removed
// (Windows: Go opens files without FILE_SHARE_DELETE).
func lockTemp(*os.File) {}

// removeUnused removes a stale temporary file; on Windows the removal of a
// file another run still has open fails, which leaves it alone.
func removeUnused(path string) { os.Remove(path) }
