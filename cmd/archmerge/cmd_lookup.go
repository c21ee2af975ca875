package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/ndta-vn/archmerge/mapping"
)

type lookupOptions struct {
	queries []string
	vintage string
}

func newLookupCmd(a *app) *cobra.Command {
	var o lookupOptions
	c := &cobra.Command{
		Use:   "lookup QUERY... | lookup -",
		Short: "What did an old unit become (or where did a new unit come from): by code, name or address",
		Long: `Tra cứu đơn vị hành chính theo mã, tên hoặc địa chỉ: đơn vị cũ đã trở thành đơn vị mới nào (hoặc,
với --vintage new, đơn vị mới được lập từ những đơn vị cũ nào), kèm quan hệ, phạm vi chuyển giao,
nghị quyết và khoản. "-" đọc mỗi dòng của đầu vào chuẩn là một truy vấn và trả lời theo đúng thứ tự.
Tên trùng nhau: liệt kê mọi đơn vị phù hợp; không tìm thấy: gợi ý các tên gần nhất.

Looks up administrative units by code, name or address: what an old unit became (or, with
--vintage new, which old units a new unit came from), with relation, transfer, resolution and
clause. "-" reads one query per line from stdin and answers in the same order. A name that fits
several units lists them all; one that fits none offers the nearest.

Examples:
  archmerge lookup 00001 "xa viet lam, huyen vi xuyen, ha giang"
  archmerge lookup --vintage new 00004
  archmerge --format json lookup - < dia-chi.txt`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.queries = args
			return lookupRun(a, o)
		},
	}
	c.Flags().StringVar(&o.vintage, "vintage", "old", "vintage of the queried units: old (before 1 July 2025) or new")
	return c
}

func lookupRun(a *app, o lookupOptions) error {
	v, err := mapping.ParseVintage(o.vintage)
	if err != nil {
		return usageError(fmt.Errorf("--vintage %q: expected old or new", o.vintage))
	}
	m, err := a.workspace().Mapping(a.ctx)
	if err != nil {
		return err
	}
	ix := m.Index()
	w := bufio.NewWriterSize(a.stdout, 64<<10)
	defer w.Flush()
	answer := func(q string) error {
		ans := ix.Resolve(q, v)
		if a.json() {
			return writeLookupJSON(w, ans, v)
		}
		writeLookupText(a, w, ans, v)
		return nil
	}
	for _, q := range o.queries {
		if q != "-" {
			if err := answer(q); err != nil {
				return err
			}
			continue
		}
		br := bufio.NewReaderSize(queryReader(a.stdin), 64<<10)
		for {
			if err := a.ctx.Err(); err != nil {
				return err
			}
			line, rerr := br.ReadString('\n')
			if rerr != nil && rerr != io.EOF {
				return fmt.Errorf("lookup: read stdin: %w", rerr)
			}
			if rerr == io.EOF && line == "" {
				break
			}
			if err := answer(strings.TrimRight(line, "\r\n")); err != nil {
				return err
			}
			// Streamed: whenever the next line is not already there, the
			// answers so far go out, so a caller feeding one line at a time
			// sees each answer at once.
			if br.Buffered() == 0 {
				if err := w.Flush(); err != nil {
					return err
				}
			}
			if rerr == io.EOF {
				break
			}
		}
	}
	return w.Flush()
}

// queryReader reads lookup's queries from r as UTF-8. A byte-order mark is
// removed (Notepad and Excel write one, and it would otherwise become part
// of the first query: "\ufeff00001" is no code), and text with a UTF-16
// mark is decoded (what Windows PowerShell 5's > and Out-File write).
// Without a mark the input is taken as UTF-8, as before.
func queryReader(r io.Reader) io.Reader {
	return transform.NewReader(r, unicode.BOMOverride(transform.Nop))
}

// The JSON shape of one answer, exactly as documented in docs/lookup.md.
type lookupJSON struct {
	Query   string            `json:"query"`
	Status  string            `json:"status"`
	Matches []lookupMatchJSON `json:"matches"`
}

type lookupUnitJSON struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Level   string `json:"level"`
	Vintage string `json:"vintage"`
}

