package nfc

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// Precomposed's claim: every character it accepts is in NFC and starts a
// new segment (combines with nothing before it), so any string of them is
// in NFC.
func TestPrecomposedAcceptsOnlyStableCharacters(t *testing.T) {
	accepted := 0
	for r := rune(0); r < 0x2000; r++ {
		s := string(r)
		if !Precomposed(s) {
			continue
		}
		accepted++
		p := norm.NFC.PropertiesString(s)
		if !norm.NFC.IsNormalString(s) || p.CCC() != 0 || !p.BoundaryBefore() {
			t.Errorf("U+%04X accepted but not stable in NFC", r)
		}
	}
	if accepted != 0x300+0x100 {
		t.Errorf("%d characters accepted, want every one below U+0300 and U+1E00 to U+1EFF", accepted)
	}
	// Decomposed text, other scripts and malformed bytes go to the full test.
	for _, s := range []string{"Ha\u0300 No\u0323i", "Ω", "\u2126", "日本", "\xc3", "a\xe1\xbb", "\xe1\x80\x80", "\xff"} {
		if Precomposed(s) {
			t.Errorf("Precomposed(%q)", s)
		}
	}
}

func TestStringIsNFC(t *testing.T) {
	for _, s := range []string{"", "Hà Nội", "Ha\u0300 No\u0323i", "\u2126", "\xff", "e\u0301\u0323"} {
		if got, want := String(s), norm.NFC.String(s); got != want {
			t.Errorf("String(%q) = %q, want %q", s, got, want)
		}
	}
}

// PrecomposedText is Precomposed without C0 controls.
func FuzzPrecomposedText(f *testing.F) {
	for _, s := range []string{"Hà Nội", "a\tb", "\x1f", "\x7f", "ắ\u0301", "\xe1\xbb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		control := false
		for i := 0; i < len(s); i++ {
			control = control || s[i] < 0x20
		}
		if got, want := PrecomposedText(s), Precomposed(s) && !control; got != want {
			t.Errorf("PrecomposedText(%q) = %v, want %v", s, got, want)
		}
	})
}
