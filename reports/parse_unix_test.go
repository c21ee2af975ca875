//go:build unix

package reports

import (
	"path/filepath"
	"syscall"
	"testing"
)

// ProvinceOf never opens what is not a regular file (a pipe would block).
func TestProvinceOfAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.xlsx")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if got := ProvinceOf(fifo); got != "" {
		t.Errorf("ProvinceOf of a pipe = %q", got)
	}
}
