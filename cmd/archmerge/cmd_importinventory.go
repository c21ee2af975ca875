package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/store"
)

// invMaxListed caps the problems and warnings printed one per line; the rest
// are counted (all of them are in the JSON output).
const invMaxListed = 50

type importInventoryOptions struct {
	paths  []string
	dryRun bool
}

func newImportInventoryCmd(a *app) *cobra.Command {
	var o importInventoryOptions
	c := &cobra.Command{
		Use:   "inventory PATH...",
		Short: "Check and import inventories (XLSX, CSV pair, JSON), all or nothing",
		Long: `Kiểm tra rồi nạp các tệp kê khai: sổ tính .xlsx (trang elements và relations), cặp tệp
elements.csv + relations.csv (hoặc thư mục chứa chúng), hoặc tệp .json. Mọi tệp đều được kiểm
tra; chỉ cần một lỗi là không ghi gì và thoát với mã 3, mỗi lỗi một dòng (tệp, trang, dòng, cột,
giá trị, yêu cầu). Nạp lại một đơn vị sẽ thay toàn bộ bản kê khai của đơn vị đó và liệt kê các
phần tử biến mất. --dry-run chỉ kiểm tra.

Checks and imports inventories: .xlsx workbooks (sheets elements and relations), elements.csv +
relations.csv pairs (or folders holding them), or .json files. Every file is checked; any problem
rejects the whole call with exit 3, one line per problem, and nothing is written.
Importing a unit again replaces its inventory and lists the elements that disappeared.
--dry-run only checks.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return importInventoryRun(a, o)
		},
	}
	c.Flags().BoolVar(&o.dryRun, "dry-run", false, "check only; write nothing")
	return c
}

// importInventoryReport is what the command prints with --format json.
type importInventoryReport struct {
	OK        bool                 `json:"ok"`
	DryRun    bool                 `json:"dry_run"`
	Files     []inventory.FileInfo `json:"files"`
	Elements  int                  `json:"elements"`
	Relations int                  `json:"relations"`
	Units     []store.UnitImport   `json:"units"`
	ImportID  int64                `json:"import_id,omitempty"`
	Warnings  []invProblem         `json:"warnings"`
	Problems  []invProblem         `json:"problems"`
}

// invProblem is a problem or warning in the JSON output, with its text
// in the chosen language.
type invProblem struct {
	mapping.Problem
	Text string `json:"text"`
}

func importInventoryRun(a *app, o importInventoryOptions) error {
	m, err := a.activeMapping()
	if err != nil {
		return err
	}
	// Read and check against the workspace as it is, without creating one:
	// a rejected or dry run must leave no trace.
	st, err := a.existingStore()
	if err != nil {
		return err
	}
	var known func(string) bool
	if st != nil {
		if known, err = st.KnownKeys(a.ctx); err != nil {
			return err
		}
	}
	// Rows are stored while the next files are read, in a transaction that
	// only Commit makes visible. A first import creates the workspace when
	// the first file has passed its checks, beside its path, and moves it
	// into place only once the import has succeeded.
	var staged *store.Store
	var im *store.Import
	begin := func() error {
		if im != nil {
			return nil
		}
		target := st
		if target == nil {
			if l := store.Leftovers(a.dbPath); len(l) > 0 {
				return errors.New(a.t(
					fmt.Sprintf("chưa có kho %s nhưng bên cạnh còn tệp của một kho đã xoá (%s); SQLite sẽ ghép chúng vào kho mới: hãy chuyển hoặc xoá các tệp đó rồi chạy lại; không ghi gì",
						a.dbPath, strings.Join(l, ", ")),
					fmt.Sprintf("there is no workspace %s but files of a deleted one are beside it (%s), which SQLite would merge into a new one: move them away or delete them, then run again; nothing was written",
						a.dbPath, strings.Join(l, ", "))))
			}
			var err error
			if staged, err = store.CreateStaged(a.ctx, a.dbPath); err != nil {
				return err
			}
			target = staged
		}
		im = target.BeginImport(a.ctx)
		return nil
	}
	defer func() {
		if im != nil {
			im.Abort()
		}
		if staged != nil {
			staged.Discard()
		}
	}()
	var emit func(inventory.Batch) error
	if st != nil || !o.dryRun {
		emit = func(b inventory.Batch) error {
			if err := begin(); err != nil {
				return err
			}
			return im.Add(b)
		}
	}
	res, err := inventory.ReadPathsTo(a.ctx, o.paths, m, known, emit)
	if err != nil {
		return err
	}
	rep := importInventoryReport{DryRun: o.dryRun, Files: res.Files, Units: []store.UnitImport{},
		Warnings: a.invReportProblems(res.Warnings), Problems: a.invReportProblems(res.Problems)}
	for _, f := range res.Files { // the rows themselves went to the import
		rep.Elements += f.Elements
		rep.Relations += f.Relations
	}
	if rep.Files == nil {
		rep.Files = []inventory.FileInfo{}
	}
	if !a.json() {
		a.invPrintProblems(a.stderr, res.Warnings, a.t("Cảnh báo", "Warning"), a.t("cảnh báo", "warnings"))
	}
	if len(res.Problems) > 0 {
		if a.json() {
			if err := a.printJSON(rep); err != nil {
				return err
			}
		} else {
			a.invPrintProblems(a.stderr, res.Problems, a.t("Lỗi", "Error"), a.t("lỗi", "problems"))
		}
		return rejected(fmt.Errorf("%s", a.t(
			fmt.Sprintf("bản kê khai bị từ chối: %d lỗi; không ghi gì vào kho", len(res.Problems)),
			fmt.Sprintf("inventory rejected: %d problems; nothing was written", len(res.Problems)))))
	}
	var sum *store.ImportSummary
	if emit != nil {
		if err := begin(); err != nil { // nothing emitted: an empty import
			return err
		}
	}
	switch {
	case emit == nil:
		rep.Units = invDryRunUnits(res, known)
	case o.dryRun:
		// The exact effect, disappeared elements included, from an
		// import rolled back.
		if sum, err = im.Preview(res); err != nil {
			return err
		}
		rep.Units = sum.Units
	default:
		if sum, err = im.Commit(res); err != nil {
			return err
		}
		if staged != nil {
			if err := staged.Publish(); err != nil {
				return err
			}
		}
		rep.Units, rep.ImportID = sum.Units, sum.ImportID
	}
	rep.OK = true
	if a.json() {
		return a.printJSON(rep)
	}
	a.printImportSummary(m, &rep)
	return nil
}

// invDryRunUnits says per unit what an import would do when there is no
// workspace yet: every element and relation is new.
func invDryRunUnits(res *inventory.Result, known func(string) bool) []store.UnitImport {
	idx := map[string]int{}
	var out []store.UnitImport
	for _, u := range res.Units() {
		idx[u] = len(out)
		out = append(out, store.UnitImport{Unit: u})
	}
	for i := range res.Elements {
		e := &res.Elements[i]
		ui := &out[idx[e.Unit]]
		ui.Elements++
		if known != nil && known(e.Key()) {
			ui.Kept++
			ui.Replaced = true
		} else {
			ui.Added++
		}
	}
	for i := range res.Relations {
		if j, ok := idx[res.Relations[i].Owner]; ok {
			out[j].Relations++
		}
	}
	return out
}

func (a *app) invReportProblems(ps mapping.Problems) []invProblem {
	out := make([]invProblem, len(ps))
	for i, p := range ps {
		out[i] = invProblem{Problem: p, Text: p.Text(a.lang)}
	}
	return out
}

// invPrintProblems writes one line per problem, capped at invMaxListed, then
// how many more there are.
func (a *app) invPrintProblems(w io.Writer, ps mapping.Problems, label, plural string) {
	for i, p := range ps {
		if i == invMaxListed {
			fmt.Fprintln(w, a.t(fmt.Sprintf("… và %d %s khác (--format json liệt kê đủ)", len(ps)-invMaxListed, plural),
				fmt.Sprintf("… and %d more %s (--format json lists them all)", len(ps)-invMaxListed, plural)))
			return
		}
		fmt.Fprintf(w, "%s: %s\n", label, p.Text(a.lang))
	}
}

// invMaxUnitsListed caps the per-unit lines of the text summary: a national
// import declares ten thousand units.
const invMaxUnitsListed = 200

func (a *app) printImportSummary(m *mapping.Mapping, rep *importInventoryReport) {
	w := a.stdout
	head := a.t("Đã nhập", "Imported")
	if rep.DryRun {
		head = a.t("Kiểm tra xong, không ghi gì (--dry-run); sẽ nhập", "Checked, nothing written (--dry-run); would import")
	}
	fmt.Fprintf(w, "%s %s: %s, %s, %s.\n", head, a.invCount(len(rep.Files), "tệp", "file", "files"),
		a.invCount(len(rep.Units), "đơn vị", "unit", "units"), a.invCount(rep.Elements, "phần tử", "element", "elements"),
		a.invCount(rep.Relations, "quan hệ", "relation", "relations"))
	gone, void := 0, 0
	for i, u := range rep.Units {
		gone += len(u.Disappeared)
		void += len(u.VoidDecision)
		if i >= invMaxUnitsListed {
			continue
		}
		name := ""
		if ou, ok := m.OldUnit(u.Unit); ok {
			name = " " + ou.Name
		}
		line := fmt.Sprintf("  %s%s: %s, %s", u.Unit, name, a.invCount(u.Elements, "phần tử", "element", "elements"),
			a.invCount(u.Relations, "quan hệ", "relation", "relations"))
		if u.Replaced {
			line += a.t(fmt.Sprintf("; thay bản kê khai cũ: %s mới, %s giữ mã", a.invNum(u.Added), a.invNum(u.Kept)),
				fmt.Sprintf("; replaces the previous inventory: %s new, %s same key", a.invNum(u.Added), a.invNum(u.Kept)))
		}
		fmt.Fprintln(w, line)
		if len(u.Disappeared) > 0 {
			fmt.Fprintf(w, "    %s %s\n", a.t(fmt.Sprintf("biến mất %d:", len(u.Disappeared)), fmt.Sprintf("disappeared %d:", len(u.Disappeared))), invListKeys(u.Disappeared, 10))
		}
		if len(u.VoidDecision) > 0 {
			fmt.Fprintf(w, "    %s %s\n", a.t("quyết định không còn áp dụng:", "decisions that no longer apply:"), invListKeys(u.VoidDecision, 10))
		}
	}
	if len(rep.Units) > invMaxUnitsListed {
		fmt.Fprintln(w, a.t(fmt.Sprintf("  … và %d đơn vị khác (--format json liệt kê đủ)", len(rep.Units)-invMaxUnitsListed),
			fmt.Sprintf("  … and %d more units (--format json lists them all)", len(rep.Units)-invMaxUnitsListed)))
	}
	if gone > 0 {
		fmt.Fprintln(w, a.t(fmt.Sprintf("Tổng cộng %d phần tử biến mất so với lần nhập trước, %d quyết định không còn áp dụng.", gone, void),
			fmt.Sprintf("In all %d elements disappeared since the previous import; %d decisions no longer apply.", gone, void)))
	}
}

func invListKeys(keys []string, n int) string {
	if len(keys) <= n {
		return strings.Join(keys, ", ")
	}
	return strings.Join(keys[:n], ", ") + fmt.Sprintf(", … (+%d)", len(keys)-n)
}

// invNum formats a count with the thousands separator of the language:
// 70.000 in Vietnamese, 70,000 in English.
func (a *app) invNum(n int) string {
	s := strconv.Itoa(n)
	sep := a.t(".", ",")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && c != '-' {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// invCount renders "3 tệp" / "1 file" / "3 files".
func (a *app) invCount(n int, vi, one, many string) string {
	if a.lang != "en" {
		return a.invNum(n) + " " + vi
	}
	if n == 1 {
		return "1 " + one
	}
	return a.invNum(n) + " " + many
}
