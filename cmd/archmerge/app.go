package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/ndta-vn/archmerge/store"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/internal/clihelp"
	"github.com/ndta-vn/archmerge/internal/cliusage"
	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/internal/outfile"
	"github.com/ndta-vn/archmerge/internal/termsafe"
	"github.com/ndta-vn/archmerge/workspace"
)

// Exit codes (SPEC, "Commands").
const (
	ExitOK       = 0
	ExitFailed   = 1
	ExitUsage    = 2
	ExitRejected = 3 // input rejected by validation; nothing was written
	ExitPartial  = 4 // a batch finished for some provinces and not others
)

// Version is the tool version, written into workbooks. Commit and
// BuildDate say which source a binary was built from and when.
// scripts/release.sh sets all three with -ldflags -X (main.Version, ...);
// a plain go build keeps this Version, takes the commit from the VCS
// information Go stamps into the binary, and has no date (see versionLine).
var (
	Version   = "0.1.0-dev"
	Commit    = ""
	BuildDate = ""
)

// usageError marks err as a misuse of the command line (exit 2).
func usageError(err error) error { return workspace.Usage(err) }

// app holds what every command shares: the streams, the global flags, and
// the workspace, which opens its file only when a workflow needs it.
type app struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer // text output: escaped (termsafe.Writer); JSON: as written
	stderr io.Writer // messages: escaped (termsafe.Writer)
	// rawStdout and rawStderr are the streams as given: JSON results, and
	// the progress bar, whose escape sequences are meant.
	rawStdout, rawStderr io.Writer

	dbPath   string
	format   string // text or json
	lang     string // vi or en: the run's language (startLang, then --lang)
	langFlag string // the value of --lang
	// cli gives the commands their help, usage and usage errors in the
	// run's language.
	cli *cliusage.Localiser

	ws *workspace.Workspace
}

func (a *app) close() {
	if a.ws != nil {
		a.ws.Close()
	}
}

// workspace returns the workspace of --db, in the run's language.
func (a *app) workspace() *workspace.Workspace {
	if a.ws == nil {
		a.ws = workspace.New(a.dbPath, a.lang, Version)
	}
	return a.ws
}

// json reports whether the user asked for JSON output.
func (a *app) json() bool { return a.format == "json" }

// t picks the Vietnamese or English text by --lang.
func (a *app) t(vi, en string) string { return lang.Pick(a.lang, vi, en) }

// help is the long help of the command called name, in the run's language
// (internal/clihelp).
func (a *app) help(name string) string { return clihelp.Text(a.lang, name) }

// printJSON writes v to stdout as one line of JSON, as encoding/json
// writes it (control characters are escaped there).
func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.rawStdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// count writes a whole number with the language's thousands separator.
func (a *app) count(n int) string { return lang.Number(int64(n), a.lang) }

// padRight pads s with spaces to n characters, so that a text column of a
// right-aligned tabwriter table reads left-aligned.
func padRight(s string, n int) string {
	if k := utf8.RuneCountInString(s); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}

// labelWidth is the width of the widest of the labels.
func labelWidth(labels ...string) int {
	w := 0
	for _, l := range labels {
		w = max(w, utf8.RuneCountInString(l))
	}
	return w
}

// warnf writes a message to stderr.
func (a *app) warnf(format string, args ...any) {
	fmt.Fprintf(a.stderr, format+"\n", args...)
}

