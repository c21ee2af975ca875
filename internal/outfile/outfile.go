// Package outfile writes the files archmerge produces — workbooks, CSV and
// JSON exports, inventories, manifests, recoded data files — atomically, and
// every workbook with one zip policy (deterministic bytes, fast deflate).
//
// Every output goes through Create (or Write and Workbook, built on it):
//
//   - the target must be a regular file or a new path: a folder, a device
//     (/dev/full, NUL), a named pipe or a socket is refused with a
//     *TargetError before anything is written, and checked again just
//     before the rename, which would otherwise replace it;
//   - a symbolic link is followed on purpose: the file it points to is
//     written (replaced atomically), and the link stays a link;
//   - the content goes to a hidden temporary file in the target's folder,
//     ".<name>.<digits>.tmp", synced and renamed over the target only when
//     complete, so a reader sees the old file or the whole new one;
//   - temporary files of that naming left in the folder by a run that was
//     killed are removed by the next run that writes there (docs/limits.md).
package outfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/xuri/excelize/v2"
)

// File is an output being written: a temporary file beside its target,
// renamed over the target by Commit. Abort (or a failed Commit) removes it.
type File struct {
	f      *os.File
	path   string // as the caller named it, for messages
	target string // the file written: path with its symbolic links followed
	done   bool
}

