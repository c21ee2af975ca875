package lookupfmt

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ndta-vn/archmerge/internal/golden"
	"github.com/ndta-vn/archmerge/mapping"
)

func builtin(tb testing.TB) *mapping.Mapping {
	tb.Helper()
	m, err := mapping.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// answer runs Answer on the built-in mapping: what it wrote.
func answer(t testing.TB, queries []string, stdin string, o Options) string {
	t.Helper()
	var out bytes.Buffer
	if err := Answer(context.Background(), builtin(t), queries, strings.NewReader(stdin), &out, o); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestAnswersGolden writes the answers to queries of every kind (a code,
// an address, an ambiguous name, a misspelt name, a partly recognised
// address, a code retired before 2025 with its history, a line too long
// to read), for old units, on earlier dates and for new units, as text in
// both languages and as JSON, and compares them with testdata/*.
func TestAnswersGolden(t *testing.T) {
	long := strings.Repeat("x", 3000)
	cases := []struct {
		name, vintage, asOf string
		queries             []string
	}{
		{"old", "", "", []string{"00001", "xa viet lam, huyen vi xuyen, ha giang", "Hà Giang", "xa viet lamm", "Bản Vược",
			"Bản Vược, Bát Xát, Lào Cai", "13639", "xa viet lamm, vi xuyen", long, "02", "Tuyên Quang", ""}},
		{"as-of-2020", "", "01/01/2020", []string{"13636", "Tỉnh Thừa Thiên Huế", "Phường Vị Xuyên, Nam Định", "00001", "99999"}},
		{"as-of-2019", "", "2019-01-01", []string{"00967", "13639", "09999", "Xã Việt Lâm", "046", "01450", "04136", "26407", "11080"}},
		{"as-of-2025", "", "2025-01-01", []string{"13639", "13636"}},
		{"new", "new", "", []string{"00004", "00691", "Tuyên Quang", "08"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := ParseQuery(builtin(t), c.vintage, c.asOf, "vi")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+c.name+".vi.txt", []byte(answer(t, c.queries, "", Options{Query: q, Lang: "vi"})))
			golden.Check(t, "testdata/"+c.name+".en.txt", []byte(answer(t, c.queries, "", Options{Query: q, Lang: "en"})))
			golden.Check(t, "testdata/"+c.name+".jsonl", []byte(answer(t, c.queries, "", Options{Query: q, JSON: true})))
		})
	}
}

func TestParseQuery(t *testing.T) {
	noHistory := &mapping.Mapping{}
	cases := []struct {
		name, vintage, asOf string
		m                   *mapping.Mapping
		want                mapping.Query
		vi, en              string // the error, or ""
	}{
		{"nothing given", "", "", nil, mapping.Query{Vintage: mapping.Old}, "", ""},
		{"new units", "new", "", nil, mapping.Query{Vintage: mapping.New}, "", ""},
		{"an earlier date", "", "01/01/2020", nil, mapping.Query{Vintage: mapping.Old, AsOf: "2020-01-01"}, "", ""},
		{"an earlier date, old units", "old", "2020-01-01", nil, mapping.Query{Vintage: mapping.Old, AsOf: "2020-01-01"}, "", ""},
		{"the last day of the old units", "", "2025-06-30", nil, mapping.Query{Vintage: mapping.Old, AsOf: "2025-06-30"}, "", ""},
		{"a date of the new units", "", "2025-07-01", nil, mapping.Query{Vintage: mapping.New}, "", ""},
		{"a date of the new units, new", "new", "2025-08-01", nil, mapping.Query{Vintage: mapping.New}, "", ""},
		{"a new date without history", "", "2025-08-01", noHistory, mapping.Query{Vintage: mapping.New}, "", ""},
		{"no such vintage", "2030", "", nil, mapping.Query{}, `--vintage "2030": cần old (đơn vị cũ) hoặc new (đơn vị mới)`, `--vintage "2030": expected old or new`},
		{"no date", "", "hôm qua", nil, mapping.Query{}, `--as-of "hôm qua": cần một ngày dạng YYYY-MM-DD hoặc DD/MM/YYYY`, `--as-of "hôm qua": expected a date, YYYY-MM-DD or DD/MM/YYYY`},
		{"old units on a new date", "old", "2026-01-01", nil, mapping.Query{},
			"--as-of 2026-01-01 và --vintage old mâu thuẫn: đơn vị mới có từ 2025-07-01", "--as-of 2026-01-01 contradicts --vintage old: the new units start on 2025-07-01"},
		{"new units on an old date", "new", "2020-01-01", nil, mapping.Query{},
			"--as-of 2020-01-01 và --vintage new mâu thuẫn: đơn vị mới có từ 2025-07-01", "--as-of 2020-01-01 contradicts --vintage new: the new units start on 2025-07-01"},
		{"an earlier date without history", "", "2020-01-01", noHistory, mapping.Query{},
			"--as-of: ánh xạ đang dùng không có lịch sử đơn vị trước danh mục cũ của nó (chỉ ánh xạ có sẵn năm 2025 và các bản sửa của nó có)",
			"--as-of: the active mapping has no unit history before its old list (only the built-in 2025 mapping and corrections of it have one)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.m
			if m == nil {
				m = builtin(t)
			}
			for l, want := range map[string]string{"vi": c.vi, "en": c.en} {
				q, err := ParseQuery(m, c.vintage, c.asOf, l)
				switch {
				case want == "" && err != nil:
					t.Errorf("--lang %s: %v", l, err)
				case want == "" && q != c.want:
					t.Errorf("--lang %s: %+v, want %+v", l, q, c.want)
				case want != "" && (err == nil || err.Error() != want):
					t.Errorf("--lang %s: error %v, want %q", l, err, want)
				}
			}
		})
	}
}

// TestStdinIsAnsweredInOrder: "-" reads one query per line, wherever it
// stands among the others; an empty line is a query too, answered not
// found.
func TestStdinIsAnsweredInOrder(t *testing.T) {
	out := answer(t, []string{"-", "00001", "-"}, "00001\r\nPhường Quang Trung, TP Hà Giang, Hà Giang\n\nHà Giang\nXã Không Có",
		Options{Query: mapping.Query{Vintage: mapping.Old}, JSON: true})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := []struct{ query, status string }{
		{"00001", "resolved"}, {"Phường Quang Trung, TP Hà Giang, Hà Giang", "resolved"}, {"", "not_found"},
		{"Hà Giang", "ambiguous"}, {"Xã Không Có", "not_found"}, {"00001", "resolved"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d answers, want %d (stdin read once):\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		var got struct{ Query, Status string }
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatalf("answer %d: %v", i+1, err)
		}
		if got.Query != w.query || got.Status != w.status {
			t.Errorf("answer %d: %+v, want %+v", i+1, got, w)
		}
	}
}

// TestStreams feeds stdin one line at a time and reads each answer before
// writing the next line: the answers must come as the lines arrive.
func TestStreams(t *testing.T) {
	m := builtin(t)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error)
	go func() {
		done <- Answer(context.Background(), m, []string{"-"}, inR, outW, Options{Query: mapping.Query{Vintage: mapping.Old}, JSON: true})
		outW.Close()
	}()
	answers := bufio.NewReader(outR)
	for _, q := range []string{"00001", "Huyện Côn Đảo", "Hà Giang"} {
		if _, err := io.WriteString(inW, q+"\n"); err != nil {
			t.Fatal(err)
		}
		line, err := answers.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(line, `"query":"`+q+`"`) {
			t.Errorf("answer %s for query %q", line, q)
		}
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Error(err)
	}
}

