package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// This file maps the consolidated architecture onto ArchiMate 3.1, once,
// for the two formats that carry it: Archi's CSV import (archi) and the
// Open Group's model exchange format (archimate). Both give every element
// and relation the same identifier, type and properties. docs/export.md
// gives the mapping with its reasons.

// ArchiType is the ArchiMate element type of an element kind, as the
// exchange format and Archi name it.
func ArchiType(k inventory.Kind) string {
	switch k {
	case inventory.Application, inventory.Portal, inventory.Platform:
		return "ApplicationComponent"
	case inventory.Dataset, inventory.Catalogue:
		return "DataObject"
	case inventory.Host:
		return "Node"
	case inventory.Datacentre:
		return "Facility"
	case inventory.Network:
		return "CommunicationNetwork"
	case inventory.Security:
		return "TechnologyService"
	case inventory.Service:
		return "ApplicationService"
	case inventory.API:
		return "ApplicationInterface"
	}
	return "ApplicationComponent"
}

// Relationship is how a relation appears in ArchiMate.
type Relationship struct {
	// Type is the relationship's name in the exchange format (Flow,
	// Serving, Access, Association); Archi's class adds "Relationship".
	Type string
	// Reverse is true when the relationship's source is the relation's to
	// end: what is used or hosts serves what uses it or runs on it; the
	// element that reads a data object accesses it.
	Reverse bool
	// Access is the access type of an Access: Read or Write.
	Access string
	// Directed is true for an Association that has a direction.
	Directed bool
}

// ArchiRelation returns the ArchiMate relationship of a relation of kind
// between elements of types fromType and toType. Only a data object's end
// changes the choice: ArchiMate 3.1 (Appendix B) allows flow and serving
// between any two of the other types used here, and from or towards a data
// object only access (towards it) and association.
//
//   - integrates: a flow from → to; with a data object, the other end
//     accesses it, writing into it (to is the data object) or reading
//     from it (from is); between two data objects, a directed association.
//   - uses: to serves from; a data object used is read (access, read);
//     a data object that uses something is associated with it, directed.
//   - hosted_on: the host serves what runs on it; a data object is
//     associated with its host, directed (ArchiMate places data on a node
//     only through an artifact, which the inventories do not declare).
//   - any other kind: an association without direction.
func ArchiRelation(kind, fromType, toType string) Relationship {
	fromData, toData := fromType == "DataObject", toType == "DataObject"
	switch kind {
	case "integrates":
		switch {
		case fromData && toData:
			return Relationship{Type: "Association", Directed: true}
		case toData:
			return Relationship{Type: "Access", Access: "Write"}
		case fromData:
			return Relationship{Type: "Access", Reverse: true, Access: "Read"}
		}
		return Relationship{Type: "Flow"}
	case "uses":
		switch {
		case fromData:
			return Relationship{Type: "Association", Directed: true}
		case toData:
			return Relationship{Type: "Access", Access: "Read"}
		}
		return Relationship{Type: "Serving", Reverse: true}
	case "hosted_on":
		if fromData || toData {
			return Relationship{Type: "Association", Directed: true}
		}
		return Relationship{Type: "Serving", Reverse: true}
	}
	return Relationship{Type: "Association"}
}

// ArchiID turns a key into an identifier that Archi accepts
// ([a-zA-Z0-9._-]) and that is an XML ID once prefixed by a letter: "/"
// becomes ".", "." becomes "_2e", "_" becomes "__", and any other byte "_"
// and two hex digits, so that distinct keys stay distinct.
func ArchiID(prefix, key string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-':
			b.WriteByte(c)
		case c == '/':
			b.WriteByte('.')
		case c == '.':
			b.WriteString("_2e")
		case c == '_':
			b.WriteString("__")
		default:
			fmt.Fprintf(&b, "_%02x", c)
		}
	}
	return b.String()
}

// ElementID is the identifier of the element of key in both ArchiMate
// formats: it depends on the key alone, so that a re-export updates the
// same element.
func ElementID(key string) string { return ArchiID("e-", key) }

// RelationID is the identifier of a consolidated relation in both
// ArchiMate formats: "r-" and 20 hex digits of the SHA-256 of its from, to,
// kind and via. It depends on what the relation is, not on its position, so
// that a relation keeps its identifier, and its ends, whatever is added or
// removed around it.
func RelationID(r *migrate.ArchRelation) string {
	h := sha256.Sum256([]byte(r.From + "\x00" + r.To + "\x00" + r.Kind + "\x00" + r.Via))
	return "r-" + hex.EncodeToString(h[:10])
}

// amProp is one property of an element, a relation or the model.
type amProp struct{ key, value string }

