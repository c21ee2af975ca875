package migrate

import (
	"context"
	"testing"

	"github.com/ndta-vn/archmerge/fixtures"
)

// BenchmarkBuildNational plans the national fixtures (scale 1 ≈ 70,000
// elements over 10,794 old units; scale 10 ten times as many). Run with
// scripts/bench.sh or
//
//	go test ./migrate -run '^$' -bench BuildNational -benchmem
func BenchmarkBuildNational(b *testing.B) {
	m := builtin(b)
	for _, scale := range []float64{1, 10} {
		b.Run(benchName(int(scale)), func(b *testing.B) {
			// Generated inside the sub-benchmark, so that -bench scale=1$
			// does not generate scale 10.
			in := Input{Mapping: m, AsOf: "2026-07-01"}
			for _, p := range fixtures.Generate(m, fixtures.Options{Scale: scale, Seed: 1}) {
				in.Elements = append(in.Elements, p.Inventory.Elements...)
				in.Relations = append(in.Relations, p.Inventory.Relations...)
			}
			b.ReportMetric(float64(len(in.Elements)), "elements")
			b.ReportAllocs()
			b.ResetTimer()
			cpu0, n := cpuSeconds(), 0
			for b.Loop() {
				if _, err := Build(context.Background(), in); err != nil {
					b.Fatal(err)
				}
				n++
			}
			// CPU seconds per plan, all threads: on a busy machine the
			// wall-clock ns/op also counts time spent waiting for a core.
			b.ReportMetric((cpuSeconds()-cpu0)/float64(n), "cpu-s/op")
		})
	}
}

func benchName(scale int) string { return "scale=" + itoa(scale) }

// BenchmarkFingerprint measures the input fingerprint that decides whether
// a stored plan can be reused (scale-1 synthetic inventory).
func BenchmarkFingerprint(b *testing.B) {
	m := builtin(b)
	els, rels := synthetic(m, 1, 1, 1)
	in := input(m, els, rels, nil)
	b.ReportAllocs()
	for b.Loop() {
		Fingerprint(in)
	}
}