// TestStopsWhenCancelled: a cancelled context stops the reading of stdin.
func TestStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Answer(ctx, builtin(t), []string{"-"}, strings.NewReader("00001\n"), io.Discard, Options{JSON: true})
	if err != context.Canceled {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestLongLine: a 1 MB line is answered not found without being read, the
// lines around it as usual.
func TestLongLine(t *testing.T) {
	in := "00001\n" + strings.Repeat("Thôn Bản Vược, ", 1<<20/len("Thôn Bản Vược, ")) + "Hà Giang\n13639\n"
	out := answer(t, []string{"-"}, in, Options{Query: mapping.Query{Vintage: mapping.Old}, JSON: true})
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d answers, want 3", len(lines))
	}
	var long map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &long); err != nil {
		t.Fatal(err)
	}
	if long["status"] != "not_found" || long["too_long"] != true || len(long["query"].(string)) > 210 {
		t.Errorf("long line answered %.300s", lines[1])
	}
	if !strings.Contains(lines[0], `"code":"00001"`) || !strings.Contains(lines[2], `"code":"13639"`) {
		t.Errorf("the lines around it: %s / %s", lines[0], lines[2])
	}
}

// The queries a Windows user pipes in come from Notepad (UTF-8 with a BOM,
// CRLF) or Windows PowerShell 5 (UTF-16LE with a BOM): each must give the
// answers the same lines give as plain UTF-8.
func TestStdinEncodings(t *testing.T) {
	queries := []string{"00001", "xã Việt Lâm, huyện Vị Xuyên, Hà Giang", "Hà Giang"}
	utf16le := func(s string) string {
		var b strings.Builder
		b.WriteString("\xff\xfe")
		for _, u := range utf16.Encode([]rune(s)) {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
		return b.String()
	}
	utf16be := func(s string) string {
		var b strings.Builder
		b.WriteString("\xfe\xff")
		for _, u := range utf16.Encode([]rune(s)) {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		}
		return b.String()
	}
	lf := strings.Join(queries, "\n") + "\n"
	crlf := strings.Join(queries, "\r\n") + "\r\n"
	o := Options{Query: mapping.Query{Vintage: mapping.Old}, JSON: true}
	want := answer(t, []string{"-"}, lf, o)
	if !strings.HasPrefix(want, `{"query":"00001","status":"resolved"`) {
		t.Fatalf("plain UTF-8: unexpected first answer:\n%s", want)
	}
	cases := []struct{ name, in string }{
		{"utf-8 crlf", crlf},
		{"utf-8 bom crlf", "\ufeff" + crlf},
		{"utf-8 bom lf, no final newline", "\ufeff" + strings.TrimSuffix(lf, "\n")},
		{"utf-16le bom crlf", utf16le(crlf)},
		{"utf-16be bom lf", utf16be(lf)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := answer(t, []string{"-"}, c.in, o); got != want {
				t.Errorf("answers differ from plain UTF-8's:\ngot:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// FuzzLongLines feeds "-" a line made of the fuzzed text repeated to a
// length the fuzzer picks (up to 256 KiB), between two ordinary queries:
// every line gets one answer, the long one (over the query limit) not
// found and not read, its echo bounded, and the lines around it answered
// as usual, whatever the text (line ends, CRs, control characters, invalid
// UTF-8).
func FuzzLongLines(f *testing.F) {
	for _, s := range []struct {
		text string
		n    uint16
	}{
		{"Thôn Bản Vược, ", 200},
		{"xã phường thị trấn ", 5000},
		{",", 2049},
		{"a", 2048},
		{"\xff\xfe", 3000},
		{"Hà\x1b[2J Giang\r", 400},
		{"00001 ", 1},
	} {
		f.Add(s.text, s.n)
	}
	f.Fuzz(func(t *testing.T, text string, n uint16) {
		text = strings.NewReplacer("\n", " ", "\r", " ").Replace(text) // one line
		if text == "" || strings.TrimLeft(text, "\ufeff") == "" {
			return
		}
		line := strings.Repeat(text, int(n)%(256<<10/len(text)+1)+1)
		out := answer(t, []string{"-"}, "00001\n"+line+"\n13639\n", Options{Query: mapping.Query{Vintage: mapping.Old}, JSON: true})
		answers := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(answers) != 3 {
			t.Fatalf("%d answers to 3 lines", len(answers))
		}
		var mid struct {
			Query   string `json:"query"`
			Status  string `json:"status"`
			TooLong bool   `json:"too_long"`
		}
		if err := json.Unmarshal([]byte(answers[1]), &mid); err != nil {
			t.Fatal(err)
		}
		if len(strings.TrimSpace(line)) > mapping.MaxQueryBytes && (!mid.TooLong || mid.Status != "not_found" || len(mid.Query) > 210) {
			t.Errorf("a %d-byte line answered %.300s", len(line), answers[1])
		}
		if !strings.Contains(answers[0], `"code":"00001"`) || !strings.Contains(answers[2], `"code":"13639"`) {
			t.Errorf("the lines around it: %.200s / %.200s", answers[0], answers[2])
		}
	})
}
