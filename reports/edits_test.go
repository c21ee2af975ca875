package reports

import (
	"archive/zip"
	"context"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// edit is one cell to change in a workbook: on a sheet (by its Vietnamese
// name), in the row whose first cell is key ("" with row set: that row),
// in the column of header ("" with col set: that column).
type edit struct {
	sheet, key, header string
	row, col           int
	value              any
}

// editBook opens a workbook with excelize's ordinary API, as another
// program would, lifts the protection of every sheet, rewrites the cells
// and saves it under a new name. It returns each edit's A1 cell.
func editBook(t *testing.T, src, dst string, edits ...edit) []string {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range f.GetSheetList() {
		_ = f.UnprotectSheet(s)
	}
	var cells []string
	for _, e := range edits {
		rows, err := f.GetRows(e.sheet)
		if err != nil {
			t.Fatal(err)
		}
		row, col := e.row, e.col
		for i, r := range rows {
			if e.key != "" && len(r) > 0 && r[0] == e.key {
				row = i + 1
			}
		}
		for j, h := range rows[0] {
			if e.header != "" && h == e.header {
				col = j + 1
			}
		}
		if row == 0 || col == 0 {
			t.Fatalf("no cell for %+v", e)
		}
		ref, _ := excelize.CoordinatesToCellName(col, row)
		if err := f.SetCellValue(e.sheet, ref, e.value); err != nil {
			t.Fatal(err)
		}
		cells = append(cells, ref)
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
	return cells
}

// checkBook reads a workbook and checks its decisions and its read-only
// cells against plan p, as apply does.
func checkBook(t *testing.T, path string, p *migrate.Plan, m *mapping.Mapping, inForce ...inventory.Amendment) (*Checked, *Edits, mapping.Problems) {
	t.Helper()
	fl, probs, err := ReadDecisions(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		return nil, nil, probs
	}
	ck, probs := Check([]*Filled{fl}, p, "ws-test")
	ed, eprobs := CheckEdits([]*Filled{fl}, p, m, inForce)
	return ck, ed, append(probs, eprobs...)
}

// element returns the planned element of key.
func element(t *testing.T, p *migrate.Plan, key string) *migrate.PlannedElement {
	t.Helper()
	for i := range p.Elements {
		if p.Elements[i].Key == key {
			return &p.Elements[i]
		}
	}
	t.Fatalf("no element %s", key)
	return nil
}

func TestUneditedWorkbookHasNoEdits(t *testing.T) {
	for _, l := range []string{"vi", "en"} {
		t.Run(l, func(t *testing.T) {
			p, m, _ := tuyenQuang(t)
			wb, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", testMeta(p, l))
			if err != nil {
				t.Fatal(err)
			}
			fl, probs, err := ReadDecisions(wb)
			if err != nil || len(probs) > 0 {
				t.Fatal(err, probs)
			}
			if !fl.HasWritten || len(fl.edited) != 0 || len(fl.summary) != 0 {
				t.Fatalf("has written %v, %d rows and %d summary cells read as edited: %+v %+v", fl.HasWritten, len(fl.edited), len(fl.summary), fl.edited, fl.summary)
			}
			// Saved again by another program without a change: still none.
			dst := filepath.Join(t.TempDir(), "again.xlsx")
			editBook(t, wb, dst)
			_, ed, probs := checkBook(t, dst, p, m)
			if len(probs) > 0 || len(ed.Changes) != 0 || len(ed.Warnings) != 0 {
				t.Fatalf("a workbook saved again: changes %+v, problems %v, warnings %v", ed.Changes, probs, ed.Warnings)
			}
		})
	}
}

// The round trip of the issue: every kind of cell edited in a workbook
// saved by another writer with its protection lifted. Decisions are
// recorded, correctable cells become amendments with the cell, old and new
// value, every other change is refused naming its cell, nothing is silent.
//
// In every format of digests apply reads: a workbook written before ro2
// (its hidden column in ro1) is checked as closely as a new one.
func TestEditsOfEveryKindOfCell(t *testing.T) {
	for _, f := range digestFormats {
		t.Run(strings.TrimSuffix(f.prefix, ":"), func(t *testing.T) { testEditsOfEveryKindOfCell(t, f) })
	}
}

// With every worksheet left out of the book excelize opens first (as a
// large province's are), apply reads the same: its own sheets itself, and
// a sheet another program saved, a formula or a cell's shown text through
// the whole book.
func TestEditsWithEverySheetLeftOut(t *testing.T) {
	defer func(n int64) { largeSheet = n }(largeSheet)
	largeSheet = 0
	t.Run("edits", func(t *testing.T) { testEditsOfEveryKindOfCell(t, ro2) })
	t.Run("formula", TestFormulaWithoutSavedResultIsRefused)
	t.Run("date", TestANoteTypedAsADateIsRecordedAsShown)
}

func testEditsOfEveryKindOfCell(t *testing.T, format digestFormat) {
	p, m, _ := tuyenQuang(t)
	wb, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	if format.prefix != digestFormats[0].prefix {
		wb = inFormat(t, wb, p, m, format)
	}
	a, b, c, _ := pickKeys(t, p, "08")
	ea := element(t, p, a)
	sys := shSystems.vi

	t.Run("correctable cells become amendments", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "amended.xlsx")
		cells := editBook(t, wb, dst,
			edit{sheet: sys, key: a, header: "Quyết định", value: "Tiếp tục sử dụng"},
			edit{sheet: sys, key: a, header: "Chủ quản", value: "Sở Khoa học và Công nghệ"},
			edit{sheet: sys, key: a, header: "Đơn vị vận hành", value: "Trung tâm Công nghệ thông tin"},
			edit{sheet: sys, key: a, header: "Cấp độ ATTT", value: "Cấp độ 4"},
			edit{sheet: sys, key: a, header: "Quyết định cấp độ", value: "QĐ 15/QĐ-UBND"},
			edit{sheet: sys, key: a, header: "Trạng thái", value: "Sắp dừng"},
			edit{sheet: sys, key: a, header: "Số người dùng", value: 12345},
			edit{sheet: sys, key: a, header: "Hết hạn hợp đồng", value: "31/12/2027"},
			edit{sheet: sys, key: a, header: "Dữ liệu cá nhân", value: "có"},
		)
		ck, ed, probs := checkBook(t, dst, p, m)
		if len(probs) > 0 {
			t.Fatalf("problems: %v", probs)
		}
		if len(ck.Decisions) != 1 || ck.Decisions[0].Treatment != migrate.Continue {
			t.Errorf("decisions %+v", ck.Decisions)
		}
		want := map[string]string{"owner": "Sở Khoa học và Công nghệ", "operator": "Trung tâm Công nghệ thông tin", "security_level": "4",
			"security_decision": "QĐ 15/QĐ-UBND", "status": "retiring", "users": "12345", "contract_end": "2027-12-31", "personal_data": "yes"}
		if ea.Element.PersonalData {
			delete(want, "personal_data")
		}
		got := map[string]string{}
		for _, am := range ed.Amendments {
			got[am.Field] = am.Value
			if am.Key != a || am.File != dst || am.SHA256 == "" || am.Sheet != sys || am.Row == 0 || am.Header == "" || !strings.Contains(strings.Join(cells, " "), am.Cell) {
				t.Errorf("amendment %+v", am)
			}
			col := inventory.ElementColumn(am.Field)
			if prev := col.Cell(ea.Element); am.Previous != prev {
				t.Errorf("%s: previous %q, want %q", am.Field, am.Previous, prev)
			}
		}
		for f, v := range want {
			if got[f] != v {
				t.Errorf("amendment of %s = %q, want %q (all: %v)", f, got[f], v, got)
			}
		}
		if len(ed.Changes) != len(ed.Amendments) {
			t.Errorf("%d changes listed for %d amendments: %+v", len(ed.Changes), len(ed.Amendments), ed.Changes)
		}
		for _, ch := range ed.Changes {
			if !ch.Amendment || !ch.OldKnown || ch.Key != a || ch.Cell == "" || ch.Column == "" {
				t.Errorf("change %+v", ch)
			}
		}
	})

	t.Run("other cells are refused, each named", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "refused.xlsx")
		f := openBook(t, wb)
		flagRows, _ := f.GetRows(shFlags.vi)
		sysRows, _ := f.GetRows(sys)
		f.Close()
		cases := []struct {
			e    edit
			want string // in the problem's Vietnamese message
		}{
			{edit{sheet: sys, key: b, header: "Khoá phần tử", value: b + "X"}, "khoá phần tử xác định dòng"},
			{edit{sheet: sys, key: c, header: "Tên", value: "Tên sửa lại"}, "lấy từ bản kê khai"},
			{edit{sheet: sys, key: c, header: "Loại", value: "Nền tảng"}, "lấy từ bản kê khai"},
			{edit{sheet: sys, key: c, header: "Chi phí hằng năm (VNĐ)", value: 999}, "lấy từ bản kê khai"},
			{edit{sheet: sys, key: c, header: "Lý do", value: "vì sao không"}, "do phương án tính ra"},
			{edit{sheet: sys, key: a, header: "Cấp độ ATTT", value: "cấp 9"}, "cấp độ không hợp lệ"},
			{edit{sheet: sys, row: len(sysRows) + 1, col: 7, value: "Hệ thống mới thêm"}, "dòng không do báo cáo ghi ra"},
			{edit{sheet: shFlags.vi, row: 2, header: "Nội dung", value: "đã xem"}, "trang này do phương án tính ra"},
			{edit{sheet: shSummary.vi, row: 60, col: 1, value: "ghi chú của tôi"}, "trang tổng quan"},
		}
		var edits []edit
		for _, c := range cases {
			edits = append(edits, c.e)
		}
		cells := editBook(t, wb, dst, edits...)
		_, ed, probs := checkBook(t, dst, p, m)
		if ed == nil || len(ed.Amendments) != 0 {
			t.Fatalf("edits %+v", ed)
		}
		for i, c := range cases {
			row := rowOf(cells[i])
			found := false
			for _, pr := range probs {
				if pr.Pos.Sheet == c.e.sheet && pr.Pos.Line == row && strings.Contains(pr.Message.VI, c.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s %s (%v): no problem saying %q in\n%v", c.e.sheet, cells[i], c.e.value, c.want, probs)
			}
		}
		// Every cell changed is listed, with old → new: the plan writes
		// every row as it did.
		for _, ch := range ed.Changes {
			if ch.Amendment {
				t.Errorf("an amendment among refusals: %+v", ch)
			}
			if ch.Cell != "" && !ch.OldKnown && ch.Sheet != shSummary.vi {
				t.Errorf("old value lost: %+v", ch)
			}
		}
		var flagMsg CellChange
		for _, ch := range ed.Changes {
			if ch.Sheet == shFlags.vi {
				flagMsg = ch
			}
		}
		if !flagMsg.OldKnown || flagMsg.Old != strings.TrimSpace(flagRows[1][colIndex(flagCols, column{vi: "Nội dung"})]) || flagMsg.New != "đã xem" {
			t.Errorf("flag sheet change %+v", flagMsg)
		}
		if len(ed.Changes) < len(cases)-1 { // the invalid level is refused, not listed twice
			t.Errorf("%d changes listed for %d edits: %+v", len(ed.Changes), len(cases), ed.Changes)
		}
	})

	t.Run("a column added is refused", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "column.xlsx")
		f := openBook(t, wb)
		rows, _ := f.GetRows(shFlags.vi)
		f.Close()
		editBook(t, wb, dst, edit{sheet: shFlags.vi, row: 1, col: len(rows[0]) + 1, value: "Ý kiến"})
		_, _, probs := checkBook(t, dst, p, m)
		if len(probs) != 1 || probs[0].Column != "Ý kiến" || !strings.Contains(probs[0].Message.VI, "cột không do báo cáo ghi ra") {
			t.Errorf("problems %v", probs)
		}
	})

	t.Run("the sheet's XML rewritten by another writer", func(t *testing.T) {
		// Another library's save: the cell's value rewritten in the
		// sheet's XML, the protection element gone.
		f := openBook(t, wb)
		rows, _ := f.GetRows(sys)
		f.Close()
		row, col := 0, 0
		for i, r := range rows {
			if r[0] == a {
				row = i + 1
			}
		}
		for j, h := range rows[0] {
			if h == "Chủ quản" {
				col = j + 1
			}
		}
		ref, _ := excelize.CoordinatesToCellName(col, row)
		dst := filepath.Join(t.TempDir(), "xml.xlsx")
		rewriteSheetXML(t, wb, dst, "xl/worksheets/sheet3.xml", func(x string) string {
			x = regexp.MustCompile(`<sheetProtection[^>]*/>`).ReplaceAllString(x, "")
			cell := regexp.MustCompile(`<c r="` + ref + `"[^>]*>.*?</c>`)
			if !cell.MatchString(x) {
				t.Fatalf("no cell %s in the sheet's XML", ref)
			}
			return cell.ReplaceAllString(x, `<c r="`+ref+`" t="inlineStr"><is><t>UBND tỉnh Tuyên Quang</t></is></c>`)
		})
		_, ed, probs := checkBook(t, dst, p, m)
		if len(probs) > 0 || len(ed.Amendments) != 1 || ed.Amendments[0].Field != "owner" || ed.Amendments[0].Value != "UBND tỉnh Tuyên Quang" ||
			ed.Amendments[0].Cell != ref {
			t.Errorf("amendments %+v, problems %v", ed, probs)
		}
	})

	t.Run("a value changed since the workbook was written", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "late.xlsx")
		editBook(t, wb, dst, edit{sheet: sys, key: a, header: "Chủ quản", value: "Sở Nội vụ"})
		// Someone else corrected the owner from another file since.
		in := inventory.Amendment{Key: a, Field: "owner", Value: "Văn phòng UBND", By: "B", At: "2026-06-02T00:00:00Z", File: "/other.xlsx"}
		p2 := replan(t, p, m, in)
		_, _, probs := checkBook(t, dst, p2, m, in)
		if len(probs) != 1 || !strings.Contains(probs[0].Message.VI, "đã thay đổi sau khi sổ này được xuất") || !strings.Contains(probs[0].Message.VI, "Văn phòng UBND") {
			t.Errorf("problems %v", probs)
		}
		// From this same file, it is this author's own: recorded.
		in.File = dst
		_, ed, probs := checkBook(t, dst, p2, m, in)
		if len(probs) > 0 || len(ed.Amendments) != 1 || ed.Amendments[0].Previous != "Văn phòng UBND" {
			t.Errorf("own earlier correction: %+v, %v", ed, probs)
		}
	})

	t.Run("a workbook of an earlier version", func(t *testing.T) {
		_, ed, probs := checkBook(t, filepath.Join("testdata", "previous", "08-tuyen-quang.xlsx"), p, m)
		if ed == nil {
			t.Skipf("the earlier workbook is of another plan: %v", probs)
		}
		if len(ed.Warnings) != 1 || !strings.Contains(ed.Warnings[0].Message.EN, "cannot be checked") {
			t.Errorf("warnings %v", ed.Warnings)
		}
	})
}