// startLang returns the language of a run before cobra parses its command
// line: the value of --lang, else $ARCHMERGE_LANG, else Vietnamese. A value
// archmerge does not speak gives Vietnamese here; the check of --lang then
// refuses it, in Vietnamese.
func startLang(args []string) string {
	l := defaultLang()
	if v, ok := cliusage.FlagValue(args, "lang"); ok {
		l = v
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

// asOfUsage is the help of the --as-of flag of the commands that read a
// plan.
func asOfUsage(a *app) string {
	return a.t("`NGÀY` lập phương án yyyy-mm-dd (mặc định: ngày của phương án đã lưu, nếu không có thì hôm nay)",
		"plan `DATE` yyyy-mm-dd (default: the stored plan's, else today)")
}

// Run runs archmerge with args (without the program name) and returns the
// exit code. It is the whole command line, so tests call it directly.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	outTW, errTW := termsafe.NewWriter(stdout), termsafe.NewWriter(stderr)
	defer outTW.Flush()
	defer errTW.Flush()
	a := &app{ctx: ctx, stdin: stdin, stdout: outTW, stderr: errTW, rawStdout: stdout, rawStderr: stderr, lang: startLang(args)}
	defer a.close()
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, store.ErrNoSQLite) {
		fmt.Fprintln(stderr, a.t(
			"archmerge: bản archmerge này được biên dịch không có cgo (CGO_ENABLED=0) nên không có SQLite, mà lệnh này cần kho dữ liệu.\n"+
				"Hãy dùng bản phát hành chính thức (docs/release.md), hoặc biên dịch lại với cgo và gcc: CGO_ENABLED=1 go build ./cmd/archmerge.\n"+
				"Không cần kho dữ liệu: lookup, recode, template, fixtures.",
			"archmerge: this archmerge was built without cgo (CGO_ENABLED=0), so it has no SQLite engine, and this command needs a workspace.\n"+
				"Use an official release (docs/release.md), or rebuild with cgo and gcc: CGO_ENABLED=1 go build ./cmd/archmerge.\n"+
				"Commands that need no workspace: lookup, recode, template, fixtures."))
		return ExitFailed
	}
	var te *outfile.TargetError
	if errors.As(err, &te) {
		// An output that is a folder, a device or a pipe: a misuse,
		// named in the run's language whatever wrapped it.
		fmt.Fprintf(a.stderr, "archmerge: %s\n", te.Text(a.lang))
		fmt.Fprintln(a.stderr, a.t("Xem: archmerge --help", "See: archmerge --help"))
		return ExitUsage
	}
	code := ExitFailed
	switch workspace.KindOf(err) {
	case workspace.UsageErr:
		code = ExitUsage
	case workspace.Reject:
		code = ExitRejected
	case workspace.Part:
		code = ExitPartial
	default:
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, a.t("archmerge: đã dừng theo yêu cầu (Ctrl-C)", "archmerge: stopped (interrupted)"))
			return ExitFailed
		}
	}
	fmt.Fprintf(a.stderr, "archmerge: %s\n", a.workspace().Explain(err))
	if code == ExitUsage {
		fmt.Fprintln(stderr, a.t("Xem: archmerge --help", "See: archmerge --help"))
	}
	if code == ExitFailed && fileInUse(err) {
		fmt.Fprintln(stderr, a.t(
			"Tệp đang được mở trong chương trình khác (Excel?) hoặc thư mục không cho ghi: hãy đóng tệp rồi chạy lại lệnh.",
			"The file is open in another program (Excel?) or the folder is read-only: close the file and run the command again."))
	}
	return code
}

func newRootCmd(a *app) *cobra.Command {
	a.cli = cliusage.New(a.lang, usageError)
	root := &cobra.Command{
		Use:           "archmerge",
		Short:         a.t("Hợp nhất kiến trúc Chính phủ số qua đợt sắp xếp đơn vị hành chính năm 2025", "Consolidate digital-government architectures through Vietnam's 2025 restructuring"),
		Long:          a.help("archmerge"),
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionLine(),
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if !lang.Valid(a.langFlag) {
				return usageError(errors.New(a.t(fmt.Sprintf("--lang %q: cần vi hoặc en", a.langFlag), fmt.Sprintf("--lang %q: expected vi or en", a.langFlag))))
			}
			a.lang = a.langFlag
			a.cli.Lang = a.lang
			if a.format != "text" && a.format != "json" {
				return usageError(errors.New(a.t(fmt.Sprintf("--format %q: cần text hoặc json", a.format), fmt.Sprintf("--format %q: expected text or json", a.format))))
			}
			return a.cli.RequiredFlags(cmd)
		},
	}
	defDB := os.Getenv("ARCHMERGE_DB")
	if defDB == "" {
		defDB = "archmerge.db"
	}
	root.SetVersionTemplate("archmerge {{.Version}}\n")
	pf := root.PersistentFlags()
	pf.StringVar(&a.dbPath, "db", defDB, a.t("tệp kho dữ liệu (biến môi trường ARCHMERGE_DB)", "workspace file (env ARCHMERGE_DB)"))
	pf.StringVar(&a.format, "format", "text", a.t("định dạng kết quả: text hoặc json", "output format: text or json"))
	pf.StringVar(&a.langFlag, "lang", defaultLang(), a.t("ngôn ngữ của thông báo và sổ: vi hoặc en (biến môi trường ARCHMERGE_LANG)",
		"language of messages and workbooks: vi or en (env ARCHMERGE_LANG)"))
	importCmd := &cobra.Command{Use: "import", Short: a.t("Nạp ánh xạ hoặc bản kê khai vào kho dữ liệu", "Import a mapping or inventories into the workspace")}
	importCmd.AddCommand(newImportMappingCmd(a), newImportInventoryCmd(a))
	root.AddCommand(
		newInitCmd(a), importCmd, newValidateCmd(a), newPlanCmd(a), newReportCmd(a), newApplyCmd(a),
		newStatusCmd(a), newBatchCmd(a), newLookupCmd(a), newRecodeCmd(a), newExportCmd(a), newDashboardCmd(a),
		newTemplateCmd(a), newFixturesCmd(a), newDemoCmd(a),
	)
	a.cli.Apply(root)
	return root
}
