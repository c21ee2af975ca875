package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/internal/clihelp"
)

// Words of prose that give a text away as English: none may appear in a
// Vietnamese run's output. (Names and codes such as json, Archi or The Open
// Group are not prose.)
var englishWords = []string{"Usage", "Flags", "Available Commands", "Global Flags", "Examples:", "default", "help for",
	"required", "unknown command", "unknown flag", "expected", "invalid", "Error", "Warning", " the ", " and ", " of ", " or ", " is ", " are ",
	"workspace", "folder", "command", "argument", "accepts", "needs", "written", "Did you mean", "for more information"}

// Words of prose that give a text away as Vietnamese: none may appear in an
// English run's output (Vietnamese names, addresses and headers of the
// examples aside).
var vietnameseWords = []string{"Cách dùng", "Tuỳ chọn", "mặc định", " cần ", " của ", " và ", " được ", " không ", " các ",
	" để ", "lệnh ", " tệp", "hướng dẫn", "kho dữ liệu", "Lỗi", "Cảnh báo", "Xem:"}

// mojibake matches UTF-8 read as Latin-1 or Windows-1252 (Vietnamese "á"
// becomes "Ã¡", "ạ" becomes "áº¡") and the replacement character.
var mojibake = regexp.MustCompile(`Ã[\x{80}-\x{BF}‚ƒ„…†‡ˆ‰‹Œ‘’“”•–—˜™›œ]|Ä[\x{90}\x{91}‘]|Æ[°¡]|á[º»]|\x{FFFD}`)

// checkLanguage fails the test when out holds prose of the other language,
// mojibake or invalid UTF-8.
func checkLanguage(t *testing.T, language, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: invalid UTF-8:\n%s", what, out)
	}
	if m := mojibake.FindString(out); m != "" {
		t.Errorf("%s: mojibake %q:\n%s", what, m, out)
	}
	words := englishWords
	if language == "en" {
		words = vietnameseWords
	}
	for _, w := range words {
		if strings.Contains(out, w) {
			t.Errorf("%s (--lang %s) holds %q of the other language:\n%s", what, language, w, out)
		}
	}
}

// commandPaths lists every command of the tree, as the words that call it.
func commandPaths(c *cobra.Command) [][]string {
	var out [][]string
	for _, s := range c.Commands() {
		if !s.IsAvailableCommand() && s.Name() != "help" {
			continue
		}
		out = append(out, []string{s.Name()})
		for _, sub := range commandPaths(s) {
			out = append(out, append([]string{s.Name()}, sub...))
		}
	}
	return out
}

