package mapping

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/mapping/internal/cputime"
)

// readTSV reads a tab-separated test file, its header first.
func readTSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func builtinT(tb testing.TB) *Mapping {
	tb.Helper()
	m, err := Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func codes(a Answer) []string {
	var out []string
	for _, mt := range a.Matches {
		out = append(out, mt.Unit.Code)
	}
	slices.Sort(out)
	return out
}

// TestResolveEveryCode resolves every old commune code, the island districts
// and every new commune code, and checks the answers against the mapping
// rows themselves.
func TestResolveEveryCode(t *testing.T) {
	m := builtinT(t)
	ix := m.Index()
	// The mapping rows of each old and new code, straight from the links.
	succ, pred := map[string][]Link{}, map[string][]Link{}
	for _, l := range m.Links {
		succ[l.Old] = append(succ[l.Old], l)
		pred[l.New] = append(pred[l.New], l)
	}
	same := func(t *testing.T, got []LinkedUnit, want []Link, old bool) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%d linked units, want %d", len(got), len(want))
		}
		for i, l := range want {
			code := l.New
			if !old {
				code = l.Old
			}
			g := got[i]
			if g.Code != code || g.Relation != l.Relation || g.Transfer != l.Transfer || g.Resolution != l.Resolution || g.Clause != l.Clause || g.Name == "" {
				t.Errorf("linked unit %d = %+v, want %+v", i, g, l)
			}
		}
	}
	communes, islands, news := 0, 0, 0
	for _, u := range m.OldUnits {
		if u.Level == Province || (u.Level == District && len(succ[u.Code]) == 0) {
			continue
		}
		a := ix.Resolve(u.Code, Old)
		if a.Status != Resolved || a.Matches[0].Unit != u {
			t.Fatalf("old %s: %s %v", u.Code, a.Status, codes(a))
		}
		same(t, a.Matches[0].Successors, succ[u.Code], true)
		if u.Level == Commune {
			communes++
		} else {
			islands++
		}
	}
	for _, u := range m.NewUnits {
		if u.Level != Commune {
			continue
		}
		a := ix.Resolve(u.Code, New)
		if a.Status != Resolved || a.Matches[0].Unit != u {
			t.Fatalf("new %s: %s %v", u.Code, a.Status, codes(a))
		}
		same(t, a.Matches[0].Predecessors, pred[u.Code], false)
		news++
	}
	if communes != 10035 || islands != 5 || news != 3321 {
		t.Errorf("checked %d old communes, %d island districts, %d new communes; want 10035, 5, 3321", communes, islands, news)
	}
}

// TestResolveDistrict checks a district's derived answer: its new province,
// then the new communes that took its communes.
func TestResolveDistrict(t *testing.T) {
	m := builtinT(t)
	a := m.Index().Resolve("Huyện Vị Xuyên, Hà Giang", Old)
	if a.Status != Resolved || a.Matches[0].Unit.Code != "030" {
		t.Fatalf("got %s %v", a.Status, codes(a))
	}
	s := a.Matches[0].Successors
	if s[0].Code != "08" || s[0].Level != Province {
		t.Errorf("first successor %+v, want new province 08", s[0])
	}
	f, _ := m.District("030")
	if len(s) != 1+len(f.NewCommunes) {
		t.Fatalf("%d successors, want 1+%d", len(s), len(f.NewCommunes))
	}
	for i, c := range f.NewCommunes {
		if s[i+1].Code != c || s[i+1].Clause == "" || s[i+1].Resolution != "1684/NQ-UBTVQH15" {
			t.Errorf("successor %d = %+v, want new commune %s with its clause", i+1, s[i+1], c)
		}
	}
}

