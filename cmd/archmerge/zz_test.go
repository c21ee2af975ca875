package main

import (
	"context"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"testing"
	"time"
)

func TestZZProfile(t *testing.T) {
	args := strings.Fields(os.Getenv("ZZARGS"))
	if len(args) == 0 {
		t.Skip()
	}
	f, _ := os.Create("/tmp/cli.prof")
	pprof.StartCPUProfile(f)
	t0 := time.Now()
	code := Run(context.Background(), args, strings.NewReader(""), io.Discard, io.Discard)
	t.Log(code, time.Since(t0))
	pprof.StopCPUProfile()
}
