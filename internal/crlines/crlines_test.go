package crlines

import (
	"encoding/csv"
	"io"
	"strings"
	"testing"
)

func TestOnlyAndReader(t *testing.T) {
	for in, want := range map[string]bool{
		"id,name\r01,A\r02,B\r":     true,
		"id,name\r\n01,A\r\n":       false,
		"id,name\n01,A\n":           false,
		"id,name":                   false,
		"id,\"a\rb\"\n01,A\n":       false,
		"id,name\r01,\"x\"\r02,y\r": true,
	} {
		if got := Only([]byte(in)); got != want {
			t.Errorf("Only(%q) = %v, want %v", in, got, want)
		}
	}
	recs, err := csv.NewReader(Reader{strings.NewReader("id,name\r01,A\r02,B\r")}).ReadAll()
	if err != nil || len(recs) != 3 || recs[2][1] != "B" {
		t.Errorf("read %v, %v", recs, err)
	}
	b, _ := io.ReadAll(Reader{strings.NewReader("a\rb\r\nc")})
	if string(b) != "a\nb\n\nc" {
		t.Errorf("Reader gave %q", b)
	}
}
