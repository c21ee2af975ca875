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
