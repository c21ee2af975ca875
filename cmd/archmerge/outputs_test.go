//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOutputsRefuseWhatIsNotAFile runs every command that writes a file or
// a folder against targets that are not one, made in the test's folder: a
// named pipe, a folder where a file is expected, a file where a folder is
// expected. Each is refused with exit 2, named in the message, and left as
// it was; nothing else is written beside it.
func TestOutputsRefuseWhatIsNotAFile(t *testing.T) {
	db := importPlanInv(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.xlsx")
	os.Mkdir(folder, 0o755)
	file := filepath.Join(dir, "file")
	writeFile(t, file, "keep")
	in := filepath.Join(dir, "ho-tich.csv")
	writeFile(t, in, "ma_tinh,ma_xa\n01,00001\n")
	// A province workbook's name taken by a pipe, inside a real folder.
	reports := filepath.Join(dir, "reports")
	os.Mkdir(reports, 0o755)
	provPipe := filepath.Join(reports, "08-tuyen-quang.xlsx")
	if err := syscall.Mkfifo(provPipe, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		args  []string
		named string
	}{
		{"template to a pipe", []string{"template", fifo}, fifo},
		{"template to a folder", []string{"template", folder}, folder},
		{"recode to a pipe", []string{"recode", in, "--out", fifo}, fifo},
		{"recode to a folder", []string{"recode", in, "--out", folder}, folder},
		{"report into a file", []string{"report", "--out", file}, file},
		{"report into a pipe", []string{"report", "--out", fifo}, fifo},
		{"report over a pipe", []string{"report", "--out", reports, "--province", "08"}, provPipe},
		{"export into a file", []string{"export", "--format", "json", "--out", file}, file},
		{"dashboard into a file", []string{"dashboard", "--out", file}, file},
		{"fixtures into a file", []string{"fixtures", "--out", file, "--province", "02", "--scale", "0.01"}, file},
		{"batch into a file", []string{"batch", filepath.Join(filepath.Dir(db), "inv"), "--out", file}, file},
		{"demo under a file", []string{"demo", "--out", filepath.Join(file, "demo")}, file},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, l := range []string{"vi", "en"} {
				code, _, stderr := run(t, "", append([]string{"--db", db, "--lang", l}, c.args...)...)
				if code != ExitUsage {
					t.Fatalf("--lang %s: exit %d, want %d; stderr:\n%s", l, code, ExitUsage, stderr)
				}
				if !strings.Contains(stderr, c.named) {
					t.Errorf("--lang %s: the message does not name %s:\n%s", l, c.named, stderr)
				}
			}
		})
	}
	for _, p := range []string{fifo, provPipe} {
		if st, err := os.Lstat(p); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("%s is no longer a pipe: %v", p, err)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "keep" {
		t.Errorf("the file was changed to %q", b)
	}
	for _, d := range []string{dir, reports, folder} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") || strings.HasSuffix(e.Name(), ".html") {
				t.Errorf("left behind in %s: %s", d, e.Name())
			}
		}
	}
}

// TestOutputsWriteThroughLinks: an output named by a symbolic link is
// written to the file the link points to, and the link stays.
func TestOutputsWriteThroughLinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.xlsx")
	writeFile(t, real, "old")
	link := filepath.Join(dir, "kiem-ke.xlsx")
	os.Symlink("real.xlsx", link)
	in := filepath.Join(dir, "ho-tich.csv")
	writeFile(t, in, "ma_tinh,ma_xa\n01,00001\n")
	csvReal := filepath.Join(dir, "out-real.csv")
	csvLink := filepath.Join(dir, "out.csv")
	os.Symlink(csvReal, csvLink) // a link to a file not yet there
	db := filepath.Join(dir, "none.db")
	for _, args := range [][]string{{"template", link}, {"recode", in, "--out", csvLink}} {
		if code, _, stderr := run(t, "", append([]string{"--db", db}, args...)...); code != ExitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	if b, _ := os.ReadFile(real); !strings.HasPrefix(string(b), "PK") {
		t.Errorf("the link's target is not the template: %q", b[:min(len(b), 10)])
	}
	if b, _ := os.ReadFile(csvReal); !strings.HasPrefix(string(b), "ma_tinh") {
		t.Errorf("the recoded file did not go to the link's target: %q", b)
	}
	for _, l := range []string{link, csvLink} {
		if st, err := os.Lstat(l); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link", l)
		}
	}
}

// TestInputsRefuseSpecialFiles: a named pipe found in a batch's folder,
// given as an inventory or a mapping, or given to recode or apply is
// refused by name,
// without waiting for a writer: import and recode exit 3, the batch fails
// that input's province only (exit 4) and writes the others.
func TestInputsRefuseSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ws.db")
	inv := filepath.Join(dir, "inv")
	writeFiles(t, filepath.Join(inv, "08-tuyen-quang"), planInv)
	pipeDir := filepath.Join(inv, "01-ha-noi")
	os.MkdirAll(pipeDir, 0o755)
	mapDir := writeMapping(t, umOld, umNew, umLinks)
	os.Remove(filepath.Join(mapDir, "old_units.csv"))
	for _, p := range []string{filepath.Join(pipeDir, "elements.csv"), filepath.Join(dir, "pipe.xlsx"), filepath.Join(dir, "pipe.csv"), filepath.Join(mapDir, "old_units.csv")} {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name  string
		args  []string
		code  int
		named string
	}{
		{"batch with a pipe", []string{"batch", inv, "--out", filepath.Join(dir, "out")}, ExitPartial, filepath.Join(pipeDir, "elements.csv")},
		{"import a pipe", []string{"import", "inventory", filepath.Join(dir, "pipe.xlsx")}, ExitRejected, filepath.Join(dir, "pipe.xlsx")},
		{"recode a pipe", []string{"recode", filepath.Join(dir, "pipe.csv"), "--out", filepath.Join(dir, "out.csv")}, ExitRejected, filepath.Join(dir, "pipe.csv")},
		{"apply a pipe", []string{"apply", filepath.Join(dir, "pipe.xlsx")}, ExitRejected, filepath.Join(dir, "pipe.xlsx")},
		{"a mapping with a pipe", []string{"import", "mapping", mapDir}, ExitRejected, filepath.Join(mapDir, "old_units.csv")},
		{"a mapping workbook that is a pipe", []string{"import", "mapping", filepath.Join(dir, "pipe.xlsx")}, ExitRejected, filepath.Join(dir, "pipe.xlsx")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			done := make(chan [3]any, 1)
			go func() {
				code, out, errOut := run(t, "", append([]string{"--db", db, "--lang", "en"}, c.args...)...)
				done <- [3]any{code, out, errOut}
			}()
			select {
			case r := <-done:
				code, out := r[0].(int), r[1].(string)+r[2].(string)
				if code != c.code || !strings.Contains(out, c.named) || !strings.Contains(out, "named pipe") {
					t.Errorf("exit %d, want %d naming %s as a named pipe:\n%s", code, c.code, c.named, out)
				}
			case <-time.After(time.Minute):
				t.Fatal("the command waited on the pipe")
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "08-tuyen-quang.xlsx")); err != nil {
		t.Errorf("the batch did not write the other province: %v", err)
	}
}
