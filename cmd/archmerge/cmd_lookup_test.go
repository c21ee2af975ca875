package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ndta-vn/archmerge/mapping"
)

func TestLookupText(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	code, out, errOut := run(t, "", "--db", db, "lookup", "00001", "xa viet lam, huyen vi xuyen, ha giang", "Hà Giang", "xa viet lamm")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		`Tra cứu "00001": tìm thấy`, "00001 Phường Phúc Xá (cấp xã, mã cũ)", "→  00097  Phường Hồng Hà", "1656/NQ-UBTVQH15, khoản 14",
		"00967 Xã Việt Lâm", "chia tách", "một phần",
		`"Hà Giang": nhiều đơn vị phù hợp, cần chọn một (4 đơn vị)`,
		`"xa viet lamm": không tìm thấy`, "Tên gần nhất:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("lookup created a workspace")
	}
	code, out, _ = run(t, "", "--db", db, "--lang", "en", "lookup", "--vintage", "new", "00691")
	if code != ExitOK || !strings.Contains(out, `Query "00691": found`) || !strings.Contains(out, "←  00688  Phường Quang Trung") {
		t.Errorf("exit %d, English reverse lookup:\n%s", code, out)
	}
}

func TestLookupJSONStdin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	in := "00001\r\nPhường Quang Trung, TP Hà Giang, Hà Giang\n\nHà Giang\nXã Không Có\n"
	code, out, errOut := run(t, in, "--db", db, "--format", "json", "lookup", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []struct{ query, status string }{
		{"00001", "resolved"}, {"Phường Quang Trung, TP Hà Giang, Hà Giang", "resolved"}, {"", "not_found"},
		{"Hà Giang", "ambiguous"}, {"Xã Không Có", "not_found"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		var got map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if got["query"] != w.query || got["status"] != w.status {
			t.Errorf("line %d: %v, want %v", i+1, got, w)
		}
		if len(got) != 3 {
			t.Errorf("line %d has keys %v, want exactly query, status, matches", i+1, got)
		}
	}
	// The exact shape of a match.
	var first struct {
		Matches []map[string]json.RawMessage `json:"matches"`
	}
	json.Unmarshal([]byte(lines[0]), &first)
	m := first.Matches[0]
	if len(m) != 2 || m["successors"] == nil {
		t.Fatalf("match keys %v, want unit and successors", m)
	}
	if string(m["unit"]) != `{"code":"00001","name":"Phường Phúc Xá","level":"commune","vintage":"old"}` {
		t.Errorf("unit %s", m["unit"])
	}
	if string(m["successors"]) != `[{"code":"00097","name":"Phường Hồng Hà","level":"commune","relation":"merge","transfer":"whole","resolution":"1656/NQ-UBTVQH15","clause":"14"}]` {
		t.Errorf("successors %s", m["successors"])
	}
	code, out, _ = run(t, "", "--db", db, "--format", "json", "lookup", "--vintage", "new", "00691")
	if code != ExitOK || !strings.Contains(out, `"predecessors":[{"code":"00688"`) || strings.Contains(out, "successors") {
		t.Errorf("reverse JSON: %s", out)
	}
}

func TestLookupUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	if code, _, _ := run(t, "", "--db", db, "lookup"); code != ExitUsage {
		t.Errorf("no query: exit %d, want %d", code, ExitUsage)
	}
	if code, _, _ := run(t, "", "--db", db, "lookup", "--vintage", "2030", "01"); code != ExitUsage {
		t.Errorf("bad vintage: exit %d, want %d", code, ExitUsage)
	}
}

// TestLookupStreams feeds stdin one line at a time and reads each answer
// before writing the next line: lookup - must answer as lines arrive.
func TestLookupStreams(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int)
	go func() {
		var errb bytes.Buffer
		done <- Run(context.Background(), []string{"--db", db, "--format", "json", "lookup", "-"}, inR, outW, &errb)
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
	if code := <-done; code != ExitOK {
		t.Errorf("exit %d", code)
	}
}