// TestResolveQueries runs the real-form queries of testdata/lookup_queries.tsv
// (generated from the data by testdata/lookup_queries.py) and hand-written
// cases.
func TestResolveQueries(t *testing.T) {
	ix := builtinT(t).Index()
	type tc struct {
		form, vintage, query string
		want                 []string
	}
	var cases []tc
	for _, rec := range readTSV(t, "testdata/lookup_queries.tsv")[1:] {
		cases = append(cases, tc{rec[0], rec[1], rec[2], strings.Fields(rec[3])})
	}
	hand := []tc{
		{"issue", "old", "Phường Quang Trung, TP Hà Giang, Hà Giang", []string{"00688"}},
		{"issue", "old", "xa viet lam, huyen vi xuyen, ha giang", []string{"00967"}},
		{"issue", "old", "xa viet lam huyen vi xuyen ha giang", []string{"00967"}},
		{"street", "old", "Số 12 đường Trần Phú, Phường Quang Trung, TP Hà Giang", []string{"00688"}},
		{"street", "old", "Số 12 đường Trần Phú Phường Quang Trung TP Hà Giang", []string{"00688"}},
		{"street", "old", "Thôn Tân Thành, Xã Việt Lâm, Vị Xuyên", []string{"00967"}},
		{"new province", "old", "Xã Việt Lâm, Tuyên Quang", []string{"00967"}},
		{"ward number", "old", "Phường 04, Quận 3, TP.HCM", []string{"27148"}},
		{"ward number", "old", "P.4, Q.3, TP HCM", []string{"27148"}},
		{"ward number", "old", "phuong 4 quan 3 thanh pho ho chi minh", []string{"27148"}},
		{"roman ward", "old", "Phường IV, TP Vị Thanh", []string{"31324"}},
		{"roman ward", "old", "Phường 4, Thành phố Vị Thanh", []string{"31324"}},
		{"roman ward", "old", "Phường IV, Vị Thanh, Hậu Giang", []string{"31324"}},
		{"ward number", "old", "Phường 4, Thành phố Sóc Trăng", []string{"31516"}},
		{"alias", "old", "TP.HCM", []string{"79"}},
		{"alias", "old", "tphcm", []string{"79"}},
		{"alias", "old", "Sài Gòn", []string{"79"}},
		{"alias", "old", "HN", []string{"01"}},
		{"alias", "old", "Thừa Thiên Huế", []string{"46"}},
		{"alias", "old", "Phường Phú Hội, TTH", []string{"19786"}},
		{"apostrophe", "old", "Huyện Ia H'Drai", []string{"618"}},
		{"code stripped", "old", "1006", []string{"01006"}},
		{"alias", "new", "TP. Hồ Chí Minh", []string{"79"}},
		{"province", "old", "Tỉnh Hà Giang", []string{"02"}},
		{"province", "new", "Tỉnh Tuyên Quang", []string{"08"}},
		{"ambiguous", "new", "Tuyên Quang", []string{"08", "22963"}},
		{"tiers", "old", "Phường 2, Thành phố Hồ Chí Minh", []string{"26941", "26965", "27061", "27157", "27190", "27292", "27307", "27367"}},
		{"district", "old", "Huyện Côn Đảo", []string{"755"}},
		{"district", "old", "H. Bạch Long Vĩ, Hải Phòng", []string{"318"}},
		{"tones", "old", "Huyện Hòa An, Cao Bằng", []string{"051"}},
		{"tones", "old", "Huyện Hoà Vang", []string{"497"}},
		{"nfd", "old", "Xa\u0303 Vie\u0323\u0302t La\u0302m, Vi\u0323 Xuye\u0302n", []string{"00967"}},
		{"new", "new", "Phường Hà Giang 1", []string{"00694"}},
		{"new", "new", "dac khu con dao", []string{"26732"}},
		{"code", "old", "00691", []string{"00691"}},
		{"code", "new", "00691", []string{"00691"}},
		{"code", "old", "new:00691", []string{"00691"}},
		{"code", "old", "031", []string{"031"}},
		{"code", "old", "02", []string{"02"}},
		{"code stripped", "old", "1", []string{"00001", "001", "01"}},
		{"ambiguous", "old", "Hà Giang", []string{"02", "024", "12745", "15292"}},
		{"not found", "old", "Xã Không Có Thật", nil},
		{"not found", "old", "", nil},
		{"not found", "old", "99999", nil},
		{"not found", "old", "Xã Việt Lâm, Huyện Bắc Mê", nil},
	}
	cases = append(cases, hand...)
	if len(cases) < 200 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		v, _ := ParseVintage(c.vintage)
		a := ix.Resolve(c.query, v)
		got := codes(a)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s %s %q: got %s %v, want %v", c.form, c.vintage, c.query, a.Status, got, want)
			continue
		}
		wantStatus := map[int]Status{0: NotFound, 1: Resolved}[min(len(want), 2)]
		if len(want) > 1 {
			wantStatus = Ambiguous
		}
		if a.Status != wantStatus {
			t.Errorf("%s %q: status %s, want %s", c.form, c.query, a.Status, wantStatus)
		}
		if a.Status == NotFound && strings.TrimSpace(c.query) != "" && !IsDigits(c.query) && len(a.Nearest) == 0 {
			t.Errorf("%s %q: not found offers no nearest unit", c.form, c.query)
		}
	}
}