// amPropDef declares a property: its key (the name tools show, the same
// in every language, as in the CSV and JSON exports), its exchange-format
// data type, and what it holds.
type amPropDef struct {
	key, typ string
	doc      lang.Text
}

// amPropDefs lists every property either format writes, in order.
var amPropDefs = func() []amPropDef {
	defs := []amPropDef{
		{"plan_id", "string", lang.T("Mã phương án hợp nhất", "The consolidation plan's id")},
		{"as_of", "date", lang.T("Ngày của phương án", "The plan's date")},
		{"mapping", "string", lang.T("Bảng chuyển đổi đơn vị hành chính", "The administrative-unit mapping")},
		{"key", "string", lang.T("Khoá phần tử: mã đơn vị cũ/mã phần tử", "The element's key: old unit code/element id")},
		{"new_province", "string", lang.T("Mã tỉnh mới", "The new province's code")},
		{"new_unit", "string", lang.T("Mã đơn vị mới", "The new unit's code")},
		{"new_unit_name", "string", lang.T("Tên đơn vị mới", "The new unit's name")},
		{"cluster", "string", lang.T("Cụm trùng lặp", "The duplicate cluster")},
		{"treatment", "string", lang.T("Phương án xử lý: continue, connect, upgrade hoặc add", "The treatment: continue, connect, upgrade or add")},
		{"decided", "boolean", lang.T("Phương án xử lý đã được quyết định (không chỉ là đề xuất)", "The treatment is a recorded decision, not a recommendation")},
		{"absorbed", "string", lang.T("Các phần tử hợp nhất vào phần tử này (khoá, cách nhau bởi ;)", "The elements merged into this one (keys separated by ;)")},
		{"same_reference", "string", lang.T("Các tham chiếu khác của đơn vị mới tới cùng hệ thống (khoá, cách nhau bởi ;)", "The new unit's other references to the same system (keys separated by ;)")},
	}
	for _, c := range inventory.ElementColumns {
		switch c.Key {
		case "id", "kind", "name", "description":
			continue // the identifier, type, name and documentation
		}
		defs = append(defs, amPropDef{c.Key, columnType(c.Key), lang.T(c.Label.VI+": "+c.Expect.VI, c.Expect.EN)})
	}
	return append(defs,
		amPropDef{"kind", "string", lang.T("Loại quan hệ trong bản kê khai: integrates, uses hoặc hosted_on", "The inventory's relation kind: integrates, uses or hosted_on")},
		amPropDef{"via", "string", lang.T("Kênh kết nối", "The route: lgsp, ndxp, ndop, direct, tslcd or internet")},
		amPropDef{"before", "string", lang.T("Các quan hệ trước hợp nhất mà quan hệ này thay thế (từ>đến, cách nhau bởi ;)", "The relations before consolidation it stands for (from>to, separated by ;)")},
	)
}()

// columnType is the exchange-format data type of an inventory column.
func columnType(key string) string {
	switch key {
	case "security_level", "users", "records":
		return "number"
	case "annual_cost":
		return "currency"
	case "contract_end":
		return "date"
	case "personal_data", "has_district_level":
		return "boolean"
	}
	return "string"
}

// amElement is one element of the ArchiMate model.
type amElement struct {
	id, typ string
	e       *migrate.ArchElement
	props   []amProp
}

// amRelation is one relationship of the ArchiMate model.
type amRelation struct {
	id             string
	rel            Relationship
	source, target string // element ids, after Reverse
	r              *migrate.ArchRelation
	props          []amProp
}

// amModel is the consolidated architecture as ArchiMate: its elements and
// relationships, with identifiers, types and properties.
type amModel struct {
	a         *migrate.Architecture
	elements  []amElement
	relations []amRelation
	byKey     map[string]int // element key → index in elements
}

// newAMModel maps a onto ArchiMate. Two relations with one identifier would
// be one relation to every tool: it refuses them rather than write a model
// that loses one.
func newAMModel(a *migrate.Architecture) (*amModel, error) {
	am := &amModel{a: a, elements: make([]amElement, len(a.Elements)), relations: make([]amRelation, len(a.Relations)),
		byKey: make(map[string]int, len(a.Elements))}
	for i := range a.Elements {
		e := &a.Elements[i]
		am.elements[i] = amElement{id: ElementID(e.Key), typ: ArchiType(e.Kind), e: e, props: elementProps(e)}
		am.byKey[e.Key] = i
	}
	seen := make(map[string]int, len(a.Relations))
	for i := range a.Relations {
		r := &a.Relations[i]
		from, to := am.byKey[r.From], am.byKey[r.To]
		rel := ArchiRelation(r.Kind, am.elements[from].typ, am.elements[to].typ)
		src, dst := am.elements[from].id, am.elements[to].id
		if rel.Reverse {
			src, dst = dst, src
		}
		id := RelationID(r)
		if j, dup := seen[id]; dup {
			return nil, fmt.Errorf("export: relations %s>%s and %s>%s have the same identifier %s", r.From, r.To, a.Relations[j].From, a.Relations[j].To, id)
		}
		seen[id] = i
		props := []amProp{{"kind", r.Kind}}
		if r.Via != "" {
			props = append(props, amProp{"via", r.Via})
		}
		props = append(props, amProp{"before", strings.Join(r.Before, ";")})
		am.relations[i] = amRelation{id: id, rel: rel, source: src, target: dst, r: r, props: props}
	}
	return am, nil
}

