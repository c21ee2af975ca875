package inventory

// expectVI holds the Vietnamese form of each column's Expect, by sheet and
// key, for messages and the template's notes.
var expectVI = map[string]string{
	"id":                 "mã định danh, không trùng trong cùng một đơn vị, không chứa dấu /",
	"unit_code":          "mã đơn vị hành chính cũ: tỉnh 2 chữ số, huyện 3 chữ số, xã 5 chữ số",
	"kind":               "application, portal, platform, dataset, catalogue, host, datacentre, network, security, service hoặc api",
	"name":               "tên hệ thống theo cách đơn vị gọi",
	"function_code":      "mã chức năng, ví dụ KTTTHC, QLVBDH, LGSP, CONG_DVC",
	"owner":              "cơ quan chủ quản",
	"operator":           "đơn vị vận hành",
	"vendor":             "nhà cung cấp, đơn vị phát triển",
	"product":            "tên sản phẩm",
	"version":            "phiên bản",
	"hosting":            "on_prem, provincial_dc, cloud, national hoặc saas",
	"hosted_on":          "mã phần tử máy chủ hoặc trung tâm dữ liệu (cùng đơn vị) hoặc mã_đơn_vị/mã_phần_tử",
	"security_level":     "cấp độ từ 1 đến 5 (Nghị định 85/2016/NĐ-CP)",
	"security_decision":  "số quyết định phê duyệt cấp độ",
	"status":             "active, building, planned, retiring hoặc retired",
	"record_type":        "original (bản gốc) hoặc reference (tham chiếu nền tảng quốc gia hay hệ thống của đơn vị khác)",
	"users":              "số nguyên",
	"annual_cost":        "số nguyên, đơn vị đồng",
	"contract_end":       "ngày, dạng yyyy-mm-dd hoặc dd/mm/yyyy",
	"contract_holder":    "cơ quan ký hợp đồng",
	"personal_data":      "có/không (yes/no)",
	"admin_code_fields":  "tên các cột chứa mã đơn vị hành chính",
	"code_vintage":       "pre2025, post2025 hoặc mixed",
	"has_district_level": "có/không (yes/no)",
	"address_fields":     "tên các cột chứa địa chỉ dạng văn bản",
	"records":            "số nguyên",
	"description":        "văn bản tự do",
	"from":               "mã phần tử trong cùng tệp, hoặc mã_đơn_vị/mã_phần_tử",
	"to":                 "mã phần tử trong cùng tệp, hoặc mã_đơn_vị/mã_phần_tử",
	"rel.kind":           "integrates, hosted_on hoặc uses",
	"via":                "lgsp, ndxp, ndop, direct, tslcd hoặc internet",
}

// ExpectVI returns what the column expects, in Vietnamese (Expect in
// English when no translation is known).
func (c Column) ExpectVI() string {
	key := c.Key
	if c.Key == "kind" && c.Label == "Loại quan hệ" {
		key = "rel.kind"
	}
	if s, ok := expectVI[key]; ok {
		return s
	}
	return c.Expect
}