// inFormat returns a copy of workbook src (unedited) whose hidden column
// holds the digests of another format, as a workbook written by an
// earlier archmerge does.
func inFormat(t *testing.T, src string, p *migrate.Plan, m *mapping.Mapping, format digestFormat) string {
	t.Helper()
	fl, probs, err := ReadDecisions(src)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	all := &Filled{Identity: fl.Identity}
	for k := range dataSheets {
		all.edited = append(all.edited, editedRow{sheet: k})
	}
	reg := regenerate(p, m, all)
	f := openBook(t, src)
	defer f.Close()
	changed := 0
	for k, ds := range dataSheets {
		sheet := ds.name.vi
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		col := len(rows[0]) // the hidden column, last
		for i, r := range rows[1:] {
			if len(r) < col || r[0] == "" {
				continue
			}
			var cells []string
			if ds.perCell {
				cells = reg.system[r[0]]
			} else {
				cells = reg.rows[k][r[col-1]]
			}
			if cells == nil {
				t.Fatalf("%s row %d: no row of the plan for %q", sheet, i+2, r[col-1])
			}
			d := format.rowDigest(cells)
			if ds.perCell {
				d = format.cellsDigest(cells)
			}
			ref, _ := excelize.CoordinatesToCellName(col, i+2)
			if err := f.SetCellStr(sheet, ref, d); err != nil {
				t.Fatal(err)
			}
			changed++
		}
	}
	if changed == 0 {
		t.Fatal("no hidden cell rewritten")
	}
	dst := filepath.Join(t.TempDir(), "as-"+strings.TrimSuffix(format.prefix, ":")+".xlsx")
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
	// Unedited, it reads as unedited.
	back, probs, err := ReadDecisions(dst)
	if err != nil || len(probs) > 0 || !back.HasWritten || len(back.edited) != 0 {
		t.Fatalf("the workbook in %s reads with %d rows edited: %v %v", format.prefix, len(back.edited), err, probs)
	}
	return dst
}

