//go:build windows

package main

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/windows"
)

func TestFileInUse(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"rename over a workbook open in Excel", fmt.Errorf("write x.xlsx: %w", &os.LinkError{Op: "rename", Old: "a", New: "b", Err: windows.ERROR_ACCESS_DENIED}), true},
		{"sharing violation", &os.PathError{Op: "open", Path: "a", Err: windows.ERROR_SHARING_VIOLATION}, true},
		{"lock violation", &os.PathError{Op: "write", Path: "a", Err: windows.ERROR_LOCK_VIOLATION}, true},
		{"missing file", &os.PathError{Op: "open", Path: "a", Err: windows.ERROR_FILE_NOT_FOUND}, false},
		{"no errno", fmt.Errorf("plain"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := fileInUse(c.err); got != c.want {
				t.Errorf("fileInUse(%v) = %v, want %v", c.err, got, c.want)
			}
		})
	}
}
