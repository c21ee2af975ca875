package lookupfmt

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/mapping"
)

// printer writes answers as text a person reads, in one language.
type printer struct {
	w    io.Writer
	m    *mapping.Mapping
	q    mapping.Query
	lang string
}

func (p printer) t(vi, en string) string { return lang.Pick(p.lang, vi, en) }

// answer writes one answer: a line saying what was found, then each match
// with its history and its mapping rows as a table, or the nearest names.
func (p printer) answer(ans mapping.Answer) {
	p.head(ans)
	if ans.TooLong {
		fmt.Fprintf(p.w, p.t("  Truy vấn dài quá %d byte: không đọc.\n\n", "  Query longer than %d bytes: not read.\n\n"), mapping.MaxQueryBytes)
		return
	}
	if ans.Status == mapping.NotFound {
		p.nearest(ans)
		fmt.Fprintln(p.w)
		return
	}
	for _, mt := range ans.Matches {
		p.match(mt)
	}
	if ans.Status == mapping.PartlyFound {
		p.nearest(ans)
	}
	fmt.Fprintln(p.w)
}

// head writes the line that says what the query found.
func (p printer) head(ans mapping.Answer) {
	status := map[mapping.Status][2]string{
		mapping.Resolved:    {"tìm thấy", "found"},
		mapping.Ambiguous:   {"nhiều đơn vị phù hợp, cần chọn một", "several units fit: choose one"},
		mapping.NotFound:    {"không tìm thấy", "not found"},
		mapping.PartlyFound: {"chỉ tìm thấy đơn vị cấp trên", "only a larger unit found"},
	}[ans.Status]
	query := ans.Query
	if ans.TooLong {
		query = clipQuery(query)
	}
	fmt.Fprintf(p.w, "%s %q: %s", p.t("Tra cứu", "Query"), query, p.t(status[0], status[1]))
	if ans.Status == mapping.Ambiguous {
		fmt.Fprintf(p.w, " (%s)", lang.Count(len(ans.Matches), p.lang, "đơn vị", "unit", "units"))
	}
	if ans.Unrecognised != "" {
		fmt.Fprintf(p.w, p.t(`; không nhận ra %q`, `; %q not recognised`), ans.Unrecognised)
	}
	if p.q.AsOf != "" {
		fmt.Fprintf(p.w, p.t(" (theo danh mục ngày %s)", " (as listed on %s)"), lang.Date(p.q.AsOf, p.lang))
	}
	fmt.Fprintln(p.w)
}

