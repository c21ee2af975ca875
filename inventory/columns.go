package inventory

import "fmt"

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
	// Label is the Vietnamese header of the template, which the readers
	// accept too; LabelEN is the English label, for English workbooks.
	Label, LabelEN string
	// Short is the Vietnamese label of the workbook's narrow column when
	// Label is too long for it; "" means Label.
	Short string
	// Required means a row without a value is refused.
	Required bool
	// Expect says what a value must be, in English and in Vietnamese, for
	// the readers' messages and the template's notes.
	Expect, ExpectVI string
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
	{Key: "id", Label: "Mã phần tử", LabelEN: "Id", Required: true, Type: Code, KeyPart: KeyID, Width: Narrow,
		Expect: "an identifier unique within its unit", ExpectVI: "mã định danh, không trùng trong cùng một đơn vị, không chứa dấu /",
		Field: func(e *Element) any { return &e.ID }},
	{Key: "unit_code", Label: "Mã đơn vị", LabelEN: "Unit code", Required: true, Type: Code, KeyPart: KeyUnit, Width: Narrow,
		Expect: "the old unit's code: 2-digit province, 3-digit district, 5-digit commune", ExpectVI: "mã đơn vị hành chính cũ: tỉnh 2 chữ số, huyện 3 chữ số, xã 5 chữ số",
		Field: func(e *Element) any { return &e.Unit }},
	{Key: "kind", Label: "Loại", LabelEN: "Kind", Required: true, Type: Word, Vocab: kindVocab, Width: Narrow, Sheet: SystemsSheet, SheetWidth: 11,
		Expect: "application, portal, platform, dataset, catalogue, host, datacentre, network, security, service or api", ExpectVI: "application, portal, platform, dataset, catalogue, host, datacentre, network, security, service hoặc api",
		Field: func(e *Element) any { return (*string)(&e.Kind) }},
	{Key: "name", Label: "Tên", LabelEN: "Name", Required: true, Type: Text, Width: Wide, Sheet: SystemsSheet, SheetWidth: 28,
		Expect: "the name the unit uses", ExpectVI: "tên hệ thống theo cách đơn vị gọi",
		Field: func(e *Element) any { return &e.Name }},
	{Key: "function_code", Label: "Mã chức năng", LabelEN: "Function", Type: Word, Vocab: functionVocab, Sheet: SystemsSheet, SheetWidth: 12,
		Expect: "a function code such as KTTTHC, QLVBDH, LGSP, CONG_DVC", ExpectVI: "mã chức năng, ví dụ KTTTHC, QLVBDH, LGSP, CONG_DVC",
		Field: func(e *Element) any { return &e.FunctionCode }},
	{Key: "owner", Label: "Chủ quản", LabelEN: "Owner", Type: Text, Amendable: true, Width: Wide, Sheet: SystemsSheet, SheetWidth: 20,
		Expect: "the owning agency", ExpectVI: "cơ quan chủ quản",
		Field: func(e *Element) any { return &e.Owner }},
	{Key: "operator", Label: "Đơn vị vận hành", LabelEN: "Operator", Type: Text, Amendable: true, Width: Wide, Sheet: SystemsSheet, SheetWidth: 18,
		Expect: "the operating unit", ExpectVI: "đơn vị vận hành",
		Field: func(e *Element) any { return &e.Operator }},
	{Key: "vendor", Label: "Nhà cung cấp", LabelEN: "Vendor", Type: Text, Sheet: SystemsSheet, SheetWidth: 12,
		Expect: "who made it", ExpectVI: "nhà cung cấp, đơn vị phát triển",
		Field: func(e *Element) any { return &e.Vendor }},
	{Key: "product", Label: "Sản phẩm", LabelEN: "Product", Type: Text, Sheet: SystemsSheet, SheetWidth: 14,
		Expect: "the product name", ExpectVI: "tên sản phẩm",
		Field: func(e *Element) any { return &e.Product }},
	{Key: "version", Label: "Phiên bản", LabelEN: "Version", Type: Text, Sheet: SystemsSheet, SheetWidth: 8,
		Expect: "the version", ExpectVI: "phiên bản",
		Field: func(e *Element) any { return &e.Version }},
	{Key: "hosting", Label: "Hình thức triển khai", LabelEN: "Hosting", Short: "Triển khai", Type: Word, Vocab: hostingVocab, Sheet: SystemsSheet, SheetWidth: 12,
		Expect: "on_prem, provincial_dc, cloud, national or saas", ExpectVI: "on_prem, provincial_dc, cloud, national hoặc saas",
		Field: func(e *Element) any { return &e.Hosting }},
	{Key: "hosted_on", Label: "Máy chủ/TTDL", LabelEN: "Hosted on", Type: Code,
		Expect: "the id of the host or data-centre element", ExpectVI: "mã phần tử máy chủ hoặc trung tâm dữ liệu (cùng đơn vị) hoặc mã_đơn_vị/mã_phần_tử",
		Field: func(e *Element) any { return &e.HostedOn }},
	{Key: "security_level", Label: "Cấp độ ATTT", LabelEN: "Security level", Type: Level, Amendable: true, Sheet: SystemsSheet, SheetWidth: 7,
		Expect: "a level from 1 to 5 (Decree 85/2016/NĐ-CP)", ExpectVI: "cấp độ từ 1 đến 5 (Nghị định 85/2016/NĐ-CP)",
		Field: func(e *Element) any { return &e.SecurityLevel }},
	{Key: "security_decision", Label: "Quyết định phê duyệt cấp độ", LabelEN: "Security decision", Short: "Quyết định cấp độ", Type: Text, Amendable: true, Width: Wide, Sheet: SystemsSheet, SheetWidth: 16,
		Expect: "the decision approving the level", ExpectVI: "số quyết định phê duyệt cấp độ",
		Field: func(e *Element) any { return &e.SecurityDecision }},
	{Key: "status", Label: "Trạng thái", LabelEN: "Status", Type: Word, Vocab: statusVocab, Amendable: true, Width: Narrow, Sheet: SystemsSheet, SheetWidth: 11,
		Expect: "active, building, planned, retiring or retired", ExpectVI: "active, building, planned, retiring hoặc retired",
		Field: func(e *Element) any { return &e.Status }},
	{Key: "record_type", Label: "Loại bản ghi", LabelEN: "Record type", Type: Word, Vocab: recordVocab,
		Expect: "original, or reference for a national platform or another unit's system", ExpectVI: "original (bản gốc) hoặc reference (tham chiếu nền tảng quốc gia hay hệ thống của đơn vị khác)",
		Field: func(e *Element) any { return &e.RecordType }},
	{Key: "users", Label: "Số người dùng", LabelEN: "Users", Type: Integer, Amendable: true, Sheet: SystemsSheet, SheetWidth: 9,
		Expect: "a whole number", ExpectVI: "số nguyên",
		Field: func(e *Element) any { return &e.Users }},
	{Key: "annual_cost", Label: "Chi phí hằng năm (VNĐ)", LabelEN: "Annual cost (VND)", Type: Integer, Sheet: SystemsSheet, SheetWidth: 13,
		Expect: "a whole number of đồng", ExpectVI: "số nguyên, đơn vị đồng",
		Field: func(e *Element) any { return &e.AnnualCost }},
	{Key: "contract_end", Label: "Ngày hết hạn hợp đồng", LabelEN: "Contract end", Short: "Hết hạn hợp đồng", Type: Date, Amendable: true, Sheet: SystemsSheet, SheetWidth: 10,
		Expect: "a date, yyyy-mm-dd or dd/mm/yyyy", ExpectVI: "ngày, dạng yyyy-mm-dd hoặc dd/mm/yyyy",
		Field: func(e *Element) any { return &e.ContractEnd }},
	{Key: "contract_holder", Label: "Đơn vị ký hợp đồng", LabelEN: "Contract holder", Type: Text, Width: Wide,
		Expect: "the agency holding the contract", ExpectVI: "cơ quan ký hợp đồng",
		Field: func(e *Element) any { return &e.ContractHolder }},
	{Key: "personal_data", Label: "Dữ liệu cá nhân", LabelEN: "Personal data", Type: Flag, Amendable: true, Sheet: SystemsSheet, SheetWidth: 8,
		Expect: "yes/no (có/không)", ExpectVI: "có/không (yes/no)",
		Field: func(e *Element) any { return &e.PersonalData }},
	{Key: "admin_code_fields", Label: "Trường mã ĐVHC", LabelEN: "Unit-code fields", Type: Text, Sheet: DataSheet, SheetWidth: 20,
		Expect: "the columns holding unit codes", ExpectVI: "tên các cột chứa mã đơn vị hành chính",
		Field: func(e *Element) any { return &e.AdminCodeFields }},
	{Key: "code_vintage", Label: "Phiên bản mã ĐVHC", LabelEN: "Code vintage", Short: "Phiên bản mã", Type: Word, Vocab: vintageVocab, Sheet: DataSheet, SheetWidth: 10,
		Expect: "pre2025, post2025 or mixed", ExpectVI: "pre2025, post2025 hoặc mixed",
		Field: func(e *Element) any { return &e.CodeVintage }},
	{Key: "has_district_level", Label: "Có cấp huyện", LabelEN: "District level", Type: Flag, Sheet: DataSheet, SheetWidth: 9,
		Expect: "yes/no (có/không)", ExpectVI: "có/không (yes/no)",
		Field: func(e *Element) any { return &e.HasDistrictLevel }},
	{Key: "address_fields", Label: "Trường địa chỉ", LabelEN: "Address fields", Type: Text, Sheet: DataSheet, SheetWidth: 18,
		Expect: "the columns holding free-text addresses", ExpectVI: "tên các cột chứa địa chỉ dạng văn bản",
		Field: func(e *Element) any { return &e.AddressFields }},
	{Key: "records", Label: "Số bản ghi", LabelEN: "Records", Type: Integer, Sheet: DataSheet, SheetWidth: 12,
		Expect: "a whole number", ExpectVI: "số nguyên",
		Field: func(e *Element) any { return &e.Records }},
	{Key: "description", Label: "Mô tả", LabelEN: "Description", Type: Text, Width: Wide,
		Expect: "free text", ExpectVI: "văn bản tự do",
		Field: func(e *Element) any { return &e.Description }},
}

