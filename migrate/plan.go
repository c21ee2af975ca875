package migrate

import (
	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
)

// Treatment is one of the six treatment options of provincial architecture
// plans ("phương án xử lý").
type Treatment string

// Treatments, with their Vietnamese names in TreatmentVI.
const (
	Continue Treatment = "continue" // tiếp tục sử dụng
	Connect  Treatment = "connect"  // chuẩn hoá, kết nối
	Upgrade  Treatment = "upgrade"  // nâng cấp, mở rộng
	Merge    Treatment = "merge"    // hợp nhất vào phần tử khác
	Retire   Treatment = "retire"   // thay thế, dừng sử dụng
	Add      Treatment = "add"      // đầu tư mới
)

// Treatments lists the six options in the order of the workbook drop-down.
var Treatments = []Treatment{Continue, Connect, Upgrade, Merge, Retire, Add}

// TreatmentVI gives each treatment's Vietnamese label, as the workbook
// drop-down shows it.
var TreatmentVI = map[Treatment]string{
	Continue: "Tiếp tục sử dụng",
	Connect:  "Chuẩn hoá, kết nối",
	Upgrade:  "Nâng cấp, mở rộng",
	Merge:    "Hợp nhất",
	Retire:   "Dừng sử dụng",
	Add:      "Đầu tư mới",
}

// Severity ranks a flag.
type Severity string

// Severities, most urgent first.
const (
	Blocker Severity = "blocker"
	High    Severity = "high"
	Medium  Severity = "medium"
	Info    Severity = "info"
)

// Severities lists the severities, most urgent first.
var Severities = []Severity{Blocker, High, Medium, Info}

// Decision is what a person decided about one element, as recorded from a
// reconciliation workbook. The latest decision per element is in force.
type Decision struct {
	Key       string    `json:"key"`                  // element key, unit_code/id
	Treatment Treatment `json:"treatment,omitempty"`  // empty when only a new unit/owner/note is given
	MergeInto string    `json:"merge_into,omitempty"` // element key, for Merge
	NewUnit   string    `json:"new_unit,omitempty"`   // new-vintage unit code
	NewOwner  string    `json:"new_owner,omitempty"`
	Note      string    `json:"note,omitempty"`
	By        string    `json:"by,omitempty"`
	At        string    `json:"at,omitempty"`     // RFC 3339 UTC
	File      string    `json:"file,omitempty"`   // the workbook it came from
	SHA256    string    `json:"sha256,omitempty"` // of that workbook
}

// Input is everything the engine plans from. The engine does not modify it.
type Input struct {
	Mapping   *mapping.Mapping
	Elements  []inventory.Element
	Relations []inventory.Relation
	Decisions []Decision
	// AsOf is the plan date, yyyy-mm-dd; date-dependent rules use it.
	AsOf string
	// Provinces restricts the plan to these new provinces; empty means
	// every new province that received at least one element.
	Provinces []string
	// Progress, when set, hears how planning advances. It is not part of
	// the plan's inputs and does not change the plan.
	Progress Progress `json:"-"`
	// Digest, when set, is DigestOf this very input, made before to take
	// its fingerprints: Build uses it rather than digest the input again.
	// Like Progress, it is not part of the plan's inputs.
	Digest *Digest `json:"-"`
}

// Plan is the consolidated architecture of one or more new provinces: where
// each element goes, which are the same thing, what to do with each, and
// every point a person must decide. Every slice is sorted, so that the same
// input gives the same plan, byte for byte, in JSON.
type Plan struct {
	ID          string            `json:"plan_id"`
	AsOf        string            `json:"as_of"`
	Fingerprint string            `json:"fingerprint"` // of the inputs
	Mapping     string            `json:"mapping"`
	Provinces   []ProvinceSummary `json:"provinces"`
	Elements    []PlannedElement  `json:"elements"`
	Clusters    []Cluster         `json:"clusters"`
	Relations   []PlannedRelation `json:"relations"`
	Flags       []Flag            `json:"flags"`
	// Contradictions are the merge decisions in force that cannot hold
	// together (see Contradictions): recorded by an earlier version, they
	// need deciding again. Empty in a plan whose decisions agree.
	Contradictions []Contradiction `json:"contradictions,omitempty"`
}

