package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/mapping/recode"
	"github.com/ndta-vn/archmerge/workspace"
)

type recodeOptions struct {
	in, out    string
	columns    []string
	address    string
	format     string // file format of the output: csv, xlsx, or "" for out's extension
	vintage    string
	vintageSet bool // --vintage given
	asOf       string
	sheet      string
	summary    string // text or json
}

func newRecodeCmd(a *app) *cobra.Command {
	var o recodeOptions
	c := &cobra.Command{
		Use:   a.t("recode TỆP --out TỆP", "recode FILE --out FILE"),
		Short: a.t("Chuyển các cột mã đơn vị hành chính của tệp dữ liệu CSV/XLSX từ mã cũ sang mã mới", "Rewrite the unit-code columns of a CSV/XLSX data file from old to new codes"),
		Long:  a.help("recode"),
		Args:  a.cli.ExactArgs(1, "tệp dữ liệu CSV hoặc XLSX", "a CSV or XLSX data file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.in = args[0]
			o.vintageSet = cmd.Flags().Changed("vintage")
			return recodeRun(a, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.out, "out", "", a.t("`TỆP` ra (bắt buộc); không được trùng tệp vào", "output `FILE` (required); never the input"))
	f.StringSliceVar(&o.columns, "columns", nil, a.t("các cột đơn vị, dạng TIÊU_ĐỀ hoặc VAI_TRÒ=TIÊU_ĐỀ (VAI_TRÒ: province, district, commune, province_name, district_name, commune_name); tắt việc tự nhận diện theo tiêu đề",
		"unit columns, as HEADER or ROLE=HEADER (ROLE: province, district, commune, province_name, district_name, commune_name); turns header detection off"))
	f.StringVar(&o.address, "address-column", "", a.t("cột địa chỉ dạng văn bản, tra bằng bộ tra cứu khi mã và tên không cho biết xã", "free-text address column, resolved through the lookup engine when codes and names do not give the commune"))
	f.StringVar(&o.format, "format", "", a.t("định dạng tệp ra: csv hoặc xlsx (mặc định: theo đuôi của --out)", "output file format: csv or xlsx (default: from the --out extension)"))
	f.StringVar(&o.vintage, "vintage", "old", a.t("thời kỳ của mã trong tệp: old (được chuyển) hoặc new (được kiểm tra, trạng thái already_new); không bao giờ đoán",
		"vintage of the codes in the file: old (converted) or new (checked, status already_new); never guessed"))
	f.StringVar(&o.asOf, "as-of", "", a.t("`NGÀY` của danh mục mà mã trong tệp theo (YYYY-MM-DD hoặc DD/MM/YYYY; từ năm 2019; mặc định 30/6/2025); từ 2025-07-01 là mã mới",
		"`DATE` of the list the file's codes come from (YYYY-MM-DD or DD/MM/YYYY; any date since 2019; default 30 June 2025); from 2025-07-01 on, new codes"))
	f.StringVar(&o.sheet, "sheet", "", a.t("trang của tệp XLSX vào (mặc định: trang đầu)", "sheet of an XLSX input (default: the first)"))
	f.StringVar(&o.summary, "summary", "text", a.t("tóm tắt in ra stderr: text hoặc json", "summary on stderr: text or json"))
	_ = c.MarkFlagRequired("out")
	return c
}

func recodeRun(a *app, o recodeOptions) error {
	// The issue's --format (file format) shadows the global --format, so
	// "archmerge --format json recode …" lands here: take it as the summary
	// format rather than reject it.
	switch strings.ToLower(o.format) {
	case "json", "text":
		o.summary, o.format = strings.ToLower(o.format), ""
	case "", "csv", "xlsx":
		o.format = strings.ToLower(o.format)
	default:
		return usageError(fmt.Errorf("%s", a.t(
			fmt.Sprintf("--format %q: cần csv hoặc xlsx (định dạng tệp ra)", o.format),
			fmt.Sprintf("--format %q: expected csv or xlsx (the output file format)", o.format))))
	}
	if o.summary != "text" && o.summary != "json" {
		return usageError(fmt.Errorf("%s", a.t(
			fmt.Sprintf("--summary %q: cần text hoặc json", o.summary),
			fmt.Sprintf("--summary %q: expected text or json", o.summary))))
	}
	if a.json() {
		o.summary = "json"
	}
	v, err := mapping.ParseVintage(o.vintage)
	if err != nil {
		return usageError(fmt.Errorf("%s", a.t(
			fmt.Sprintf("--vintage %q: cần old (mã cũ) hoặc new (mã mới)", o.vintage),
			fmt.Sprintf("--vintage %q: expected old or new", o.vintage))))
	}
	m, err := a.workspace().Mapping(a.ctx)
	if err != nil {
		return err
	}
	// --vintage, when given, must agree with --as-of; left out, the date
	// decides (recode.New).
	if d, err := mapping.ParseDate(o.asOf); o.asOf != "" && o.vintageSet && err == nil && (d >= mapping.NewUnitsFrom) != (v == mapping.New) {
		return usageError(fmt.Errorf("%s", a.t(
			fmt.Sprintf("--as-of %s và --vintage %s mâu thuẫn: mã mới có từ %s", d, o.vintage, mapping.NewUnitsFrom),
			fmt.Sprintf("--as-of %s contradicts --vintage %s: new codes start on %s", d, o.vintage, mapping.NewUnitsFrom))))
	}
	opts := recode.Options{Columns: o.columns, AddressColumn: o.address, Vintage: v, AsOf: o.asOf, Lang: a.lang, Sheet: o.sheet}
	rc, err := recode.New(m, opts)
	if err != nil {
		return recodeError(a, err)
	}
	sum, err := rc.File(a.ctx, o.in, o.out, o.format, opts)
	if err != nil {
		return recodeError(a, err)
	}
	if o.summary == "json" {
		// On stderr, as the issue asks: the converted file is the result.
		enc := json.NewEncoder(a.stderr)
		enc.SetEscapeHTML(false)
		return enc.Encode(sum)
	}
	sum.WriteText(a.stderr, a.lang)
	return nil
}

// recodeError maps the package's errors onto exit codes, in the user's
// language: a rejected input exits 3, a misuse 2.
func recodeError(a *app, err error) error {
	var p *mapping.Problem
	if errors.As(err, &p) {
		return workspace.Rejected(errors.New(p.Text(a.lang)))
	}
	var ue *recode.UsageError
	if errors.As(err, &ue) {
		return usageError(errors.New(ue.Text(a.lang)))
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s", a.t("không tìm thấy tệp hoặc thư mục "+pe.Path, "no such file or folder: "+pe.Path))
	}
	return err
}
