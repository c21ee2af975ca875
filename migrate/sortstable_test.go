package migrate

import (
	"sort"
	"testing"
)

// sortStable orders as sort.SliceStable does, equal elements in their
// order.
func FuzzSortStableIsSliceStable(f *testing.F) {
	f.Add([]byte{3, 1, 2, 1, 3, 0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, keys []byte) {
		type kv struct{ k, pos int }
		got := make([]kv, len(keys))
		for i, k := range keys {
			got[i] = kv{int(k % 7), i}
		}
		want := append([]kv(nil), got...)
		sort.SliceStable(want, func(i, j int) bool { return want[i].k < want[j].k })
		sortStable(got, func(a, b *kv) int { return a.k - b.k })
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("sortStable %v, sort.SliceStable %v", got, want)
			}
		}
	})
}