// ProvinceSummary counts one new province's plan.
type ProvinceSummary struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Fingerprint string `json:"fingerprint"` // of its group's inputs: what its workbook depends on
	// Group lists the provinces planned together with it (itself
	// included), because something links their elements (see Partition).
	Group          []string         `json:"group"`
	Predecessors   []string         `json:"predecessors"` // old province codes
	ElementsBefore int              `json:"elements_before"`
	ElementsAfter  int              `json:"elements_after"` // not recommended (or decided) to merge or retire
	Clusters       int              `json:"clusters"`
	Flags          map[Severity]int `json:"flags"`    // open flags by severity
	Resolved       map[Severity]int `json:"resolved"` // resolved flags by severity
	Decisions      int              `json:"decisions"`
	RetireCost     int64            `json:"retire_cost"`    // annual cost of elements recommended for retirement or merge
	DatasetsRekey  int              `json:"datasets_rekey"` // datasets to re-key
	MissingUnits   []string         `json:"missing_units,omitempty"`
	// OpenByCode counts the open flags by code (codes with none open are
	// left out), so that what holds the provinces back can be compared
	// from the summaries alone, without their plans.
	OpenByCode map[string]int `json:"open_by_code,omitempty"`
	// ByLayer counts the elements before and after consolidation by layer
	// of the national digital architecture framework (inventory.Kind.Layer),
	// by the rules of ElementsBefore and ElementsAfter: layers 1 to 4, then
	// 0 (a kind of no layer) when it has any.
	ByLayer []LayerCount `json:"by_layer,omitempty"`
}

// LayerCount is the number of elements of one framework layer (Decision
// 3090/QĐ-BKHCN: 1 shared infrastructure and security, 2 data and core
// platforms, 3 shared applications, 4 interaction channels; 0 none).
type LayerCount struct {
	Layer  int `json:"layer"`
	Before int `json:"before"`
	After  int `json:"after"`
}

// PlannedElement is one element's place in the plan.
type PlannedElement struct {
	Key          string `json:"key"`
	Kind         string `json:"kind"`
	Name         string `json:"name"`
	FunctionCode string `json:"function_code,omitempty"`
	OldUnit      string `json:"old_unit"`     // old-vintage code
	OldLevel     string `json:"old_level"`    // province, district or commune
	NewUnit      string `json:"new_unit"`     // new-vintage code
	NewProvince  string `json:"new_province"` // new-vintage code
	// Candidates are the new units a decision may give the element, as the
	// engine accepts them: the new province for a province's element; the
	// new province and the communes that took an abolished district's
	// territory; a commune's successors; and, for an original owned or
	// operated by a district body, the new province and that district's
	// communes.
	Candidates []string  `json:"candidates"`
	Cluster    string    `json:"cluster"` // "" when the element has no duplicate
	Treatment  Treatment `json:"treatment"`
	MergeInto  string    `json:"merge_into,omitempty"`
	// Recommendation starts with the treatment, e.g. "merge into 02/KTTTHC".
	Recommendation lang.Text          `json:"recommendation"`
	Reasons        []lang.Text        `json:"reasons"`
	Decision       *Decision          `json:"decision,omitempty"` // the decision in force, if any
	Element        *inventory.Element `json:"-"`                  // the element as imported
}

// Cluster is a set of elements in one new unit that are the same thing.
type Cluster struct {
	ID          string    `json:"id"` // e.g. "08/C0001"
	NewUnit     string    `json:"new_unit"`
	Basis       []string  `json:"basis"`   // function, product, name
	Members     []string  `json:"members"` // element keys, survivor first
	Survivor    string    `json:"survivor"`
	Scores      []Score   `json:"scores"`
	Explanation lang.Text `json:"explanation"`
}

// Score is one member's survivor score, with its parts.
type Score struct {
	Key   string         `json:"key"`
	Total int            `json:"total"`
	Parts map[string]int `json:"parts"`
}

// PlannedRelation is a relation before and after consolidation.
type PlannedRelation struct {
	From     string `json:"from"`
	To       string `json:"to"`
	NewFrom  string `json:"new_from"` // the survivor the endpoint is re-pointed to
	NewTo    string `json:"new_to"`
	Kind     string `json:"kind"`
	Via      string `json:"via,omitempty"`
	Dangling bool   `json:"dangling,omitempty"`
	Internal bool   `json:"internal,omitempty"` // between two old units that are now one
	// Collapsed marks a relation whose two ends are one element after
	// consolidation (A→A: one end merges into the other, or both into one
	// survivor): it ends with the merge, raises no flag, and is neither
	// internal nor re-pointed.
	Collapsed bool `json:"collapsed,omitempty"`
}

// Flag is a point that needs a human decision.
type Flag struct {
	ID         string    `json:"id"` // stable across plans: code and element keys
	Code       string    `json:"code"`
	Severity   Severity  `json:"severity"`
	NewUnit    string    `json:"new_unit"`
	Province   string    `json:"province"`
	Elements   []string  `json:"elements"`
	Message    lang.Text `json:"message"`
	Action     lang.Text `json:"action"`
	LegalBasis string    `json:"legal_basis,omitempty"`
	// Units lists old-vintage unit codes the flag is about when no element
	// is (MISSING_INVENTORY: the silent predecessors).
	Units []string `json:"units,omitempty"`
	// Candidates lists the new-vintage units a person may choose from
	// (SPLIT_ALLOCATION: the successors; ORPHAN_DISTRICT: the communes that
	// took the district's territory).
	Candidates []string `json:"candidates,omitempty"`
	Resolved   bool     `json:"resolved"`
	ResolvedBy []string `json:"resolved_by,omitempty"` // keys of the deciding elements
}
