package inventory

import (
	"fmt"

	"github.com/ndta-vn/archmerge/internal/lang"
)

// Column is one field of an inventory row, described once for everything
// that handles it: the readers and the writers of the three formats, the
// template, the workspace's tables (package store), the plan's fingerprint
// (package migrate) and the reconciliation workbooks and exports (package
// reports). They all iterate ElementColumns or RelationColumns, so adding
// a field to an inventory is adding its row here and its field to Element
// (or Relation), and a column of the same name to the workspace's table.
type Column struct {
	// Key is the English key: the header the writers write and the readers
	// accept, the JSON key, and the name of the workspace's column.
	Key string
	// Label is the header of the template: its Vietnamese form, which the
	// readers accept too, and its English form, for English workbooks.
	Label lang.Text
	// Short is the Vietnamese label of the workbook's narrow column when
	// Label is too long for it; "" means Label.
	Short string
	// Required means a row without a value is refused.
	Required bool
	// Expect says what a value must be, for the readers' messages and the
	// template's notes.
	Expect lang.Text
	// Type is what the value is: it decides how a cell is parsed, written
	// and stored.
	Type Type
	// Vocab holds the words of a Word column.
	Vocab *Vocab
	// KeyPart places an element column in the key unit_code/id: KeyUnit
	// for the unit code, KeyID for the id, 0 for the others.
	KeyPart int
	// Amendable means a person may amend the value of an imported element
	// (its security level, its owner…) without a new inventory.
	Amendable bool
	// Width is how wide the written inventories make the column.
	Width Width
	// Sheet is the sheet of a province's reconciliation workbook that
	// shows the element field (NoSheet: none), and SheetWidth the width of
	// its column there.
	Sheet      WorkbookSheet
	SheetWidth float64
	// Field returns a pointer to the element's field: *string for Text,
	// Code, Word and Date, *int for Level, *int64 for Integer, *bool for
	// Flag. It is nil for relation columns, whose fields Rel gives.
	Field func(e *Element) any
	// Rel returns a pointer to the relation's field (all text). It is nil
	// for element columns.
	Rel func(r *Relation) *string
}

// Type is the type of a column's value.
type Type uint8

// Column types.
const (
	Text    Type = iota + 1 // free text, kept as written
	Code                    // an id, a unit code or a key: text that keeps its leading zeros (text-formatted in XLSX)
	Word                    // a word of the column's Vocab, stored as its English key
	Level                   // a security level 1–5, 0 when blank
	Integer                 // a whole number of 0 or more, 0 when blank
	Date                    // a date, stored as yyyy-mm-dd
	Flag                    // yes or no, false when blank
)

var typeNames = [...]string{Text: "text", Code: "code", Word: "word", Level: "level", Integer: "integer", Date: "date", Flag: "flag"}