// elementProps lists an element's properties: where it stands in the plan,
// then every non-blank inventory column but those that are its identifier,
// type, name and documentation. Booleans are true or false, as the
// exchange format's boolean type reads them.
func elementProps(e *migrate.ArchElement) []amProp {
	var ps []amProp
	add := func(k, v string) {
		if v != "" {
			ps = append(ps, amProp{k, v})
		}
	}
	add("key", e.Key)
	add("new_province", e.NewProvince)
	add("new_unit", e.NewUnit)
	add("new_unit_name", e.NewUnitName)
	add("cluster", e.Cluster)
	add("treatment", string(e.Treatment))
	add("decided", fmt.Sprint(e.Decided))
	add("absorbed", strings.Join(e.Absorbed, ";"))
	add("same_reference", strings.Join(e.SameReference, ";"))
	for _, c := range inventory.ElementColumns {
		switch c.Key {
		case "id", "kind", "name", "description":
			continue
		}
		v := inventory.ElementCell(e.Element, c.Key)
		if columnType(c.Key) == "boolean" && v != "" {
			v = fmt.Sprint(v == "yes")
		}
		add(c.Key, v)
	}
	return ps
}

// relationName names a relation in both languages: its kind and route.
func relationName(r *migrate.ArchRelation) lang.Text {
	vi, en := r.Kind, r.Kind
	switch r.Kind {
	case "integrates":
		vi = "tích hợp"
	case "uses":
		vi = "sử dụng"
	case "hosted_on":
		vi, en = "đặt trên", "hosted on"
	}
	if r.Via != "" {
		vi += " qua " + r.Via
		en += " via " + r.Via
	}
	return lang.T(vi, en)
}

// amScope names what an export covers: the new provinces of its elements
// and of its plan, sorted, with their names.
type amScope struct {
	codes    []string
	names    map[string]string
	national bool
}

func newAMScope(a *migrate.Architecture, m *mapping.Mapping, national bool) amScope {
	s := amScope{names: map[string]string{}, national: national}
	add := func(code string) {
		if _, ok := s.names[code]; ok || code == "" {
			return
		}
		s.names[code] = code
		if u, ok := m.NewUnit(code); ok {
			s.names[code] = u.Name
		}
		s.codes = append(s.codes, code)
	}
	for _, p := range a.Provinces {
		add(p.Code)
	}
	for i := range a.Elements {
		add(a.Elements[i].NewProvince)
	}
	sort.Strings(s.codes)
	return s
}

// modelID identifies the model: one per scope, so that exporting the same
// provinces again gives the same model.
func (s amScope) modelID() string {
	if s.national {
		return "m-archmerge-national"
	}
	return "m-archmerge-" + strings.Join(s.codes, "-")
}

// title names the model in both languages.
func (s amScope) title() lang.Text {
	if s.national {
		return lang.T("Kiến trúc sau hợp nhất: cả nước", "Consolidated architecture: national")
	}
	names := make([]string, len(s.codes))
	for i, c := range s.codes {
		names[i] = s.names[c]
	}
	return lang.T("Kiến trúc sau hợp nhất: "+strings.Join(names, ", "), "Consolidated architecture: "+strings.Join(names, ", "))
}

// purpose documents the model in both languages.
func modelPurpose(a *migrate.Architecture) lang.Text {
	return lang.T(fmt.Sprintf("Kiến trúc sau hợp nhất theo phương án %s ngày %s (bảng chuyển đổi %s), xuất bởi archmerge: các phần tử được giữ lại trong đơn vị mới và các quan hệ đã trỏ lại.", a.PlanID, a.AsOf, a.Mapping),
		fmt.Sprintf("Consolidated architecture of plan %s as of %s (mapping %s), exported by archmerge: the surviving elements in their new units and the re-pointed relations.", a.PlanID, a.AsOf, a.Mapping))
}
