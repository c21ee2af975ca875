package inventory

import (
	"strings"

	"github.com/ndta-vn/archmerge/mapping"
)

// Kind is what an element is.
type Kind string

// Element kinds (SPEC, "Inventories").
const (
	Application Kind = "application"
	Portal      Kind = "portal"
	Platform    Kind = "platform"
	Dataset     Kind = "dataset"
	Catalogue   Kind = "catalogue"
	Host        Kind = "host"
	Datacentre  Kind = "datacentre"
	Network     Kind = "network"
	Security    Kind = "security"
	Service     Kind = "service"
	API         Kind = "api"
)

// Kinds lists every element kind, in the order of the template's drop-down.
var Kinds = []Kind{Application, Portal, Platform, Dataset, Catalogue, Host, Datacentre, Network, Security, Service, API}

// Layer returns the layer of the national digital architecture framework
// (Decision 3090/QĐ-BKHCN) an element of this kind belongs to: 1 shared
// infrastructure and security, 2 data and core platforms, 3 shared
// applications, 4 interaction channels.
func (k Kind) Layer() int {
	switch k {
	case Host, Datacentre, Network, Security:
		return 1
	case Platform, Dataset, Catalogue, API:
		return 2
	case Application, Service:
		return 3
	case Portal:
		return 4
	}
	return 0
}

// Known function codes (unknown ones are allowed, with a warning).
var FunctionCodes = []string{"KTTTHC", "QLVBDH", "HOP_TT", "BAO_CAO", "LGSP", "CONG_DVC", "CONG_TTDT", "EMAIL", "IOC", "SSO", "KHO_DL", "SOC", "DC", "TSLCD", "HO_TICH", "DAT_DAI", "DKKD", "Y_TE", "GIAO_DUC", "LAO_DONG", "TAI_CHINH", "TAI_NGUYEN", "GIAO_THONG", "XAY_DUNG", "NONG_NGHIEP", "VAN_HOA", "DAN_CU", "CAN_BO", "THANH_TRA", "KHAC"}

// OncePerUnit lists the functions a unit should have once (Notice
// 318/TB-VPCP): two live elements with one of these in a new unit are
// duplicates.
var OncePerUnit = map[string]bool{"KTTTHC": true, "QLVBDH": true, "HOP_TT": true, "BAO_CAO": true, "LGSP": true,
	"CONG_DVC": true, "CONG_TTDT": true, "EMAIL": true, "IOC": true, "SSO": true, "KHO_DL": true, "SOC": true, "DC": true}

// Statuses, hostings, record types, relation kinds and vias.
var (
	Statuses     = []string{"active", "building", "planned", "retiring", "retired"}
	Hostings     = []string{"on_prem", "provincial_dc", "cloud", "national", "saas"}
	RecordTypes  = []string{"original", "reference"}
	CodeVintages = []string{"pre2025", "post2025", "mixed"}
	RelKinds     = []string{"integrates", "hosted_on", "uses"}
	Vias         = []string{"lgsp", "ndxp", "ndop", "direct", "tslcd", "internet"}
)

// Element is one row of an inventory's elements sheet. Empty strings and
// zero numbers mean the cell was blank.
type Element struct {
	Unit             string            `json:"unit_code"`
	ID               string            `json:"id"`
	Kind             Kind              `json:"kind"`
	Name             string            `json:"name"`
	FunctionCode     string            `json:"function_code,omitempty"`
	Owner            string            `json:"owner,omitempty"`
	Operator         string            `json:"operator,omitempty"`
	Vendor           string            `json:"vendor,omitempty"`
	Product          string            `json:"product,omitempty"`
	Version          string            `json:"version,omitempty"`
	Hosting          string            `json:"hosting,omitempty"`
	HostedOn         string            `json:"hosted_on,omitempty"` // as written: an id in the same unit, or unit_code/id
	SecurityLevel    int               `json:"security_level,omitempty"`
	SecurityDecision string            `json:"security_decision,omitempty"`
	Status           string            `json:"status,omitempty"`
	RecordType       string            `json:"record_type,omitempty"`
	Users            int64             `json:"users,omitempty"`
	AnnualCost       int64             `json:"annual_cost,omitempty"`
	ContractEnd      string            `json:"contract_end,omitempty"` // ISO yyyy-mm-dd
	ContractHolder   string            `json:"contract_holder,omitempty"`
	PersonalData     bool              `json:"personal_data,omitempty"`
	AdminCodeFields  string            `json:"admin_code_fields,omitempty"`
	CodeVintage      string            `json:"code_vintage,omitempty"`
	HasDistrictLevel bool              `json:"has_district_level,omitempty"`
	AddressFields    string            `json:"address_fields,omitempty"`
	Records          int64             `json:"records,omitempty"`
	Description      string            `json:"description,omitempty"`
	Extra            map[string]string `json:"extra,omitempty"` // unknown columns, by header as written
	Source           Source            `json:"-"`
}

// Key returns the element's key, "unit_code/id".
func (e *Element) Key() string { return e.Unit + "/" + e.ID }

// Live reports whether the element is in use or about to be (not retiring
// or retired).
func (e *Element) Live() bool { return e.Status != "retired" && e.Status != "retiring" }

// IsReference reports whether the row refers to a national platform or
// another unit's system rather than declaring an original.
func (e *Element) IsReference() bool { return e.RecordType == "reference" }

// Relation is one row of an inventory's relations sheet. From and To hold
// resolved keys ("unit_code/id") when they resolve, else the text as written;
// Resolved says which.
type Relation struct {
	Owner       string `json:"owner_unit"` // the unit whose inventory declares it (the from element's unit)
	From        string `json:"from"`
	To          string `json:"to"`
	Kind        string `json:"kind"`
	Via         string `json:"via,omitempty"`
	Description string `json:"description,omitempty"`
	FromOK      bool   `json:"-"` // From resolved to a declared element
	ToOK        bool   `json:"-"` // To resolved to a declared element
	Source      Source `json:"-"`
}

// Source is where a row came from: its file, sheet and line, the file's
// SHA-256, and when it was imported.
type Source struct {
	mapping.Pos
	SHA256     string `json:"sha256,omitempty"`
	ImportedAt string `json:"imported_at,omitempty"` // RFC 3339, UTC
}

// SplitKey splits "unit_code/id" at the first slash.
func SplitKey(key string) (unit, id string, ok bool) {
	unit, id, ok = strings.Cut(key, "/")
	return
}

// Inventory is what one or many files declare: elements and relations, in
// input order.
type Inventory struct {
	Elements  []Element
	Relations []Relation
}