// replan plans again with amendments laid over the elements.
func replan(t *testing.T, p *migrate.Plan, m *mapping.Mapping, ams ...inventory.Amendment) *migrate.Plan {
	t.Helper()
	in := fixtureInput(t, m, 0.15, "02", "08")
	in.Provinces = []string{"08"}
	if err := inventory.ApplyAmendments(in.Elements, ams); err != nil {
		t.Fatal(err)
	}
	return build(t, in)
}

// rowOf returns the row of an A1 cell name.
func rowOf(cell string) int {
	_, row, _ := excelize.CellNameToCoordinates(cell)
	return row
}

// rewriteSheetXML copies a workbook, rewriting one part of its zip.
func rewriteSheetXML(t *testing.T, src, dst, part string, rewrite func(string) string) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	found := false
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			b, found = []byte(rewrite(string(b))), true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if !found {
		t.Fatalf("no part %s", part)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// A row whose digest differs while every cell's short digest matches (a
// change the short digests cannot place) is refused, never taken as
// unchanged.
func TestRowChangedInACellThatCannotBeTold(t *testing.T) {
	p, m, _ := tuyenQuang(t)
	wb, err := WriteProvince(context.Background(), t.TempDir(), p, m, "08", testMeta(p, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	fl, probs, err := ReadDecisions(wb)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	reg := regenerate(p, m, &Filled{Identity: fl.Identity, edited: []editedRow{{sheet: systemsSheet}}})
	a, _, _, _ := pickKeys(t, p, "08")
	cells := reg.system[a]
	good := ro2.cellsDigest(cells)
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(good, ro2.prefix))
	if err != nil {
		t.Fatal(err)
	}
	raw[0] ^= 1 // the row's digest, not the cells'
	tampered := ro2.prefix + base64.RawURLEncoding.EncodeToString(raw)
	at := make([]int, len(cells))
	headers := make([]string, len(cells))
	for i := range at {
		at[i], headers[i] = i, "?"
	}
	fl.edited = []editedRow{{sheet: systemsSheet, name: shSystems.vi, row: 2, cells: cells, at: at, headers: headers, written: tampered}}
	_, probs = CheckEdits([]*Filled{fl}, p, m, nil)
	if len(probs) != 1 || !strings.Contains(probs[0].Message.VI, "không xác định được") {
		t.Errorf("problems %v", probs)
	}
	if _, _, _, ok := cellDigests(good, len(cells)); !ok {
		t.Error("a digest does not decode")
	}
}
