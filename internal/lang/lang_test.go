package lang

import "testing"

func TestTextIn(t *testing.T) {
	for _, c := range []struct {
		name string
		t    Text
		l    string
		want string
	}{
		{"vietnamese by default", T("xin chào", "hello"), "", "xin chào"},
		{"vietnamese", T("xin chào", "hello"), VI, "xin chào"},
		{"english", T("xin chào", "hello"), EN, "hello"},
		{"english missing falls back", T("xin chào", ""), EN, "xin chào"},
		{"vietnamese missing falls back", T("", "hello"), VI, "hello"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.t.In(c.l); got != c.want {
				t.Errorf("In(%q) = %q, want %q", c.l, got, c.want)
			}
		})
	}
}

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		n      int64
		vi, en string
	}{
		{0, "0", "0"}, {999, "999", "999"}, {1000, "1.000", "1,000"}, {65004, "65.004", "65,004"},
		{-1234567, "-1.234.567", "-1,234,567"}, {100000, "100.000", "100,000"},
	} {
		if got := Number(c.n, VI); got != c.vi {
			t.Errorf("Number(%d, vi) = %q, want %q", c.n, got, c.vi)
		}
		if got := Number(c.n, EN); got != c.en {
			t.Errorf("Number(%d, en) = %q, want %q", c.n, got, c.en)
		}
	}
	if got := Count(1, EN, "tệp", "file", "files"); got != "1 file" {
		t.Errorf("Count(1, en) = %q", got)
	}
	if got := Count(1200, EN, "tệp", "file", "files"); got != "1,200 files" {
		t.Errorf("Count(1200, en) = %q", got)
	}
	if got := Count(1200, VI, "tệp", "file", "files"); got != "1.200 tệp" {
		t.Errorf("Count(1200, vi) = %q", got)
	}
}

func TestDate(t *testing.T) {
	for _, c := range []struct {
		name, iso, l, want string
	}{
		{"vietnamese", "2024-09-01", VI, "01/09/2024"},
		{"vietnamese by default", "2024-09-01", "", "01/09/2024"},
		{"english", "2024-09-01", EN, "2024-09-01"},
		{"not a date", "2024-9-1", VI, "2024-9-1"},
		{"empty", "", VI, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Date(c.iso, c.l); got != c.want {
				t.Errorf("Date(%q, %q) = %q, want %q", c.iso, c.l, got, c.want)
			}
		})
	}
}
