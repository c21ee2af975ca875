//go:build unix

package outfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func writeString(path, s string) error {
	return Write(path, func(w io.Writer) error { _, err := io.WriteString(w, s); return err })
}

// special makes, in dir, a file that is not a regular one: a FIFO, a
// folder, a socket, or (as root only) a character device like /dev/null.
func special(t *testing.T, dir, what string) string {
	t.Helper()
	p := filepath.Join(dir, "out-"+strings.ReplaceAll(what, " ", "-"))
	switch what {
	case WhatPipe:
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
	case WhatFolder:
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
	case WhatSocket:
		fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { syscall.Close(fd) })
		if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: p}); err != nil {
			t.Skipf("cannot bind a socket in the test folder: %v", err)
		}
	case WhatDevice:
		// The /dev/null numbers (1, 3), made in the test's own folder:
		// a defect would replace this node, never the real one.
		if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
			t.Skipf("making a device node needs root: %v", err)
		}
	default:
		t.Fatalf("special %q", what)
	}
	return p
}

// TestRefusesWhatIsNotAFile: a folder, a named pipe, a socket and a device
// are refused as outputs, by name, and left as they were; so are links to
// them and a loop of links.
func TestRefusesWhatIsNotAFile(t *testing.T) {
	for _, what := range []string{WhatFolder, WhatPipe, WhatSocket, WhatDevice} {
		t.Run(what, func(t *testing.T) {
			dir := t.TempDir()
			p := special(t, dir, what)
			before, _ := os.Lstat(p)
			link := filepath.Join(dir, "link.xlsx")
			if err := os.Symlink(filepath.Base(p), link); err != nil {
				t.Fatal(err)
			}
			for _, target := range []string{p, link} {
				err := writeString(target, "x")
				var te *TargetError
				if !errors.As(err, &te) || te.What != what || te.Path != target {
					t.Fatalf("Write(%s) = %v, want a TargetError naming it as a %s", target, err, what)
				}
				if !strings.Contains(te.Text("vi"), target) || !strings.Contains(te.Error(), target) {
					t.Errorf("the message does not name the path: %q / %q", te.Text("vi"), te.Error())
				}
			}
			after, err := os.Lstat(p)
			if err != nil || after.Mode() != before.Mode() {
				t.Errorf("the %s was changed: %v, %v", what, after, err)
			}
			assertNoTemp(t, dir)
		})
	}
	t.Run("link loop", func(t *testing.T) {
		dir := t.TempDir()
		a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
		os.Symlink(b, a)
		os.Symlink(a, b)
		var te *TargetError
		if err := writeString(a, "x"); !errors.As(err, &te) || te.What != WhatLinkLoop {
			t.Fatalf("a loop of links: %v", err)
		}
	})
}

// TestWritesThroughLinks: a symbolic link is followed on purpose: the file
// it points to is replaced, the link stays a link; a link to a file not yet
// there creates it; a chain of relative links resolves from each link's
// folder.
func TestWritesThroughLinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "data", "real.csv")
	os.Mkdir(filepath.Dir(real), 0o755)
	if err := os.WriteFile(real, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	mid := filepath.Join(dir, "data", "mid.csv")
	os.Symlink("real.csv", mid)
	link := filepath.Join(dir, "out.csv")
	os.Symlink(filepath.Join("data", "mid.csv"), link)
	if err := writeString(link, "new"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Errorf("the link's target holds %q, want new", b)
	}
	for _, l := range []string{link, mid} {
		if st, err := os.Lstat(l); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link: %v", l, err)
		}
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o600 {
		t.Errorf("the replaced file's mode %v, want the old 0600 kept", st.Mode().Perm())
	}
	dangling := filepath.Join(dir, "new.json")
	os.Symlink(filepath.Join("data", "made.json"), dangling)
	if err := writeString(dangling, "{}"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "data", "made.json")); string(b) != "{}" {
		t.Errorf("a link to a new file: %q", b)
	}
	assertNoTemp(t, dir)
	assertNoTemp(t, filepath.Join(dir, "data"))
}

// TestCommitChecksAgain: what appears at the target between Create and
// Commit is checked too: a pipe put there is not replaced.
func TestCommitChecksAgain(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.xlsx")
	f, err := Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	var te *TargetError
	if err := f.Commit(); !errors.As(err, &te) || te.What != WhatPipe {
		t.Fatalf("Commit over a pipe: %v", err)
	}
	if st, _ := os.Lstat(p); st.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the pipe was replaced")
	}
	assertNoTemp(t, dir)
}

func TestFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	fifo := special(t, dir, WhatPipe)
	for _, c := range []struct {
		name, path, what string
	}{
		{"a file", file, WhatFile},
		{"a pipe", fifo, WhatPipe},
		{"under a file", filepath.Join(file, "sub"), WhatFile},
	} {
		t.Run(c.name, func(t *testing.T) {
			var te *TargetError
			if err := Folder(c.path); !errors.As(err, &te) || te.What != c.what || !te.Folder {
				t.Fatalf("Folder(%s) = %v, want a %s refused", c.path, err, c.what)
			}
		})
	}
	if err := Folder(filepath.Join(dir, "a", "b")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(dir, "a", "b")); err != nil || !st.IsDir() {
		t.Errorf("the new folder: %v", err)
	}
}

// TestStaleTempFilesRemoved: the temporary files a killed run left (named
// as Create names them, last written before this run) are removed by the
// next write into their folder; one still held by a run writing it, one
// newer than this run, and files of other names stay.
func TestStaleTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	old := started.Add(-time.Hour)
	mk := func(name string, mtime time.Time) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		return p
	}
	gone := []string{
		mk(".08-tuyen-quang.xlsx.123456.tmp", old),
		mk(".elements.csv.42.tmp", old),
		mk(".architecture.json.7.tmp", old),
		mk(".ho-tich.dat.99.tmp", old), // the base being written
	}
	kept := []string{
		mk(".08-tuyen-quang.xlsx.777.tmp", time.Now().Add(time.Hour)), // newer than this run
		mk(".notes.txt.123.tmp", old),                                 // not a file archmerge writes
		mk("08.xlsx.123.tmp", old),                                    // not hidden
		mk(".08.xlsx.12a.tmp", old),                                   // not CreateTemp's digits
		mk(".xlsx.1.tmp", old),                                        // no name
	}
	// A run still writing its file holds its lock.
	busy := mk(".01-ha-noi.xlsx.555.tmp", old)
	f, err := os.OpenFile(busy, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lockTemp(f)
	kept = append(kept, busy)

	if err := writeString(filepath.Join(dir, "ho-tich.dat"), "x"); err != nil {
		t.Fatal(err)
	}
	for _, p := range gone {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s: a stale temporary file was left", filepath.Base(p))
		}
	}
	for _, p := range kept {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(p), err)
		}
	}
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
