package reports

import (
	"cmp"
	"encoding/xml"
	"io"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/ndta-vn/archmerge/internal/lang"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// The Open Group ArchiMate Model Exchange File Format, version 3.1: its
// namespace (unchanged since 3.0) and the schema that declares models with
// diagrams.
const (
	archimateNS     = "http://www.opengroup.org/xsd/archimate/3.0/"
	archimateSchema = "http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
	xsiNS           = "http://www.w3.org/2001/XMLSchema-instance"
)

// xLang is a LangString: a text and, when it is in a known language, its
// xml:lang.
type xLang struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

type xProperty struct {
	Ref   string  `xml:"propertyDefinitionRef,attr"`
	Value []xLang `xml:"value"`
}

type xProperties struct {
	Property []xProperty `xml:"property"`
}

type xElement struct {
	ID         string       `xml:"identifier,attr"`
	Type       string       `xml:"xsi:type,attr"`
	Name       []xLang      `xml:"name"`
	Doc        []xLang      `xml:"documentation,omitempty"`
	Properties *xProperties `xml:"properties,omitempty"`
}

type xRelationship struct {
	ID         string       `xml:"identifier,attr"`
	Type       string       `xml:"xsi:type,attr"`
	Source     string       `xml:"source,attr"`
	Target     string       `xml:"target,attr"`
	Access     string       `xml:"accessType,attr,omitempty"`
	Directed   string       `xml:"isDirected,attr,omitempty"`
	Name       []xLang      `xml:"name"`
	Properties *xProperties `xml:"properties,omitempty"`
}

type xItem struct {
	Ref   string  `xml:"identifierRef,attr,omitempty"`
	Label []xLang `xml:"label,omitempty"`
	Items []xItem `xml:"item,omitempty"`
}

type xOrganizations struct {
	Items []xItem `xml:"item"`
}

type xPropertyDefs struct {
	Defs []xPropertyDef `xml:"propertyDefinition"`
}

type xPropertyDef struct {
	ID   string  `xml:"identifier,attr"`
	Type string  `xml:"type,attr"`
	Name []xLang `xml:"name"`
	Doc  []xLang `xml:"documentation,omitempty"`
}

type xNode struct {
	ID         string  `xml:"identifier,attr"`
	Type       string  `xml:"xsi:type,attr"`
	ElementRef string  `xml:"elementRef,attr,omitempty"`
	X          int     `xml:"x,attr"`
	Y          int     `xml:"y,attr"`
	W          int     `xml:"w,attr"`
	H          int     `xml:"h,attr"`
	Label      []xLang `xml:"label,omitempty"`
	Nodes      []xNode `xml:"node,omitempty"`
}

type xConnection struct {
	ID           string `xml:"identifier,attr"`
	Type         string `xml:"xsi:type,attr"`
	Relationship string `xml:"relationshipRef,attr"`
	Source       string `xml:"source,attr"`
	Target       string `xml:"target,attr"`
}

type xView struct {
	ID          string        `xml:"identifier,attr"`
	Type        string        `xml:"xsi:type,attr"`
	Name        []xLang       `xml:"name"`
	Doc         []xLang       `xml:"documentation,omitempty"`
	Nodes       []xNode       `xml:"node,omitempty"`
	Connections []xConnection `xml:"connection,omitempty"`
}

// both writes a text in the run's language first and the other second, each
// with its xml:lang: a tool shows the one of its user's language, or the
// first.
func both(t lang.Text, language string) []xLang {
	first, second := lang.VI, lang.EN
	if language == lang.EN {
		first, second = lang.EN, lang.VI
	}
	out := []xLang{{first, safeText(t.In(first))}}
	if s := t.In(second); s != out[0].Text {
		out = append(out, xLang{second, safeText(s)})
	}
	return out
}

// plain writes a text as the inventories wrote it, in no declared language.
// Like both, it turns the control characters XML cannot carry into spaces
// (safeText), where the encoder would write U+FFFD.
func plain(s string) []xLang { return []xLang{{Text: safeText(s)}} }

func xprops(ps []amProp) *xProperties {
	if len(ps) == 0 {
		return nil
	}
	out := &xProperties{Property: make([]xProperty, len(ps))}
	for i, p := range ps {
		out.Property[i] = xProperty{Ref: propDefID(p.key), Value: plain(p.value)}
	}
	return out
}

// propDefID identifies a property definition. The specialization's is
// Archi's own, so that Archi makes the kind a specialization (a profile),
// as it does from the CSV import.
func propDefID(key string) string {
	if key == "specialization" {
		return "specialization"
	}
	return "p-" + key
}

// writeExchange writes the model as one exchange-format document: the
// model's name and purpose, its properties, the elements, the
// relationships, the organisations (a folder per new province, then per
// layer and old unit; the province's relations and view), the property
// definitions and one diagram per new province. It streams the elements
// and relationships, so that a national model needs no second copy in
// memory.
func writeExchange(w io.Writer, am *amModel, m *mapping.Mapping, scope amScope, o ExportOptions) error {
	a := am.a
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	start := func(name string) xml.StartElement { return xml.StartElement{Name: xml.Name{Local: name}} }
	root := xml.StartElement{Name: xml.Name{Space: archimateNS, Local: "model"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "xmlns:xsi"}, Value: xsiNS},
		{Name: xml.Name{Local: "xsi:schemaLocation"}, Value: archimateNS + " " + archimateSchema},
		{Name: xml.Name{Local: "identifier"}, Value: scope.modelID()},
		{Name: xml.Name{Local: "version"}, Value: a.PlanID},
	}}
	if err := enc.EncodeToken(root); err != nil {
		return err
	}
	name := both(scope.title(), o.Lang)
	if o.ModelName != "" {
		name = plain(o.ModelName)
	}
	if err := enc.EncodeElement(name, start("name")); err != nil {
		return err
	}
	if err := enc.EncodeElement(both(modelPurpose(a), o.Lang), start("documentation")); err != nil {
		return err
	}
	used := map[string]bool{"plan_id": true, "as_of": true, "mapping": true}
	if err := enc.EncodeElement(xprops([]amProp{{"plan_id", a.PlanID}, {"as_of", a.AsOf}, {"mapping", a.Mapping}}), start("properties")); err != nil {
		return err
	}

	if len(am.elements) > 0 {
		els := start("elements")
		if err := enc.EncodeToken(els); err != nil {
			return err
		}
		used["specialization"] = true
		for i := range am.elements {
			e := &am.elements[i]
			x := xElement{ID: e.id, Type: e.typ, Name: plain(e.e.Name),
				Properties: xprops(append([]amProp{{"specialization", string(e.e.Kind)}}, e.props...))}
			if e.e.Description != "" {
				x.Doc = plain(e.e.Description)
			}
			for _, p := range e.props {
				used[p.key] = true
			}
			if err := enc.EncodeElement(x, start("element")); err != nil {
				return err
			}
		}
		if err := enc.EncodeToken(els.End()); err != nil {
			return err
		}
	}
	if len(am.relations) > 0 {
		rels := start("relationships")
		if err := enc.EncodeToken(rels); err != nil {
			return err
		}
		for i := range am.relations {
			r := &am.relations[i]
			x := xRelationship{ID: r.id, Type: r.rel.Type, Source: r.source, Target: r.target, Access: r.rel.Access,
				Name: both(relationName(r.r), o.Lang), Properties: xprops(r.props)}
			if r.rel.Directed {
				x.Directed = "true"
			}
			for _, p := range r.props {
				used[p.key] = true
			}
			if err := enc.EncodeElement(x, start("relationship")); err != nil {
				return err
			}
		}
		if err := enc.EncodeToken(rels.End()); err != nil {
			return err
		}
	}
	if len(scope.codes) > 0 {
		if err := enc.EncodeElement(xOrganizations{organisations(am, m, scope, o.Lang)}, start("organizations")); err != nil {
			return err
		}
	}
	if err := enc.EncodeElement(xPropertyDefs{propertyDefs(used, o.Lang)}, start("propertyDefinitions")); err != nil {
		return err
	}
	if len(scope.codes) > 0 {
		views, diagrams := start("views"), start("diagrams")
		if err := enc.EncodeToken(views); err != nil {
			return err
		}
		if err := enc.EncodeToken(diagrams); err != nil {
			return err
		}
		for _, code := range scope.codes {
			if err := enc.EncodeElement(archimateView(am, code, scope.names[code], o.Lang), start("view")); err != nil {
				return err
			}
		}
		if err := enc.EncodeToken(diagrams.End()); err != nil {
			return err
		}
		if err := enc.EncodeToken(views.End()); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// propertyDefs declares the properties used, in amPropDefs' order, with
// their data types.
func propertyDefs(used map[string]bool, language string) []xPropertyDef {
	var out []xPropertyDef
	if used["specialization"] {
		out = append(out, xPropertyDef{ID: propDefID("specialization"), Type: "string", Name: plain("Specialization"),
			Doc: both(lang.T("Loại phần tử trong bản kê khai (application, dataset, host…)", "The inventory's element kind (application, dataset, host…)"), language)})
	}
	for _, d := range amPropDefs {
		if used[d.key] {
			out = append(out, xPropertyDef{ID: propDefID(d.key), Type: d.typ, Name: plain(d.key), Doc: both(d.doc, language)})
		}
	}
	return out
}

// provinceLabel names a new province in a folder or a view: its code and
// name.
func provinceLabel(code, name string) string {
	if name == "" || name == code {
		return code
	}
	return code + " " + name
}

// organisations files every element under its new province, layer and old
// unit, every relation under its from element's province, and each
// province's view under the province.
func organisations(am *amModel, m *mapping.Mapping, scope amScope, language string) []xItem {
	type unitKey struct {
		layer int
		unit  string
	}
	byProv := map[string]map[unitKey][]string{}
	for i := range am.elements {
		e := &am.elements[i]
		k := unitKey{e.e.Kind.Layer(), e.e.Unit}
		if byProv[e.e.NewProvince] == nil {
			byProv[e.e.NewProvince] = map[unitKey][]string{}
		}
		byProv[e.e.NewProvince][k] = append(byProv[e.e.NewProvince][k], e.id)
	}
	relsByProv := map[string][]string{}
	for i := range am.relations {
		r := &am.relations[i]
		p := am.elements[am.byKey[r.r.From]].e.NewProvince
		relsByProv[p] = append(relsByProv[p], r.id)
	}
	var out []xItem
	for _, code := range scope.codes {
		prov := xItem{Label: plain(provinceLabel(code, scope.names[code]))}
		units := byProv[code]
		keys := make([]unitKey, 0, len(units))
		for k := range units {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].layer != keys[j].layer {
				return layerOrder(keys[i].layer) < layerOrder(keys[j].layer)
			}
			return keys[i].unit < keys[j].unit
		})
		for i := 0; i < len(keys); {
			layer := xItem{Label: both(layerText(keys[i].layer), language)}
			j := i
			for ; j < len(keys) && keys[j].layer == keys[i].layer; j++ {
				unit := xItem{Label: both(oldUnitLabel(m, keys[j].unit), language)}
				for _, id := range units[keys[j]] {
					unit.Items = append(unit.Items, xItem{Ref: id})
				}
				layer.Items = append(layer.Items, unit)
			}
			prov.Items = append(prov.Items, layer)
			i = j
		}
		if ids := relsByProv[code]; len(ids) > 0 {
			rels := xItem{Label: both(lang.T("Quan hệ", "Relations"), language)}
			for _, id := range ids {
				rels.Items = append(rels.Items, xItem{Ref: id})
			}
			prov.Items = append(prov.Items, rels)
		}
		prov.Items = append(prov.Items, xItem{Ref: viewID(code)})
		out = append(out, prov)
	}
	return out
}