// String returns the type's name, for messages.
func (t Type) String() string {
	if int(t) < len(typeNames) && typeNames[t] != "" {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", t)
}

// Parts of the element key unit_code/id (Column.KeyPart).
const (
	KeyUnit = 1 // the old unit's code: refused unless the mapping knows it
	KeyID   = 2 // the id: refused when it contains "/"
)

// Vocab is the vocabulary of a Word column.
type Vocab struct {
	// Words are the English keys, in the order of the template's
	// drop-down.
	Words []string
	// Open means other words are kept, normalised as codes, with a
	// warning that names them as function codes (the one open
	// vocabulary); a closed vocabulary refuses them.
	Open bool
	// known holds the Words of an open vocabulary.
	known map[string]bool
	// alias maps Vietnamese words, folded, to their key.
	alias map[string]string
	// unknown and unknownVI are what the reader says of a word outside a
	// closed vocabulary.
	unknown, unknownVI string
}

// Width is how wide the inventory writers make a column. (The blank
// template has a layout of its own, in template.go.)
type Width uint8

// Column widths.
const (
	Medium Width = iota
	Narrow       // short codes and words
	Wide         // names and free text
)

// WorkbookSheet is a sheet of a province's reconciliation workbook that
// shows element fields, one column each.
type WorkbookSheet uint8

// Reconciliation workbook sheets.
const (
	NoSheet      WorkbookSheet = iota // the workbook does not show the field
	SystemsSheet                      // every element, one row each
	DataSheet                         // the datasets with a data flag, one row each
)

// The vocabularies of the Word columns.
var (
	kindVocab     = &Vocab{Words: kindList, unknown: "unknown kind", unknownVI: "loại không hợp lệ"}
	functionVocab = &Vocab{Words: FunctionCodes, Open: true, known: knownFunction}
	hostingVocab  = &Vocab{Words: Hostings, alias: hostingAlias, unknown: "unknown hosting", unknownVI: "hình thức triển khai không hợp lệ"}
	statusVocab   = &Vocab{Words: Statuses, alias: statusAlias, unknown: "unknown status", unknownVI: "trạng thái không hợp lệ"}
	recordVocab   = &Vocab{Words: RecordTypes, alias: recordAlias, unknown: "unknown record type", unknownVI: "loại bản ghi không hợp lệ"}
	vintageVocab  = &Vocab{Words: CodeVintages, alias: vintageAlias, unknown: "unknown code vintage", unknownVI: "phiên bản mã không hợp lệ"}
	relKindVocab  = &Vocab{Words: RelKinds, alias: relKindAlias, unknown: "unknown relation kind", unknownVI: "loại quan hệ không hợp lệ"}
	viaVocab      = &Vocab{Words: Vias, alias: viaAlias, unknown: "unknown channel", unknownVI: "kênh kết nối không hợp lệ"}
)

// ElementColumns are the columns of the elements sheet, in template order.
var ElementColumns = []Column{
	{Key: "id", Label: lang.T("Mã phần tử", "Id"), Required: true, Type: Code, KeyPart: KeyID, Width: Narrow,
		Expect: lang.T("mã định danh, không trùng trong cùng một đơn vị, không chứa dấu /", "an identifier unique within its unit"),
		Field:  func(e *Element) any { return &e.ID }},
	{Key: "unit_code", Label: lang.T("Mã đơn vị", "Unit code"), Required: true, Type: Code, KeyPart: KeyUnit, Width: Narrow,
		Expect: lang.T("mã đơn vị hành chính cũ: tỉnh 2 chữ số, huyện 3 chữ số, xã 5 chữ số", "the old unit's code: 2-digit province, 3-digit district, 5-digit commune"),
		Field:  func(e *Element) any { return &e.Unit }},
	{Key: "kind", Label: lang.T("Loại", "Kind"), Required: true, Type: Word, Vocab: kindVocab, Width: Narrow, Sheet: SystemsSheet, SheetWidth: 11,
		Expect: lang.T("application, portal, platform, dataset, catalogue, host, datacentre, network, security, service hoặc api", "application, portal, platform, dataset, catalogue, host, datacentre, network, security, service or api"),
		Field:  func(e *Element) any { return (*string)(&e.Kind) }},
	{Key: "name", Label: lang.T("Tên", "Name"), Required: true, Type: Text, Width: Wide, Sheet: SystemsSheet, SheetWidth: 28,
		Expect: lang.T("tên hệ thống theo cách đơn vị gọi", "the name the unit uses"),
		Field:  func(e *Element) any { return &e.Name }},
	{Key: "function_code", Label: lang.T("Mã chức năng", "Function"), Type: Word, Vocab: functionVocab, Sheet: SystemsSheet, SheetWidth: 12,
		Expect: lang.T("mã chức năng, ví dụ KTTTHC, QLVBDH, LGSP, CONG_DVC", "a function code such as KTTTHC, QLVBDH, LGSP, CONG_DVC"),
		Field:  func(e *Element) any { return &e.FunctionCode }},
	{Key: "owner", Label: lang.T("Chủ quản", "Owner"), Type: Text, Amendable: true, Width: Wide, Sheet: SystemsSheet, SheetWidth: 20,
		Expect: lang.T("cơ quan chủ quản", "the owning agency"),
		Field:  func(e *Element) any { return &e.Owner }},
	{Key: "operator", Label: lang.T("Đơn vị vận hành", "Operator"), Type: Text, Amendable: true, Width: Wide, Sheet: SystemsSheet, SheetWidth: 18,
		Expect: lang.T("đơn vị vận hành", "the operating unit"),
		Field:  func(e *Element) any { return &e.Operator }},
	{Key: "vendor", Label: lang.T("Nhà cung cấp", "Vendor"), Type: Text, Sheet: SystemsSheet, SheetWidth: 12,
		Expect: lang.T("nhà cung cấp, đơn vị phát triển", "who made it"),
		Field:  func(e *Element) any { return &e.Vendor }},
	{Key: "product", Label: lang.T("Sản phẩm", "Product"), Type: Text, Sheet: SystemsSheet, SheetWidth: 14,
		Expect: lang.T("tên sản phẩm", "the product name"),
		Field:  func(e *Element) any { return &e.Product }},
	{Key: "version", Label: lang.T("Phiên bản", "Version"), Type: Text, Sheet: SystemsSheet, SheetWidth: 8,
		Expect: lang.T("phiên bản", "the version"),
		Field:  func(e *Element) any { return &e.Version }},
	{Key: "hosting", Label: lang.T("Hình thức triển khai", "Hosting"), Short: "Triển khai", Type: Word, Vocab: hostingVocab, Sheet: SystemsSheet, SheetWidth: 12,
		Expect: lang.T("on_prem, provincial_dc, cloud, national hoặc saas", "on_prem, provincial_dc, cloud, national or saas"),
		Field:  func(e *Element) any { return &e.Hosting }},
	{Key: "hosted_on", Label: lang.T("Máy chủ/TTDL", "Hosted on"), Type: Code,
		Expect: lang.T("mã phần tử máy chủ hoặc trung tâm dữ liệu (cùng đơn vị) hoặc mã_đơn_vị/mã_phần_tử", "the id of the host or data-centre element"),
		Field:  func(e *Element) any { return &e.HostedOn }},
	{Key: "security_level", Label: lang.T("Cấp độ ATTT", "Security level"), Type: Level, Amendable: true, Sheet: SystemsSheet, SheetWidth: 7,
		Expect: lang.T("cấp độ từ 1 đến 5 (Nghị định 85/2016/NĐ-CP)", "a level from 1 to 5 (Decree 85/2016/NĐ-CP)"),
		Field:  func(e *Element) any { return &e.SecurityLevel }},
	{Key: "security_decision", Label: lang.T("Quyết định phê duyệt cấp độ", "Security decision"), Short: "Quyết định cấp độ", Type: Text, Amendable: true, Width: Wide, Sheet: SystemsSheet, SheetWidth: 16,
		Expect: lang.T("số quyết định phê duyệt cấp độ", "the decision approving the level"),
		Field:  func(e *Element) any { return &e.SecurityDecision }},
	{Key: "status", Label: lang.T("Trạng thái", "Status"), Type: Word, Vocab: statusVocab, Amendable: true, Width: Narrow, Sheet: SystemsSheet, SheetWidth: 11,
		Expect: lang.T("active, building, planned, retiring hoặc retired", "active, building, planned, retiring or retired"),
		Field:  func(e *Element) any { return &e.Status }},
	{Key: "record_type", Label: lang.T("Loại bản ghi", "Record type"), Type: Word, Vocab: recordVocab,
		Expect: lang.T("original (bản gốc) hoặc reference (tham chiếu nền tảng quốc gia hay hệ thống của đơn vị khác)", "original, or reference for a national platform or another unit's system"),
		Field:  func(e *Element) any { return &e.RecordType }},
	{Key: "users", Label: lang.T("Số người dùng", "Users"), Type: Integer, Amendable: true, Sheet: SystemsSheet, SheetWidth: 9,
		Expect: lang.T("số nguyên", "a whole number"),
		Field:  func(e *Element) any { return &e.Users }},
	{Key: "annual_cost", Label: lang.T("Chi phí hằng năm (VNĐ)", "Annual cost (VND)"), Type: Integer, Sheet: SystemsSheet, SheetWidth: 13,
		Expect: lang.T("số nguyên, đơn vị đồng", "a whole number of đồng"),
		Field:  func(e *Element) any { return &e.AnnualCost }},
	{Key: "contract_end", Label: lang.T("Ngày hết hạn hợp đồng", "Contract end"), Short: "Hết hạn hợp đồng", Type: Date, Amendable: true, Sheet: SystemsSheet, SheetWidth: 10,
		Expect: lang.T("ngày, dạng yyyy-mm-dd hoặc dd/mm/yyyy", "a date, yyyy-mm-dd or dd/mm/yyyy"),
		Field:  func(e *Element) any { return &e.ContractEnd }},
	{Key: "contract_holder", Label: lang.T("Đơn vị ký hợp đồng", "Contract holder"), Type: Text, Width: Wide,
		Expect: lang.T("cơ quan ký hợp đồng", "the agency holding the contract"),
		Field:  func(e *Element) any { return &e.ContractHolder }},
	{Key: "personal_data", Label: lang.T("Dữ liệu cá nhân", "Personal data"), Type: Flag, Amendable: true, Sheet: SystemsSheet, SheetWidth: 8,
		Expect: lang.T("có/không (yes/no)", "yes/no (có/không)"),
		Field:  func(e *Element) any { return &e.PersonalData }},
	{Key: "admin_code_fields", Label: lang.T("Trường mã ĐVHC", "Unit-code fields"), Type: Text, Sheet: DataSheet, SheetWidth: 20,
		Expect: lang.T("tên các cột chứa mã đơn vị hành chính", "the columns holding unit codes"),
		Field:  func(e *Element) any { return &e.AdminCodeFields }},
	{Key: "code_vintage", Label: lang.T("Phiên bản mã ĐVHC", "Code vintage"), Short: "Phiên bản mã", Type: Word, Vocab: vintageVocab, Sheet: DataSheet, SheetWidth: 10,
		Expect: lang.T("pre2025, post2025 hoặc mixed", "pre2025, post2025 or mixed"),
		Field:  func(e *Element) any { return &e.CodeVintage }},
	{Key: "has_district_level", Label: lang.T("Có cấp huyện", "District level"), Type: Flag, Sheet: DataSheet, SheetWidth: 9,
		Expect: lang.T("có/không (yes/no)", "yes/no (có/không)"),
		Field:  func(e *Element) any { return &e.HasDistrictLevel }},
	{Key: "address_fields", Label: lang.T("Trường địa chỉ", "Address fields"), Type: Text, Sheet: DataSheet, SheetWidth: 18,
		Expect: lang.T("tên các cột chứa địa chỉ dạng văn bản", "the columns holding free-text addresses"),
		Field:  func(e *Element) any { return &e.AddressFields }},
	{Key: "records", Label: lang.T("Số bản ghi", "Records"), Type: Integer, Sheet: DataSheet, SheetWidth: 12,
		Expect: lang.T("số nguyên", "a whole number"),
		Field:  func(e *Element) any { return &e.Records }},
	{Key: "description", Label: lang.T("Mô tả", "Description"), Type: Text, Width: Wide,
		Expect: lang.T("văn bản tự do", "free text"),
		Field:  func(e *Element) any { return &e.Description }},
}

// RelationColumns are the columns of the relations sheet, in template order.
var RelationColumns = []Column{
	{Key: "from", Label: lang.T("Từ", "From"), Required: true, Type: Code,
		Expect: lang.T("mã phần tử trong cùng tệp, hoặc mã_đơn_vị/mã_phần_tử", "an id in the same file, or unit_code/id"),
		Rel:    func(r *Relation) *string { return &r.From }},
	{Key: "to", Label: lang.T("Đến", "To"), Required: true, Type: Code,
		Expect: lang.T("mã phần tử trong cùng tệp, hoặc mã_đơn_vị/mã_phần_tử", "an id in the same file, or unit_code/id"),
		Rel:    func(r *Relation) *string { return &r.To }},
	{Key: "kind", Label: lang.T("Loại quan hệ", "Relation kind"), Required: true, Type: Word, Vocab: relKindVocab, Width: Narrow,
		Expect: lang.T("integrates, hosted_on hoặc uses", "integrates, hosted_on or uses"),
		Rel:    func(r *Relation) *string { return &r.Kind }},
	{Key: "via", Label: lang.T("Qua", "Via"), Type: Word, Vocab: viaVocab,
		Expect: lang.T("lgsp, ndxp, ndop, direct, tslcd hoặc internet", "lgsp, ndxp, ndop, direct, tslcd or internet"),
		Rel:    func(r *Relation) *string { return &r.Via }},
	{Key: "description", Label: lang.T("Mô tả", "Description"), Type: Text, Width: Wide,
		Expect: lang.T("văn bản tự do", "free text"),
		Rel:    func(r *Relation) *string { return &r.Description }},
}

// Heading returns the column's label in a workbook, in Vietnamese (Short
// when set) or, with en, in English.
func (c *Column) Heading(en bool) string {
	switch {
	case en:
		return c.Label.EN
	case c.Short != "":
		return c.Short
	}
	return c.Label.VI
}

// Cell returns the column's value in an element as the writers render it
// in text: "" for a blank, whole numbers in plain digits, yes/no as "yes"
// or "no" (see the package's writer conventions for when "no" is written).
func (c *Column) Cell(e *Element) string {
	switch p := c.Field(e).(type) {
	case *string:
		return *p
	case *int64:
		return wrItoa(*p)
	case *int:
		return wrItoa(int64(*p))
	case *bool:
		return wrYesNo(e, *p)
	}
	return ""
}

// Number reports whether the column holds a whole number (Level or
// Integer): written as a number in XLSX and JSON.
func (c *Column) Number() bool { return c.Type == Level || c.Type == Integer }

// KeyColumns returns the element columns of the key in key order (the
// unit code, then the id), and the other columns in template order: the
// order in which the plan's fingerprint and the workspace's fingerprint
// read an element.
func KeyColumns() (key, rest []*Column) {
	for i := range ElementColumns {
		if c := &ElementColumns[i]; c.KeyPart == 0 {
			rest = append(rest, c)
		}
	}
	for part := KeyUnit; part <= KeyID; part++ {
		for i := range ElementColumns {
			if c := &ElementColumns[i]; c.KeyPart == part {
				key = append(key, c)
			}
		}
	}
	return key, rest
}
