package recode

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/mapping"
)

// FuzzCSV feeds arbitrary bytes to the CSV path: it must never panic, and
// either convert every row (one output line per input record, header
// included) or return a located problem or a usage error.
func FuzzCSV(f *testing.F) {
	seeds := []string{
		"ma_tinh,ma_huyen,ma_xa\n01,001,00001\n01,001,00007\n",
		"\ufeffprovince_code;ward_code\r\n1;7\r\n",
		"Tỉnh/Thành phố,Quận/Huyện,Phường/Xã\nHà Nội,Ba Đình,Phúc Xá\n",
		"ma_xa,x\n\"00001\",\"a\"\"b\"\n",
		"ma_xa\n0\"1\n",
		"a,b\n1,2,3\n",
		"ma_xa,ten\n00001,\xff\n",
		"",
		"dia_chi\n\"Phường Trúc Bạch, Quận Ba Đình, Hà Nội\"\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	m, err := mapping.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	rc, err := New(m, Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		opts := Options{Name: "fuzz.csv"}
		if bytes.Contains(data, []byte("dia_chi")) {
			opts.AddressColumn = "dia_chi"
		}
		sum, err := rc.CSV(context.Background(), bytes.NewReader(data), &out, opts)
		if err != nil {
			var p *mapping.Problem
			var ue *UsageError
			if !errors.As(err, &p) && !errors.As(err, &ue) {
				t.Fatalf("unexpected error kind %T: %v", err, err)
			}
			return
		}
		total := 0
		for _, n := range sum.Statuses {
			total += n
		}
		if total != sum.Rows {
			t.Fatalf("statuses add up to %d, rows = %d", total, sum.Rows)
		}
		if !strings.Contains(out.String(), AddedHeaders("vi")[4]) {
			t.Fatalf("output has no status header: %q", out.String())
		}
	})
}
