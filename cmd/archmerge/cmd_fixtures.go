package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/fixtures"
)

type fixturesOptions struct {
	out       string
	scale     float64
	seed      int64
	format    string // file format: csv, xlsx or json
	report    string // what the command prints: text or json
	provinces []string
}

func newFixturesCmd(a *app) *cobra.Command {
	var o fixturesOptions
	c := &cobra.Command{
		Use:   a.t("fixtures --out THƯ_MỤC [--scale TỈ_LỆ] [--seed SỐ] [--format csv|xlsx|json]", "fixtures --out DIR [--scale F] [--seed N] [--format csv|xlsx|json]"),
		Short: a.t("Sinh bản kê khai giả lập, sát thực tế, cho mọi đơn vị hành chính cũ của cả nước", "Write realistic synthetic inventories for every old unit in the country"),
		Long:  a.help("fixtures"),
		Args:  a.cli.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return fixturesRun(a, o) },
	}
	f := c.Flags()
	f.StringVar(&o.out, "out", "", a.t("`THƯ_MỤC` ghi vào (tạo nếu chưa có)", "`DIR` to write into (created if needed)"))
	f.Float64Var(&o.scale, "scale", 1, a.t("quy mô: nhân số phần tử của mỗi đơn vị (1 ≈ 65.000 phần tử)", "size of the estate: multiplies the per-unit counts (1 ≈ 65,000 elements)"))
	f.Int64Var(&o.seed, "seed", 1, a.t("hạt giống: cùng hạt giống và quy mô cho cùng các tệp", "seed: the same seed and scale give the same files"))
	f.StringVar(&o.format, "format", "csv", a.t("định dạng tệp ghi ra: csv, xlsx hoặc json (báo cáo vẫn là văn bản; xem --report)", "format of the files written: csv, xlsx or json (the report stays text; see --report)"))
	f.StringVar(&o.report, "report", "text", a.t("định dạng của báo cáo lệnh in ra: text hoặc json", "format of what the command prints: text or json"))
	f.StringSliceVar(&o.provinces, "province", nil, a.t("chỉ các tỉnh cũ này (mã; lặp lại hoặc ngăn bằng dấu phẩy)", "only these old provinces (codes; repeat or separate with commas)"))
	_ = c.MarkFlagRequired("out")
	return c
}

func fixturesRun(a *app, o fixturesOptions) error {
	switch o.format {
	case "csv", "xlsx", "json":
	default:
		return usageError(fmt.Errorf(a.t("--format %q: cần csv, xlsx hoặc json", "--format %q: expected csv, xlsx or json"), o.format))
	}
	if o.report != "text" && o.report != "json" {
		return usageError(fmt.Errorf(a.t("--report %q: cần text hoặc json", "--report %q: expected text or json"), o.report))
	}
	if !(o.scale > 0 && o.scale <= 100) {
		return usageError(fmt.Errorf(a.t("--scale %g: cần một số lớn hơn 0 và không quá 100", "--scale %g: expected a number above 0 and at most 100"), o.scale))
	}
	if strings.TrimSpace(o.out) == "" {
		return usageError(errors.New(a.t("--out: cần một thư mục", "--out: expected a folder")))
	}
	m, err := a.workspace().Mapping(a.ctx)
	if err != nil {
		return err
	}
	for i, p := range o.provinces {
		p = strings.TrimSpace(p)
		if len(p) == 1 && p[0] >= '0' && p[0] <= '9' {
			p = "0" + p // 2 for 02, as a spreadsheet would have written it
		}
		o.provinces[i] = p
		if u, ok := m.OldUnit(p); !ok || u.Level != "province" {
			return usageError(fmt.Errorf(a.t("--province %q: không phải mã tỉnh cũ (2 chữ số, ví dụ 02)", "--province %q: not an old province code (2 digits, e.g. 02)"), p))
		}
	}
	files, err := fixtures.WriteFiles(a.ctx, o.out, m, fixtures.Options{Scale: o.scale, Seed: o.seed, Format: o.format, Provinces: o.provinces})
	if err != nil {
		return err
	}
	var elems, rels, units, silent int
	for _, f := range files {
		elems += f.Elements
		rels += f.Relations
		units += f.Units
		silent += f.Silent
	}
	if o.report == "json" {
		return a.printJSON(struct {
			Out       string          `json:"out"`
			Format    string          `json:"format"`
			Scale     float64         `json:"scale"`
			Seed      int64           `json:"seed"`
			Mapping   string          `json:"mapping"`
			Files     []fixtures.File `json:"files"`
			Elements  int             `json:"elements"`
			Relations int             `json:"relations"`
			Units     int             `json:"units"`
			Silent    int             `json:"silent_units"`
		}{o.out, o.format, o.scale, o.seed, m.Name, files, elems, rels, units, silent})
	}
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t\n", a.t("Tỉnh cũ", "Old province"), a.t("Phần tử", "Elements"), a.t("Quan hệ", "Relations"), a.t("Tệp", "File"))
	for _, f := range files {
		fmt.Fprintf(w, "%s %s\t%s\t%s\t%s\t\n", f.Code, f.Name, a.count(f.Elements), a.count(f.Relations), f.Path)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, a.t(
		"Đã ghi %s (%s) vào %s: %s, %s của %s cũ (%s không kê khai gì); tỉ lệ %g, hạt giống %d.\n",
		"Wrote %s (%s) into %s: %s, %s of %s (%s declare nothing); scale %g, seed %d.\n"),
		a.counted(len(files), "tệp", "file", "files"), o.format, o.out, a.counted(elems, "phần tử", "element", "elements"),
		a.counted(rels, "quan hệ", "relation", "relations"), a.counted(units, "đơn vị", "old unit", "old units"), a.counted(silent, "đơn vị", "unit", "units"), o.scale, o.seed)
	fmt.Fprintf(a.stdout, a.t("Nhập vào kho: archmerge import inventory %s\n", "Import them: archmerge import inventory %s\n"), o.out)
	return nil
}
