package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/internal/lang"
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
	writeRecodeSummary(a, a.stderr, sum)
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

var roleVI = map[recode.Role]string{
	recode.ProvinceCode: "mã tỉnh", recode.DistrictCode: "mã huyện", recode.CommuneCode: "mã xã",
	recode.ProvinceName: "tên tỉnh", recode.DistrictName: "tên huyện", recode.CommuneName: "tên xã", recode.Address: "địa chỉ",
}

var byVI = map[string]string{"flag": "theo tham số", "header": "theo tiêu đề", "values": "theo giá trị"}

func writeRecodeSummary(a *app, w io.Writer, s *recode.Summary) {
	vint := a.t("mã cũ", "old codes")
	if s.Vintage == mapping.New {
		vint = a.t("mã mới", "new codes")
	}
	fmt.Fprintf(w, a.t("Đã chuyển đổi %s: %s → %s (%s, %s)\n", "Converted %s: %s → %s (%s, %s)\n"),
		a.counted(s.Rows, "dòng", "row", "rows"), s.Input, s.Output, s.Format, vint)
	if len(s.Columns) == 0 {
		fmt.Fprintln(w, a.t("Không nhận diện được cột đơn vị hành chính nào: dùng --columns để chỉ định.",
			"No administrative-unit column was found: name them with --columns."))
	} else {
		parts := make([]string, len(s.Columns))
		for i, c := range s.Columns {
			parts[i] = fmt.Sprintf("%s (%s, %s)", c.Header, a.t(roleVI[c.Role], string(c.Role)), a.t(byVI[c.By], c.By))
		}
		fmt.Fprintf(w, a.t("Cột: %s\n", "Columns: %s\n"), strings.Join(parts, "; "))
	}
	if len(s.OtherSheets) > 0 {
		fmt.Fprintf(w, a.t("Chỉ chuyển đổi một trang; các trang khác không có trong tệp ra: %s (chọn trang bằng --sheet)\n",
			"One sheet converted; the other sheets are not in the output: %s (choose the sheet with --sheet)\n"), strings.Join(s.OtherSheets, ", "))
	}
	labels := []struct{ key, vi, en string }{
		{"exact", "exact (chuyển chính xác)", "exact"},
		{"split", "split (xã cũ bị chia, cần chọn)", "split (old commune split, choose)"},
		{"unknown", "unknown (không xác định)", "unknown"},
		{"already_new", "already_new (đã là mã mới)", "already_new"},
		{"blank", "(trống)", "(blank)"},
	}
	for _, l := range labels {
		if n := s.Statuses[l.key]; n > 0 {
			fmt.Fprintf(w, "  %-36s %d\n", a.t(l.vi, l.en), n)
		}
	}
	if len(s.Splits) > 0 {
		fmt.Fprintln(w, a.t("Xã cũ bị chia (chưa chọn xã mới):", "Split old communes (no new commune chosen):"))
		for _, sc := range s.Splits {
			cands := make([]string, len(sc.Candidates))
			for i, c := range sc.Candidates {
				tr := a.t("một phần", "part")
				if c.Transfer == mapping.Whole {
					tr = a.t("toàn bộ", "whole")
				}
				cands[i] = fmt.Sprintf("%s %s (%s)", c.Code, c.Name, tr)
			}
			fmt.Fprintf(w, "  %s %s — %s → %s\n", sc.Code, sc.Name, a.counted(sc.Rows, "dòng", "row", "rows"), strings.Join(cands, ", "))
		}
	}
	for _, v := range s.Vintages {
		if v.Earlier+v.Later == 0 {
			continue
		}
		list := lang.Date(s.AsOf, a.lang)
		if v.Mixed {
			fmt.Fprintf(w, a.t("Cột %s trộn mã của nhiều thời điểm: %s có trong danh mục ngày %s, %s chỉ có trong danh mục trước đó, %s chỉ có trong danh mục sau đó (đầu tiên: dòng %d, %q).\n",
				"Column %s mixes codes of several dates: %s listed on %s, %s only in earlier lists, %s only in later lists (first: line %d, %q).\n"),
				v.Column, a.cells(v.Listed), list, a.cells(v.Earlier), a.cells(v.Later), v.FirstLine, v.FirstCode)
		} else {
			fmt.Fprintf(w, a.t("Cột %s: không mã nào có trong danh mục ngày %s; %s chỉ có trong danh mục trước đó, %s chỉ có trong danh mục sau đó.\n",
				"Column %s: no code is listed on %s; %s only in earlier lists, %s only in later lists.\n"), v.Column, list, a.cells(v.Earlier), a.cells(v.Later))
		}
		fmt.Fprint(w, a.t("  Mỗi mã đó được nối qua lịch sử đơn vị (ghi chú nêu từng thay đổi và văn bản) khi mọi phiên bản của nó dẫn tới cùng đơn vị mới, nếu không thì để unknown.",
			"  Each such code is chained through the unit history (the note gives each change and act) when all its versions lead to the same new units, else left unknown."))
		if s.AsOf == mapping.HistoryEnd {
			fmt.Fprint(w, a.t(" Nếu tệp theo danh mục của một ngày, dùng --as-of NGÀY.", " If the file follows the list of one date, use --as-of DATE."))
		}
		fmt.Fprintln(w)
	}
	if len(s.Unknown) > 0 {
		fmt.Fprintln(w, a.t("Giá trị không xác định (tối đa 20):", "Unresolved values (at most 20):"))
		for _, u := range s.Unknown {
			fmt.Fprintf(w, a.t("  dòng %d, cột %s: %q\n", "  line %d, column %s: %q\n"), u.Line, u.Column, u.Value)
		}
	}
}

// cells renders "3 ô" / "1 cell" / "3 cells".
func (a *app) cells(n int) string { return a.counted(n, "ô", "cell", "cells") }
