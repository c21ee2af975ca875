package sheetxml

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/internal/nfc"
)

// What excelize's StreamWriter writes for the same cells, byte for byte
// (from excelize v2.11's stream.go and trimCellValue), for the ordinary
// cases; the protected _xHHHH_ runs are tested by reading back in
// internal/outfile.
func TestRowsAsExcelizeWritesThem(t *testing.T) {
	var b bytes.Buffer
	x := New(&b)
	x.Row(2, 0)
	x.Str(0, 3, "Hà Nội & <b> \"q\" 'a'\tx\ny\rz")
	x.Int(1, 4, -12)
	x.Empty(2, 5)
	x.Str(27, 0, " lead")
	x.EndRow()
	x.Row(3, 45.5)
	x.Str(0, 3, "bad \x01 \xff \uFFFE end")
	x.EndRow()
	if err := x.Flush(); err != nil {
		t.Fatal(err)
	}
	want := `<row r="2"><c r="A2" s="3" t="inlineStr"><is><t>Hà Nội &amp; &lt;b&gt; &#34;q&#34; &#39;a&#39;&#x9;x` + "\n" + `y&#xD;z</t></is></c>` +
		`<c r="B2" s="4"><v>-12</v></c><c r="C2" s="5"></c><c r="AB2" t="inlineStr"><is><t xml:space="preserve"> lead</t></is></c></row>` +
		`<row r="3" ht="45.5" customHeight="1"><c r="A3" s="3" t="inlineStr"><is><t>bad ` + "\uFFFD \uFFFD \uFFFD" + ` end</t></is></c></row>`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestTruncateCountsUTF16Units(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 2, "ab"},
		{"ăâ", 1, "ă"},
		{"𝔸𝔸", 3, "𝔸"},
		{"𝔸𝔸", 4, "𝔸𝔸"},
		{strings.Repeat("a", CellChars+1), CellChars, strings.Repeat("a", CellChars)},
	} {
		if got := Truncate(c.s, c.n); got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

func TestColumnName(t *testing.T) {
	for c, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 703: "AAA", 16384: "XFD"} {
		if got := ColumnName(c); got != want {
			t.Errorf("ColumnName(%d) = %s, want %s", c, got, want)
		}
	}
}

// The escaping is encoding/xml's (line feeds kept, as excelize keeps them)
// for any text without Excel's _xHHHH_ runs, and what the pass finds of the
// text is nfc.PrecomposedText.
func FuzzTextEscapesAsEncodingXML(f *testing.F) {
	for _, s := range []string{"Hà Nội", "<&>\"'", "\t\r\n", "\x00\x1f", "\xff\xfe", "\uFFFE\uFFFF", "\U0001F600", "ắ\u0301",
		"a\xc2", "\xe1\xbb", "\xe1\xbb\x41", "\xed\xa0\x80", "\xee\x80\x80", "\xef\xbf\xbe", "\xe0\x80\x80", "\xc1\xbf", "Kiểm tra \xe1", "a\nb", "ʼ\u02ff", "\u0300", "\u1e00ỹ\u1eff", "\u1f00", "\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.ReplaceAll(s, "_", "-")
		var got bytes.Buffer
		x := New(&got)
		pre := x.text(s, &escapes)
		if err := x.Flush(); err != nil {
			t.Fatal(err)
		}
		if pre != nfc.PrecomposedText(s) {
			t.Errorf("text(%q) says precomposed %v, nfc.PrecomposedText %v", s, pre, !pre)
		}
		var want strings.Builder
		_ = xml.EscapeText(&want, []byte(s))
		if w := strings.ReplaceAll(want.String(), "&#xA;", "\n"); got.String() != w {
			t.Errorf("text(%q) = %q, want %q", s, got.String(), w)
		}
	})
}
