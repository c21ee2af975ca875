package recode

import (
	"fmt"
	"io"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/mapping"
)

// roleVI and byVI name a column's role and how it was found, in
// Vietnamese; in English the codes themselves are shown.
var (
	roleVI = map[Role]string{
		ProvinceCode: "mã tỉnh", DistrictCode: "mã huyện", CommuneCode: "mã xã",
		ProvinceName: "tên tỉnh", DistrictName: "tên huyện", CommuneName: "tên xã", Address: "địa chỉ",
	}
	byVI = map[string]string{"flag": "theo tham số", "header": "theo tiêu đề", "values": "theo giá trị"}
)

// WriteText writes the summary as a person reads it, in language l
// (Vietnamese unless l is English): the file converted, the columns
// found, the rows per status, the split communes with their candidates,
// the columns with codes of other dates, and the values not resolved. It
// is meant for a terminal: a write error is not reported.
func (s *Summary) WriteText(w io.Writer, l string) {
	t := func(vi, en string) string { return lang.Pick(l, vi, en) }
	rows := func(n int) string { return lang.Count(n, l, "dòng", "row", "rows") }
	vint := t("mã cũ", "old codes")
	if s.Vintage == mapping.New {
		vint = t("mã mới", "new codes")
	}
	fmt.Fprintf(w, t("Đã chuyển đổi %s: %s → %s (%s, %s)\n", "Converted %s: %s → %s (%s, %s)\n"), rows(s.Rows), s.Input, s.Output, s.Format, vint)
	if len(s.Columns) == 0 {
		fmt.Fprintln(w, t("Không nhận diện được cột đơn vị hành chính nào: dùng --columns để chỉ định.",
			"No administrative-unit column was found: name them with --columns."))
	} else {
		parts := make([]string, len(s.Columns))
		for i, c := range s.Columns {
			parts[i] = fmt.Sprintf("%s (%s, %s)", c.Header, t(roleVI[c.Role], string(c.Role)), t(byVI[c.By], c.By))
		}
		fmt.Fprintf(w, t("Cột: %s\n", "Columns: %s\n"), strings.Join(parts, "; "))
	}
	if len(s.OtherSheets) > 0 {
		fmt.Fprintf(w, t("Chỉ chuyển đổi một trang; các trang khác không có trong tệp ra: %s (chọn trang bằng --sheet)\n",
			"One sheet converted; the other sheets are not in the output: %s (choose the sheet with --sheet)\n"), strings.Join(s.OtherSheets, ", "))
	}
	labels := []struct{ key, vi, en string }{
		{"exact", "exact (chuyển chính xác)", "exact"},
		{"split", "split (xã cũ bị chia, cần chọn)", "split (old commune split, choose)"},
		{"unknown", "unknown (không xác định)", "unknown"},
		{"already_new", "already_new (đã là mã mới)", "already_new"},
		{"blank", "(trống)", "(blank)"},
	}
	for _, lb := range labels {
		if n := s.Statuses[lb.key]; n > 0 {
			fmt.Fprintf(w, "  %-36s %d\n", t(lb.vi, lb.en), n)
		}
	}
	if len(s.Splits) > 0 {
		x := texts{vi: l != lang.EN}
		fmt.Fprintln(w, t("Xã cũ bị chia (chưa chọn xã mới):", "Split old communes (no new commune chosen):"))
		for _, sc := range s.Splits {
			cands := make([]string, len(sc.Candidates))
			for i, c := range sc.Candidates {
				cands[i] = fmt.Sprintf("%s %s (%s)", c.Code, c.Name, x.transfer(c.Transfer))
			}
			fmt.Fprintf(w, "  %s %s — %s → %s\n", sc.Code, sc.Name, rows(sc.Rows), strings.Join(cands, ", "))
		}
	}
	s.writeVintages(w, l)
	if len(s.Unknown) > 0 {
		fmt.Fprintln(w, t("Giá trị không xác định (tối đa 20):", "Unresolved values (at most 20):"))
		for _, u := range s.Unknown {
			fmt.Fprintf(w, t("  dòng %d, cột %s: %q\n", "  line %d, column %s: %q\n"), u.Line, u.Column, u.Value)
		}
	}
}

// writeVintages writes, for each code column with codes of other dates
// than the list read, how many there are and what was done with them.
func (s *Summary) writeVintages(w io.Writer, l string) {
	t := func(vi, en string) string { return lang.Pick(l, vi, en) }
	cells := func(n int) string { return lang.Count(n, l, "ô", "cell", "cells") }
	for _, v := range s.Vintages {
		if v.Earlier+v.Later == 0 {
			continue
		}
		list := lang.Date(s.AsOf, l)
		if v.Mixed {
			fmt.Fprintf(w, t("Cột %s trộn mã của nhiều thời điểm: %s có trong danh mục ngày %s, %s chỉ có trong danh mục trước đó, %s chỉ có trong danh mục sau đó (đầu tiên: dòng %d, %q).\n",
				"Column %s mixes codes of several dates: %s listed on %s, %s only in earlier lists, %s only in later lists (first: line %d, %q).\n"),
				v.Column, cells(v.Listed), list, cells(v.Earlier), cells(v.Later), v.FirstLine, v.FirstCode)
		} else {
			fmt.Fprintf(w, t("Cột %s: không mã nào có trong danh mục ngày %s; %s chỉ có trong danh mục trước đó, %s chỉ có trong danh mục sau đó.\n",
				"Column %s: no code is listed on %s; %s only in earlier lists, %s only in later lists.\n"), v.Column, list, cells(v.Earlier), cells(v.Later))
		}
		fmt.Fprint(w, t("  Mỗi mã đó được nối qua lịch sử đơn vị (ghi chú nêu từng thay đổi và văn bản) khi mọi phiên bản của nó dẫn tới cùng đơn vị mới, nếu không thì để unknown.",
			"  Each such code is chained through the unit history (the note gives each change and act) when all its versions lead to the same new units, else left unknown."))
		if s.AsOf == mapping.HistoryEnd {
			fmt.Fprint(w, t(" Nếu tệp theo danh mục của một ngày, dùng --as-of NGÀY.", " If the file follows the list of one date, use --as-of DATE."))
		}
		fmt.Fprintln(w)
	}
}
