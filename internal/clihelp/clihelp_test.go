package clihelp

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ndta-vn/archmerge/internal/lang"
)

// TestEveryCommandHasBothLanguages: the two languages have the same
// commands, and no text is empty, invalid UTF-8, or ends with blank lines
// (the help prints it followed by one blank line).
func TestEveryCommandHasBothLanguages(t *testing.T) {
	vi, en := Names(lang.VI), Names(lang.EN)
	if !slices.Equal(vi, en) {
		t.Fatalf("the help files differ between the languages:\nvi: %v\nen: %v", vi, en)
	}
	if len(vi) < 17 {
		t.Fatalf("only %d help files: %v", len(vi), vi)
	}
	for _, name := range vi {
		for _, l := range []string{lang.VI, lang.EN} {
			t.Run(l+"/"+name, func(t *testing.T) {
				text := Text(l, name)
				if strings.TrimSpace(text) == "" {
					t.Fatal("empty")
				}
				if !utf8.ValidString(text) {
					t.Error("invalid UTF-8")
				}
				if strings.HasSuffix(text, "\n") || strings.HasSuffix(text, " ") {
					t.Errorf("ends with blank space: %q", text[max(0, len(text)-20):])
				}
			})
		}
	}
}

func TestTextPanicsOnAnUnknownCommand(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), `"frobnicate"`) {
			t.Errorf("recovered %v, want a panic naming the command", r)
		}
	}()
	Text(lang.VI, "frobnicate")
}

// TestTextIsTheFile: the text is the file's, less its final line end, and
// English is chosen only by "en".
func TestTextIsTheFile(t *testing.T) {
	vi, err := files.ReadFile("help/vi/lookup.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := Text("", "lookup"); got+"\n" != string(vi) {
		t.Errorf("Text(\"\", lookup) is not help/vi/lookup.txt less its line end:\n%s", got)
	}
	if got := Text(lang.EN, "lookup"); !strings.HasPrefix(got, "Looks up administrative units") {
		t.Errorf("English lookup help starts %.40q", got)
	}
}
