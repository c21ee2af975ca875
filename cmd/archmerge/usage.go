package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ndta-vn/archmerge/internal/lang"
)

// This file makes cobra speak the run's language: help, usage, the help
// flag and command, and the usage errors cobra and pflag would otherwise
// give in English. Texts are made when the commands are built, so the
// language is read from the command line before cobra parses it
// (startLang).

// startLang returns the language of a run before cobra parses its command
// line: the value of --lang (--lang en or --lang=en, before a "--"), else
// $ARCHMERGE_LANG, else Vietnamese. A value archmerge does not speak gives
// Vietnamese here; the check of --lang then refuses it, in Vietnamese.
func startLang(args []string) string {
	l := defaultLang()
	for i := 0; i < len(args); i++ {
		switch arg := args[i]; {
		case arg == "--":
			i = len(args)
		case arg == "--lang" && i+1 < len(args):
			l = args[i+1]
			i++
		case strings.HasPrefix(arg, "--lang="):
			l = strings.TrimPrefix(arg, "--lang=")
		}
	}
	if !lang.Valid(l) {
		return lang.VI
	}
	return l
}

// defaultLang is the default of --lang: $ARCHMERGE_LANG when it names a
// language archmerge speaks, else Vietnamese.
func defaultLang() string {
	if l := os.Getenv("ARCHMERGE_LANG"); lang.Valid(l) {
		return l
	}
	return lang.VI
}

// localise gives every command of the tree rooted at root its help flag,
// help and usage in the run's language, translated argument checks, and a
// check of the required flags that speaks the language too (run before
// cobra's own, which would say it in English).
func (a *app) localise(root *cobra.Command) {
	if a.groups == nil {
		a.groups = map[*cobra.Command]bool{}
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetUsageFunc(a.usage)
	root.SetHelpFunc(func(c *cobra.Command, _ []string) {
		w := c.OutOrStdout()
		if text := strings.TrimRight(firstNonEmpty(c.Long, c.Short), " \n"); text != "" {
			fmt.Fprintf(w, "%s\n\n", text)
		}
		_ = a.usage(c)
	})
	root.SetHelpCommand(&cobra.Command{
		Use:   a.t("help [lệnh]", "help [command]"),
		Short: a.t("Hướng dẫn về một lệnh", "Help about a command"),
		Long: a.t("Hướng dẫn về một lệnh: archmerge help LỆNH in đủ cách dùng của lệnh đó (như archmerge LỆNH --help).",
			"Help about a command: archmerge help COMMAND prints its full usage (as archmerge COMMAND --help does)."),
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				return usageError(errors.New(a.t(fmt.Sprintf("không có lệnh %q", strings.Join(args, " ")),
					fmt.Sprintf("no command %q", strings.Join(args, " ")))))
			}
			return target.Help()
		},
	})
	root.Flags().BoolP("version", "v", false, a.t("in phiên bản của archmerge", "print archmerge's version"))
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().BoolP("help", "h", false, a.t("hướng dẫn về lệnh "+c.Name(), "help for "+c.Name()))
		if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
			// A group of commands: a word that names none of them is an
			// unknown command, not a reason to print the group's help.
			a.groups[c] = true
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) == 0 {
					return c.Help()
				}
				return a.unknownCommand(c, args[0])
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
func (a *app) unknownCommand(c *cobra.Command, word string) error {
	msg := a.t(fmt.Sprintf("không có lệnh %q trong %q", word, c.CommandPath()),
		fmt.Sprintf("unknown command %q for %q", word, c.CommandPath()))
	if s := c.SuggestionsFor(word); len(s) > 0 {
		msg += a.t(": có phải là ", ": did you mean ") + strings.Join(s, a.t(" hoặc ", " or ")) + "?"
	}
	return usageError(errors.New(msg))
}

// usage writes how to call c, in the run's language: its command line, its
// commands, its flags and the global flags.
func (a *app) usage(c *cobra.Command) error {
	var b strings.Builder
	b.WriteString(a.t("Cách dùng:", "Usage:"))
	if c.Runnable() && !a.groups[c] {
		line := c.CommandPath() + strings.TrimPrefix(c.Use, c.Name())
		if c.HasAvailableFlags() {
			line += a.t(" [tuỳ chọn]", " [flags]")
		}
		b.WriteString("\n  " + line)
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n  " + c.CommandPath() + a.t(" [lệnh]", " [command]"))
		b.WriteString("\n\n" + a.t("Các lệnh:", "Commands:"))
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
		b.WriteString("\n\n" + a.t("Tuỳ chọn:", "Flags:") + "\n" + a.flagUsages(c.LocalFlags()))
	}
	if c.HasAvailableInheritedFlags() {
		b.WriteString("\n\n" + a.t("Tuỳ chọn chung:", "Global flags:") + "\n" + a.flagUsages(c.InheritedFlags()))
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + a.t(fmt.Sprintf("Xem \"%s [lệnh] --help\" để biết cách dùng một lệnh.", c.CommandPath()),
			fmt.Sprintf("Use \"%s [command] --help\" for more about a command.", c.CommandPath())))
	}
	b.WriteString("\n")
	_, err := fmt.Fprint(c.OutOrStderr(), b.String())
	return err
}

