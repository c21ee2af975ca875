package recode

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"composed", "Phường Phúc Xá", "phuong phuc xa"},
		{"decomposed", norm.NFD.String("Phường Phúc Xá"), "phuong phuc xa"},
		{"d with stroke", "Đống Đa", "dong da"},
		{"punctuation and spaces", "  Tỉnh/Thành phố ", "tinh thanh pho"},
		{"already folded", "ma xa", "ma xa"},
		{"underscore", "MA_TINH", "ma tinh"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fold(tt.in); got != tt.want {
				t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestBareName(t *testing.T) {
	tests := []struct {
		name, in string
		prefixes []string
		want     string
	}{
		{"ward", "Phường Phúc Xá", communePrefixes, "phuc xa"},
		{"abbreviated ward", "P. Phúc Xá", communePrefixes, "phuc xa"},
		{"town", "Thị trấn Yên Minh", communePrefixes, "yen minh"},
		{"numbered ward", "Phường 1", communePrefixes, "1"},
		{"town district before commune word", "Thị xã Sơn Tây", districtPrefixes, "son tay"},
		{"city province", "Thành phố Hà Nội", provincePrefixes, "ha noi"},
		{"bare", "Hà Giang", provincePrefixes, "ha giang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bareName(tt.in, tt.prefixes); got != tt.want {
				t.Errorf("bareName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
