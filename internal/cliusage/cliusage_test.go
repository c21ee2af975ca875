package cliusage

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// misuse is the mark the tests' program gives a usage error.
type misuse struct{ error }

// tree builds a small program in language l: a root "tool" with a
// version, a command "copy" taking one argument with flags of each kind,
// and a group "db" of one command "open" taking none.
func tree(l string) (*cobra.Command, *Localiser) {
	cli := New(l, func(err error) error { return misuse{err} })
	root := &cobra.Command{Use: "tool", Short: "A tool", Version: "1.0", SilenceErrors: true, SilenceUsage: true,
		PersistentPreRunE: func(c *cobra.Command, _ []string) error { return cli.RequiredFlags(c) }}
	root.PersistentFlags().String("db", "tool.db", "the database")
	var out string
	copyCmd := &cobra.Command{Use: "copy FILE", Short: "Copy a file", Long: "Copies FILE.\n\n",
		Args: cli.ExactArgs(1, "tệp", "a file"), RunE: func(*cobra.Command, []string) error { return nil }}
	copyCmd.Flags().StringVar(&out, "out", "", "output `DIR`")
	copyCmd.Flags().Int("jobs", 2, "jobs in parallel")
	copyCmd.Flags().Float64("scale", 0, "scale")
	copyCmd.Flags().BoolP("force", "f", false, "overwrite")
	_ = copyCmd.MarkFlagRequired("out")
	db := &cobra.Command{Use: "db", Short: "Database commands"}
	db.AddCommand(&cobra.Command{Use: "open", Short: "Open it", Args: cli.NoArgs, RunE: func(*cobra.Command, []string) error { return nil }})
	root.AddCommand(copyCmd, db)
	cli.Apply(root)
	return root, cli
}