// oldUnitLabel names an old unit in a folder: its code and name, said to
// be the old unit (an old province may bear its new province's code and
// name).
func oldUnitLabel(m *mapping.Mapping, code string) lang.Text {
	name := code
	if u, ok := m.OldUnit(code); ok {
		name = code + " " + u.Name
	}
	return lang.T("Đơn vị cũ: "+name, "Old unit: "+name)
}

// layerOrder puts the layers as a layered view reads them: interaction
// channels at the top, infrastructure at the bottom, any other last.
func layerOrder(layer int) int {
	if layer == 0 {
		return 5
	}
	return 4 - layer
}

func viewID(province string) string { return "v-" + ArchiID("", province) }

// The view's grid: each element a box of nodeW × nodeH, gap apart, inside
// one container per layer with a heading of layerHead.
const (
	nodeW, nodeH, gap, layerHead = 180, 60, 20, 40
	minCols, maxCols             = 4, 40
)

// archimateView draws a province's elements as a layered diagram: one
// container per layer (channels at the top, infrastructure at the bottom),
// its elements in rows (the province's own first, then each new unit's, by
// kind and name), and every relation between two of them as a connection.
func archimateView(am *amModel, code, name, language string) xView {
	var idx []int
	for i := range am.elements {
		if am.elements[i].e.NewProvince == code {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		x, y := am.elements[i].e, am.elements[j].e
		// The province's own elements before its new units' (false < true).
		own := func(e *migrate.ArchElement) int {
			if e.NewUnit == code {
				return 0
			}
			return 1
		}
		return cmp.Or(cmp.Compare(layerOrder(x.Kind.Layer()), layerOrder(y.Kind.Layer())), cmp.Compare(own(x), own(y)),
			cmp.Compare(x.NewUnit, y.NewUnit), cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Name, y.Name), cmp.Compare(x.Key, y.Key))
	})
	cols := int(math.Ceil(math.Sqrt(float64(len(idx)))))
	cols = min(max(cols, minCols), maxCols)
	v := xView{ID: viewID(code), Type: "Diagram",
		Name: both(lang.T("Kiến trúc sau hợp nhất – "+provinceLabel(code, name), "Consolidated architecture – "+provinceLabel(code, name)), language),
		Doc: both(lang.T("Các phần tử theo lớp kiến trúc (QĐ 3090/QĐ-BKHCN) và các quan hệ giữa chúng",
			"The elements by architecture layer (Decision 3090/QĐ-BKHCN) and the relations between them"), language)}
	node := map[string]string{} // element id → node id
	y := gap
	for i := 0; i < len(idx); {
		layer := am.elements[idx[i]].e.Kind.Layer()
		j := i
		for j < len(idx) && am.elements[idx[j]].e.Kind.Layer() == layer {
			j++
		}
		rows := (j - i + cols - 1) / cols
		c := xNode{ID: "g-" + ArchiID("", code) + "-" + string(rune('0'+layer)), Type: "Container",
			X: gap, Y: y, W: gap + cols*(nodeW+gap), H: layerHead + rows*(nodeH+gap), Label: both(layerText(layer), language)}
		for k := i; k < j; k++ {
			e := &am.elements[idx[k]]
			n := xNode{ID: "n-" + strings.TrimPrefix(e.id, "e-"), Type: "Element", ElementRef: e.id,
				X: gap + gap + (k-i)%cols*(nodeW+gap), Y: y + layerHead + (k-i)/cols*(nodeH+gap), W: nodeW, H: nodeH}
			node[e.id] = n.ID
			c.Nodes = append(c.Nodes, n)
		}
		v.Nodes = append(v.Nodes, c)
		y += c.H + gap
		i = j
	}
	for i := range am.relations {
		r := &am.relations[i]
		src, ok1 := node[r.source]
		dst, ok2 := node[r.target]
		if ok1 && ok2 {
			v.Connections = append(v.Connections, xConnection{ID: "c-" + strings.TrimPrefix(r.id, "r-"), Type: "Relationship",
				Relationship: r.id, Source: src, Target: dst})
		}
	}
	return v
}
