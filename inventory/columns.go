package inventory

// Column is one column of an inventory sheet: its English key, its
// Vietnamese label in the template, whether a value is required, and what it
// expects (for messages and the template's notes).
type Column struct {
	Key      string
	Label    string
	Required bool
	Expect   string
}

// ElementColumns are the columns of the elements sheet, in template order.
var ElementColumns = []Column{
	{"id", "Mã phần tử", true, "an identifier unique within its unit"},
	{"unit_code", "Mã đơn vị", true, "the old unit's code: 2-digit province, 3-digit district, 5-digit commune"},
	{"kind", "Loại", true, "application, portal, platform, dataset, catalogue, host, datacentre, network, security, service or api"},
	{"name", "Tên", true, "the name the unit uses"},
	{"function_code", "Mã chức năng", false, "a function code such as KTTTHC, QLVBDH, LGSP, CONG_DVC"},
	{"owner", "Chủ quản", false, "the owning agency"},
	{"operator", "Đơn vị vận hành", false, "the operating unit"},
	{"vendor", "Nhà cung cấp", false, "who made it"},
	{"product", "Sản phẩm", false, "the product name"},
	{"version", "Phiên bản", false, "the version"},
	{"hosting", "Hình thức triển khai", false, "on_prem, provincial_dc, cloud, national or saas"},
	{"hosted_on", "Máy chủ/TTDL", false, "the id of the host or data-centre element"},
	{"security_level", "Cấp độ ATTT", false, "a level from 1 to 5 (Decree 85/2016/NĐ-CP)"},
	{"security_decision", "Quyết định phê duyệt cấp độ", false, "the decision approving the level"},
	{"status", "Trạng thái", false, "active, building, planned, retiring or retired"},
	{"record_type", "Loại bản ghi", false, "original, or reference for a national platform or another unit's system"},
	{"users", "Số người dùng", false, "a whole number"},
	{"annual_cost", "Chi phí hằng năm (VNĐ)", false, "a whole number of đồng"},
	{"contract_end", "Ngày hết hạn hợp đồng", false, "a date, yyyy-mm-dd or dd/mm/yyyy"},
	{"contract_holder", "Đơn vị ký hợp đồng", false, "the agency holding the contract"},
	{"personal_data", "Dữ liệu cá nhân", false, "yes/no (có/không)"},
	{"admin_code_fields", "Trường mã ĐVHC", false, "the columns holding unit codes"},
	{"code_vintage", "Phiên bản mã ĐVHC", false, "pre2025, post2025 or mixed"},
	{"has_district_level", "Có cấp huyện", false, "yes/no (có/không)"},
	{"address_fields", "Trường địa chỉ", false, "the columns holding free-text addresses"},
	{"records", "Số bản ghi", false, "a whole number"},
	{"description", "Mô tả", false, "free text"},
}

// RelationColumns are the columns of the relations sheet, in template order.
var RelationColumns = []Column{
	{"from", "Từ", true, "an id in the same file, or unit_code/id"},
	{"to", "Đến", true, "an id in the same file, or unit_code/id"},
	{"kind", "Loại quan hệ", true, "integrates, hosted_on or uses"},
	{"via", "Qua", false, "lgsp, ndxp, ndop, direct, tslcd or internet"},
	{"description", "Mô tả", false, "free text"},
}