// run runs the tree in language l on args: what it printed, and the error.
func run(t *testing.T, l string, args ...string) (string, error) {
	t.Helper()
	root, _ := tree(l)
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

func TestHelp(t *testing.T) {
	cases := []struct {
		name, lang string
		args       []string
		want       string
	}{
		{"a command, Vietnamese", "vi", []string{"copy", "--help"}, `Copies FILE.

Cách dùng:
  tool copy FILE [tuỳ chọn]

Tuỳ chọn:
  -f, --force      overwrite
  -h, --help       hướng dẫn về lệnh copy
      --jobs số    jobs in parallel (mặc định 2)
      --out DIR    output DIR
      --scale số   scale

Tuỳ chọn chung:
      --db chuỗi   the database (mặc định "tool.db")
`},
		{"the root, English", "en", []string{"--help"}, `A tool

Usage:
  tool [command]

Commands:
  copy  Copy a file
  db    Database commands
  help  Help about a command

Flags:
      --db string   the database (default "tool.db")
  -h, --help        help for tool
  -v, --version     print tool's version

Use "tool [command] --help" for more about a command.
`},
		{"a group", "vi", []string{"db"}, `Database commands

Cách dùng:
  tool db [lệnh]

Các lệnh:
  open  Open it

Tuỳ chọn:
  -h, --help   hướng dẫn về lệnh db

Tuỳ chọn chung:
      --db chuỗi   the database (mặc định "tool.db")

Xem "tool db [lệnh] --help" để biết cách dùng một lệnh.
`},
		{"the help command", "en", []string{"help", "help"}, `Help about a command: tool help COMMAND prints its full usage (as tool COMMAND --help does).

Usage:
  tool help [command] [flags]

Flags:
  -h, --help   help for help

Global flags:
      --db string   the database (default "tool.db")
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := run(t, c.lang, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		vi, en   string
		withHelp bool // the message is followed by the command's usage
	}{
		{"unknown command", []string{"db", "close"}, `không có lệnh "close" trong "tool db"`, `unknown command "close" for "tool db"`, false},
		{"a command's prefix", []string{"db", "op"}, `không có lệnh "op" trong "tool db": có phải là open?`, `unknown command "op" for "tool db": did you mean open?`, false},
		{"unknown help topic", []string{"help", "frob"}, `không có lệnh "frob"`, `no command "frob"`, false},
		{"unknown flag", []string{"copy", "a", "--bogus"}, "lệnh tool copy không có tuỳ chọn --bogus", "tool copy has no flag --bogus", true},
		{"unknown shorthand", []string{"copy", "a", "-x"}, "lệnh tool copy không có tuỳ chọn -x", "tool copy has no flag -x", true},
		{"no value", []string{"copy", "a", "--out"}, "tuỳ chọn --out cần một giá trị", "flag --out needs a value", true},
		{"not a whole number", []string{"copy", "a", "--jobs", "many"}, `--jobs "many": cần một số nguyên`, `--jobs "many": expected a whole number`, true},
		{"not a number", []string{"copy", "a", "--scale", "big"}, `--scale "big": cần một số`, `--scale "big": expected a number`, true},
		{"not a bool", []string{"copy", "a", "--force=maybe"}, `--force "maybe": cần true/false`, `--force "maybe": expected true/false`, true},
		{"bad syntax", []string{"copy", "a", "---x"}, "tuỳ chọn viết sai: ---x", "bad flag syntax: ---x", true},
		{"required flag", []string{"copy", "a"}, "lệnh tool copy cần tuỳ chọn --out", "tool copy needs --out", false},
		{"too many arguments", []string{"copy", "a", "b", "--out", "d"}, "lệnh tool copy cần đúng 1 đối số (tệp), có 2", "tool copy needs exactly 1 argument (a file), got 2", false},
		{"an argument where none is taken", []string{"db", "open", "x"}, `lệnh tool db open không nhận đối số (có "x")`, `tool db open takes no argument (got "x")`, false},
	}
	for _, c := range cases {
		for _, l := range []string{"vi", "en"} {
			t.Run(l+"/"+c.name, func(t *testing.T) {
				_, err := run(t, l, c.args...)
				var m misuse
				if !errors.As(err, &m) {
					t.Fatalf("error %v, want one marked as a misuse", err)
				}
				want := map[string]string{"vi": c.vi, "en": c.en}[l]
				msg, usage, _ := strings.Cut(err.Error(), "\n")
				if msg != want {
					t.Errorf("got %q, want %q", msg, want)
				}
				if c.withHelp != strings.HasPrefix(usage, map[string]string{"vi": "Cách dùng:", "en": "Usage:"}[l]) {
					t.Errorf("usage after the message: %v, want %v:\n%s", usage != "", c.withHelp, err)
				}
			})
		}
	}
}

func TestMinArgs(t *testing.T) {
	cli := New("en", func(err error) error { return misuse{err} })
	check := cli.MinArgs(1, "tệp", "a file")
	c := &cobra.Command{Use: "apply"}
	if err := check(c, nil); err == nil || err.Error() != "apply needs at least 1 argument (a file)" {
		t.Errorf("no argument: %v", err)
	}
	if err := check(c, []string{"a", "b"}); err != nil {
		t.Errorf("two arguments: %v", err)
	}
}

// TestLangChangedAfterParse: RequiredFlags speaks the language set after
// the tree was built.
func TestLangChangedAfterParse(t *testing.T) {
	root, cli := tree("vi")
	cli.Lang = "en"
	root.SetArgs([]string{"copy", "a"})
	if err := root.Execute(); err == nil || err.Error() != "tool copy needs --out" {
		t.Errorf("got %v", err)
	}
}

func TestFlagValue(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		value string
		ok    bool
	}{
		{"absent", []string{"status"}, "", false},
		{"separate value", []string{"--lang", "en", "status"}, "en", true},
		{"joined value", []string{"status", "--lang=en"}, "en", true},
		{"the last wins", []string{"--lang=en", "status", "--lang", "vi"}, "vi", true},
		{"no value at the end", []string{"status", "--lang"}, "", false},
		{"after --", []string{"lookup", "--", "--lang", "en"}, "", false},
		{"another flag's prefix", []string{"--language", "en"}, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, ok := FlagValue(c.args, "lang")
			if v != c.value || ok != c.ok {
				t.Errorf("FlagValue(%q) = %q, %v; want %q, %v", c.args, v, ok, c.value, c.ok)
			}
		})
	}
}
