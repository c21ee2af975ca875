package mapping

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"diacritics and case", "Thị Trấn Phú Hoà", "thi tran phu hoa"},
		{"đ", "Đồng Đăng", "dong dang"},
		{"both tone placements", "Hòa", "hoa"},
		{"decomposed", norm.NFD.String("Xã Việt Lâm"), "xa viet lam"},
		{"punctuation", "TP.HCM", "tp hcm"},
		{"apostrophe", "Xã Ia H'Drai", "xa ia h drai"},
		{"spaces", "  Phường   4 ,Quận 3  ", "phuong 4 quan 3"},
		{"zeros kept", "Phường 04", "phuong 04"},
		{"hyphen", "Bà Rịa - Vũng Tàu", "ba ria vung tau"},
		{"zero width and BOM", "\ufeffXã\u200b Tân", "xa tan"},
		{"nbsp", "Xã\u00a0Tân", "xa tan"},
		{"other scripts kept", "Ελλάδα", "ελλαδα"},
		{"empty", "", ""},
		{"only punctuation", " ,.- ", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Fold(c.in); got != c.want {
				t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestFoldTones(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"oa old style kept", "Hòa", "hòa"},
		{"oa new style moved", "Hoà", "hòa"},
		{"uy", "Thuý", "thúy"},
		{"oe", "Khoẻ", "khỏe"},
		{"qu keeps its mark", "Quý", "quý"},
		{"final consonant unchanged", "Hoàng", "hoàng"},
		{"decomposed", norm.NFD.String("Xã Việt Lâm"), "xã việt lâm"},
		{"decomposed new style", "Hoa\u0300 An", "hòa an"},
		{"punctuation", "Phú-Hoà, TP.HCM", "phú hòa tp hcm"},
		{"đ kept", "Đắk Lắk", "đắk lắk"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := FoldTones(c.in); got != c.want {
				t.Errorf("FoldTones(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestSplitUnitType(t *testing.T) {
	cases := []struct {
		in   string
		typ  UnitType
		lvl  Level
		rest string
	}{
		{"tinh ha giang", TypeTinh, Province, "ha giang"},
		{"t ha giang", TypeTinh, Province, "ha giang"},
		{"thanh pho ha noi", TypeThanhPho, "", "ha noi"},
		{"tp ha giang", TypeThanhPho, "", "ha giang"},
		{"quan 3", TypeQuan, District, "3"},
		{"q 3", TypeQuan, District, "3"},
		{"huyen vi xuyen", TypeHuyen, District, "vi xuyen"},
		{"h vi xuyen", TypeHuyen, District, "vi xuyen"},
		{"thi xa cai lay", TypeThiXa, District, "cai lay"},
		{"tx cai lay", TypeThiXa, District, "cai lay"},
		{"thi tran vi xuyen", TypeThiTran, Commune, "vi xuyen"},
		{"tt vi xuyen", TypeThiTran, Commune, "vi xuyen"},
		{"phuong quang trung", TypePhuong, Commune, "quang trung"},
		{"p quang trung", TypePhuong, Commune, "quang trung"},
		{"xa viet lam", TypeXa, Commune, "viet lam"},
		{"x viet lam", TypeXa, Commune, "viet lam"},
		{"dac khu con dao", TypeDacKhu, Commune, "con dao"},
		{"xa", "", "", "xa"},
		{"xanh", "", "", "xanh"},
		{"viet lam", "", "", "viet lam"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			typ, rest := SplitUnitType(c.in)
			lvl, rest2 := StripUnitType(c.in)
			if typ != c.typ || rest != c.rest || lvl != c.lvl || rest2 != c.rest {
				t.Errorf("got (%q, %q, %q), want (%q, %q, %q)", typ, lvl, rest, c.typ, c.lvl, c.rest)
			}
		})
	}
	for _, w := range UnitTypeWords {
		if _, ok := unitTypeWords[w]; !ok {
			t.Errorf("UnitTypeWords lists %q, which has no type", w)
		}
	}
}

func TestNameKey(t *testing.T) {
	cases := map[string]string{
		"Phường 04":                 "4",
		"Phường 4":                  "4",
		"Phường IV":                 "4",
		"P.IV":                      "4",
		"Quận 10":                   "10",
		"TP.HCM":                    "ho chi minh",
		"Thành phố Hồ Chí Minh":     "ho chi minh",
		"Sài Gòn":                   "ho chi minh",
		"HN":                        "ha noi",
		"Xã Việt Lâm":               "viet lam",
		"Phường 2 Bảo Lộc":          "2 bao loc",
		"Tỉnh Bà Rịa - Vũng Tàu":    "ba ria vung tau",
		"BRVT":                      "ba ria vung tau",
		"Huyện Vị Xuyên , Hà Giang": "vi xuyen ha giang",
	}
	for in, want := range cases {
		if got := NameKey(in); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitAddress(t *testing.T) {
	cases := map[string][]string{
		"Số 12 đường Trần Phú, Phường Quang Trung, TP Hà Giang": {"phuong quang trung", "tp ha giang"},
		"Phường Quang Trung ,TP Hà Giang ,  Hà Giang":           {"phuong quang trung", "tp ha giang", "ha giang"},
		"Thôn 3; Xã Việt Lâm":                                   {"xa viet lam"},
		"12 Trần Phú":                                           {"12 tran phu"},
		"Phường 04, Quận 3":                                     {"phuong 4", "quan 3"},
	}
	for in, want := range cases {
		if got := SplitAddress(in); !slices.Equal(got, want) {
			t.Errorf("SplitAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Thị Trấn Phú Hoà", norm.NFD.String("Xã Việt Lâm, Huyện Vị Xuyên"), "TP.HCM", "Phường 04",
		"Số 12 đường Trần Phú, P. Quang Trung", "\ufeffĐặc khu Côn Đảo", "Ia H'Drai", "\xff\xfe", "Khoẻ Thuý Quý"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if Fold(got) != got {
			t.Fatalf("Fold not idempotent: %q → %q → %q", s, got, Fold(got))
		}
		if strings.Contains(got, "  ") || strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") {
			t.Fatalf("Fold(%q) = %q: spaces not collapsed", s, got)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q: invalid UTF-8", s, got)
		}
		tones := FoldTones(s)
		if FoldTones(tones) != tones {
			t.Fatalf("FoldTones not idempotent: %q → %q → %q", s, tones, FoldTones(tones))
		}
		if Fold(tones) != got {
			t.Fatalf("Fold(FoldTones(%q)) = %q, want Fold = %q", s, Fold(tones), got)
		}
		_ = NameKey(s)
		_ = SplitAddress(s)
	})
}

func BenchmarkFold(b *testing.B) {
	names := []string{"Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Hà Giang", "Cổng dịch vụ công", "LGSP", "Phần mềm quản lý văn bản và điều hành"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Fold(names[i%len(names)])
	}
}
