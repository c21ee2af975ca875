package sheetfit

import (
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		width float64
		want  int
	}{
		{"empty", "", 10, 1},
		{"a code that fits", "08/QLVBDH", 16, 1},
		{"two words on two lines", "Hệ thống quản lý", 9, 2},
		{"a sentence in a wide column", "Hệ thống quản lý văn bản và điều hành tỉnh Tuyên Quang", 60, 1},
		{"the same sentence wrapped", "Hệ thống quản lý văn bản và điều hành tỉnh Tuyên Quang", 20, 3},
		{"explicit line breaks", "DUP_FUNCTION\nSECURITY_LEVEL_MISSING", 30, 2},
		{"a word longer than the column breaks", strings.Repeat("X", 40), 10, 5},
		{"blank lines count", "a\n\nb", 10, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Lines(c.text, c.width); got != c.want {
				t.Errorf("Lines(%q, %g) = %d, want %d", c.text, c.width, got, c.want)
			}
		})
	}
}

// A wider column never needs more lines, and the estimate never gives a
// line more text than the column holds.
func TestLinesMonotone(t *testing.T) {
	text := "Xác định và phê duyệt cấp độ an toàn thông tin trước khi kết nối; Nghị định 85/2016/NĐ-CP, Điều 18"
	prev := Lines(text, 4)
	for w := 5.0; w <= 120; w++ {
		n := Lines(text, w)
		if n > prev {
			t.Errorf("width %g: %d lines, more than the %d of a narrower column", w, n, prev)
		}
		if textWidth(text) > float64(n)*w*digitPx {
			t.Errorf("width %g: %d lines cannot hold a text %g wide", w, n, textWidth(text))
		}
		prev = n
	}
}

func TestHeight(t *testing.T) {
	if Height(0) != Height(1) || Height(2) <= Height(1) || Height(1000) != MaxHeight {
		t.Errorf("heights %g %g %g %g", Height(0), Height(1), Height(2), Height(1000))
	}
}
