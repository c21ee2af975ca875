package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/ndta-vn/archmerge/mapping"
)

type lookupOptions struct {
	queries []string
	vintage string
	asOf    string
}

// newUnitsFrom is the date the built-in mapping takes effect: an --as-of
// date from then on reads the new units.
const newUnitsFrom = "2025-07-01"

func newLookupCmd(a *app) *cobra.Command {
	var o lookupOptions
	c := &cobra.Command{
		Use: a.t("lookup TRUY_VẤN... | lookup -", "lookup QUERY... | lookup -"),
		Short: a.t("Đơn vị cũ đã trở thành đơn vị nào (hoặc đơn vị mới lập từ đâu): theo mã, tên hoặc địa chỉ, từ năm 2019",
			"What did an old unit become (or where did a new unit come from): by code, name or address, of any date since 2019"),
		Long: a.help("lookup"),
		Args: a.cli.MinArgs(1, "mã, tên hoặc địa chỉ, hoặc - để đọc từ đầu vào chuẩn", "a code, name or address, or - to read stdin"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.queries = args
			if !cmd.Flags().Changed("vintage") {
				o.vintage = ""
			}
			return lookupRun(a, o)
		},
	}
	c.Flags().StringVar(&o.vintage, "vintage", "old", a.t("thời kỳ của đơn vị được tra: old (trước 01/7/2025) hoặc new", "vintage of the queried units: old (before 1 July 2025) or new"))
	c.Flags().StringVar(&o.asOf, "as-of", "", a.t("đọc mã và tên theo danh mục của `NGÀY` này (YYYY-MM-DD hoặc DD/MM/YYYY); từ 2025-07-01 là đơn vị mới",
		"read codes and names as listed on this `DATE` (YYYY-MM-DD or DD/MM/YYYY); from 2025-07-01 on, the new units"))
	return c
}

// lookupQuery turns the options into the query of every line.
func lookupQuery(a *app, o lookupOptions, m *mapping.Mapping) (mapping.Query, error) {
	q := mapping.Query{Vintage: mapping.Old}
	if o.vintage != "" {
		v, err := mapping.ParseVintage(o.vintage)
		if err != nil {
			return q, usageError(fmt.Errorf("%s", a.t(
				fmt.Sprintf("--vintage %q: cần old (đơn vị cũ) hoặc new (đơn vị mới)", o.vintage),
				fmt.Sprintf("--vintage %q: expected old or new", o.vintage))))
		}
		q.Vintage = v
	}
	if o.asOf == "" {
		return q, nil
	}
	d, err := mapping.ParseDate(o.asOf)
	if err != nil {
		return q, usageError(fmt.Errorf("%s", a.t(
			fmt.Sprintf("--as-of %q: cần một ngày dạng YYYY-MM-DD hoặc DD/MM/YYYY", o.asOf),
			fmt.Sprintf("--as-of %q: expected a date, YYYY-MM-DD or DD/MM/YYYY", o.asOf))))
	}
	v := mapping.Old
	if d >= newUnitsFrom {
		v = mapping.New
	}
	if o.vintage != "" && v != q.Vintage {
		return q, usageError(fmt.Errorf("%s", a.t(
			fmt.Sprintf("--as-of %s và --vintage %s mâu thuẫn: đơn vị mới có từ %s", d, o.vintage, newUnitsFrom),
			fmt.Sprintf("--as-of %s contradicts --vintage %s: the new units start on %s", d, o.vintage, newUnitsFrom))))
	}
	q.Vintage = v
	if v == mapping.Old {
		if m.History() == nil {
			return q, usageError(fmt.Errorf("%s", a.t(
				"--as-of: ánh xạ đang dùng không có lịch sử đơn vị trước danh mục cũ của nó (chỉ ánh xạ có sẵn năm 2025 và các bản sửa của nó có)",
				"--as-of: the active mapping has no unit history before its old list (only the built-in 2025 mapping and corrections of it have one)")))
		}
		q.AsOf = d
	}
	return q, nil
}

