// Package outfile writes the files archmerge produces — workbooks, CSV and
// JSON exports, inventories, manifests — atomically, and every workbook with
// one zip policy (deterministic bytes, fast deflate).
package outfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

// Write writes a file through fn (buffered) into a temporary file in the
// same folder, syncs it, and renames it to path, so that readers see either
// the old file or the whole new one, and a failure or a crash leaves the old
// one in place.
func Write(path string, fn func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err = fn(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Workbook writes an excelize workbook to path atomically, with the
// SortedZip policy: the same content gives the same bytes.
func Workbook(f *excelize.File, path string) error {
	return Write(path, func(w io.Writer) error {
		f.SetZipWriter(SortedZip)
		return f.Write(w)
	})
}