// RelationColumns are the columns of the relations sheet, in template order.
var RelationColumns = []Column{
	{Key: "from", Label: "Từ", LabelEN: "From", Required: true, Type: Code,
		Expect: "an id in the same file, or unit_code/id", ExpectVI: "mã phần tử trong cùng tệp, hoặc mã_đơn_vị/mã_phần_tử",
		Rel: func(r *Relation) *string { return &r.From }},
	{Key: "to", Label: "Đến", LabelEN: "To", Required: true, Type: Code,
		Expect: "an id in the same file, or unit_code/id", ExpectVI: "mã phần tử trong cùng tệp, hoặc mã_đơn_vị/mã_phần_tử",
		Rel: func(r *Relation) *string { return &r.To }},
	{Key: "kind", Label: "Loại quan hệ", LabelEN: "Relation kind", Required: true, Type: Word, Vocab: relKindVocab, Width: Narrow,
		Expect: "integrates, hosted_on or uses", ExpectVI: "integrates, hosted_on hoặc uses",
		Rel: func(r *Relation) *string { return &r.Kind }},
	{Key: "via", Label: "Qua", LabelEN: "Via", Type: Word, Vocab: viaVocab,
		Expect: "lgsp, ndxp, ndop, direct, tslcd or internet", ExpectVI: "lgsp, ndxp, ndop, direct, tslcd hoặc internet",
		Rel: func(r *Relation) *string { return &r.Via }},
	{Key: "description", Label: "Mô tả", LabelEN: "Description", Type: Text, Width: Wide,
		Expect: "free text", ExpectVI: "văn bản tự do",
		Rel: func(r *Relation) *string { return &r.Description }},
}

// Heading returns the column's label in a workbook, in Vietnamese (Short
// when set) or, with en, in English.
func (c *Column) Heading(en bool) string {
	switch {
	case en:
		return c.LabelEN
	case c.Short != "":
		return c.Short
	}
	return c.Label
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
