//go:build unix

package inventory

import (
	"os"
	"syscall"
)

// openInput opens a file for reading without waiting: a named pipe is
// opened at once (and then refused by its mode) rather than blocking
// until a writer comes.
func openInput(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
