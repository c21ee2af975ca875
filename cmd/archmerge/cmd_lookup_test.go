package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
