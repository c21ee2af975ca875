package cliusage

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagError translates the errors pflag gives for a command line it cannot
// parse, followed by the command's usage.
func (l *Localiser) flagError(c *cobra.Command, err error) error {
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
		msg = l.t(fmt.Sprintf("lệnh %s không có tuỳ chọn %s", c.CommandPath(), flag),
			fmt.Sprintf("%s has no flag %s", c.CommandPath(), flag))
	case errors.As(err, &noValue):
		msg = l.t(fmt.Sprintf("tuỳ chọn --%s cần một giá trị", noValue.GetFlag().Name),
			fmt.Sprintf("flag --%s needs a value", noValue.GetFlag().Name))
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		what := l.t("giá trị hợp lệ", "a valid value")
		switch f.Value.Type() {
		case "int", "int64", "uint":
			what = l.t("một số nguyên", "a whole number")
		case "float64", "float32":
			what = l.t("một số", "a number")
		case "bool":
			what = "true/false"
		}
		msg = l.t(fmt.Sprintf("--%s %q: cần %s", f.Name, invalid.GetValue(), what),
			fmt.Sprintf("--%s %q: expected %s", f.Name, invalid.GetValue(), what))
	case errors.As(err, &syntax):
		msg = l.t(fmt.Sprintf("tuỳ chọn viết sai: %s", syntax.GetSpecifiedFlag()),
			fmt.Sprintf("bad flag syntax: %s", syntax.GetSpecifiedFlag()))
	default:
		msg = err.Error()
	}
	return l.usage(fmt.Errorf("%s\n%s", msg, strings.TrimRight(c.UsageString(), "\n")))
}

// RequiredFlags checks that c was given every flag marked required
// (cobra.MarkFlagRequired), naming those left out. Call it from the root's
// PersistentPreRunE: cobra's own check, which runs after and speaks
// English, then finds nothing.
func (l *Localiser) RequiredFlags(c *cobra.Command) error {
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
	return l.usage(errors.New(l.t(fmt.Sprintf("lệnh %s cần tuỳ chọn %s", c.CommandPath(), list),
		fmt.Sprintf("%s needs %s", c.CommandPath(), list))))
}

// NoArgs is the argument check of a command that takes none.
func (l *Localiser) NoArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return l.usage(errors.New(l.t(fmt.Sprintf("lệnh %s không nhận đối số (có %q)", c.CommandPath(), args[0]),
			fmt.Sprintf("%s takes no argument (got %q)", c.CommandPath(), args[0]))))
	}
	return nil
}

// ExactArgs is the argument check of a command that takes n arguments,
// which are what (in Vietnamese) or whatEN (in English).
func (l *Localiser) ExactArgs(n int, what, whatEN string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return l.usage(errors.New(l.t(fmt.Sprintf("lệnh %s cần đúng %d đối số (%s), có %d", c.CommandPath(), n, what, len(args)),
				fmt.Sprintf("%s needs exactly %d argument (%s), got %d", c.CommandPath(), n, whatEN, len(args)))))
		}
		return nil
	}
}

// MinArgs is the argument check of a command that takes at least n
// arguments, which are what (in Vietnamese) or whatEN (in English).
func (l *Localiser) MinArgs(n int, what, whatEN string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) < n {
			return l.usage(errors.New(l.t(fmt.Sprintf("lệnh %s cần ít nhất %d đối số (%s)", c.CommandPath(), n, what),
				fmt.Sprintf("%s needs at least %d argument (%s)", c.CommandPath(), n, whatEN))))
		}
		return nil
	}
}