// TestLookupHistoryAndPartial: a bare commune name starting with a hamlet
// word, a code retired in 2024 with its chain, an address whose commune part
// names nothing (partial), and a code read on an earlier date, in text and
// JSON.
func TestLookupHistoryAndPartial(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	code, out, errOut := run(t, "", "--db", db, "lookup", "Bản Vược", "13639", "xa viet lamm, vi xuyen")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		`"Bản Vược": tìm thấy`, "02710 Xã Bản Vược",
		`"13639": tìm thấy`, "13639 Phường Vị Hoàng", "có trong danh mục đến trước 01/09/2024",
		"01/09/2024  nhập vào 13636 Phường Vị Xuyên (1104/NQ-UBTVQH15)", "Qua", "13669  Phường Nam Định",
		`"xa viet lamm, vi xuyen": chỉ tìm thấy đơn vị cấp trên; không nhận ra "xa viet lamm"`, "030 Huyện Vị Xuyên",
		`Tên gần nhất với "xa viet lamm":`, "00967 Xã Việt Lâm",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "", "--db", db, "--lang", "en", "lookup", "--as-of", "01/01/2020", "13636", "Tỉnh Thừa Thiên Huế")
	for _, want := range []string{`Query "13636": found (as listed on 2020-01-01)`, "13636 Phường Trần Tế Xương", "listed until 2024-09-01",
		"2024-09-01  became 13636 Phường Vị Xuyên (1104/NQ-UBTVQH15)", "46 Tỉnh Thừa Thiên Huế", "(175/2024/QH15)"} {
		if code != ExitOK || !strings.Contains(out, want) {
			t.Errorf("exit %d, output lacks %q:\n%s", code, want, out)
		}
	}
	code, out, _ = run(t, "", "--db", db, "--lang", "en", "lookup", "--as-of", "2025-01-01", "13639")
	if code != ExitOK || !strings.Contains(out, "not found") || !strings.Contains(out, "13639 Phường Vị Hoàng (commune, listed until 2024-09-01)") {
		t.Errorf("exit %d, a code read after it ended:\n%s", code, out)
	}

	code, out, _ = run(t, "", "--db", db, "--format", "json", "lookup", "13639", "xa viet lamm, vi xuyen")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != ExitOK || len(lines) != 2 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	var hist struct {
		Status  string `json:"status"`
		Matches []struct {
			History struct {
				ValidTo  string `json:"valid_to"`
				Complete bool   `json:"complete"`
				Steps    []struct {
					Date, Kind, Resolution string
					To                     struct{ Code string }
				} `json:"steps"`
			} `json:"history"`
			Successors []struct{ Code, Via string } `json:"successors"`
		} `json:"matches"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &hist); err != nil {
		t.Fatal(err)
	}
	h := hist.Matches[0].History
	if hist.Status != "resolved" || h.ValidTo != "2024-09-01" || !h.Complete || len(h.Steps) != 1 || h.Steps[0].Kind != "merge" ||
		h.Steps[0].To.Code != "13636" || h.Steps[0].Resolution != "1104/NQ-UBTVQH15" ||
		hist.Matches[0].Successors[0].Code != "13669" || hist.Matches[0].Successors[0].Via != "13636" {
		t.Errorf("history JSON: %s", lines[0])
	}
	var part map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &part); err != nil {
		t.Fatal(err)
	}
	if part["status"] != "partial" || part["unrecognised"] != "xa viet lamm" {
		t.Errorf("partial JSON: %s", lines[1])
	}
}

// TestLookupLongLine: a 1 MB line is answered not found without being
// read, the lines around it as usual.
func TestLookupLongLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	in := "00001\n" + strings.Repeat("Thôn Bản Vược, ", 1<<20/len("Thôn Bản Vược, ")) + "Hà Giang\n13639\n"
	code, out, errOut := run(t, in, "--db", db, "--format", "json", "lookup", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
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

func TestLookupAsOfUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ws.db")
	for _, args := range [][]string{
		{"lookup", "--as-of", "hôm qua", "01"},
		{"lookup", "--as-of", "2026-01-01", "--vintage", "old", "01"},
		{"lookup", "--as-of", "2020-01-01", "--vintage", "new", "01"},
	} {
		if code, _, _ := run(t, "", append([]string{"--db", db}, args...)...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
	// From the restructuring on, --as-of reads the new units.
	code, out, _ := run(t, "", "--db", db, "--format", "json", "lookup", "--as-of", "2025-08-01", "00691")
	if code != ExitOK || !strings.Contains(out, `"vintage":"new"`) || !strings.Contains(out, "predecessors") {
		t.Errorf("exit %d: %s", code, out)
	}
}

// The queries a Windows user pipes in come from Notepad (UTF-8 with a BOM,
// CRLF) or Windows PowerShell 5 (UTF-16LE with a BOM): each must give the
// answers the same lines give as plain UTF-8.
func TestLookupStdinEncodings(t *testing.T) {
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
	db := filepath.Join(t.TempDir(), "ws.db")
	code, want, errOut := run(t, lf, "--db", db, "--format", "json", "lookup", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
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
			code, got, errOut := run(t, c.in, "--db", db, "--format", "json", "lookup", "-")
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if got != want {
				t.Errorf("answers differ from plain UTF-8's:\ngot:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// FuzzLookupLongLines feeds "lookup -" a line made of the fuzzed text
// repeated to a length the fuzzer picks (up to 256 KiB), between two
// ordinary queries: every line gets one answer, the long one (over the
// query limit) not found and not read, its echo bounded, and the lines
// around it answered as usual, whatever the text (line ends, CRs,
// control characters, invalid UTF-8).
func FuzzLookupLongLines(f *testing.F) {
	db := filepath.Join(f.TempDir(), "none.db")
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
		code, out, errOut := run(t, "00001\n"+line+"\n13639\n", "--db", db, "--format", "json", "lookup", "-")
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
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
