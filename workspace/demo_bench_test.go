package workspace

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkDemo runs the national demo at scale 1 end to end (fixtures,
// import, plan, workbooks, dashboard) into a fresh folder each time: the
// figure the demo's ≤ 6 s target is about, and the one to profile
// (go test -run '^$' -bench Demo -benchtime 1x -cpuprofile cpu.out ./workspace).
func BenchmarkDemo(b *testing.B) {
	for i := 0; i < b.N; i++ {
		out := filepath.Join(b.TempDir(), "demo")
		res, err := Demo(context.Background(), DemoOptions{Out: out, Scale: 1, Seed: 1, Jobs: 2}, "vi", "bench", nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Failed) != 0 || len(res.Written) == 0 {
			b.Fatalf("demo wrote %d workbooks, %d provinces failed", len(res.Written), len(res.Failed))
		}
	}
}
