package recode

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/internal/golden"
	"github.com/ndta-vn/archmerge/mapping"
)

// TestSummaryText converts files of every kind the text summary tells
// apart (columns found or none, each status, split communes, values not
// resolved, codes of other dates read on 30 June 2025 and on an earlier
// date, new codes, a workbook with other sheets) and compares the summary
// in both languages with testdata/summary/*.
func TestSummaryText(t *testing.T) {
	codes := "ma_tinh,ma_huyen,ma_xa,Địa chỉ\n" +
		"02,024,00688,\n" + // split
		"01,001,00001,\n" + // exact
		"01,,,\"xa viet lam, huyen vi xuyen, ha giang\"\n" + // an address, split
		"99,,99999,\n" + // unknown
		",,,\n" + // blank
		"36,,13639,\n" + // merged in 2024: an earlier list's code
		"08,,00004,\n"
	cases := []struct {
		name, in string
		opts     Options
	}{
		{"codes", codes, Options{AddressColumn: "Địa chỉ"}},
		{"as-of-2020", codes, Options{AsOf: "2020-01-01"}},
		{"only-later-codes", "ma_xa\n03980\n03980\n", Options{AsOf: "2020-01-01"}},
		{"new", "ma_tinh,ma_xa\n08,00004\n01,00001\n", Options{Vintage: mapping.New}},
		{"no-unit-column", "ten,so\nan,1\n", Options{}},
		{"xlsx-other-sheets", "", Options{}},
	}
	want, err := filepath.Abs(filepath.Join("testdata", "summary"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir()) // the summary names the files as given
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.name + ".csv"
			if c.in == "" {
				in = c.name + ".xlsx"
				f := excelize.NewFile()
				f.SetSheetRow("Sheet1", "A1", &[]any{"ma_tinh", "ma_xa"})
				f.SetSheetRow("Sheet1", "A2", &[]any{"01", "00007"})
				f.NewSheet("Phụ lục")
				if err := f.SaveAs(in); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(in, []byte(c.in), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, l := range []string{"vi", "en"} {
				opts := c.opts
				opts.Lang = l
				sum, err := newRecoder(t, opts).File(context.Background(), in, c.name+"-"+l+".csv", "", opts)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				sum.WriteText(&b, l)
				golden.Check(t, filepath.Join(want, c.name+"."+l+".txt"), b.Bytes())
			}
		})
	}
}