func TestNearest(t *testing.T) {
	ix := builtinT(t).Index()
	a := ix.Resolve("xa viet lamm, vi xuyen", Old)
	if a.Status != PartlyFound || a.Unrecognised != "xa viet lamm" || codes(a)[0] != "030" || len(a.Nearest) == 0 || a.Nearest[0].Code != "00967" {
		t.Fatalf("got %s %v, unrecognised %q, nearest %v", a.Status, codes(a), a.Unrecognised, a.Nearest)
	}
	a = ix.Resolve("Xã Không Có Thật", Old)
	if a.Status != NotFound || len(a.Nearest) == 0 {
		t.Fatalf("got %s, nearest %v", a.Status, a.Nearest)
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"00691", "Phường Quang Trung, TP Hà Giang, Hà Giang", "xa viet lam huyen vi xuyen ha giang",
		"Số 12 đường Trần Phú, P.4, Q.3, TP.HCM", ",,,", "old:1", "Phường IV", "x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x"} {
		f.Add(s)
	}
	ix := builtinT(f).Index()
	f.Fuzz(func(t *testing.T, q string) {
		for _, v := range []Vintage{Old, New} {
			a := ix.ResolveQuick(q, v)
			switch a.Status {
			case Resolved:
				if len(a.Matches) != 1 {
					t.Fatalf("resolved with %d matches", len(a.Matches))
				}
			case Ambiguous:
				if len(a.Matches) < 2 {
					t.Fatalf("ambiguous with %d matches", len(a.Matches))
				}
			case NotFound:
				if len(a.Matches) != 0 {
					t.Fatalf("not found with %d matches", len(a.Matches))
				}
			default:
				t.Fatalf("status %q", a.Status)
			}
			// "old:" and "new:" before a code choose the vintage.
			if strings.Contains(q, ":") {
				continue
			}
			for _, mt := range a.Matches {
				if mt.Unit.Vintage != v {
					t.Fatalf("match %v of the wrong vintage", mt.Unit)
				}
			}
		}
	})
}

// addresses returns n full addresses of old communes, from the data.
func addresses(tb testing.TB, m *Mapping, n int) []string {
	tb.Helper()
	var out []string
	for _, u := range m.OldUnits {
		if u.Level != Commune {
			continue
		}
		d, _ := m.OldUnit(u.Parent)
		p, _ := m.OldUnit(d.Parent)
		out = append(out, "Số 5 đường Lê Lợi, "+u.Name+", "+d.Name+", "+p.Name)
		if len(out) == n {
			break
		}
	}
	return out
}

// BenchmarkResolveAddress resolves full street addresses of old communes on
// one goroutine, as `archmerge lookup` does, and reports queries per second.
func BenchmarkResolveAddress(b *testing.B) {
	m := builtinT(b)
	ix := m.Index()
	qs := addresses(b, m, 10000)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cputime.Process()
	for i := 0; i < b.N; i++ {
		ix.Resolve(qs[i%len(qs)], Old)
	}
	reportQueries(b, cputime.Process()-cpu0)
}

// reportQueries reports queries per wall-clock second and, where the
// platform measures it, per CPU-second of the whole process (GC included):
// run with -cpu 1 for the single-core figure on a shared machine.
func reportQueries(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "queries/cpu-s")
	}
}

// BenchmarkResolveCode resolves commune codes.
func BenchmarkResolveCode(b *testing.B) {
	m := builtinT(b)
	ix := m.Index()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.ResolveQuick(m.OldUnits[i%len(m.OldUnits)].Code, Old)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
}

