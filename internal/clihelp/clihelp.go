// Package clihelp holds the long help of archmerge's commands, in
// Vietnamese and English: one text file per command and language under
// help/vi and help/en, named by the words that call the command
// (import-mapping.txt for "archmerge import mapping", archmerge.txt for
// archmerge itself), embedded in the binary.
//
// The texts are prose a person reads with --help: kept out of the Go code,
// they can be read, reviewed and translated as text. A command's short
// description and its flags' help stay beside the code that defines them.
package clihelp

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
)

//go:embed help
var files embed.FS

// Text returns the long help of the command called name in language l
// (Vietnamese unless l is English), without the file's final line end. A
// command without a help file is a mistake in the program, found by the
// first run of any command: Text panics on it.
func Text(l, name string) string {
	b, err := files.ReadFile(path.Join("help", lang.Pick(l, lang.VI, lang.EN), name+".txt"))
	if err != nil {
		panic(fmt.Sprintf("clihelp: no %s help for the command %q: %v", l, name, err))
	}
	return strings.TrimSuffix(string(b), "\n")
}

// Names lists the commands that have a help file in language l, sorted.
func Names(l string) []string {
	entries, err := fs.ReadDir(files, path.Join("help", lang.Pick(l, lang.VI, lang.EN)))
	if err != nil {
		panic(err)
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = strings.TrimSuffix(e.Name(), ".txt")
	}
	return names
}
