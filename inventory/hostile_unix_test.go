//go:build unix

package inventory

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSpecialFilesRefused: a named pipe or a device (a /dev/zero made in
// the test's folder) named as an inventory, or found in a folder, is
// refused by name from its metadata: never opened to be read, so a pipe
// with no writer does not hang the import.
func TestSpecialFilesRefused(t *testing.T) {
	dir := t.TempDir()
	pipeDir := filepath.Join(dir, "02-ha-giang")
	os.Mkdir(pipeDir, 0o755)
	pipe := filepath.Join(pipeDir, "elements.csv")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	xlsxPipe := filepath.Join(dir, "08-tuyen-quang.xlsx")
	if err := syscall.Mkfifo(xlsxPipe, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, path, named, want string }{
		{"a pipe named", xlsxPipe, xlsxPipe, "named pipe"},
		{"a pipe in a folder", dir, pipe, "named pipe"},
	}
	zero := filepath.Join(t.TempDir(), "zero.json")
	if err := syscall.Mknod(zero, syscall.S_IFCHR|0o666, 1<<8|5); err == nil {
		cases = append(cases, struct{ name, path, named, want string }{"a device like /dev/zero", zero, zero, "a device"})
	} else {
		t.Logf("no device case: making a device node needs root (%v)", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			done := make(chan *Result, 1)
			go func() { done <- readAllPaths(t, c.path) }()
			select {
			case res := <-done:
				wantProblem(t, res, c.named, "", c.want)
			case <-time.After(time.Minute):
				t.Fatal("reading blocked on the special file")
			}
		})
	}
}
