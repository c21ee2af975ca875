package outfile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"sync"

	"github.com/klauspost/compress/flate"
)

// SheetRows fills worksheets as a workbook is saved: by the part's path in
// the package (xl/worksheets/sheet3.xml), a function that writes the rows
// of the sheet's <sheetData>, which excelize wrote empty (see
// internal/sheetxml and WorkbookRows).
type SheetRows map[string]func(w io.Writer) error

// sortedZipRows is the zip writer of every workbook archmerge writes
// (inventories, templates, reconciliation workbooks), for
// excelize's File.SetZipWriter. excelize writes streamed sheets in map
// order, so the same workbook would come out in different bytes from run to
// run; this writer compresses each part as it comes, holds it compressed,
// and writes the parts sorted by name, all dated 1 July 2025, on Close: a
// workbook is byte-identical for the same content. Holding parts compressed
// rather than raw saves a copy of every sheet and most of the memory. The
// sheets of rows (by part path) are filled as they are written on Close.
func sortedZipRows(w io.Writer, rows SheetRows) *sortedZip {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return pooledFlate{getFlate(w)}, nil
	})
	return &sortedZip{zw: zw, entries: map[string]*zipEntry{}, rows: rows}
}

// deflateLevel is the compression level of the workbooks. The fastest level
// writes about a quarter faster than the default for files about a third
// larger (docs/workbooks.md has the figures); workbooks are opened locally
// far more often than mailed, and the national batch writes 35 of them.
// The compressor is github.com/klauspost/compress/flate, not the standard
// library's: at its fastest level it compresses a sheet's XML 1.8 times as
// fast for a file 4% smaller (measured on the Cảnh báo sheet of the
// scale-1 Hà Nội workbook, 10.6 MB: 31 ms and 1.19 MB against 55 ms and
// 1.24 MB), and compression is a third of writing a workbook. Its output
// is standard deflate, which every reader of xlsx reads.
const deflateLevel = flate.BestSpeed

// zipDate is 1 July 2025 as an MS-DOS date: the date of every entry
// (CreateRaw, unlike Create, does not derive one from Modified, and a zero
// date is not a valid one).
const zipDate = (2025-1980)<<9 | 7<<5 | 1

// flatePool recycles deflate writers: each holds about a megabyte of
// tables, and a workbook has some twenty parts, so allocating one per part
// was half of a workbook's allocations (measured).
var flatePool sync.Pool

func getFlate(w io.Writer) *flate.Writer {
	if fw, _ := flatePool.Get().(*flate.Writer); fw != nil {
		fw.Reset(w)
		return fw
	}
	fw, _ := flate.NewWriter(w, deflateLevel) // the level is valid: no error
	return fw
}

// pooledFlate is a pooled deflate writer that goes back to the pool when
// closed (the compressor of the parts archive/zip compresses itself).
type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flatePool.Put(p.Writer)
	return err
}

type sortedZip struct {
	zw      *zip.Writer
	entries map[string]*zipEntry
	rows    SheetRows
}

type zipEntry struct {
	name string
	buf  bytes.Buffer // compressed
	fw   *flate.Writer
	crc  hash.Hash32
	size uint64
	raw  *bytes.Buffer // [Content_Types].xml, rewritten on Close; a sheet to fill
	// fill writes the rows of a sheet excelize wrote empty, on Close.
	fill func(w io.Writer) error
}

func (e *zipEntry) Write(p []byte) (int, error) {
	if e.raw != nil {
		return e.raw.Write(p)
	}
	e.crc.Write(p)
	e.size += uint64(len(p))
	return e.fw.Write(p)
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if _, dup := z.entries[name]; dup {
		return nil, fmt.Errorf("zip: duplicate part %s", name)
	}
	e := &zipEntry{name: name, crc: crc32.NewIEEE(), fill: z.rows[name]}
	if name == "[Content_Types].xml" || e.fill != nil {
		e.raw = &bytes.Buffer{}
	} else {
		e.fw = getFlate(&e.buf)
	}
	z.entries[name] = e
	return e, nil
}

