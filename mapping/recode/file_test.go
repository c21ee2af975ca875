package recode

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileRefusesInputAsOutput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "data.csv")
	if err := os.WriteFile(in, []byte("ma_xa\n00001\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rc := newRecoder(t, Options{})
	_, err := rc.File(context.Background(), in, filepath.Join(dir, ".", "data.csv"), "", Options{})
	var ue *UsageError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want a usage error", err)
	}
	if b, _ := os.ReadFile(in); string(b) != "ma_xa\n00001\n" {
		t.Errorf("input changed: %q", b)
	}
}

func TestFileLeavesNothingOnError(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "data.csv")
	if err := os.WriteFile(in, []byte("ma_xa,b\n00001,x\n00004\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rc := newRecoder(t, Options{})
	for _, out := range []string{"out.csv", "out.xlsx"} {
		t.Run(out, func(t *testing.T) {
			_, err := rc.File(context.Background(), in, filepath.Join(dir, out), "", Options{})
			if err == nil || !strings.Contains(err.Error(), "line 3") {
				t.Fatalf("err = %v, want the ragged line 3", err)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("folder holds %v, want only the input", entries)
			}
		})
	}
}

func TestFileCancelled(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "data.csv")
	var b strings.Builder
	b.WriteString("ma_xa\n")
	for range 10000 {
		b.WriteString("00001\n")
	}
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rc := newRecoder(t, Options{})
	_, err := rc.File(ctx, in, filepath.Join(dir, "out.csv"), "", Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %v, want only the input", entries)
	}
}
