package recode

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/internal/golden"

	"golang.org/x/text/unicode/norm"

	"github.com/ndta-vn/archmerge/mapping"
)

func builtin(t testing.TB) *mapping.Mapping {
	t.Helper()
	m, err := mapping.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func newRecoder(t testing.TB, opts Options) *Recoder {
	t.Helper()
	rc, err := New(builtin(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rc
}

func summaryJSON(t *testing.T, s *Summary) []byte {
	t.Helper()
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestCSVGolden converts small CSV files covering each rule and compares
// the output and the summary with golden files.
func TestCSVGolden(t *testing.T) {
	nfd := norm.NFD.String
	tests := []struct {
		name  string
		opts  Options
		input string
	}{
		{"codes_text", Options{}, "ma_tinh,ma_huyen,ma_xa,so_ho\n" +
			"01,001,00001,10\n" + // merged whole into 00097
			"01,001,00007,20\n" + // split between 00008 and 00025
			"01,001,99999,30\n" + // not an old code
			",,,40\n" + // blank
			"02,,,50\n" + // province only: Hà Giang → Tuyên Quang
			"02,026,,60\n" + // district only
			"31,318,,70\n" + // island district → special zone
			"01,002,00001,80\n"}, // commune not in that district
		{"codes_numbers", Options{}, "Mã tỉnh,Mã xã,Ghi chú\n1,1,so\n1,7,\"a, quoted\"\n2,688,x\n"},
		{"names_nfd", Options{}, nfd("Tỉnh/Thành phố,Quận/Huyện,Phường/Xã,dân số") + "\n" +
			nfd("Thành phố Hà Nội,Quận Ba Đình,Phường Phúc Xá,1") + "\n" +
			nfd("Hà Nội,Ba Đình,Cống Vị,2") + "\n" +
			"ha noi,ba dinh,khong co,3\n" +
			nfd("Hà Giang,,,4") + "\n"},
		{"semicolon_bom_crlf", Options{Lang: "en"}, "\ufeffprovince_code;district_code;ward_code;note\r\n01;001;00007;\"x;y\"\r\n01;001;00004;\r\n"},
		{"vintage_new", Options{Vintage: mapping.New}, "ma_tinh,ma_huyen,ma_xa\n01,001,00004\n01,,00001\n08,,\n"},
		{"detected_from_values", Options{}, "stt,code,value\n1,00001,a\n2,00007,b\n3,00004,c\n"},
		{"columns_flag", Options{Columns: []string{"commune=A", "tinh"}}, "tinh,A,B\n01,7,00004\n02,688,00001\n"},
		{"address", Options{AddressColumn: "dia_chi"}, "id,dia_chi\n" +
			"1,\"12 Hàng Bún, Phường Trúc Bạch, Quận Ba Đình, Hà Nội\"\n" +
			"2,\"Xã Nowhere, Tỉnh Không Có\"\n" +
			"3,Tỉnh Hà Giang\n" +
			"4,\n" +
			"5,Phường 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newRecoder(t, tt.opts)
			var out bytes.Buffer
			tt.opts.Name = tt.name + ".csv"
			sum, err := rc.CSV(context.Background(), strings.NewReader(tt.input), &out, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", tt.name, "output.csv"), out.Bytes())
			golden.Check(t, filepath.Join("testdata", tt.name, "summary.json"), summaryJSON(t, sum))
			if got, want := sum.Rows, strings.Count(strings.TrimSpace(strings.ReplaceAll(tt.input, "\r", "")), "\n"); got != want {
				t.Errorf("rows = %d, want %d: rows must never be dropped", got, want)
			}
		})
	}
}

// TestCSVStatuses checks the key outcomes directly, independent of the
// golden files.
func TestCSVStatuses(t *testing.T) {
	rc := newRecoder(t, Options{})
	in := "ma_tinh,ma_huyen,ma_xa\n01,001,00001\n01,001,00007\n01,001,99999\n,,\n"
	var out bytes.Buffer
	sum, err := rc.CSV(context.Background(), strings.NewReader(in), &out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	tests := []struct {
		name string
		line int
		want string
	}{
		{"header marks the district obsolete", 0, "ma_tinh,ma_huyen (bỏ cấp huyện),ma_xa,ma_tinh_moi,ten_tinh_moi,ma_xa_moi,ten_xa_moi,trang_thai_chuyen_doi,ghi_chu_chuyen_doi"},
		{"merged commune is exact", 1, "01,001,00001,01,Thành phố Hà Nội,00097,Phường Hồng Hà,exact,"},
		{"split commune lists candidates, chooses none", 2, "01,001,00007,01,Thành phố Hà Nội,,,split,"},
		{"unknown code", 3, "01,001,99999,01,Thành phố Hà Nội,,,unknown,"},
		{"blank row has an empty status", 4, ",,,,,,,,"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.HasPrefix(lines[tt.line], tt.want) {
				t.Errorf("line %d = %q, want prefix %q", tt.line, lines[tt.line], tt.want)
			}
		})
	}
	if !strings.Contains(lines[2], "00008 Phường Ngọc Hà") || !strings.Contains(lines[2], "00025 Phường Giảng Võ") {
		t.Errorf("split note misses a candidate: %s", lines[2])
	}
	want := map[string]int{"exact": 1, "split": 1, "unknown": 1, "blank": 1}
	for k, v := range want {
		if sum.Statuses[k] != v {
			t.Errorf("statuses[%s] = %d, want %d (%v)", k, sum.Statuses[k], v, sum.Statuses)
		}
	}
	if len(sum.Splits) != 1 || sum.Splits[0].Code != "00007" || len(sum.Splits[0].Candidates) != 2 || sum.Splits[0].Rows != 1 {
		t.Errorf("splits = %+v, want 00007 with 2 candidates", sum.Splits)
	}
}

// TestCSVRejected checks that bad input gives an error naming the line and
// what was expected.
func TestCSVRejected(t *testing.T) {
	tests := []struct {
		name, input string
		want        []string
	}{
		{"ragged row", "ma_tinh,ma_xa\n01,00001\n01,00004,extra\n", []string{"line 3, column C", "3 fields: expected 2"}},
		{"invalid UTF-8", "ma_tinh,ten_xa\n01,Ph\xe6\xf4\n", []string{"line 2", "column ten_xa", "not UTF-8"}},
		{"bare quote", "ma_tinh,ma_xa\n01,0\"0001\n", []string{"line 2", "unreadable CSV"}},
		{"empty file", "", []string{"empty file"}},
	}
	rc := newRecoder(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := rc.CSV(context.Background(), strings.NewReader(tt.input), &out, Options{Name: "data.csv"})
			var p *mapping.Problem
			if !errors.As(err, &p) {
				t.Fatalf("err = %v, want a *mapping.Problem", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(p.Error(), w) {
					t.Errorf("error %q does not say %q", p.Error(), w)
				}
			}
			if !strings.Contains(p.Error(), "data.csv") {
				t.Errorf("error %q does not name the file", p.Error())
			}
			if p.Message.VI == "" {
				t.Errorf("error %q has no Vietnamese message", p.Error())
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"unknown column", Options{Columns: []string{"nope"}}, `no column "nope"`},
		{"unknown role", Options{Columns: []string{"county=ma_xa"}}, `unknown role "county"`},
		{"unknown address column", Options{AddressColumn: "addr"}, `no column "addr"`},
		{"undetectable column", Options{Columns: []string{"x"}}, `cannot tell what column "x" holds`},
	}
	rc := newRecoder(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rc.CSV(context.Background(), strings.NewReader("ma_xa,x\n00001,hello\n"), &bytes.Buffer{}, tt.opts)
			var ue *UsageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a usage error saying %q", err, tt.want)
			}
		})
	}
}

func TestHeaderRole(t *testing.T) {
	tests := []struct {
		header string
		want   Role
		ok     bool
	}{
		{"ma_tinh", ProvinceCode, true},
		{"MATINH", ProvinceCode, true},
		{"tinh_id", ProvinceCode, true},
		{"province_code", ProvinceCode, true},
		{"Mã tỉnh", ProvinceCode, true},
		{"Mã huyện", DistrictCode, true},
		{"district_code", DistrictCode, true},
		{"Mã xã", CommuneCode, true},
		{"ward_code", CommuneCode, true},
		{"commune_code", CommuneCode, true},
		{"ten_tinh", ProvinceName, true},
		{"Tỉnh/Thành phố", ProvinceName, true},
		{"Quận/Huyện", DistrictName, true},
		{"Quận/Huyện/Thị xã", DistrictName, true},
		{"Phường/Xã", CommuneName, true},
		{"Phường/Xã/Thị trấn", CommuneName, true},
		{norm.NFD.String("Tên xã"), CommuneName, true},
		{"so_xa", "", false},
		{"dân số tỉnh", "", false},
		{"cơ quan", "", false},
		{"ghi_chu", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			got, ok := headerRole(tt.header)
			if got != tt.want || ok != tt.ok {
				t.Errorf("headerRole(%q) = %q, %v; want %q, %v", tt.header, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestNormCode(t *testing.T) {
	rc := newRecoder(t, Options{})
	tests := []struct {
		level mapping.Level
		cell  string
		want  string
	}{
		{mapping.Province, "1", "01"},
		{mapping.Province, "01", "01"},
		{mapping.Commune, "4", "00004"},
		{mapping.Commune, "7.0", "00007"},
		{mapping.Commune, " 00007 ", "00007"},
		{mapping.District, "1", "001"},
		{mapping.Commune, "abc", ""},
		{mapping.Commune, "1234567", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.level)+"/"+tt.cell, func(t *testing.T) {
			o := rc.tabs.lookupCode(tt.level, tt.cell)
			got := ""
			if o != nil {
				got = o.code
			}
			if got != tt.want {
				t.Errorf("lookupCode(%s, %q) = %q, want %q", tt.level, tt.cell, got, tt.want)
			}
		})
	}
}

// TestAmbiguousAndRecodedAgain covers names that fit several units (never
// guessed) and a converted file converted again (its added columns are not
// taken for input columns).
func TestAmbiguousAndRecodedAgain(t *testing.T) {
	rc := newRecoder(t, Options{})
	// "Phường 1" exists in many districts: without a district it is ambiguous.
	in := "ten_xa\nPhường 1\n"
	var out bytes.Buffer
	sum, err := rc.CSV(context.Background(), strings.NewReader(in), &out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Statuses["unknown"] != 1 || !strings.Contains(out.String(), "trùng nhiều xã") {
		t.Errorf("ambiguous name not reported: %s", out.String())
	}
	again := out.String()
	out.Reset()
	sum, err = rc.CSV(context.Background(), strings.NewReader(again), &out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Columns) != 1 || sum.Columns[0].Header != "ten_xa" {
		t.Errorf("columns of a recoded file = %+v, want only ten_xa", sum.Columns)
	}
}
