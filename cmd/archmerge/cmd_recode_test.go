package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/limits"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRecodeEndToEnd runs archmerge recode on real files: CSV to CSV with
// the text summary, CSV to XLSX with the JSON summary, in both languages.
func TestRecodeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "none.db") // never created: recode needs no workspace
	in := filepath.Join(dir, "ho-tich.csv")
	writeFile(t, in, "ma_tinh,ma_huyen,ma_xa,so_ho\n01,001,00001,10\n01,001,00007,20\n01,001,99999,30\n,,,40\n")

	t.Run("csv with a Vietnamese text summary", func(t *testing.T) {
		out := filepath.Join(dir, "ho-tich-moi.csv")
		code, stdout, stderr := run(t, "", "--db", db, "recode", in, "--out", out)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if stdout != "" {
			t.Errorf("stdout = %q, want nothing (the summary goes to stderr)", stdout)
		}
		for _, want := range []string{"Đã chuyển đổi 4 dòng", "00007 Phường Cống Vị — 1 dòng → 00008 Phường Ngọc Hà (một phần), 00025 Phường Giảng Võ (một phần)", `dòng 4, cột ma_xa: "99999"`} {
			if !strings.Contains(stderr, want) {
				t.Errorf("summary does not say %q:\n%s", want, stderr)
			}
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) != 5 {
			t.Fatalf("%d lines, want 5:\n%s", len(lines), b)
		}
		if lines[0] != "ma_tinh,ma_huyen (bỏ cấp huyện),ma_xa,so_ho,ma_tinh_moi,ten_tinh_moi,ma_xa_moi,ten_xa_moi,trang_thai_chuyen_doi,ghi_chu_chuyen_doi" {
			t.Errorf("header = %q", lines[0])
		}
		if lines[1] != "01,001,00001,10,01,Thành phố Hà Nội,00097,Phường Hồng Hà,exact," {
			t.Errorf("row 1 = %q", lines[1])
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Error("recode created a workspace")
		}
	})

	t.Run("xlsx with a JSON summary in English", func(t *testing.T) {
		out := filepath.Join(dir, "ho-tich-moi.xlsx")
		code, _, stderr := run(t, "", "--db", db, "--lang", "en", "recode", in, "--out", out, "--summary", "json")
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var sum struct {
			Rows     int            `json:"rows"`
			Format   string         `json:"format"`
			Statuses map[string]int `json:"statuses"`
			Splits   []struct {
				Code       string `json:"old_code"`
				Candidates []struct {
					Code string `json:"new_code"`
				} `json:"candidates"`
			} `json:"split_communes"`
		}
		if err := json.Unmarshal([]byte(stderr), &sum); err != nil {
			t.Fatalf("stderr is not one JSON summary: %v\n%s", err, stderr)
		}
		if sum.Rows != 4 || sum.Format != "xlsx" || sum.Statuses["exact"] != 1 || sum.Statuses["split"] != 1 || sum.Statuses["unknown"] != 1 || sum.Statuses["blank"] != 1 {
			t.Errorf("summary = %+v", sum)
		}
		if len(sum.Splits) != 1 || sum.Splits[0].Code != "00007" || len(sum.Splits[0].Candidates) != 2 {
			t.Errorf("splits = %+v", sum.Splits)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("Sheet1")
		if len(rows) != 5 || rows[0][4] != "new_province_code" || rows[1][6] != "00097" || rows[2][8] != "split" {
			t.Errorf("workbook rows = %q", rows)
		}
	})

	t.Run("global --format json asks for the JSON summary", func(t *testing.T) {
		out := filepath.Join(dir, "again.csv")
		code, _, stderr := run(t, "", "--db", db, "--format", "json", "recode", in, "--out", out)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !json.Valid([]byte(stderr)) {
			t.Errorf("stderr is not JSON: %s", stderr)
		}
	})
}

func TestRecodeVintageNewAndColumns(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "new.csv")
	writeFile(t, in, "A,B\n01,00004\n01,00001\n")
	out := filepath.Join(dir, "checked.csv")
	code, _, stderr := run(t, "", "--db", filepath.Join(dir, "x.db"), "recode", in, "--out", out,
		"--vintage", "new", "--columns", "province=A,commune=B")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(out)
	want := "A,B,ma_tinh_moi,ten_tinh_moi,ma_xa_moi,ten_xa_moi,trang_thai_chuyen_doi,ghi_chu_chuyen_doi\n" +
		"01,00004,01,Thành phố Hà Nội,00004,Phường Ba Đình,already_new,\n" +
		"01,00001,01,Thành phố Hà Nội,,,unknown,Mã xã 00001 không phải mã xã mới\n"
	if string(b) != want {
		t.Errorf("output:\n%s\nwant:\n%s", b, want)
	}
}

func TestRecodeErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	good := filepath.Join(dir, "good.csv")
	writeFile(t, good, "ma_xa\n00001\n")
	ragged := filepath.Join(dir, "ragged.csv")
	writeFile(t, ragged, "ma_tinh,ma_xa\n01,00001\n01,00004,x\n")
	// With recode's six columns, one more than an XLSX sheet holds.
	wide := filepath.Join(dir, "wide.csv")
	writeFile(t, wide, "ma_xa"+strings.Repeat(",c", limits.Columns-6)+"\n00001"+strings.Repeat(",", limits.Columns-6)+"\n")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"ragged row rejected", []string{"recode", ragged, "--out", filepath.Join(dir, "o1.csv")}, ExitRejected, "tệp " + ragged + ", dòng 3, cột C: có 3 trường: cần 2"},
		{"ragged row in English", []string{"--lang", "en", "recode", ragged, "--out", filepath.Join(dir, "o2.csv")}, ExitRejected, "line 3, column C: 3 fields: expected 2"},
		{"too wide for an XLSX sheet", []string{"recode", wide, "--out", filepath.Join(dir, "o3.xlsx")}, ExitRejected, "tệp " + wide + ", dòng 1: tệp ra sẽ có 16385 cột"},
		{"too wide, in English", []string{"--lang", "en", "recode", wide, "--out", filepath.Join(dir, "o4.xlsx")}, ExitRejected, "line 1: the output would have 16385 columns"},
		{"output is the input", []string{"recode", good, "--out", good}, ExitUsage, "tệp vào không bao giờ bị sửa"},
		{"missing --out", []string{"recode", good}, ExitUsage, "out"},
		{"bad file format", []string{"recode", good, "--out", filepath.Join(dir, "o.csv"), "--format", "ods"}, ExitUsage, "csv hoặc xlsx"},
		{"bad vintage", []string{"recode", good, "--out", filepath.Join(dir, "o.csv"), "--vintage", "2030"}, ExitUsage, "--vintage"},
		{"unknown column", []string{"recode", good, "--out", filepath.Join(dir, "o.csv"), "--columns", "nope"}, ExitUsage, `không có cột "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, "", append([]string{"--db", db}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr does not say %q:\n%s", tt.want, stderr)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "good.csv" && e.Name() != "ragged.csv" && e.Name() != "wide.csv" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if b, _ := os.ReadFile(good); string(b) != "ma_xa\n00001\n" {
		t.Errorf("input modified: %q", b)
	}
}

// TestRecodeEarlierCodes: a file with codes retired in 2019 and 2024 and one
// created in 2025, read as of 30 June 2025 and as of 1 January 2020: every
// code converts through the history, the mixed column is reported.
func TestRecodeEarlierCodes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "none.db")
	in := filepath.Join(dir, "cu.csv")
	writeFile(t, in, "ma_xa,so_ho\n00001,1\n13639,2\n15310,3\n03980,4\n")
	out := filepath.Join(dir, "moi.csv")
	code, _, stderr := run(t, "", "--db", db, "recode", in, "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, `Cột ma_xa trộn mã của nhiều thời điểm: 2 ô có trong danh mục ngày 30/06/2025, 2 ô chỉ có trong danh mục trước đó`) ||
		!strings.Contains(stderr, "dùng --as-of NGÀY") {
		t.Errorf("summary:\n%s", stderr)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), "13639,2,37,Tỉnh Ninh Bình,13669,Phường Nam Định,exact,") || !strings.Contains(string(b), "01/09/2024 nhập vào 13636 Phường Vị Xuyên (1104/NQ-UBTVQH15)") {
		t.Errorf("output:\n%s", b)
	}
	code, _, stderr = run(t, "", "--db", db, "--lang", "en", "recode", in, "--out", out, "--as-of", "01/01/2020", "--summary", "json")
	var sum struct {
		AsOf     string `json:"as_of"`
		Vintages []struct {
			Listed, Earlier, Later int
			Mixed                  bool
		} `json:"vintages"`
	}
	if err := json.Unmarshal([]byte(stderr), &sum); code != ExitOK || err != nil {
		t.Fatalf("exit %d, %v: %s", code, err, stderr)
	}
	if v := sum.Vintages; sum.AsOf != "2020-01-01" || len(v) != 1 || v[0].Listed != 2 || v[0].Earlier != 1 || v[0].Later != 1 || !v[0].Mixed {
		t.Errorf("JSON summary: %s", stderr)
	}
	for _, args := range [][]string{{"--as-of", "hôm qua"}, {"--as-of", "2020-01-01", "--vintage", "new"}, {"--as-of", "2025-08-01", "--vintage", "old"}} {
		if code, _, _ := run(t, "", append([]string{"--db", db, "recode", in, "--out", out}, args...)...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}
