package migrate

import (
	"context"
	"testing"
)

// BenchmarkBuildNational plans a synthetic inventory over every old unit of
// the built-in mapping (scale 1 ≈ 70,000 elements; scale 10 ten times as
// many). Run with scripts/bench.sh or
//
//	go test ./migrate -run '^$' -bench BuildNational -benchmem
func BenchmarkBuildNational(b *testing.B) {
	m := builtin(b)
	for _, scale := range []int{1, 10} {
		els, rels := synthetic(m, scale, 1, 1)
		in := input(m, els, rels, nil)
		in.Relations = rels
		b.Run(benchName(scale, len(els)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Build(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchName(scale, n int) string {
	return "scale=" + itoa(scale) + "/elements=" + itoa(n)
}

// BenchmarkFingerprint measures the input fingerprint that decides whether
// a stored plan can be reused.
func BenchmarkFingerprint(b *testing.B) {
	m := builtin(b)
	els, rels := synthetic(m, 1, 1, 1)
	in := input(m, els, rels, nil)
	b.ReportAllocs()
	for b.Loop() {
		Fingerprint(in)
	}
}