func TestEveryHelpSpeaksOneLanguage(t *testing.T) {
	paths := append([][]string{{}}, commandPaths(newRootCmd(&app{lang: "vi"}))...)
	if len(paths) < 18 {
		t.Fatalf("only %d commands found", len(paths))
	}
	for _, language := range []string{"vi", "en"} {
		for _, p := range paths {
			name := strings.Join(append([]string{"archmerge"}, p...), " ")
			t.Run(language+"/"+name, func(t *testing.T) {
				code, stdout, stderr := run(t, "", append(append([]string{"--lang", language}, p...), "--help")...)
				if code != ExitOK {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				if !strings.Contains(stdout, map[string]string{"vi": "Cách dùng:", "en": "Usage:"}[language]) {
					t.Errorf("no usage:\n%s", stdout)
				}
				checkLanguage(t, language, name+" --help", stdout+stderr)
			})
		}
	}
	// The language may come from the environment, and --lang wins over it.
	t.Run("ARCHMERGE_LANG", func(t *testing.T) {
		t.Setenv("ARCHMERGE_LANG", "en")
		_, stdout, _ := run(t, "", "report", "--help")
		checkLanguage(t, "en", "ARCHMERGE_LANG=en report --help", stdout)
		_, stdout, _ = run(t, "", "--lang=vi", "report", "--help")
		checkLanguage(t, "vi", "ARCHMERGE_LANG=en --lang=vi report --help", stdout)
	})
}

// TestHelpFilesAreTheCommands: every command but a group of commands and
// help itself takes its long help from its file in internal/clihelp, in
// both languages, and every file there is the help of a command.
func TestHelpFilesAreTheCommands(t *testing.T) {
	for _, language := range []string{"vi", "en"} {
		var names []string
		var walk func(c *cobra.Command)
		walk = func(c *cobra.Command) {
			name := strings.ReplaceAll(strings.TrimPrefix(c.CommandPath(), "archmerge "), " ", "-")
			switch {
			case c.Name() == "help":
			case c.Long != "":
				names = append(names, name)
				if c.Long != clihelp.Text(language, name) {
					t.Errorf("--lang %s: %s has a long help other than its file's", language, c.CommandPath())
				}
			case !c.HasSubCommands():
				t.Errorf("--lang %s: %s has no long help", language, c.CommandPath())
			}
			for _, s := range c.Commands() {
				walk(s)
			}
		}
		walk(newRootCmd(&app{lang: language}))
		slices.Sort(names)
		if files := clihelp.Names(language); !slices.Equal(names, files) {
			t.Errorf("--lang %s: the commands with a long help:\n%v\nthe help files:\n%v", language, names, files)
		}
	}
}

func TestErrorsSpeakOneLanguage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ws.db")
	if code, _, stderr := run(t, "", "--db", db, "init"); code != ExitOK {
		t.Fatalf("init: %s", stderr)
	}
	notDB := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(notDB, []byte("a shopping list, not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	// A file with a problem and something to warn about (a number-code).
	if err := os.WriteFile(filepath.Join(bad, "elements.csv"), []byte("id,unit_code,kind,name\nA,2,application,Một cửa\nB,02,nonsense,Cổng\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"unknown command", []string{"frobnicate"}, ExitUsage},
		{"unknown subcommand", []string{"import", "frobnicate"}, ExitUsage},
		{"unknown help topic", []string{"help", "frobnicate"}, ExitUsage},
		{"unknown flag", []string{"status", "--bogus"}, ExitUsage},
		{"unknown shorthand", []string{"status", "-x"}, ExitUsage},
		{"flag without its value", []string{"report", "--out"}, ExitUsage},
		{"required flag", []string{"report"}, ExitUsage},
		{"two required flags", []string{"export"}, ExitUsage},
		{"not a number", []string{"batch", dir, "--out", dir, "--jobs", "many"}, ExitUsage},
		{"no argument", []string{"apply"}, ExitUsage},
		{"an argument too many", []string{"template", "a.xlsx", "b.xlsx"}, ExitUsage},
		{"an argument where none is taken", []string{"status", "extra"}, ExitUsage},
		{"bad format", []string{"--format", "yaml", "status"}, ExitUsage},
		{"bad date", []string{"plan", "--as-of", "31/13/2026"}, ExitUsage},
		{"unknown province", []string{"plan", "--province", "99"}, ExitUsage},
		{"old province", []string{"plan", "--province", "02"}, ExitUsage},
		{"template not xlsx", []string{"template", filepath.Join(dir, "t.txt")}, ExitUsage},
		{"no workspace", []string{"--db", filepath.Join(dir, "none.db"), "status"}, ExitFailed},
		{"not a workspace", []string{"--db", notDB, "status"}, ExitFailed},
		{"apply a missing file", []string{"apply", filepath.Join(dir, "none.xlsx")}, ExitRejected},
		{"import a missing path", []string{"import", "inventory", filepath.Join(dir, "none")}, ExitRejected},
		{"import a bad file", []string{"import", "inventory", bad}, ExitRejected},
	}
	for _, language := range []string{"vi", "en"} {
		for _, c := range cases {
			t.Run(language+"/"+c.name, func(t *testing.T) {
				args := append([]string{"--lang", language}, c.args...)
				if !strings.Contains(strings.Join(c.args, " "), "--db") {
					args = append([]string{"--db", db}, args...)
				}
				code, stdout, stderr := run(t, "", args...)
				if code != c.code {
					t.Fatalf("exit %d, want %d:\n%s%s", code, c.code, stdout, stderr)
				}
				if stderr == "" {
					t.Fatal("no message")
				}
				// The test's folder is named after it, in English.
				out := strings.ReplaceAll(stdout+stderr, dir, "THƯ_MỤC")
				checkLanguage(t, language, strings.Join(c.args, " "), out)
			})
		}
	}
	// A rejected import prints its problems, not the warnings that would
	// follow from the file it refused.
	_, _, stderr := run(t, "", "--db", db, "import", "inventory", bad)
	if !strings.Contains(stderr, "nonsense") || strings.Contains(stderr, "Cảnh báo") || strings.Contains(stderr, "2 → 02") {
		t.Errorf("a rejected import:\n%s", stderr)
	}
}