func lookupRun(a *app, o lookupOptions) error {
	m, err := a.workspace().Mapping(a.ctx)
	if err != nil {
		return err
	}
	q, err := lookupQuery(a, o, m)
	if err != nil {
		return err
	}
	ix := m.Index()
	w := bufio.NewWriterSize(a.stdout, 64<<10)
	defer w.Flush()
	answer := func(text string) error {
		ans := ix.Lookup(text, q)
		if a.json() {
			return writeLookupJSON(w, ans, q.Vintage)
		}
		writeLookupText(a, w, m, ans, q)
		return nil
	}
	for _, s := range o.queries {
		if s != "-" {
			if err := answer(s); err != nil {
				return err
			}
			continue
		}
		br := bufio.NewReaderSize(queryReader(a.stdin), 64<<10)
		for {
			if err := a.ctx.Err(); err != nil {
				return err
			}
			line, more, rerr := readLine(br)
			if rerr != nil && rerr != io.EOF {
				return fmt.Errorf("lookup: read stdin: %w", rerr)
			}
			if rerr == io.EOF && !more {
				break
			}
			if err := answer(line); err != nil {
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

// readLine reads one line without its end, keeping at most
// mapping.MaxQueryBytes+1 bytes of it (a longer line is answered not read,
// whatever its length: memory stays bounded). more is false at the end of
// the input with nothing read.
func readLine(br *bufio.Reader) (line string, more bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		more = more || len(chunk) > 0
		if room := mapping.MaxQueryBytes + 1 - len(buf); room > 0 {
			buf = append(buf, chunk[:min(room, len(chunk))]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		buf = bytes.TrimRight(buf, "\r\n")
		return string(buf), more, err
	}
}

// queryReader reads lookup's queries from r as UTF-8. A byte-order mark is
// removed (Notepad and Excel write one, and it would otherwise become part
// of the first query: "\ufeff00001" is no code), and text with a UTF-16
// mark is decoded (what Windows PowerShell 5's > and Out-File write).
// Without a mark the input is taken as UTF-8, as before.
func queryReader(r io.Reader) io.Reader {
	return transform.NewReader(r, unicode.BOMOverride(transform.Nop))
}

// The JSON shape of one answer, as documented in docs/lookup.md.
type lookupJSON struct {
	Query        string            `json:"query"`
	Status       string            `json:"status"`
	Matches      []lookupMatchJSON `json:"matches"`
	Unrecognised string            `json:"unrecognised,omitempty"`
	TooLong      bool              `json:"too_long,omitempty"`
}

type lookupUnitJSON struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Level   string `json:"level"`
	Vintage string `json:"vintage"`
}

type lookupMatchJSON struct {
	Unit         lookupUnitJSON        `json:"unit"`
	History      *lookupHistoryJSON    `json:"history,omitempty"`
	Successors   *[]mapping.LinkedUnit `json:"successors,omitempty"`
	Predecessors *[]mapping.LinkedUnit `json:"predecessors,omitempty"`
}

type lookupHistoryJSON struct {
	ValidFrom string           `json:"valid_from,omitempty"`
	ValidTo   string           `json:"valid_to"`
	Complete  bool             `json:"complete"`
	Steps     []lookupStepJSON `json:"steps"`
}

type lookupStepUnitJSON struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

type lookupStepJSON struct {
	Date       string              `json:"date"`
	Kind       string              `json:"kind"`
	From       lookupStepUnitJSON  `json:"from"`
	To         *lookupStepUnitJSON `json:"to,omitempty"`
	Resolution string              `json:"resolution,omitempty"`
	Note       string              `json:"note,omitempty"`
}

// maxEcho bounds the query echoed for a line too long to be read.
const maxEcho = 200

func writeLookupJSON(w io.Writer, ans mapping.Answer, v mapping.Vintage) error {
	out := lookupJSON{Query: ans.Query, Status: string(ans.Status), Matches: make([]lookupMatchJSON, len(ans.Matches)),
		Unrecognised: ans.Unrecognised, TooLong: ans.TooLong}
	if ans.TooLong {
		out.Query = clipQuery(ans.Query)
	}
	for i, mt := range ans.Matches {
		u := mt.Unit
		out.Matches[i].Unit = lookupUnitJSON{Code: u.Code, Name: u.Name, Level: string(u.Level), Vintage: string(u.Vintage)}
		if h := mt.History; h != nil {
			hj := &lookupHistoryJSON{ValidFrom: h.ValidFrom, ValidTo: h.ValidTo, Complete: h.Complete, Steps: make([]lookupStepJSON, len(h.Steps))}
			for j, s := range h.Steps {
				sj := lookupStepJSON{Date: s.Date, Kind: string(s.Kind), Resolution: s.Act, Note: s.Note,
					From: lookupStepUnitJSON{s.From.Code, s.From.Name, string(s.From.Level)}}
				if s.To != nil {
					sj.To = &lookupStepUnitJSON{s.To.Code, s.To.Name, string(s.To.Level)}
				}
				hj.Steps[j] = sj
			}
			out.Matches[i].History = hj
		}
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

// clipQuery shortens a query too long to be read, for the echo.
func clipQuery(q string) string {
	if len(q) <= maxEcho {
		return q
	}
	q = q[:maxEcho]
	for !utf8.ValidString(q) {
		q = q[:len(q)-1]
	}
	return q + "…"
}

func nonNil(ls []mapping.LinkedUnit) []mapping.LinkedUnit {
	if ls == nil {
		return []mapping.LinkedUnit{}
	}
	return ls
}

// writeLookupText prints one answer as a readable table.
func writeLookupText(a *app, w io.Writer, m *mapping.Mapping, ans mapping.Answer, q mapping.Query) {
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
	fmt.Fprintf(w, "%s %q: %s", a.t("Tra cứu", "Query"), query, a.t(status[0], status[1]))
	if ans.Status == mapping.Ambiguous {
		fmt.Fprintf(w, " (%s)", a.counted(len(ans.Matches), "đơn vị", "unit", "units"))
	}
	if ans.Unrecognised != "" {
		fmt.Fprintf(w, a.t(`; không nhận ra %q`, `; %q not recognised`), ans.Unrecognised)
	}
	if q.AsOf != "" {
		fmt.Fprintf(w, a.t(" (theo danh mục ngày %s)", " (as listed on %s)"), dateText(a, q.AsOf))
	}
	fmt.Fprintln(w)
	if ans.TooLong {
		fmt.Fprintf(w, a.t("  Truy vấn dài quá %d byte: không đọc.\n\n", "  Query longer than %d bytes: not read.\n\n"), mapping.MaxQueryBytes)
		return
	}
	if ans.Status == mapping.NotFound {
		writeNearest(a, w, m, ans)
		fmt.Fprintln(w)
		return
	}
	defer func() {
		if ans.Status == mapping.PartlyFound {
			writeNearest(a, w, m, ans)
		}
		fmt.Fprintln(w)
	}()
	for _, mt := range ans.Matches {
		fmt.Fprintf(w, "  %s\n", unitText(a, mt.Unit))
		if h := mt.History; h != nil {
			writeHistoryText(a, w, h)
		}
		links, arrow := mt.Successors, "→"
		if q.Vintage == mapping.New {
			links, arrow = mt.Predecessors, "←"
		}
		if len(links) == 0 {
			fmt.Fprintln(w, a.t("    (không có dòng ánh xạ)", "    (no mapping row)"))
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		head := []string{a.t("Mã", "Code"), a.t("Tên", "Name"), a.t("Cấp", "Level"),
			a.t("Quan hệ", "Relation"), a.t("Chuyển giao", "Transfer"), a.t("Căn cứ", "Legal basis")}
		if mt.History != nil {
			head = append(head, a.t("Qua", "Via"))
		}
		fmt.Fprintln(tw, "    \t"+strings.Join(head, "\t"))
		for _, l := range links {
			basis := l.Resolution
			if l.Clause != "" {
				basis += a.t(", khoản ", ", clause ") + l.Clause
			}
			fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\t%s\t%s\t%s", arrow, l.Code, l.Name, levelText(a, l.Level),
				l.Relation.Label(a.lang), l.Transfer.Label(a.lang), basis)
			if mt.History != nil {
				fmt.Fprintf(tw, "\t%s", l.Via)
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
}

// writeNearest prints the nearest names of an answer, or, for a code read on
// a date it did not exist, the dates it did.
func writeNearest(a *app, w io.Writer, m *mapping.Mapping, ans mapping.Answer) {
	if len(ans.Nearest) == 0 {
		return
	}
	if mapping.IsDigits(strings.TrimSpace(ans.Query)) {
		fmt.Fprintln(w, a.t("  Mã có trong danh mục của ngày khác:", "  The code is listed on other dates:"))
		for _, u := range ans.Nearest {
			for _, v := range m.History().VersionsOf(u.Level, u.Code) {
				if v.Name == u.Name && v.Parent == u.Parent {
					fmt.Fprintf(w, "    %s %s (%s, %s)\n", v.Code, v.Name, levelText(a, v.Level), validityText(a, v.From, v.To))
				}
			}
		}
		return
	}
	if ans.Status == mapping.PartlyFound {
		fmt.Fprintf(w, a.t("  Tên gần nhất với %q:\n", "  Names nearest to %q:\n"), ans.Unrecognised)
	} else {
		fmt.Fprintln(w, a.t("  Tên gần nhất:", "  Nearest names:"))
	}
	for _, u := range ans.Nearest {
		fmt.Fprintf(w, "    %s\n", unitText(a, u))
	}
}

// writeHistoryText prints the changes that lead from a unit of an earlier
// date to the units of 30 June 2025.
func writeHistoryText(a *app, w io.Writer, h *mapping.HistoryMatch) {
	fmt.Fprintf(w, "    %s\n", validityText(a, h.ValidFrom, h.ValidTo))
	for _, s := range h.Steps {
		to := ""
		if s.To != nil {
			to = s.To.Code + " " + s.To.Name
		}
		var what string
		switch s.Kind {
		case mapping.ChangeMerge:
			what = a.t("nhập vào ", "merged into ") + to
		case mapping.ChangeSplit:
			what = a.t("một phần sang ", "part to ") + to
		case mapping.ChangeWithin:
			what = a.t("không còn trong danh mục; không nguồn nào nêu đơn vị nhận, địa bàn thuộc ", "ended; no source names the unit that took it, its territory is within ") + to
		case mapping.ChangeMove:
			what = a.t("chuyển sang đơn vị cấp trên khác: ", "moved to another parent: ") + to
		case mapping.ChangeSpelling:
			what = a.t("viết lại tên: ", "spelling corrected: ") + to
		default:
			what = a.t("thành ", "became ") + to
		}
		basis := ""
		if s.Act != "" {
			basis = " (" + strings.ReplaceAll(s.Act, " ", a.t(" hoặc ", " or ")) + ")"
		}
		fmt.Fprintf(w, "      %s  %s%s\n", dateText(a, s.Date), what, basis)
	}
	if !h.Complete {
		fmt.Fprintln(w, a.t("    Chuỗi dừng ở cấp huyện ở một bước: các đơn vị mới bên dưới là mọi đơn vị nhận địa bàn huyện đó.",
			"    The chain stops at a district at one step: the new units below are all those that took that district."))
	}
}

// validityText says when a unit version was listed.
func validityText(a *app, from, to string) string {
	switch {
	case from == "" && to == "":
		return a.t("có trong mọi danh mục từ 2018 đến 30/06/2025", "listed from 2018 to 30 June 2025")
	case from == "":
		return a.t("có trong danh mục đến trước ", "listed until ") + dateText(a, to)
	case to == "":
		return a.t("có trong danh mục từ ", "listed from ") + dateText(a, from)
	}
	return a.t("có trong danh mục từ ", "listed from ") + dateText(a, from) + a.t(" đến trước ", " until ") + dateText(a, to)
}

// dateText renders an ISO date as people read it: 01/09/2024 in
// Vietnamese, 2024-09-01 in English.
func dateText(a *app, iso string) string {
	if a.lang == "en" || len(iso) != 10 {
		return iso
	}
	return iso[8:10] + "/" + iso[5:7] + "/" + iso[0:4]
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