func (z *sortedZip) AddFS(fsys fs.FS) error { return z.zw.AddFS(fsys) }

func (z *sortedZip) Close() error {
	names := make([]string, 0, len(z.entries))
	for n := range z.entries {
		names = append(names, n)
	}
	sort.Strings(names)
	for n := range z.rows {
		if _, ok := z.entries[n]; !ok {
			return fmt.Errorf("zip: no part %s to write the rows of", n)
		}
	}
	for _, n := range names {
		e := z.entries[n]
		if e.raw != nil {
			// Compressed as written, by the writer's compressor
			// (pooledFlate): the rows of a sheet go straight into the
			// file, never held whole, compressed or not.
			w, err := z.zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, ModifiedDate: zipDate})
			if err != nil {
				return err
			}
			if e.fill != nil {
				if err := e.fillRows(w); err != nil {
					return fmt.Errorf("zip: %s: %w", n, err)
				}
				continue
			}
			if _, err := w.Write(sortDefaults(e.raw.Bytes())); err != nil {
				return err
			}
			continue
		}
		if err := e.fw.Close(); err != nil {
			return err
		}
		flatePool.Put(e.fw)
		e.fw = nil
		w, err := z.zw.CreateRaw(&zip.FileHeader{Name: n, Method: zip.Deflate, CRC32: e.crc.Sum32(),
			CompressedSize64: uint64(e.buf.Len()), UncompressedSize64: e.size, ModifiedDate: zipDate})
		if err != nil {
			return err
		}
		if _, err := w.Write(e.buf.Bytes()); err != nil {
			return err
		}
		e.buf = bytes.Buffer{} // written: let it go
	}
	return z.zw.Close()
}

// emptySheetData is how excelize writes a sheet without rows.
var emptySheetData = [][]byte{[]byte("<sheetData></sheetData>"), []byte("<sheetData/>")}

// fillRows writes to w the sheet excelize wrote, with its rows written by
// fill in place of its empty <sheetData>.
func (e *zipEntry) fillRows(w io.Writer) error {
	raw := e.raw.Bytes()
	e.raw = nil
	at, marker := -1, 0
	for _, m := range emptySheetData {
		if at = bytes.Index(raw, m); at >= 0 {
			marker = len(m)
			break
		}
	}
	if at < 0 {
		return fmt.Errorf("the sheet has rows already, or no sheetData")
	}
	// excelize's AutoFilter marks the sheet as filtered (filterMode),
	// which a sheet with a filter but no criteria is not: some readers
	// then ignore the page setup. A sheet written by the StreamWriter
	// never had the mark.
	head := bytes.Replace(raw[:at], []byte(`<sheetPr filterMode="true"`), []byte(`<sheetPr`), 1)
	if _, err := w.Write(append(head, "<sheetData>"...)); err != nil {
		return err
	}
	if err := e.fill(w); err != nil {
		return err
	}
	_, err := w.Write(append([]byte("</sheetData>"), raw[at+marker:]...))
	return err
}

var defaultRe = regexp.MustCompile(`<Default [^>]*>(</Default>)?`)

// sortDefaults puts the Default entries of [Content_Types].xml in a fixed
// order: excelize adds the image types of a drawing in map order. Their
// order carries no meaning.
func sortDefaults(b []byte) []byte {
	locs := defaultRe.FindAllIndex(b, -1)
	if len(locs) < 2 {
		return b
	}
	defs := make([]string, len(locs))
	for i, l := range locs {
		defs[i] = string(b[l[0]:l[1]])
	}
	sort.Strings(defs)
	var out bytes.Buffer
	prev := 0
	for i, l := range locs {
		out.Write(b[prev:l[0]])
		out.WriteString(defs[i])
		prev = l[1]
	}
	out.Write(b[prev:])
	return out.Bytes()
}
