//go:build !unix

package inventory

import "os"

// openInput opens a file for reading (Windows has no named pipes in the
// file system that an open would wait on).
func openInput(path string) (*os.File, error) { return os.Open(path) }
