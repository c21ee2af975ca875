// Package limits holds, in one place, every bound archmerge puts on what it
// reads, so that a hostile or careless input (a zip bomb, /dev/zero, a
// sheet of a billion cells, a line of a gigabyte) is refused as an input
// error naming the file, in bounded time and memory, instead of exhausting
// the machine. docs/limits.md lists each with its reason.
//
// The values leave wide room over real inventories: the national demo at
// scale 10 (635,000 elements in 63 files) has at most 31,246 elements, a
// 31 MB sheet and a 17 MB file per province, and its largest province
// workbook 86 MB in one part and 161 MB in all. Limits an Excel workbook
// cannot exceed anyway (cell length, columns, rows) are Excel's own.
package limits

import (
	"fmt"
	"io/fs"
	"unicode/utf8"
)

// Inventory files and the workbooks apply reads back.
const (
	// FileBytes bounds an inventory file on disk (XLSX, CSV, JSON) and a
	// workbook given to apply: 256 MiB, eight times the largest file of
	// the scale-10 demo (and the whole scale-1 country in one file). A
	// larger file is refused by its size before it is read.
	FileBytes = 256 << 20

	// PartBytes bounds the uncompressed size of one part of an XLSX
	// workbook (a sheet, the shared strings), as its zip directory
	// declares it (Go's zip reader refuses a part that inflates beyond
	// its declared size): 256 MiB, three times the largest sheet of a
	// scale-10 province workbook. A zip bomb is refused before anything
	// is inflated.
	PartBytes = 256 << 20

	// WorkbookBytes bounds the uncompressed size of all the parts of an
	// XLSX workbook together: 512 MiB.
	WorkbookBytes = 512 << 20
)

// Cells, rows and columns, in every format.
const (
	// CellChars bounds one value: a shared or inline string of a sheet, a
	// CSV field, a JSON value. 32,767 characters is what an Excel cell
	// holds; a longer value could not be shown in a workbook anyway.
	CellChars = 32767

	// Columns bounds the cells of one row (and the fields of a CSV line):
	// Excel's 16,384 columns (A to XFD).
	Columns = 16384

	// Rows bounds the rows of one sheet (header included), and of a CSV
	// file or JSON array read as one: Excel's 1,048,576.
	Rows = 1 << 20

	// SheetDataRows is how many rows below its header a sheet archmerge
	// writes can hold: Excel's rows less the header. A longer list (a
	// province's flags) continues on further sheets.
	SheetDataRows = Rows - 1
)

// Lines read as queries or data records.
const (
	// QueryBytes bounds a lookup query, and the part of a line of
	// "lookup -" that is kept: a longer one is answered not found without
	// being read (an address is a few hundred bytes), so the cost of a
	// query is bounded whatever the input.
	QueryBytes = 2048

	// RecordBytes bounds one record of a CSV data file that recode
	// converts (one line, or several when a quoted value spans lines):
	// 1 MiB. recode streams files of any length, one record at a time.
	RecordBytes = 1 << 20
)

// Data files recode converts: any number of rows, so any sheet size; the
// bounds keep a workbook's parts within what is stored on disk while it
// is read (excelize unpacks a large sheet to a temporary file).
const (
	// DataPartBytes bounds one part of a data workbook: 4 GiB, a full
	// Excel sheet of 1,048,576 rows of a few dozen columns.
	DataPartBytes = 4 << 30

	// DataSharedStringsBytes bounds a data workbook's shared strings,
	// which are held in memory while it is read: 512 MiB.
	DataSharedStringsBytes = 512 << 20

	// DataWorkbookBytes bounds all the parts of a data workbook: 8 GiB.
	DataWorkbookBytes = 8 << 30
)

// NotReadable says, in English and in Vietnamese, why the file st
// describes is not read as an input: it is not a regular file (a folder, a
// device such as /dev/zero, a named pipe, a socket: st comes from a stat,
// so nothing was opened, and a pipe cannot block), or it is larger than
// FileBytes. Both are empty when it may be read.
func NotReadable(st fs.FileInfo) (en, vi string) {
	m := st.Mode()
	switch {
	case m.IsRegular():
		if st.Size() > FileBytes {
			return fmt.Sprintf("the file is %d MiB, over the limit of %d MiB for one input (docs/limits.md): split it into several files", st.Size()>>20, FileBytes>>20),
				fmt.Sprintf("tệp lớn %d MiB, vượt giới hạn %d MiB cho một tệp vào (docs/limits.md): hãy chia thành nhiều tệp", st.Size()>>20, FileBytes>>20)
		}
		return "", ""
	case m.IsDir():
		return "a folder, not a file", "đây là thư mục, không phải tệp"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO), not a file: only regular files are read", "đây là đường ống có tên (FIFO), không phải tệp: chỉ đọc tệp thường"
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return "a device, not a file: only regular files are read", "đây là thiết bị, không phải tệp: chỉ đọc tệp thường"
	case m&fs.ModeSocket != 0:
		return "a socket, not a file: only regular files are read", "đây là socket, không phải tệp: chỉ đọc tệp thường"
	}
	return "not a regular file: only regular files are read", "không phải tệp thường: chỉ đọc tệp thường"
}

// Row says, in English and in Vietnamese, why a row of a sheet (or a
// record of a CSV file, a row object of a JSON file) is refused: its
// number n (1-based, the header being 1) beyond Rows, more cells than
// Columns, or a value longer than CellChars; cell is the index of the
// value at fault (-1 when the fault is not one cell's). Both texts are
// empty when the row is within the limits.
func Row(n int, cells []string) (en, vi string, cell int) {
	if n > Rows {
		return fmt.Sprintf("row %d: over Excel's %d rows, the limit of a sheet or file (docs/limits.md): split the file", n, Rows),
			fmt.Sprintf("dòng %d: vượt %d dòng của Excel, giới hạn của một trang hay một tệp (docs/limits.md): hãy chia tệp", n, Rows), -1
	}
	if len(cells) > Columns {
		return fmt.Sprintf("%d cells on one row, over Excel's %d columns (docs/limits.md)", len(cells), Columns),
			fmt.Sprintf("một dòng có %d ô, vượt %d cột của Excel (docs/limits.md)", len(cells), Columns), Columns
	}
	for j, c := range cells {
		if TooLong(c) {
			return fmt.Sprintf("a value of %d characters, over the %d an Excel cell holds (docs/limits.md): shorten it", utf8.RuneCountInString(c), CellChars),
				fmt.Sprintf("giá trị dài %d ký tự, vượt %d ký tự một ô Excel chứa được (docs/limits.md): hãy rút ngắn", utf8.RuneCountInString(c), CellChars), j
		}
	}
	return "", "", -1
}

// TooLong reports whether a value exceeds CellChars characters.
func TooLong(s string) bool {
	return len(s) > CellChars && utf8.RuneCountInString(s) > CellChars
}

// ColumnName returns the letters of a 1-based column number: 1 is A, 27 AA.
func ColumnName(n int) string {
	var b []byte
	for n > 0 {
		n--
		b = append([]byte{byte('A' + n%26)}, b...)
		n /= 26
	}
	return string(b)
}
