package inventory

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/internal/limits"
	"github.com/ndta-vn/archmerge/mapping"
)

// Input is one inventory to read: a workbook, a JSON file, or a CSV pair
// named by its elements.csv (whose relations.csv may not exist).
type Input struct {
	Format string // xlsx, json or csv
	Path   string // the workbook, the JSON file, or elements.csv
	Rel    string // relations.csv of a pair
}

// Find lists the inventories a person named: each path is an .xlsx
// workbook, a .json file, an elements.csv or relations.csv (the pair is one
// input), or a folder, walked for every inventory in it. Hidden files and
// folders and Excel's lock files (~$…) are passed over, and so is the
// folder skip (a batch's output folder, whose workbooks are not
// inventories). A symbolic link to a folder is followed (a folder reached
// twice, through a link back up the tree, is walked once); a link to
// nothing is a problem. Inputs are sorted by path within a folder and
// listed once however they were named (by the file they resolve to).
// Only regular files are inventories: a device, a named pipe or a socket
// named as one is a problem, told from its metadata without opening it,
// and so is a file larger than limits.FileBytes (one found in a folder is
// refused so when it is read: a problem of that input). A path that does not
// exist, a file that is not an inventory and a folder holding none are
// problems of the input; the error is for failures that are not (I/O).
func Find(paths []string, skip string) ([]Input, mapping.Problems, error) {
	var probs mapping.Problems
	p := problems{&probs}
	realSkip := ""
	if skip != "" {
		realSkip = realPath(skip)
	}
	var out []Input
	seen := map[string]bool{}
	for _, path := range paths {
		ins, err := findPath(path, realSkip, p)
		if err != nil {
			return nil, nil, err
		}
		for _, in := range ins {
			if rp := realPath(in.Path); !seen[rp] {
				seen[rp] = true
				out = append(out, in)
			}
		}
	}
	return out, probs, nil
}

// realPath returns the absolute path with links followed, or as far as it
// can be (a file not there yet: its absolute path).
func realPath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}

func findPath(path, realSkip string, p problems) ([]Input, error) {
	pos := mapping.Pos{File: path}
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			p.add(pos, "", "", "no such file or folder: expected an .xlsx, a .json, an elements.csv/relations.csv pair or a folder holding them",
				"không có tệp hoặc thư mục này: cần tệp .xlsx, .json, cặp elements.csv/relations.csv hoặc thư mục chứa chúng")
			return nil, nil
		}
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if !st.IsDir() {
		in, ok := fileInput(path)
		if !ok {
			p.add(pos, "", "", "not an inventory file: expected .xlsx, .json, elements.csv or relations.csv",
				"không phải tệp kê khai: cần tệp .xlsx, .json, elements.csv hoặc relations.csv")
			return nil, nil
		}
		if !readable(in, p) {
			return nil, nil
		}
		return []Input{in}, nil
	}
	var out []Input
	before := len(*p.list)
	pairs := map[string]bool{}
	walked := map[string]bool{} // folders walked, by real path
	var walk func(dir string) error
	walk = func(dir string) error {
		rd := realPath(dir)
		if walked[rd] || (realSkip != "" && rd == realSkip) {
			return nil
		}
		walked[rd] = true
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
				continue
			}
			q := filepath.Join(dir, name)
			isDir := e.IsDir()
			if e.Type()&fs.ModeSymlink != 0 {
				st, err := os.Stat(q)
				if err != nil {
					p.add(mapping.Pos{File: q}, "", "", "a symbolic link to nothing ("+err.Error()+"): fix or remove the link",
						"liên kết tượng trưng không trỏ tới đâu ("+err.Error()+"): hãy sửa hoặc xoá liên kết")
					continue
				}
				isDir = st.IsDir()
			}
			if isDir {
				if err := walk(q); err != nil {
					return err
				}
				continue
			}
			in, ok := fileInput(q)
			if !ok {
				continue
			}
			if in.Format == "csv" {
				if pairs[in.Path] {
					continue
				}
				pairs[in.Path] = true
			}
			// A file found here that is not a regular one, or too
			// large, is refused when read (readInput), as a problem of
			// this input alone: a batch fails its province only.
			out = append(out, in)
		}
		return nil
	}
	if err := walk(path); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	if len(out) == 0 && len(*p.list) == before {
		p.add(pos, "", "", "no inventory in this folder: expected .xlsx, .json or elements.csv/relations.csv files",
			"thư mục không có tệp kê khai nào: cần tệp .xlsx, .json hoặc cặp elements.csv/relations.csv")
	}
	return out, nil
}