// flagUsages lists flags as pflag does (sorted, the value's name, the
// default when it is not the zero value), in the run's language.
func (a *app) flagUsages(fs *pflag.FlagSet) string {
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
			name = a.valueName(f, name)
		}
		if name != "" {
			left += " " + name
		}
		if d := a.flagDefault(f); d != "" {
			usage += d
		}
		width = max(width, utf8.RuneCountInString(left))
		lines = append(lines, line{left, usage})
	})
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(padRight(l.left, width) + "   " + l.usage)
	}
	return b.String()
}

// valueName names a flag's value: the name the usage quotes (`DIR`), else
// its type in the run's language.
func (a *app) valueName(f *pflag.Flag, name string) string {
	if strings.Contains(f.Usage, "`") {
		return name
	}
	switch f.Value.Type() {
	case "string", "stringArray", "stringSlice":
		return a.t("chuỗi", "string")
	case "int", "int64", "uint", "float64", "float32":
		return a.t("số", "number")
	}
	return name
}

// flagDefault says a flag's default, unless it is the zero value of its
// type.
func (a *app) flagDefault(f *pflag.Flag) string {
	switch f.DefValue {
	case "", "0", "false", "[]":
		return ""
	}
	d := f.DefValue
	if f.Value.Type() == "string" {
		d = fmt.Sprintf("%q", d)
	}
	return a.t(" (mặc định "+d+")", " (default "+d+")")
}

// flagError translates the errors pflag gives for a command line it cannot
// parse.
func (a *app) flagError(c *cobra.Command, err error) error {
	var (
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	var msg string
	switch {
	case errors.As(err, &notExist):
		flag := "--" + notExist.GetSpecifiedName()
		if s := notExist.GetSpecifiedShortnames(); s != "" {
			flag = "-" + notExist.GetSpecifiedName()[:1]
		}
		msg = a.t(fmt.Sprintf("lệnh %s không có tuỳ chọn %s", c.CommandPath(), flag),
			fmt.Sprintf("%s has no flag %s", c.CommandPath(), flag))
	case errors.As(err, &noValue):
		msg = a.t(fmt.Sprintf("tuỳ chọn --%s cần một giá trị", noValue.GetFlag().Name),
			fmt.Sprintf("flag --%s needs a value", noValue.GetFlag().Name))
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		what := a.t("giá trị hợp lệ", "a valid value")
		switch f.Value.Type() {
		case "int", "int64", "uint":
			what = a.t("một số nguyên", "a whole number")
		case "float64", "float32":
			what = a.t("một số", "a number")
		case "bool":
			what = "true/false"
		}
		msg = a.t(fmt.Sprintf("--%s %q: cần %s", f.Name, invalid.GetValue(), what),
			fmt.Sprintf("--%s %q: expected %s", f.Name, invalid.GetValue(), what))
	case errors.As(err, &syntax):
		msg = a.t(fmt.Sprintf("tuỳ chọn viết sai: %s", syntax.GetSpecifiedFlag()),
			fmt.Sprintf("bad flag syntax: %s", syntax.GetSpecifiedFlag()))
	default:
		msg = err.Error()
	}
	return usageError(fmt.Errorf("%s\n%s", msg, strings.TrimRight(c.UsageString(), "\n")))
}

// requiredFlags is the check of the required flags, in the run's language.
func (a *app) requiredFlags(c *cobra.Command) error {
	var missing []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if v, ok := f.Annotations[cobra.BashCompOneRequiredFlag]; ok && len(v) > 0 && v[0] == "true" && !f.Changed {
			missing = append(missing, "--"+f.Name)
		}
	})
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	list := strings.Join(missing, ", ")
	return usageError(errors.New(a.t(fmt.Sprintf("lệnh %s cần tuỳ chọn %s", c.CommandPath(), list),
		fmt.Sprintf("%s needs %s", c.CommandPath(), list))))
}

// The argument checks of the commands, in the run's language.

func (a *app) noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError(errors.New(a.t(fmt.Sprintf("lệnh %s không nhận đối số (có %q)", c.CommandPath(), args[0]),
			fmt.Sprintf("%s takes no argument (got %q)", c.CommandPath(), args[0]))))
	}
	return nil
}

func (a *app) exactArgs(n int, what, whatEN string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError(errors.New(a.t(fmt.Sprintf("lệnh %s cần đúng %d đối số (%s), có %d", c.CommandPath(), n, what, len(args)),
				fmt.Sprintf("%s needs exactly %d argument (%s), got %d", c.CommandPath(), n, whatEN, len(args)))))
		}
		return nil
	}
}

func (a *app) minArgs(n int, what, whatEN string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError(errors.New(a.t(fmt.Sprintf("lệnh %s cần ít nhất %d đối số (%s)", c.CommandPath(), n, what),
				fmt.Sprintf("%s needs at least %d argument (%s)", c.CommandPath(), n, whatEN))))
		}
		return nil
	}
}

// asOfUsage is the help of the --as-of flag of the commands that read a
// plan.
func asOfUsage(a *app) string {
	return a.t("`NGÀY` lập phương án yyyy-mm-dd (mặc định: ngày của phương án đã lưu, nếu không có thì hôm nay)",
		"plan `DATE` yyyy-mm-dd (default: the stored plan's, else today)")
}
