package recode

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
)

// recodeWith converts a CSV with a Recoder built from opts and returns the
// output rows (header first) and the summary.
func recodeWith(t *testing.T, in string, opts Options) ([][]string, *Summary) {
	t.Helper()
	rc := newRecoder(t, opts)
	var out bytes.Buffer
	sum, err := rc.CSV(context.Background(), strings.NewReader(in), &out, opts)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows, sum
}

// TestRecodeEarlierCodes converts codes of several lists since 2019, read
// in the list of 30 June 2025 and on an earlier date, and checks the new
// units, the notes and the vintage report.
func TestRecodeEarlierCodes(t *testing.T) {
	in := "ma_xa,so_ho\n" +
		"00001,1\n" + // listed throughout
		"13639,2\n" + // Phường Vị Hoàng, merged into 13636 on 1 Sep 2024
		"13636,3\n" + // Phường Trần Tế Xương, renamed Phường Vị Xuyên on 1 Sep 2024
		"15310,4\n" + // Xã Hà Lâm, merged into 15307 Yến Sơn on 1 Dec 2019
		"21541,5\n" + // Xã An Vĩnh (Lý Sơn), abolished in 2020: no commune named
		"03980,6\n" // Phường Mộc Lỵ, listed from 1 Feb 2025
	type want struct {
		status, commune, note string
	}
	cases := []struct {
		name  string
		asOf  string
		want  []want
		count [3]int // listed, earlier, later
	}{
		{"read on 30 June 2025", "", []want{
			{"exact", "00097", ""},
			{"exact", "13669", "Mã 13639 không có trong danh mục ngày 30/06/2025 (có trong danh mục đến trước 01/09/2024); Mã 13639 Phường Vị Hoàng: 01/09/2024 nhập vào 13636 Phường Vị Xuyên (1104/NQ-UBTVQH15)"},
			{"exact", "13669", ""},
			{"exact", "15271", "01/12/2019 nhập vào 15307 Xã Yến Sơn (786/NQ-UBTVQH14)"},
			{"unknown", "", "không nguồn nào nêu xã nhận địa bàn"},
			{"exact", "03980", ""},
		}, [3]int{3, 3, 0}},
		{"read on 1 January 2020", "2020-01-01", []want{
			{"exact", "00097", ""},
			{"exact", "13669", "Mã 13639 Phường Vị Hoàng: 01/09/2024 nhập vào 13636 Phường Vị Xuyên (1104/NQ-UBTVQH15)"},
			{"exact", "13669", "Mã 13636 Phường Trần Tế Xương: 01/09/2024 thành 13636 Phường Vị Xuyên"},
			{"exact", "15271", "Mã 15310 không có trong danh mục ngày 01/01/2020"},
			{"unknown", "", "01/02/2020 không còn trong danh mục, địa bàn thuộc 536 Huyện Lý Sơn"},
			{"exact", "03980", "Mã 03980 không có trong danh mục ngày 01/01/2020 (có trong danh mục từ 01/02/2025)"},
		}, [3]int{4, 1, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, sum := recodeWith(t, in, Options{AsOf: c.asOf})
			for i, w := range c.want {
				r := rows[i+1]
				status, commune, note := r[6], r[4], r[7]
				if status != w.status || commune != w.commune || !strings.Contains(note, w.note) {
					t.Errorf("%s: %s %q %q, want %s %q with %q", r[0], status, commune, note, w.status, w.commune, w.note)
				}
			}
			if len(sum.Vintages) != 1 {
				t.Fatalf("vintages %+v", sum.Vintages)
			}
			v := sum.Vintages[0]
			if [3]int{v.Listed, v.Earlier, v.Later} != c.count || !v.Mixed || v.FirstLine == 0 {
				t.Errorf("vintage report %+v, want listed, earlier, later = %v, mixed", v, c.count)
			}
			if want := readDate(c.asOf); sum.AsOf != want {
				t.Errorf("as_of %q, want %q", sum.AsOf, want)
			}
		})
	}
}

// TestRecodeEarlierNames: a commune name of an earlier date, within its
// province, converts through the history.
func TestRecodeEarlierNames(t *testing.T) {
	rows, _ := recodeWith(t, "tinh,xa\nNam Định,Phường Vị Hoàng\nNam Định,Phường Vị Xuyên\n", Options{})
	if rows[1][6] != "exact" || rows[1][4] != "13669" {
		t.Errorf("an earlier name: %v", rows[1])
	}
	// On 30 June 2025 the name Phường Vị Xuyên is 13636's.
	if rows[2][6] != "exact" || rows[2][4] != "13669" || strings.Contains(rows[2][7], "13642") {
		t.Errorf("a name of 30 June 2025: %v", rows[2])
	}
}

func TestRecodeAsOfOptions(t *testing.T) {
	m := builtin(t)
	if rc, err := New(m, Options{AsOf: "2025-08-01"}); err != nil || rc.v != "new" {
		t.Errorf("a date after the restructuring: %v", err)
	}
	for _, o := range []Options{{AsOf: "tháng trước"}, {AsOf: "2020-01-01", Vintage: "new"}} {
		if _, err := New(m, o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

// TestRecodeAddresses: an address whose commune part names nothing is
// unknown with its province (the lookup's partial answer), and an address
// of an earlier date converts through the history.
func TestRecodeAddresses(t *testing.T) {
	in := "dia_chi\n\"Xã Không Có Thật, Huyện Vị Xuyên, Hà Giang\"\n\"Số 3 phố Hàng Bè, Phường Vị Hoàng, TP Nam Định, Nam Định\"\n\"Bản Vược, Bát Xát, Lào Cai\"\n"
	rows, sum := recodeWith(t, in, Options{AddressColumn: "dia_chi"})
	if r := rows[1]; r[5] != "unknown" || r[1] != "08" || r[3] != "" || !strings.Contains(r[6], `không nhận ra "Xã Không Có Thật"`) {
		t.Errorf("partial address: %v", r)
	}
	if r := rows[2]; r[5] != "exact" || r[3] != "13669" {
		t.Errorf("address of an earlier date: %v", r)
	}
	if r := rows[3]; r[5] != "exact" || r[3] != "02683" {
		t.Errorf("a commune named like a hamlet: %v", r)
	}
	if sum.Statuses["unknown"] != 1 {
		t.Errorf("statuses %v", sum.Statuses)
	}
}
