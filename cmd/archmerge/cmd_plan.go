package main

import (
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

type planOptions struct {
	provinces []string
	asOf      string
}

func newPlanCmd(a *app) *cobra.Command {
	var o planOptions
	c := &cobra.Command{
		Use:   "plan [--province CODE]... [--as-of DATE]",
		Short: "Plan the consolidation: routing, duplicates, survivors, flags; store the plan",
		Long: `Lập phương án hợp nhất từ bảng chuyển đổi, các bản kê khai đã nhập và các quyết định đã ghi: mỗi
phần tử về đơn vị mới nào, phần tử nào trùng nhau, giữ phần tử nào, xử lý thế nào, và mọi điểm cần
quyết định (cảnh báo). Phương án được lưu trong kho (mã phương án và dấu vân tay đầu vào); nếu đầu
vào không đổi, phương án đã lưu được dùng lại. In tóm tắt theo tỉnh mới; --format json in toàn bộ
phương án. --province (mã hoặc tên tỉnh mới, lặp lại được) giới hạn phạm vi; --as-of đặt ngày lập
(yyyy-mm-dd hoặc dd/mm/yyyy, mặc định hôm nay) cho các quy tắc theo ngày như hạn hợp đồng.

Plans the consolidation from the mapping, the imported inventories and the recorded decisions:
where each element goes, which are duplicates, which survives, what to do with each, and every
point that needs a decision (flags). The plan is stored (plan id and input fingerprint); when the
inputs are unchanged the stored plan is reused. Prints a summary per new province; --format json
prints the whole plan. --province (a new province's code or name, repeatable) limits the scope;
--as-of sets the plan date (yyyy-mm-dd or dd/mm/yyyy, default today) for date rules such as
contract expiry.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return planRun(a, o)
		},
	}
	c.Flags().StringArrayVar(&o.provinces, "province", nil, "new province code or name (repeat, or separate with commas; default: every province with an inventory)")
	c.Flags().StringVar(&o.asOf, "as-of", "", "plan date, yyyy-mm-dd or dd/mm/yyyy (default today)")
	return c
}

func planRun(a *app, o planOptions) error {
	asOf, err := planDate(o.asOf)
	if err != nil {
		return usageError(err)
	}
	if asOf == "" {
		asOf = today()
	}
	m, err := a.activeMapping()
	if err != nil {
		return err
	}
	provs, err := newProvinces(m, o.provinces)
	if err != nil {
		return usageError(err)
	}
	start := time.Now()
	p, stored, err := a.plan(asOf, provs, true)
	if err != nil {
		return err
	}
	if stored {
		a.warnf(a.t("Phương án %s đã có trong kho: đầu vào không đổi", "Plan %s is already stored: the inputs are unchanged"), p.ID)
	} else {
		a.warnf(a.t("Đã lập và lưu phương án %s trong %.1f giây", "Planned and stored %s in %.1f s"), p.ID, time.Since(start).Seconds())
	}
	if a.json() {
		return a.printJSON(p)
	}
	printPlanSummary(a, p)
	return nil
}

// currentPlan returns the plan of the workspace's current inputs for the
// plan date asOf ("" means the stored plan's date, else today) and the new
// provinces given (none: every province with an inventory): the stored
// plan when its fingerprint matches the inputs (rebuilt, which is faster
// than reading it and identical), else a new plan, which it stores. The
// report, export, apply and batch commands use it.
func (a *app) currentPlan(asOf string, provinces []string) (*migrate.Plan, error) {
	p, _, err := a.currentPlanInput(asOf, provinces)
	return p, err
}

// currentPlanInput is currentPlan that also returns the inputs the plan was
// built from, for a caller that needs more of them (apply compares plan ids
// with the whole-workspace plan of the same inputs). asOf may be written
// yyyy-mm-dd or dd/mm/yyyy.
func (a *app) currentPlanInput(asOf string, provinces []string) (*migrate.Plan, migrate.Input, error) {
	asOf, err := planDate(asOf)
	if err != nil {
		return nil, migrate.Input{}, usageError(err)
	}
	if asOf == "" {
		st, err := a.store()
		if err != nil {
			return nil, migrate.Input{}, err
		}
		info, err := st.LatestPlanInfo(a.ctx)
		if err != nil {
			return nil, migrate.Input{}, err
		}
		asOf = today()
		if info != nil {
			asOf = info.AsOf
		}
	}
	in, err := a.planInput(asOf, provinces)
	if err != nil {
		return nil, migrate.Input{}, err
	}
	p, _, err := a.planFrom(in, true)
	return p, in, err
}

// plan builds the plan of the current inputs and says whether the
// workspace already holds it (same input fingerprint). Plans are
// deterministic, so building again gives the stored plan byte for byte, and
// is faster than reading back a whole-country plan. With save, a new plan
// is stored and a stored one becomes the current plan again.
func (a *app) plan(asOf string, provinces []string, save bool) (*migrate.Plan, bool, error) {
	in, err := a.planInput(asOf, provinces)
	if err != nil {
		return nil, false, err
	}
	return a.planFrom(in, save)
}

// planInput loads the workspace's inputs for a plan.
func (a *app) planInput(asOf string, provinces []string) (migrate.Input, error) {
	st, err := a.store()
	if err != nil {
		return migrate.Input{}, err
	}
	return st.PlanInput(a.ctx, asOf, provinces)
}

// planFrom builds the plan of in; see plan.
func (a *app) planFrom(in migrate.Input, save bool) (*migrate.Plan, bool, error) {
	st, err := a.store()
	if err != nil {
		return nil, false, err
	}
	p, err := migrate.Build(a.ctx, in)
	if err != nil {
		return nil, false, err
	}
	stored, err := st.PlanInfoByFingerprint(a.ctx, p.Fingerprint)
	if err != nil {
		return nil, false, err
	}
	switch {
	case !save:
	case stored != nil:
		err = st.MakeCurrent(a.ctx, stored.ID)
	default:
		err = st.SavePlan(a.ctx, p)
	}
	if err != nil {
		return nil, false, err
	}
	return p, stored != nil, nil
}

func today() string { return time.Now().Format(time.DateOnly) }

// planDate reads a plan date written yyyy-mm-dd or dd/mm/yyyy and returns
// it as yyyy-mm-dd ("" stays "").
func planDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	return "", fmt.Errorf("--as-of %q: expected a date yyyy-mm-dd or dd/mm/yyyy", s)
}

// newProvinces resolves --province values (repeated, or separated by
// commas), each a new province's code (a number that lost its leading zero
// is restored) or its name, to sorted, unique codes.
func newProvinces(m *mapping.Mapping, args []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	var split []string
	for _, arg := range args {
		split = append(split, strings.Split(arg, ",")...)
	}
	for _, arg := range split {
		code, err := newProvince(m, arg)
		if err != nil {
			return nil, err
		}
		if !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	sort.Strings(out)
	return out, nil
}

func newProvince(m *mapping.Mapping, arg string) (string, error) {
	s := strings.TrimSpace(arg)
	if s != "" && strings.Trim(s, "0123456789") == "" {
		if len(s) == 1 {
			s = "0" + s
		}
		if u, ok := m.NewUnit(s); ok && u.Level == mapping.Province {
			return u.Code, nil
		}
		return "", fmt.Errorf("--province %q: no new province has this code", arg)
	}
	want := mapping.Fold(s)
	_, wantCore := mapping.SplitUnitType(want)
	var hits []string
	for _, u := range m.NewUnits {
		if u.Level != mapping.Province {
			continue
		}
		f := mapping.Fold(u.Name)
		_, core := mapping.SplitUnitType(f)
		if f == want || core == wantCore {
			hits = append(hits, u.Code+" "+u.Name)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0][:strings.IndexByte(hits[0], ' ')], nil
	case 0:
		return "", fmt.Errorf("--province %q: no new province has this code or name", arg)
	}
	return "", fmt.Errorf("--province %q is ambiguous: %s", arg, strings.Join(hits, "; "))
}

func printPlanSummary(a *app, p *migrate.Plan) {
	w := a.stdout
	fmt.Fprintf(w, a.t("Phương án %s — ngày %s — bảng chuyển đổi %s\n", "Plan %s — as of %s — mapping %s\n"), p.ID, p.AsOf, p.Mapping)
	if len(p.Provinces) == 0 {
		fmt.Fprintln(w, a.t("Chưa có bản kê khai nào: hãy chạy archmerge import inventory trước.",
			"No inventory yet: run archmerge import inventory first."))
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head, total := a.t("Tỉnh mới", "New province"), a.t("Tổng", "Total")
	labels := []string{head, total}
	for _, s := range p.Provinces {
		labels = append(labels, s.Code+"  "+s.Name)
	}
	width := labelWidth(labels...)
	fmt.Fprintln(tw, padRight(head, width)+a.t("\tTrước\tSau\tCụm trùng\tChặn\tCao\tTrung bình\tThông tin\tĐã xử lý\t",
		"\tBefore\tAfter\tClusters\tBlocker\tHigh\tMedium\tInfo\tResolved\t"))
	var tot migrate.ProvinceSummary
	tot.Flags, tot.Resolved = map[migrate.Severity]int{}, map[migrate.Severity]int{}
	for _, s := range p.Provinces {
		res := 0
		for _, n := range s.Resolved {
			res += n
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", padRight(s.Code+"  "+s.Name, width), s.ElementsBefore, s.ElementsAfter, s.Clusters,
			s.Flags[migrate.Blocker], s.Flags[migrate.High], s.Flags[migrate.Medium], s.Flags[migrate.Info], res)
		tot.ElementsBefore += s.ElementsBefore
		tot.ElementsAfter += s.ElementsAfter
		tot.Clusters += s.Clusters
		for k, n := range s.Flags {
			tot.Flags[k] += n
		}
		for k, n := range s.Resolved {
			tot.Resolved[k] += n
		}
	}
	if len(p.Provinces) > 1 {
		res := 0
		for _, n := range tot.Resolved {
			res += n
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", padRight(total, width), tot.ElementsBefore, tot.ElementsAfter, tot.Clusters,
			tot.Flags[migrate.Blocker], tot.Flags[migrate.High], tot.Flags[migrate.Medium], tot.Flags[migrate.Info], res)
	}
	tw.Flush()
	fmt.Fprintln(w, a.t("Cảnh báo chưa xử lý theo mức độ: chặn, cao, trung bình, thông tin. Xem chi tiết: archmerge report; toàn bộ: archmerge plan --format json.",
		"Open flags by severity: blocker, high, medium, info. Details: archmerge report; everything: archmerge plan --format json."))
}
