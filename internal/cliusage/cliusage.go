package cliusage

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ndta-vn/archmerge/internal/lang"
)

// Localiser gives a command tree its help, usage and usage errors in one
// language.
type Localiser struct {
	// Lang is the language of the texts: Vietnamese unless it is
	// lang.EN. The program may set it again once the command line is
	// parsed, for the checks that run after (RequiredFlags).
	Lang string
	// usage marks an error as a misuse of the command line.
	usage func(error) error
	// groups are the commands that only group others (the root, import).
	groups map[*cobra.Command]bool
}

// New returns the Localiser of language l; usage marks each error it
// returns as a misuse of the command line.
func New(l string, usage func(error) error) *Localiser {
	return &Localiser{Lang: l, usage: usage, groups: map[*cobra.Command]bool{}}
}

func (l *Localiser) t(vi, en string) string { return lang.Pick(l.Lang, vi, en) }

// FlagValue returns the value of the flag --name in args, read before
// cobra parses them (--name VALUE or --name=VALUE, the last one given,
// none after a "--"), and whether it is there.
func FlagValue(args []string, name string) (value string, ok bool) {
	for i := 0; i < len(args); i++ {
		switch arg := args[i]; {
		case arg == "--":
			i = len(args)
		case arg == "--"+name && i+1 < len(args):
			value, ok = args[i+1], true
			i++
		case strings.HasPrefix(arg, "--"+name+"="):
			value, ok = strings.TrimPrefix(arg, "--"+name+"="), true
		}
	}
	return value, ok
}

// Apply gives root and every command under it their help flag, help and
// usage in the Localiser's language, translated flag errors, and the help
// command; a command that only groups others answers a word that names
// none of them as an unknown command. Call it once the tree is complete.
func (l *Localiser) Apply(root *cobra.Command) {
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetUsageFunc(l.printUsage)
	root.SetHelpFunc(func(c *cobra.Command, _ []string) {
		w := c.OutOrStdout()
		if text := strings.TrimRight(firstNonEmpty(c.Long, c.Short), " \n"); text != "" {
			fmt.Fprintf(w, "%s\n\n", text)
		}
		_ = l.printUsage(c)
	})
	root.SetFlagErrorFunc(l.flagError)
	name := root.Name()
	root.SetHelpCommand(&cobra.Command{
		Use:   l.t("help [lệnh]", "help [command]"),
		Short: l.t("Hướng dẫn về một lệnh", "Help about a command"),
		Long: l.t("Hướng dẫn về một lệnh: "+name+" help LỆNH in đủ cách dùng của lệnh đó (như "+name+" LỆNH --help).",
			"Help about a command: "+name+" help COMMAND prints its full usage (as "+name+" COMMAND --help does)."),
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				return l.usage(errors.New(l.t(fmt.Sprintf("không có lệnh %q", strings.Join(args, " ")),
					fmt.Sprintf("no command %q", strings.Join(args, " ")))))
			}
			return target.Help()
		},
	})
	if root.Version != "" {
		root.Flags().BoolP("version", "v", false, l.t("in phiên bản của "+name, "print "+name+"'s version"))
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().BoolP("help", "h", false, l.t("hướng dẫn về lệnh "+c.Name(), "help for "+c.Name()))
		if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
			// A group of commands: a word that names none of them is an
			// unknown command, not a reason to print the group's help.
			l.groups[c] = true
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) == 0 {
					return c.Help()
				}
				return l.unknownCommand(c, args[0])
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// unknownCommand is the usage error of a word that names no command of c,
// with the commands it may have meant.
func (l *Localiser) unknownCommand(c *cobra.Command, word string) error {
	msg := l.t(fmt.Sprintf("không có lệnh %q trong %q", word, c.CommandPath()),
		fmt.Sprintf("unknown command %q for %q", word, c.CommandPath()))
	if s := c.SuggestionsFor(word); len(s) > 0 {
		msg += l.t(": có phải là ", ": did you mean ") + strings.Join(s, l.t(" hoặc ", " or ")) + "?"
	}
	return l.usage(errors.New(msg))
}

// printUsage writes how to call c: its command line, its commands, its
// flags and the global flags.
func (l *Localiser) printUsage(c *cobra.Command) error {
	var b strings.Builder
	b.WriteString(l.t("Cách dùng:", "Usage:"))
	if c.Runnable() && !l.groups[c] {
		line := c.CommandPath() + strings.TrimPrefix(c.Use, c.Name())
		if c.HasAvailableFlags() {
			line += l.t(" [tuỳ chọn]", " [flags]")
		}
		b.WriteString("\n  " + line)
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n  " + c.CommandPath() + l.t(" [lệnh]", " [command]"))
		b.WriteString("\n\n" + l.t("Các lệnh:", "Commands:"))
		width := 0
		for _, s := range c.Commands() {
			if s.IsAvailableCommand() || s.Name() == "help" {
				width = max(width, len(s.Name()))
			}
		}
		for _, s := range c.Commands() {
			if s.IsAvailableCommand() || s.Name() == "help" {
				fmt.Fprintf(&b, "\n  %-*s  %s", width, s.Name(), s.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		b.WriteString("\n\n" + l.t("Tuỳ chọn:", "Flags:") + "\n" + l.flagUsages(c.LocalFlags()))
	}
	if c.HasAvailableInheritedFlags() {
		b.WriteString("\n\n" + l.t("Tuỳ chọn chung:", "Global flags:") + "\n" + l.flagUsages(c.InheritedFlags()))
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + l.t(fmt.Sprintf("Xem \"%s [lệnh] --help\" để biết cách dùng một lệnh.", c.CommandPath()),
			fmt.Sprintf("Use \"%s [command] --help\" for more about a command.", c.CommandPath())))
	}
	b.WriteString("\n")
	_, err := fmt.Fprint(c.OutOrStderr(), b.String())
	return err
}

// flagUsages lists flags as pflag does (sorted, the value's name, the
// default when it is not the zero value).
func (l *Localiser) flagUsages(fs *pflag.FlagSet) string {
	type line struct{ left, usage string }
	var lines []line
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		if name != "" {
			name = l.valueName(f, name)
		}
		if name != "" {
			left += " " + name
		}
		usage += l.flagDefault(f)
		width = max(width, utf8.RuneCountInString(left))
		lines = append(lines, line{left, usage})
	})
	var b strings.Builder
	for i, ln := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		// fmt pads to a width in characters, not bytes.
		fmt.Fprintf(&b, "%-*s   %s", width, ln.left, ln.usage)
	}
	return b.String()
}

// valueName names a flag's value: the name the usage quotes (`DIR`), else
// its type.
func (l *Localiser) valueName(f *pflag.Flag, name string) string {
	if strings.Contains(f.Usage, "`") {
		return name
	}
	switch f.Value.Type() {
	case "string", "stringArray", "stringSlice":
		return l.t("chuỗi", "string")
	case "int", "int64", "uint", "float64", "float32":
		return l.t("số", "number")
	}
	return name
}

// flagDefault says a flag's default, unless it is the zero value of its
// type.
func (l *Localiser) flagDefault(f *pflag.Flag) string {
	switch f.DefValue {
	case "", "0", "false", "[]":
		return ""
	}
	d := f.DefValue
	if f.Value.Type() == "string" {
		d = fmt.Sprintf("%q", d)
	}
	return l.t(" (mặc định "+d+")", " (default "+d+")")
}