// readable checks, from their metadata, that the files of an input may be
// read: regular files (a device such as /dev/zero, a named pipe, a socket
// is refused without being opened, which for a pipe would block) of at
// most limits.FileBytes. A relations.csv that does not exist is left to
// the reader.
func readable(in Input, p problems) bool {
	ok := true
	for _, f := range []string{in.Path, in.Rel} {
		if f == "" {
			continue
		}
		st, err := os.Stat(f)
		if err != nil {
			continue // missing: the reader says so
		}
		if en, vi := limits.NotReadable(st); en != "" {
			p.add(mapping.Pos{File: f}, "", "", en, vi)
			ok = false
		}
	}
	return ok
}

// fileInput recognises an inventory file by its name.
func fileInput(path string) (Input, bool) {
	lower := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasSuffix(lower, ".xlsx") || strings.HasSuffix(lower, ".xlsm"):
		return Input{Format: "xlsx", Path: path}, true
	case strings.HasSuffix(lower, ".json"):
		return Input{Format: "json", Path: path}, true
	case strings.HasSuffix(lower, "elements.csv"):
		base := path[:len(path)-len("elements.csv")]
		return Input{Format: "csv", Path: path, Rel: base + matchCase(path[len(path)-len("elements.csv"):], "relations.csv")}, true
	case strings.HasSuffix(lower, "relations.csv"):
		base := path[:len(path)-len("relations.csv")]
		return Input{Format: "csv", Path: base + matchCase(path[len(path)-len("relations.csv"):], "elements.csv"), Rel: path}, true
	}
	return Input{}, false
}

// matchCase returns want in upper case when like is upper case, so that
// ELEMENTS.CSV pairs with RELATIONS.CSV.
func matchCase(like, want string) string {
	if like == strings.ToUpper(like) {
		return strings.ToUpper(want)
	}
	return want
}

// Name is how messages name an input: its workbook or JSON file, or the
// folder of a CSV pair.
func (in Input) Name() string {
	if in.Format == "csv" {
		return filepath.Dir(in.Path)
	}
	return in.Path
}

// Merge joins results read one input at a time into one import, in order,
// marking the qualified relation endpoints that point into another input
// as resolved. The results give up their rows to the merged one.
func Merge(rs []*Result) *Result {
	var r Result
	var elems, rels, files, warns int
	for _, in := range rs {
		elems += len(in.Elements)
		rels += len(in.Relations)
		files += len(in.Files)
		warns += len(in.Warnings)
	}
	// Sized once: appending grew (and copied) the national inventory
	// several times over.
	r.Elements = sized(r.Elements, elems)
	r.Relations = sized(r.Relations, rels)
	r.Files = sized(r.Files, files)
	r.Warnings = sized(r.Warnings, warns)
	keys := make(map[string]bool, elems)
	for _, in := range rs {
		r.Elements = append(r.Elements, in.Elements...)
		r.Relations = append(r.Relations, in.Relations...)
		r.Files = append(r.Files, in.Files...)
		r.Warnings = append(r.Warnings, in.Warnings...)
		for i := range in.Elements {
			keys[in.Elements[i].Key()] = true
		}
		in.Inventory = Inventory{} // merged: hold the rows once
	}
	for i := range r.Relations {
		rel := &r.Relations[i]
		if !rel.FromOK && keys[rel.From] {
			rel.FromOK = true
		}
		if !rel.ToOK && keys[rel.To] {
			rel.ToOK = true
		}
	}
	return &r
}

// sized returns s with room for n items, or s (nil) when n is 0.
func sized[S ~[]T, T any](s S, n int) S {
	if n == 0 {
		return s
	}
	return make(S, 0, n)
}

// Overlap is an element declared by two inputs read on their own (a copy
// left in the folder, a folder named twice): Key is its key and Other the
// index of the other input.
type Overlap struct {
	Key   string
	Other int
}

// Overlaps finds the inputs, read one by one, that declare an element
// another of them declares too: for each such input (by index in rs), the
// first key it shares and the input it shares it with. Nil results are
// passed over.
func Overlaps(rs []*Result) map[int]Overlap {
	out := map[int]Overlap{}
	declared := map[string]int{}
	for i, r := range rs {
		if r == nil {
			continue
		}
		for j := range r.Elements {
			k := r.Elements[j].Key()
			first, ok := declared[k]
			if !ok {
				declared[k] = i
				continue
			}
			if first == i {
				continue
			}
			if _, done := out[i]; !done {
				out[i] = Overlap{Key: k, Other: first}
			}
			if _, done := out[first]; !done {
				out[first] = Overlap{Key: k, Other: i}
			}
		}
	}
	return out
}
