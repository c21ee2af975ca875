package reports

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

// TestRenderWithLibreOffice prints the blank template, a province workbook
// and the national summary to PDF with LibreOffice, as a person printing
// them would, when LibreOffice is installed (Debian package
// libreoffice-calc-nogui; scripts/xlsx2png.sh makes PNG pages to look at).
// The pages must be few (everything fitted to the page width) and what is
// printed must be what the workbook means to show: names, totals, titles,
// never the hidden fingerprint column.
func TestRenderWithLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui to render the workbooks to PDF")
	}
	dir := t.TempDir()
	m := builtin(t)
	template := filepath.Join(dir, "mau-kiem-ke.xlsx")
	if err := inventory.WriteTemplate(template, "vi"); err != nil {
		t.Fatal(err)
	}
	// The small plan with a decision recorded, so that the hidden column
	// holds a fingerprint.
	p0 := smallPlan(t)
	in := migrate.Input{Mapping: m, AsOf: p0.AsOf}
	for _, e := range p0.Elements {
		in.Elements = append(in.Elements, *e.Element)
	}
	in.Decisions = []migrate.Decision{{Key: "02/QLVBDH", Treatment: migrate.Merge, MergeInto: "08/QLVBDH", Note: "theo quyết định của UBND tỉnh", At: "2026-05-20T02:00:00Z"}}
	p := build(t, in)
	meta := testMeta(p, "vi")
	province, err := WriteProvince(context.Background(), dir, p, m, "08", meta)
	if err != nil {
		t.Fatal(err)
	}
	national, err := WriteNational(context.Background(), dir, p, m, meta, testHistory(p))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, template, province, national)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	t.Logf("soffice: %s", out)
	for _, c := range []struct {
		xlsx     string
		maxPages int
		want     []string
	}{
		// Instructions on two portrait pages, the elements and relations
		// sheets on one page each.
		{template, 5, []string{"Mẫu kê khai", "Phần tử", "Quan hệ"}},
		// Summary, units (three old provinces' units), systems two pages
		// wide, flags, integrations, data.
		{province, 30, []string{"Sổ đối soát kiến trúc số", "Hợp nhất vào", "DUP_FUNCTION", "Trùng chức năng", "theo quyết định của UBND tỉnh", "Trang 1 /"}},
		// The table and its chart, the progress tables and three charts.
		{national, 8, []string{"Tổng hợp toàn quốc", "Tỉnh Tuyên Quang", "Cả nước", "Tiến độ theo tuần"}},
	} {
		t.Run(filepath.Base(c.xlsx), func(t *testing.T) {
			pdf := strings.TrimSuffix(c.xlsx, ".xlsx") + ".pdf"
			b, err := os.ReadFile(pdf)
			if err != nil {
				t.Fatalf("LibreOffice wrote no PDF: %v", err)
			}
			n := pdfPages(t, pdf, b)
			t.Logf("%s: %d pages", filepath.Base(pdf), n)
			if n == 0 || n > c.maxPages {
				t.Errorf("%d pages, want 1 to %d", n, c.maxPages)
			}
			text := pdfText(t, pdf)
			if text == "" {
				return // pdftotext (poppler-utils) is missing: pages only
			}
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("the printed pages do not show %q", w)
				}
			}
			if strings.Contains(text, prefilledPrefix) {
				t.Error("the hidden fingerprint column is printed")
			}
		})
	}
}

// pdfPages counts a PDF's pages, with pdfinfo when it is installed, else
// by its page objects.
func pdfPages(t *testing.T, path string, b []byte) int {
	t.Helper()
	if out, err := exec.Command("pdfinfo", path).Output(); err == nil {
		if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out); m != nil {
			n := 0
			for _, c := range m[1] {
				n = n*10 + int(c-'0')
			}
			return n
		}
	}
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(b, -1))
}

// pdfText is the text of a PDF with pdftotext, or "" when it is missing.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Logf("pdftotext: %v: the printed text is not checked", err)
		return ""
	}
	return string(bytes.ToValidUTF8(out, nil))
}