type lookupMatchJSON struct {
	Unit         lookupUnitJSON        `json:"unit"`
	Successors   *[]mapping.LinkedUnit `json:"successors,omitempty"`
	Predecessors *[]mapping.LinkedUnit `json:"predecessors,omitempty"`
}

func writeLookupJSON(w io.Writer, ans mapping.Answer, v mapping.Vintage) error {
	out := lookupJSON{Query: ans.Query, Status: string(ans.Status), Matches: make([]lookupMatchJSON, len(ans.Matches))}
	for i, mt := range ans.Matches {
		u := mt.Unit
		out.Matches[i].Unit = lookupUnitJSON{Code: u.Code, Name: u.Name, Level: string(u.Level), Vintage: string(u.Vintage)}
		if v == mapping.New {
			ls := nonNil(mt.Predecessors)
			out.Matches[i].Predecessors = &ls
		} else {
			ls := nonNil(mt.Successors)
			out.Matches[i].Successors = &ls
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func nonNil(ls []mapping.LinkedUnit) []mapping.LinkedUnit {
	if ls == nil {
		return []mapping.LinkedUnit{}
	}
	return ls
}

// writeLookupText prints one answer as a readable table.
func writeLookupText(a *app, w io.Writer, ans mapping.Answer, v mapping.Vintage) {
	status := map[mapping.Status][2]string{
		mapping.Resolved:  {"tìm thấy", "found"},
		mapping.Ambiguous: {"nhiều đơn vị phù hợp, cần chọn một", "several units fit: choose one"},
		mapping.NotFound:  {"không tìm thấy", "not found"},
	}[ans.Status]
	fmt.Fprintf(w, "%s %q: %s", a.t("Tra cứu", "Query"), ans.Query, a.t(status[0], status[1]))
	if ans.Status == mapping.Ambiguous {
		fmt.Fprintf(w, a.t(" (%d đơn vị)", " (%d units)"), len(ans.Matches))
	}
	fmt.Fprintln(w)
	if ans.Status == mapping.NotFound {
		if len(ans.Nearest) > 0 {
			fmt.Fprintln(w, a.t("  Tên gần nhất:", "  Nearest names:"))
			for _, u := range ans.Nearest {
				fmt.Fprintf(w, "    %s\n", unitText(a, u))
			}
		}
		fmt.Fprintln(w)
		return
	}
	for _, mt := range ans.Matches {
		fmt.Fprintf(w, "  %s\n", unitText(a, mt.Unit))
		links, arrow := mt.Successors, "→"
		if v == mapping.New {
			links, arrow = mt.Predecessors, "←"
		}
		if len(links) == 0 {
			fmt.Fprintln(w, a.t("    (không có dòng ánh xạ)", "    (no mapping row)"))
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "    \t"+strings.Join([]string{a.t("Mã", "Code"), a.t("Tên", "Name"), a.t("Cấp", "Level"),
			a.t("Quan hệ", "Relation"), a.t("Chuyển giao", "Transfer"), a.t("Căn cứ", "Legal basis")}, "\t"))
		for _, l := range links {
			basis := l.Resolution
			if l.Clause != "" {
				basis += a.t(", khoản ", ", clause ") + l.Clause
			}
			fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\t%s\t%s\t%s\n", arrow, l.Code, l.Name, levelText(a, l.Level),
				l.Relation.Label(a.lang), l.Transfer.Label(a.lang), basis)
		}
		tw.Flush()
	}
	fmt.Fprintln(w)
}

func unitText(a *app, u mapping.Unit) string {
	vin := a.t("mã cũ", "old code")
	if u.Vintage == mapping.New {
		vin = a.t("mã mới", "new code")
	}
	return fmt.Sprintf("%s %s (%s, %s)", u.Code, u.Name, levelText(a, u.Level), vin)
}

func levelText(a *app, l mapping.Level) string {
	switch l {
	case mapping.Province:
		return a.t("cấp tỉnh", "province")
	case mapping.District:
		return a.t("cấp huyện", "district")
	case mapping.Commune:
		return a.t("cấp xã", "commune")
	}
	return string(l)
}
