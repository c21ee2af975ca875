package inventory

import (
	"path/filepath"
	"strings"
	"testing"

	goldenfile "github.com/ndta-vn/archmerge/internal/golden"
)

// TestProblemMessagesGolden keeps the wording of every kind of problem and
// warning, in both languages, under testdata/read/: what a clerk reads.
// Refresh with go test ./inventory -run Golden -update.
func TestProblemMessagesGolden(t *testing.T) {
	elems := elemHeader +
		"A,02,app,Tên,,,,,,,,,\n" +
		"B,99999,application,Tên,,,6,running,nhiều,1.5,30/02/2026,có lẽ,\n" +
		"A,02,portal,Trùng,,,,,,,,,\n" +
		"C/D,4,application,,,,,,,,,,\n" +
		"E,02,application,Tên,PHAN_MEM_LA,,,,,,,,\n" +
		"F,2,api,  Tên có khoảng trắng  ,,,,,,,,,\n" +
		"G,02,api,T\xe9n,,,,,,,,,\n" +
		"H,02,api,Tên,,,,,,,\n"
	rels := "from,to,kind,via\nE,F,calls,fax\nE,01/NOPE,integrates,direct\n,E,uses,\n"
	res := readCSVString(t, elems, rels)
	var b strings.Builder
	for _, sec := range []struct {
		name string
		list []string
	}{{"problems", nil}, {"warnings", nil}} {
		ps := res.Problems
		if sec.name == "warnings" {
			ps = res.Warnings
		}
		b.WriteString("# " + sec.name + "\n")
		for _, p := range ps {
			b.WriteString("vi: " + p.Text("vi") + "\n")
			b.WriteString("en: " + p.Text("en") + "\n")
		}
	}
	goldenfile.Check(t, filepath.Join("testdata", "read", "problems.golden"), []byte(b.String()))
}