// Create starts writing the output at path. It refuses a target that is
// not a regular file or a new path (*TargetError), follows symbolic links,
// removes the stale temporary files of earlier runs in the target's folder,
// and creates the temporary file the content goes to.
func Create(path string) (*File, error) {
	target, err := Resolve(path)
	if err != nil {
		return nil, err
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	cleanFolder(dir, base)
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	// Held until the rename: a run started meanwhile sees the file in use
	// and leaves it alone.
	lockTemp(tmp)
	return &File{f: tmp, path: path, target: target}, nil
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) { return f.f.Write(p) }

// Name returns the temporary file's path.
func (f *File) Name() string { return f.f.Name() }

// Target returns the file that Commit replaces: the path given, with its
// symbolic links followed.
func (f *File) Target() string { return f.target }

// Commit syncs the temporary file and renames it over the target, after
// checking the target again (something may have appeared there since
// Create). The file keeps the permissions of the one it replaces (0644 for
// a new one). On any error the temporary file is removed.
func (f *File) Commit() (err error) {
	if f.done {
		return fmt.Errorf("write %s: already committed or aborted", f.path)
	}
	defer func() {
		if err != nil {
			f.Abort()
		}
	}()
	if err := f.f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(f.target); err == nil {
		if !st.Mode().IsRegular() {
			return targetError(f.path, st.Mode())
		}
		mode = st.Mode().Perm()
	}
	if err := f.f.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	if renameOpen {
		// Renamed while still open and locked, so that no other run can
		// take it for a stale file in between.
		if err := os.Rename(f.f.Name(), f.target); err != nil {
			return fmt.Errorf("write %s: %w", f.path, err)
		}
		f.done = true
		return f.f.Close()
	}
	if err := f.f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	if err := os.Rename(f.f.Name(), f.target); err != nil {
		os.Remove(f.f.Name())
		f.done = true
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	f.done = true
	return nil
}

// Abort removes the temporary file; the target is left as it was. It does
// nothing after Commit, so callers defer it.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.f.Close()
	os.Remove(f.f.Name())
}

// renameOpen says whether a file may be renamed while open: not on
// Windows, whose files Go opens without FILE_SHARE_DELETE.
const renameOpen = runtime.GOOS != "windows"

// Write writes a file through fn (buffered) into a temporary file in the
// same folder, syncs it, and renames it to path, so that readers see either
// the old file or the whole new one, and a failure or a crash leaves the old
// one in place. See Create for what path may be.
func Write(path string, fn func(w io.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	bw := getBuffered(f)
	defer bufferPool.Put(bw)
	if err := fn(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}

// bufferPool recycles Write's buffers: a batch writes hundreds of files,
// and a quarter of a megabyte apiece added up to a tenth of the national
// demo's allocations.
var bufferPool sync.Pool

func getBuffered(w io.Writer) *bufio.Writer {
	if bw, _ := bufferPool.Get().(*bufio.Writer); bw != nil {
		bw.Reset(w)
		return bw
	}
	return bufio.NewWriterSize(w, 256<<10)
}

// Workbook writes an excelize workbook to path atomically, with the
// SortedZip policy: the same content gives the same bytes.
func Workbook(f *excelize.File, path string) error {
	return WorkbookRows(f, path, nil)
}

// WorkbookRows writes f to path as Workbook does, filling the sheets of
// rows (by part path) as they are saved.
func WorkbookRows(f *excelize.File, path string, rows SheetRows) error {
	return Write(path, func(w io.Writer) error { return writeWorkbook(f, w, rows) })
}

// writeWorkbook saves f into w. excelize builds the whole package in a
// buffer of its own before copying it out (File.Write); the zip writer
// given to it here writes to w instead, so the package goes to the file as
// it is made and the buffer stays empty. excelize would write into that
// buffer only for what archmerge never uses (a password, or a part over
// 4 GiB, past every limit): if it ever did, that is an error, not a
// damaged file.
func writeWorkbook(f *excelize.File, w io.Writer, rows SheetRows) error {
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return sortedZipRows(w, rows) })
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	if buf.Len() > 0 {
		return fmt.Errorf("excelize wrote %d bytes outside the package's zip writer", buf.Len())
	}
	return nil
}

// Folder makes sure the output folder dir exists, creating it and its
// parents if needed. A path that exists and is not a folder (after
// following symbolic links), or under such a path, is a *TargetError.
func Folder(dir string) error {
	if err := CheckFolder(dir); err != nil {
		return err
	}
	return os.MkdirAll(dir, 0o755)
}

// CheckFolder checks, without creating anything, that dir may be an output
// folder: the deepest part of it that exists is a folder. Workflows check
// their output folder before the work that fills it.
func CheckFolder(dir string) error {
	for p := dir; ; p = filepath.Dir(p) {
		if st, err := os.Stat(p); err == nil {
			if !st.IsDir() {
				return &TargetError{Path: p, What: kindOf(st.Mode()), Folder: true}
			}
			return nil
		}
		if filepath.Dir(p) == p {
			return nil
		}
	}
}

// maxLinks bounds the symbolic links followed from one path, as the
// kernels do (Linux: 40).
const maxLinks = 40

// Resolve checks that path may be written as an output and returns the
// file that will be: path itself, or, for a symbolic link, the file it
// points to (through any chain of links; a link to a file that does not
// exist yet names the file to create). A folder, a device, a named pipe, a
// socket or a loop of links is a *TargetError. The folder of the file need
// not exist: creating the file then fails with the system's error.
func Resolve(path string) (string, error) {
	p := path
	for hops := 0; ; hops++ {
		st, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", err
		}
		mode := st.Mode()
		if mode&fs.ModeSymlink == 0 {
			if mode.IsRegular() {
				return p, nil
			}
			return "", targetError(path, mode)
		}
		if hops == maxLinks {
			return "", &TargetError{Path: path, What: WhatLinkLoop}
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			// Relative to the link's folder as the system resolves it:
			// not cleaned, since that folder may itself hold links.
			link = rawDir(p) + link
		}
		p = link
	}
}

// rawDir returns the folder part of p with its trailing separator ("" for
// a bare name), as written: filepath.Dir would clean it, and "a/b/.." is
// not "a" when b is a link.
func rawDir(p string) string {
	i := len(p) - 1
	for i >= len(filepath.VolumeName(p)) && !os.IsPathSeparator(p[i]) {
		i--
	}
	return p[:i+1]
}