// unresolvable returns n queries that name no Vietnamese unit: addresses
// of other countries and garbage, generated from a fixed seed.
func unresolvable(n int) []string {
	streets := []string{"Baker Street", "Rue de Rivoli", "Friedrichstraße", "Main St", "Calle Mayor", "Via Roma", "Nanjing Road", "Orchard Road", "Sukhumvit Soi", "Queen Street West"}
	cities := []string{"London", "Paris", "Berlin", "Springfield", "Madrid", "Roma", "Shanghai", "Singapore", "Bangkok", "Toronto"}
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]string, n)
	for i := range out {
		switch i % 3 {
		case 0:
			out[i] = fmt.Sprintf("%d %s, %s %05d", r.IntN(999)+1, streets[r.IntN(len(streets))], cities[r.IntN(len(cities))], r.IntN(99999))
		case 1:
			b := make([]byte, 6+r.IntN(30))
			for j := range b {
				b[j] = "abcdefghijklmnopqrstuvwxyz  ,.-"[r.IntN(31)]
			}
			out[i] = string(b)
		default:
			out[i] = fmt.Sprintf("Apt %d, %s, %s", r.IntN(99), cities[r.IntN(len(cities))], streets[r.IntN(len(streets))])
		}
	}
	return out
}

// TestUnresolvableQueries: the benchmark's queries are indeed not found.
func TestUnresolvableQueries(t *testing.T) {
	ix := builtinT(t).Index()
	for _, q := range unresolvable(300) {
		if a := ix.Resolve(q, Old); a.Status == Resolved || a.Status == Ambiguous {
			t.Errorf("%q: %s %v", q, a.Status, codes(a))
		}
	}
}

// BenchmarkResolveNotFound resolves queries that fit no unit (other
// countries' addresses, garbage) with the search for the nearest names, as
// `archmerge lookup` does. Target: 20,000 queries/s on one core.
func BenchmarkResolveNotFound(b *testing.B) {
	ix := builtinT(b).Index()
	qs := unresolvable(3000)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cputime.Process()
	for i := 0; i < b.N; i++ {
		ix.Resolve(qs[i%len(qs)], Old)
	}
	reportQueries(b, cputime.Process()-cpu0)
}

// BenchmarkResolveLongLine answers a 1 MB line: not read, not found.
func BenchmarkResolveLongLine(b *testing.B) {
	ix := builtinT(b).Index()
	q := strings.Repeat("Thôn Bản Vược, ", 1<<20/len("Thôn Bản Vược, "))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if a := ix.Resolve(q, Old); a.Status != NotFound {
			b.Fatal(a.Status)
		}
	}
}

func TestLevenshtein(t *testing.T) {
	cases := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"viet lam", "viet lam", 5, 0}, {"viet lamm", "viet lam", 5, 1}, {"", "abc", 5, 3}, {"abc", "", 5, 3},
		{"kitten", "sitting", 5, 3}, {"kitten", "sitting", 1, 2}, {"abcdef", "uvwxyz", 2, 3},
	}
	for _, c := range cases {
		prev, cur := make([]int, len(c.a)+1), make([]int, len(c.a)+1)
		if got := levenshtein(c.a, c.b, prev, cur, c.limit); got != c.want {
			t.Errorf("levenshtein(%q, %q, limit %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}

// BenchmarkIndex builds the lookup index of the built-in mapping.
func BenchmarkIndex(b *testing.B) {
	m := builtinT(b)
	for i := 0; i < b.N; i++ {
		buildIndex(m)
	}
}

// TestIndexConcurrent builds the index of a fresh mapping from several
// goroutines at once (run under -race in CI to prove it safe).
func TestIndexConcurrent(t *testing.T) {
	m, probs, err := ReadDir(writeDir(t, map[string]string{"old_units.csv": goodOld, "new_units.csv": goodNew, "mapping.csv": goodLinks}))
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	done := make(chan *Index)
	for range 8 {
		go func() {
			ix := m.Index()
			ix.Resolve("Xã B, Huyện Một", Old)
			done <- ix
		}()
	}
	first := <-done
	for range 7 {
		if ix := <-done; ix != first {
			t.Fatal("two indexes built for one mapping")
		}
	}
}