// match writes one unit found, its history, and the table of the units it
// became (or, for a new unit, came from).
func (p printer) match(mt mapping.Match) {
	fmt.Fprintf(p.w, "  %s\n", p.unit(mt.Unit))
	if h := mt.History; h != nil {
		p.history(h)
	}
	links, arrow := mt.Successors, "→"
	if p.q.Vintage == mapping.New {
		links, arrow = mt.Predecessors, "←"
	}
	if len(links) == 0 {
		fmt.Fprintln(p.w, p.t("    (không có dòng ánh xạ)", "    (no mapping row)"))
		return
	}
	tw := tabwriter.NewWriter(p.w, 0, 0, 2, ' ', 0)
	head := []string{p.t("Mã", "Code"), p.t("Tên", "Name"), p.t("Cấp", "Level"),
		p.t("Quan hệ", "Relation"), p.t("Chuyển giao", "Transfer"), p.t("Căn cứ", "Legal basis")}
	if mt.History != nil {
		head = append(head, p.t("Qua", "Via"))
	}
	fmt.Fprintln(tw, "    \t"+strings.Join(head, "\t"))
	for _, l := range links {
		basis := l.Resolution
		if l.Clause != "" {
			basis += p.t(", khoản ", ", clause ") + l.Clause
		}
		fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\t%s\t%s\t%s", arrow, l.Code, l.Name, p.level(l.Level),
			l.Relation.Label(p.lang), l.Transfer.Label(p.lang), basis)
		if mt.History != nil {
			fmt.Fprintf(tw, "\t%s", l.Via)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// nearest writes the nearest names of an answer, or, for a code read on a
// date it did not exist, the dates it did.
func (p printer) nearest(ans mapping.Answer) {
	if len(ans.Nearest) == 0 {
		return
	}
	if mapping.IsDigits(strings.TrimSpace(ans.Query)) {
		fmt.Fprintln(p.w, p.t("  Mã có trong danh mục của ngày khác:", "  The code is listed on other dates:"))
		for _, u := range ans.Nearest {
			for _, v := range p.m.History().VersionsOf(u.Level, u.Code) {
				if v.Name == u.Name && v.Parent == u.Parent {
					fmt.Fprintf(p.w, "    %s %s (%s, %s)\n", v.Code, v.Name, p.level(v.Level), p.validity(v.From, v.To))
				}
			}
		}
		return
	}
	if ans.Status == mapping.PartlyFound {
		fmt.Fprintf(p.w, p.t("  Tên gần nhất với %q:\n", "  Names nearest to %q:\n"), ans.Unrecognised)
	} else {
		fmt.Fprintln(p.w, p.t("  Tên gần nhất:", "  Nearest names:"))
	}
	for _, u := range ans.Nearest {
		fmt.Fprintf(p.w, "    %s\n", p.unit(u))
	}
}

// history writes the changes that lead from a unit of an earlier date to
// the units of 30 June 2025.
func (p printer) history(h *mapping.HistoryMatch) {
	fmt.Fprintf(p.w, "    %s\n", p.validity(h.ValidFrom, h.ValidTo))
	for _, s := range h.Steps {
		to := ""
		if s.To != nil {
			to = s.To.Code + " " + s.To.Name
		}
		var what string
		switch s.Kind {
		case mapping.ChangeMerge:
			what = p.t("nhập vào ", "merged into ") + to
		case mapping.ChangeSplit:
			what = p.t("một phần sang ", "part to ") + to
		case mapping.ChangeWithin:
			what = p.t("không còn trong danh mục; không nguồn nào nêu đơn vị nhận, địa bàn thuộc ", "ended; no source names the unit that took it, its territory is within ") + to
		case mapping.ChangeMove:
			what = p.t("chuyển sang đơn vị cấp trên khác: ", "moved to another parent: ") + to
		case mapping.ChangeSpelling:
			what = p.t("viết lại tên: ", "spelling corrected: ") + to
		default:
			what = p.t("thành ", "became ") + to
		}
		basis := ""
		if s.Act != "" {
			basis = " (" + strings.ReplaceAll(s.Act, " ", p.t(" hoặc ", " or ")) + ")"
		}
		fmt.Fprintf(p.w, "      %s  %s%s\n", lang.Date(s.Date, p.lang), what, basis)
	}
	if !h.Complete {
		fmt.Fprintln(p.w, p.t("    Chuỗi dừng ở cấp huyện ở một bước: các đơn vị mới bên dưới là mọi đơn vị nhận địa bàn huyện đó.",
			"    The chain stops at a district at one step: the new units below are all those that took that district."))
	}
}

// validity says when a unit version was listed.
func (p printer) validity(from, to string) string {
	switch {
	case from == "" && to == "":
		return p.t("có trong mọi danh mục từ 2018 đến 30/06/2025", "listed from 2018 to 30 June 2025")
	case from == "":
		return p.t("có trong danh mục đến trước ", "listed until ") + lang.Date(to, p.lang)
	case to == "":
		return p.t("có trong danh mục từ ", "listed from ") + lang.Date(from, p.lang)
	}
	return p.t("có trong danh mục từ ", "listed from ") + lang.Date(from, p.lang) + p.t(" đến trước ", " until ") + lang.Date(to, p.lang)
}

// unit names a unit with its level and vintage.
func (p printer) unit(u mapping.Unit) string {
	vin := p.t("mã cũ", "old code")
	if u.Vintage == mapping.New {
		vin = p.t("mã mới", "new code")
	}
	return fmt.Sprintf("%s %s (%s, %s)", u.Code, u.Name, p.level(u.Level), vin)
}

func (p printer) level(l mapping.Level) string {
	switch l {
	case mapping.Province:
		return p.t("cấp tỉnh", "province")
	case mapping.District:
		return p.t("cấp huyện", "district")
	case mapping.Commune:
		return p.t("cấp xã", "commune")
	}
	return string(l)
}
