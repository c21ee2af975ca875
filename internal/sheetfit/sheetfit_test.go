package sheetfit

import (
	"math/rand/v2"
	"strconv"
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

// refLines is Lines written plainly: paragraphs, then words.
func refLines(s string, width float64) int {
	room := max(digitPx, (width*digitPx-padPx)*slack)
	lines := 0
	for _, p := range strings.Split(s, "\n") {
		n, used := 1, 0.0
		for _, word := range strings.Fields(p) {
			w := textWidth(word)
			switch {
			case used == 0:
			case used+spaceWidth+w <= room:
				used += spaceWidth + w
				continue
			default:
				n++
			}
			for w > room {
				n++
				w -= room
			}
			used = w
		}
		lines += n
	}
	return max(1, lines)
}

// Lines reads its text in one pass; it counts as the plain reading does.
func TestLinesAgreesWithThePlainReading(t *testing.T) {
	alphabet := []rune("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẠẢÃàáạảãệỆữỮWM ,.-/()0123456789_\t\n\u00a0—")
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(120) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		s, w := b.String(), float64(2+rng.IntN(60))
		if got, want := Lines(s, w), refLines(s, w); got != want {
			t.Fatalf("Lines(%q, %g) = %d, the plain reading gives %d", s, w, got, want)
		}
	}
}

// BenchmarkLines measures Lines on the texts of a flag row: a message, an
// action, a legal basis, a key list and a code.
func BenchmarkLines(b *testing.B) {
	texts := []struct {
		s string
		w float64
	}{
		{`Dữ liệu "Cơ sở dữ liệu hộ kinh doanh tỉnh Tuyên Quang" (08/DS007) dùng mã đơn vị hành chính trước 2025 (pre2025) ở các trường ma_huyen,ma_xa: cần chuyển sang mã mới`, 44},
		{"Chuyển đổi mã đơn vị hành chính sang danh mục mới (archmerge recode)", 32},
		{"Luật Giao dịch điện tử 20/2023/QH15, Điều 41 khoản 2; Quyết định 19/2025/QĐ-TTg", 22},
		{"08/CONG_DVC, 08/KTTTHC", 20},
		{"DATA_OLD_UNIT_CODE", 26},
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Lines(t.s, t.w)
		}
	}
}

// A Column measures as Lines does, whatever it remembers or forgets.
func FuzzColumnIsLines(f *testing.F) {
	f.Add("Chặn", "Luật Giao dịch điện tử 20/2023/QH15, Điều 41 khoản 2", 12.0, uint8(3))
	f.Add("", "a\nb", 40.0, uint8(200))
	f.Fuzz(func(t *testing.T, a, b string, width float64, n uint8) {
		if width <= 0 || width > 300 {
			return
		}
		c := NewColumn(width)
		// Repeated texts, then many unique ones (which push them out),
		// then the first again.
		texts := []string{a, b, a, a, b, ""}
		for i := range int(n) * 12 {
			texts = append(texts, a+strconv.Itoa(i))
		}
		texts = append(texts, b, a, b)
		for _, s := range texts {
			if got, want := c.Lines(s), Lines(s, width); got != want {
				t.Fatalf("Column(%v).Lines(%q) = %d, Lines %d", width, s, got, want)
			}
		}
	})
}
