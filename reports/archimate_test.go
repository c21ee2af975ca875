package reports

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ndta-vn/archmerge/internal/golden"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/migrate"
)

// relationships31 is the relationship table of ArchiMate 3.1 (Appendix B)
// for the element types the exports use: source → target → the
// relationships allowed, one letter each (a access, c composition, f flow,
// g aggregation, i assignment, n influence, o association, r realization,
// s specialization, t triggering, v serving). It is copied from the table
// Archi checks models and imports against (com.archimatetool.model/model/
// relationships.xml, version 3.1, archimatetool/archi commit 9243769).
var relationships31 = map[string]map[string]string{
	"ApplicationComponent": {"ApplicationComponent": "cfgorstv", "ApplicationInterface": "cfgortv", "ApplicationService": "fiortv", "CommunicationNetwork": "fotv", "DataObject": "ao", "Facility": "fotv", "Node": "fotv", "TechnologyService": "fotv"},
	"ApplicationInterface": {"ApplicationComponent": "fotv", "ApplicationInterface": "cfgostv", "ApplicationService": "fiotv", "CommunicationNetwork": "fotv", "DataObject": "ao", "Facility": "fotv", "Node": "fotv", "TechnologyService": "fotv"},
	"ApplicationService":   {"ApplicationComponent": "fotv", "ApplicationInterface": "fotv", "ApplicationService": "cfgostv", "CommunicationNetwork": "fotv", "DataObject": "ao", "Facility": "fotv", "Node": "fotv", "TechnologyService": "fotv"},
	"CommunicationNetwork": {"ApplicationComponent": "fortv", "ApplicationInterface": "fortv", "ApplicationService": "fortv", "CommunicationNetwork": "cfgostv", "DataObject": "ao", "Facility": "fgiortv", "Node": "fgiortv", "TechnologyService": "fiortv"},
	"DataObject":           {"ApplicationComponent": "o", "ApplicationInterface": "o", "ApplicationService": "o", "CommunicationNetwork": "o", "DataObject": "cgos", "Facility": "o", "Node": "o", "TechnologyService": "o"},
	"Facility":             {"ApplicationComponent": "fortv", "ApplicationInterface": "fortv", "ApplicationService": "fortv", "CommunicationNetwork": "fotv", "DataObject": "ao", "Facility": "cfgiorstv", "Node": "cfgiorstv", "TechnologyService": "fiortv"},
	"Node":                 {"ApplicationComponent": "fortv", "ApplicationInterface": "fortv", "ApplicationService": "fortv", "CommunicationNetwork": "fotv", "DataObject": "ao", "Facility": "cfgiorstv", "Node": "cfgiorstv", "TechnologyService": "fiortv"},
	"TechnologyService":    {"ApplicationComponent": "fotv", "ApplicationInterface": "fotv", "ApplicationService": "fortv", "CommunicationNetwork": "fotv", "DataObject": "ao", "Facility": "fotv", "Node": "fotv", "TechnologyService": "cfgostv"},
}

// removed32 lists what ArchiMate 3.2 no longer allows among these types
// (Archi 5 checks 3.2's table): the exports avoid these too, so that Archi
// of either version imports them.
var removed32 = map[[2]string]string{
	{"CommunicationNetwork", "Facility"}: "gi", {"CommunicationNetwork", "Node"}: "gi",
	{"Facility", "Facility"}: "r", {"Facility", "Node"}: "rs", {"Node", "Facility"}: "rs", {"Node", "Node"}: "r",
}

var relationLetter = map[string]byte{"Access": 'a', "Composition": 'c', "Flow": 'f', "Aggregation": 'g', "Assignment": 'i',
	"Influence": 'n', "Association": 'o', "Realization": 'r', "Specialization": 's', "Triggering": 't', "Serving": 'v'}

// allowed reports whether ArchiMate 3.1 allows relationship typ from an
// element of type src to one of type dst, and 3.2 still does.
func allowed(src, typ, dst string) bool {
	l, ok := relationLetter[typ]
	return ok && strings.IndexByte(relationships31[src][dst], l) >= 0 && strings.IndexByte(removed32[[2]string{src, dst}], l) < 0
}

// archiIDPattern is what Archi's CSV import accepts as an identifier.
var archiIDPattern = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// ncName is an XML ID (xs:ID is an NCName) in ASCII, which is all the
// exports write.
var ncName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9._-]*$`)

func TestRelationshipsAllowed(t *testing.T) {
	types := map[string]bool{}
	for _, k := range inventory.Kinds {
		types[ArchiType(k)] = true
	}
	for typ := range types {
		if relationships31[typ] == nil {
			t.Fatalf("element type %s is not in the test's relationship table", typ)
		}
	}
	for _, kind := range append(slices.Clone(inventory.RelKinds), "other") {
		for from := range types {
			for to := range types {
				r := ArchiRelation(kind, from, to)
				src, dst := from, to
				if r.Reverse {
					src, dst = to, from
				}
				if !allowed(src, r.Type, dst) {
					t.Errorf("%s from %s to %s: %s %s→%s is not in ArchiMate 3.1's table (or not in 3.2's)", kind, from, to, r.Type, src, dst)
				}
				if (r.Access != "") != (r.Type == "Access") || r.Directed && r.Type != "Association" {
					t.Errorf("%s from %s to %s: %+v", kind, from, to, r)
				}
			}
		}
	}
}

// amRel is a relationship as an export file gives it.
type amRel struct{ typ, source, target, access, directed string }

// amDoc is what one ArchiMate export holds, read back from its files: what
// the two formats must agree on.
type amDoc struct {
	model     string            // the model's name; "" when the archi CSV has no model row
	elements  map[string]string // id → type
	relations map[string]amRel
	props     map[string]map[string]string // id → key → value
}

// readArchi reads an archi export back and checks what Archi's CSV import
// checks: headers, identifiers, types, record lengths, relationship ends
// and the 3.1 table, unique relationship identifiers, properties of known
// objects, Access_Type values Archi knows.
func readArchi(t *testing.T, dir string) *amDoc {
	t.Helper()
	doc := &amDoc{elements: map[string]string{}, relations: map[string]amRel{}, props: map[string]map[string]string{}}
	for _, name := range []string{"elements.csv", "relations.csv", "properties.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(b, []byte("\ufeff")) {
			t.Errorf("%s starts with a byte-order mark", name)
		}
	}
	els := readCSV(t, filepath.Join(dir, "elements.csv"))
	if !slices.Equal(els[0], []string{"ID", "Type", "Name", "Documentation", "Specialization"}) {
		t.Fatalf("elements header %q", els[0])
	}
	for _, r := range els[1:] {
		if len(r) != 5 || !archiIDPattern.MatchString(r[0]) || doc.elements[r[0]] != "" {
			t.Fatalf("element row %q: bad or repeated id", r)
		}
		if r[1] == "ArchimateModel" {
			doc.model = r[2]
		} else if relationships31[r[1]] == nil {
			t.Fatalf("element type %q", r[1])
		}
		doc.elements[r[0]] = r[1]
		if r[4] != "" {
			// The exchange file gives it as Archi's "specialization" property.
			doc.props[r[0]] = map[string]string{"specialization": r[4]}
		}
	}
	rels := readCSV(t, filepath.Join(dir, "relations.csv"))
	if !slices.Equal(rels[0], []string{"ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization"}) {
		t.Fatalf("relations header %q", rels[0])
	}
	for _, r := range rels[1:] {
		if len(r) != 7 || !archiIDPattern.MatchString(r[0]) || doc.elements[r[0]] != "" {
			t.Fatalf("relation row %q: bad id", r)
		}
		if _, dup := doc.relations[r[0]]; dup {
			t.Fatalf("relation id %s twice: Archi aborts the import", r[0])
		}
		typ, ok := strings.CutSuffix(r[1], "Relationship")
		src, dst := doc.elements[r[4]], doc.elements[r[5]]
		if !ok || src == "" || dst == "" || src == "ArchimateModel" || dst == "ArchimateModel" {
			t.Fatalf("relation %q: bad type or unknown end", r)
		}
		if !allowed(src, typ, dst) {
			t.Errorf("relation %s: %s %s→%s is not allowed", r[0], typ, src, dst)
		}
		doc.relations[r[0]] = amRel{typ: typ, source: r[4], target: r[5]}
	}
	props := readCSV(t, filepath.Join(dir, "properties.csv"))
	if !slices.Equal(props[0], []string{"ID", "Key", "Value"}) {
		t.Fatalf("properties header %q", props[0])
	}
	for _, r := range props[1:] {
		rel, isRel := doc.relations[r[0]]
		if doc.elements[r[0]] == "" && !isRel {
			t.Fatalf("property of unknown id %q", r[0])
		}
		switch r[1] {
		case "Access_Type":
			if rel.typ != "Access" || !slices.Contains([]string{"Write", "Read", "Access", "ReadWrite"}, r[2]) {
				t.Errorf("Access_Type %q on %s %s", r[2], rel.typ, r[0])
			}
			rel.access = r[2]
		case "Directed":
			if rel.typ != "Association" || r[2] != "true" {
				t.Errorf("Directed %q on %s %s", r[2], rel.typ, r[0])
			}
			rel.directed = r[2]
		default:
			if doc.props[r[0]] == nil {
				doc.props[r[0]] = map[string]string{}
			}
			doc.props[r[0]][r[1]] = r[2]
			continue
		}
		doc.relations[r[0]] = rel
	}
	return doc
}

// The exchange file, as a reader (not the writer's types) sees it.
type xLangRead struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Text string `xml:",chardata"`
}
type xPropRead struct {
	Ref   string      `xml:"propertyDefinitionRef,attr"`
	Value []xLangRead `xml:"value"`
}
type xConceptRead struct {
	ID       string      `xml:"identifier,attr"`
	Type     string      `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
	Source   string      `xml:"source,attr"`
	Target   string      `xml:"target,attr"`
	Access   string      `xml:"accessType,attr"`
	Directed string      `xml:"isDirected,attr"`
	Name     []xLangRead `xml:"name"`
	Props    []xPropRead `xml:"properties>property"`
}
type xItemRead struct {
	Ref   string      `xml:"identifierRef,attr"`
	Label []xLangRead `xml:"label"`
	Items []xItemRead `xml:"item"`
}
type xNodeRead struct {
	ID         string      `xml:"identifier,attr"`
	Type       string      `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
	ElementRef string      `xml:"elementRef,attr"`
	X          int         `xml:"x,attr"`
	Y          int         `xml:"y,attr"`
	W          int         `xml:"w,attr"`
	H          int         `xml:"h,attr"`
	Nodes      []xNodeRead `xml:"node"`
}
type xConnRead struct {
	ID     string `xml:"identifier,attr"`
	Rel    string `xml:"relationshipRef,attr"`
	Source string `xml:"source,attr"`
	Target string `xml:"target,attr"`
}
type xViewRead struct {
	ID    string      `xml:"identifier,attr"`
	Type  string      `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
	Name  []xLangRead `xml:"name"`
	Nodes []xNodeRead `xml:"node"`
	Conns []xConnRead `xml:"connection"`
}
type xModelRead struct {
	XMLName   xml.Name       `xml:"http://www.opengroup.org/xsd/archimate/3.0/ model"`
	ID        string         `xml:"identifier,attr"`
	Name      []xLangRead    `xml:"name"`
	Props     []xPropRead    `xml:"properties>property"`
	Elements  []xConceptRead `xml:"elements>element"`
	Relations []xConceptRead `xml:"relationships>relationship"`
	Orgs      []xItemRead    `xml:"organizations>item"`
	PropDefs  []struct {
		ID   string      `xml:"identifier,attr"`
		Type string      `xml:"type,attr"`
		Name []xLangRead `xml:"name"`
	} `xml:"propertyDefinitions>propertyDefinition"`
	Views []xViewRead `xml:"views>diagrams>view"`
}

// readExchange reads an exchange file back and checks it against the
// published XSD with xmllint (when installed) and, always, against the
// rules below, which are what the XSD states for the parts written, plus
// the mapping's own:
//
//   - the root is model in the ArchiMate 3.0 namespace, with an identifier
//     and a name;
//   - identifiers (xs:ID) are NCNames and unique in the whole document;
//   - every element has a name and an element type, every relationship a
//     relationship type; source and target name elements (keyref
//     SourceRef, TargetRef), and the ArchiMate 3.1 table allows the triple;
//     accessType is Read or Write and only on Access, isDirected only on
//     Association;
//   - property definitions have a name and a DataType; every property
//     refers to one (keyref PropertyDefinitionRef) and has a value; a
//     boolean is true or false, a number or currency digits, a date
//     yyyy-mm-dd;
//   - organisation items refer to elements, relationships or views
//     (IDREF), and file every element and relationship exactly once;
//   - each view is a Diagram; node bounds have x, y ≥ 0 and w, h > 0
//     (nonNegative, positiveInteger); an Element node refers to an element
//     (keyref ElementRef) and lies inside its container; connections refer
//     to a relationship (keyref RelationshipRef) and to the nodes of its
//     two ends (keyref ConnectionSourceRef, ConnectionTargetRef).
func readExchange(t *testing.T, path string) (*amDoc, *xModelRead) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("xsd", func(t *testing.T) { validateXSD(t, path) })
	var x xModelRead
	if err := xml.Unmarshal(b, &x); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	ids := map[string]string{} // identifier → what it names
	for _, m := range regexp.MustCompile(`<(\w+) [^>]*?identifier="([^"]*)"`).FindAllSubmatch(b, -1) {
		id := string(m[2])
		if !ncName.MatchString(id) {
			t.Errorf("identifier %q is not an NCName", id)
		}
		if prev, dup := ids[id]; dup {
			t.Errorf("identifier %s on a %s and a %s", id, prev, m[1])
		}
		ids[id] = string(m[1])
	}
	if x.ID == "" || len(x.Name) == 0 || x.Name[0].Text == "" {
		t.Errorf("model identifier %q, name %v", x.ID, x.Name)
	}
	doc := &amDoc{model: x.Name[0].Text, elements: map[string]string{}, relations: map[string]amRel{}, props: map[string]map[string]string{}}
	defType := map[string]string{}
	for _, d := range x.PropDefs {
		if len(d.Name) == 0 || !slices.Contains([]string{"string", "boolean", "currency", "date", "time", "number"}, d.Type) {
			t.Errorf("property definition %s: name %v, type %q", d.ID, d.Name, d.Type)
		}
		defType[d.ID] = d.Type
	}
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	props := func(id string, ps []xPropRead) {
		for _, p := range ps {
			typ, ok := defType[p.Ref]
			if !ok || len(p.Value) != 1 {
				t.Fatalf("%s: property %s undefined or without one value", id, p.Ref)
			}
			v := p.Value[0].Text
			bad := false
			switch typ {
			case "boolean":
				bad = v != "true" && v != "false"
			case "number", "currency":
				_, err := strconv.ParseInt(v, 10, 64)
				bad = err != nil
			case "date":
				bad = !date.MatchString(v)
			}
			if bad {
				t.Errorf("%s: %s value %q is not a %s", id, p.Ref, v, typ)
			}
			if doc.props[id] == nil {
				doc.props[id] = map[string]string{}
			}
			doc.props[id][strings.TrimPrefix(p.Ref, "p-")] = v
		}
	}
	for _, e := range x.Elements {
		if relationships31[e.Type] == nil || len(e.Name) == 0 {
			t.Errorf("element %s: type %q, name %v", e.ID, e.Type, e.Name)
		}
		doc.elements[e.ID] = e.Type
		props(e.ID, e.Props)
	}
	for _, r := range x.Relations {
		src, dst := doc.elements[r.Source], doc.elements[r.Target]
		if src == "" || dst == "" || !allowed(src, r.Type, dst) {
			t.Errorf("relationship %s: %s %s→%s", r.ID, r.Type, src, dst)
		}
		if r.Access != "" && (r.Type != "Access" || r.Access != "Read" && r.Access != "Write") || r.Directed != "" && (r.Type != "Association" || r.Directed != "true") {
			t.Errorf("relationship %s: %s with accessType %q, isDirected %q", r.ID, r.Type, r.Access, r.Directed)
		}
		if len(r.Name) == 0 {
			t.Errorf("relationship %s has no name", r.ID)
		}
		doc.relations[r.ID] = amRel{typ: r.Type, source: r.Source, target: r.Target, access: r.Access, directed: r.Directed}
		props(r.ID, r.Props)
	}
	views := map[string]bool{}
	for _, v := range x.Views {
		views[v.ID] = true
	}
	filed := map[string]int{}
	var walk func(items []xItemRead)
	walk = func(items []xItemRead) {
		for _, it := range items {
			if it.Ref != "" {
				if doc.elements[it.Ref] == "" && doc.relations[it.Ref].typ == "" && !views[it.Ref] {
					t.Errorf("organisation item refers to unknown %s", it.Ref)
				}
				filed[it.Ref]++
				continue
			}
			if len(it.Label) == 0 {
				t.Errorf("folder without a label")
			}
			walk(it.Items)
		}
	}
	walk(x.Orgs)
	for id := range doc.elements {
		if filed[id] != 1 {
			t.Errorf("element %s filed %d times", id, filed[id])
		}
	}
	for id := range doc.relations {
		if filed[id] != 1 {
			t.Errorf("relationship %s filed %d times", id, filed[id])
		}
	}
	for _, v := range x.Views {
		if v.Type != "Diagram" || len(v.Name) == 0 {
			t.Errorf("view %s: type %q, name %v", v.ID, v.Type, v.Name)
		}
		nodeOf := map[string]string{} // element id → node id
		for _, c := range v.Nodes {
			if c.Type != "Container" || c.W <= 0 || c.H <= 0 || c.X < 0 || c.Y < 0 {
				t.Errorf("view %s: layer node %+v", v.ID, c)
			}
			for _, n := range c.Nodes {
				if n.Type != "Element" || doc.elements[n.ElementRef] == "" || n.W <= 0 || n.H <= 0 ||
					n.X < c.X || n.Y < c.Y || n.X+n.W > c.X+c.W || n.Y+n.H > c.Y+c.H {
					t.Errorf("view %s: node %+v in %+v", v.ID, n, c)
				}
				nodeOf[n.ElementRef] = n.ID
			}
		}
		for _, c := range v.Conns {
			r, ok := doc.relations[c.Rel]
			if !ok || nodeOf[r.source] != c.Source || nodeOf[r.target] != c.Target {
				t.Errorf("view %s: connection %+v does not join the nodes of %+v", v.ID, c, r)
			}
		}
	}
	return doc, &x
}

// validateXSD validates an exchange file against The Open Group's schema
// (testdata/archimate, NOTICE.md) with xmllint, offline.
func validateXSD(t *testing.T, path string) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not found (Debian: apt-get install libxml2-utils): the XSD validation is skipped; the structural checks ran")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "archimate"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(xmllint, "--noout", "--nonet", "--huge", "--schema", filepath.Join(dir, "archimate3_Diagram.xsd"), path)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(dir, "catalog.xml"))
	if out, err := cmd.CombinedOutput(); err != nil {
		if len(out) > 4000 {
			out = out[:4000]
		}
		t.Fatalf("%s does not validate against the ArchiMate 3.1 XSD: %v\n%s", path, err, out)
	}
}

func TestValidateXSDRefuses(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not found (Debian: apt-get install libxml2-utils)")
	}
	// A relationship whose target is no element: the validation must fail.
	bad := `<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m-1">
 <name>x</name>
 <elements><element identifier="e-1" xsi:type="Node"><name>a</name></element></elements>
 <relationships><relationship identifier="r-1" xsi:type="Serving" source="e-1" target="e-2"/></relationships>
</model>
`
	path := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, _ := filepath.Abs(filepath.Join("testdata", "archimate"))
	cmd := exec.Command("xmllint", "--noout", "--nonet", "--schema", filepath.Join(dir, "archimate3_Diagram.xsd"), path)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(dir, "catalog.xml"))
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "TargetRef") {
		t.Errorf("a dangling target validates: %v\n%s", err, out)
	}
}

// exportBoth exports p as archi and archimate into two folders and reads
// both back.
func exportBoth(t *testing.T, p *migrate.Plan, o ExportOptions) (archi, exchange *amDoc, x *xModelRead) {
	t.Helper()
	m := builtin(t)
	dirA, dirX := t.TempDir(), t.TempDir()
	o.Format = "archi"
	if _, err := Export(dirA, o, p, m); err != nil {
		t.Fatal(err)
	}
	o.Format = "archimate"
	if _, err := Export(dirX, o, p, m); err != nil {
		t.Fatal(err)
	}
	archi = readArchi(t, dirA)
	exchange, x = readExchange(t, filepath.Join(dirX, "architecture.xml"))
	return archi, exchange, x
}

func TestExchangeAndArchiAgree(t *testing.T) {
	for _, tc := range []struct {
		name string
		plan func(testing.TB) *migrate.Plan
	}{
		{"small plan", smallPlan},
		{"new 08 from synthetic inventories", func(t testing.TB) *migrate.Plan { p, _, _ := tuyenQuang(t); return p }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.plan(t)
			a := migrate.Consolidate(p, builtin(t))
			archi, exchange, x := exportBoth(t, p, ExportOptions{Lang: "vi"})
			if len(exchange.elements) != len(a.Elements) || len(exchange.relations) != len(a.Relations) || len(exchange.relations) == 0 {
				t.Errorf("exchange: %d elements, %d relations; the architecture has %d, %d",
					len(exchange.elements), len(exchange.relations), len(a.Elements), len(a.Relations))
			}
			if len(x.Views) != len(p.Provinces) {
				t.Errorf("%d views for %d provinces", len(x.Views), len(p.Provinces))
			}
			if !mapsEqual(archi.elements, exchange.elements) {
				t.Error("the archi and archimate exports differ in element ids or types")
			}
			if !mapsEqual(archi.relations, exchange.relations) {
				for id, r := range archi.relations {
					if exchange.relations[id] != r {
						t.Errorf("relation %s: archi %+v, archimate %+v", id, r, exchange.relations[id])
					}
				}
			}
			for id, ps := range archi.props {
				if !mapsEqual(ps, exchange.props[id]) {
					t.Errorf("%s: archi properties %v, archimate %v", id, ps, exchange.props[id])
				}
			}
		})
	}
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestReexportKeepsIDs exports, removes and adds relations (and elements),
// exports again: every element and relation in both keeps its identifier,
// type and ends, in both formats.
func TestReexportKeepsIDs(t *testing.T) {
	m := builtin(t)
	in := fixtureInput(t, m, 0.15, "02", "08")
	in.Provinces = []string{"08"}
	before := build(t, in)
	a1 := migrate.Consolidate(before, m)
	archi1, x1, _ := exportBoth(t, before, ExportOptions{})

	// Remove every fifth relation, add relations between elements that had
	// none (both ways, every kind), and one element.
	var rels []inventory.Relation
	for i, r := range in.Relations {
		if i%5 != 0 {
			rels = append(rels, r)
		}
	}
	removed := len(in.Relations) - len(rels)
	var keys []string
	for i := range in.Elements {
		if in.Elements[i].Unit == "08" || in.Elements[i].Unit == "02" {
			keys = append(keys, in.Elements[i].Key())
		}
	}
	added := 0
	for i := 0; i+1 < len(keys) && added < 30; i += 7 {
		kind := inventory.RelKinds[added%len(inventory.RelKinds)]
		unit, _, _ := inventory.SplitKey(keys[i])
		rels = append(rels, inventory.Relation{Owner: unit, From: keys[i], To: keys[i+1], Kind: kind, Via: "lgsp", FromOK: true, ToOK: true})
		added++
	}
	in2 := in
	in2.Relations = rels
	in2.Elements = append(slices.Clone(in.Elements), inventory.Element{Unit: "08", ID: "MOI", Kind: inventory.Application, Name: "Ứng dụng mới", Status: "active", RecordType: "original"})
	after := build(t, in2)
	a2 := migrate.Consolidate(after, m)
	archi2, x2, _ := exportBoth(t, after, ExportOptions{})

	// The same relation (from, to, kind, via) keeps its identifier.
	ids1 := map[[4]string]string{}
	for i := range a1.Relations {
		r := &a1.Relations[i]
		ids1[[4]string{r.From, r.To, r.Kind, r.Via}] = RelationID(r)
	}
	kept, gone, fresh := 0, 0, 0
	for i := range a2.Relations {
		r := &a2.Relations[i]
		if id, ok := ids1[[4]string{r.From, r.To, r.Kind, r.Via}]; ok {
			kept++
			if id != RelationID(r) {
				t.Errorf("relation %s>%s %s: id %s, then %s", r.From, r.To, r.Kind, id, RelationID(r))
			}
		} else {
			fresh++
		}
	}
	gone = len(a1.Relations) - kept
	if kept == 0 || gone == 0 || fresh == 0 {
		t.Fatalf("%d relations kept, %d gone, %d new (removed %d, added %d declared): the test changes nothing", kept, gone, fresh, removed, added)
	}
	// Every id in both exports names the same thing, with the same ends.
	for _, pair := range [][2]*amDoc{{archi1, archi2}, {x1, x2}, {archi1, x2}} {
		for id, typ := range pair[0].elements {
			if t2, ok := pair[1].elements[id]; ok && t2 != typ {
				t.Errorf("element %s: %s, then %s", id, typ, t2)
			}
		}
		same := 0
		for id, r := range pair[0].relations {
			if r2, ok := pair[1].relations[id]; ok {
				same++
				if r2 != r {
					t.Errorf("relation %s: %+v, then %+v", id, r, r2)
				}
			}
		}
		if same != kept {
			t.Errorf("%d relation ids in both exports, %d relations in both plans", same, kept)
		}
	}
	if _, ok := x2.elements[ElementID("08/MOI")]; !ok {
		t.Error("the new element is not exported")
	}
}

func TestArchiModelName(t *testing.T) {
	p := smallPlan(t)
	archi, exchange, _ := exportBoth(t, p, ExportOptions{ModelName: "Kiến trúc tỉnh Tuyên Quang"})
	if archi.model != "Kiến trúc tỉnh Tuyên Quang" || exchange.model != "Kiến trúc tỉnh Tuyên Quang" {
		t.Errorf("model named %q (archi), %q (archimate)", archi.model, exchange.model)
	}
	_, exchange, _ = exportBoth(t, p, ExportOptions{Lang: "en"})
	if exchange.model != "Consolidated architecture: Tỉnh Tuyên Quang" {
		t.Errorf("English run's model name %q", exchange.model)
	}
}

func TestArchiProtectsFormulas(t *testing.T) {
	dir := t.TempDir()
	if _, err := Export(dir, ExportOptions{Format: "archi"}, smallPlan(t), builtin(t)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"elements.csv", "relations.csv", "properties.csv"} {
		for _, r := range readCSV(t, filepath.Join(dir, name))[1:] {
			for _, v := range r {
				if v != "" && strings.ContainsRune("=+-@", rune(v[0])) {
					t.Errorf("%s: value %q would run as a formula", name, v)
				}
			}
		}
	}
}

// exchangePlan plans a few elements of new 08 that use what the exports
// map: hosting given as a column (a bare id, a host merged into another),
// a data centre, a dataset used and shared, a platform, a portal.
func exchangePlan(t testing.TB) *migrate.Plan {
	t.Helper()
	m := builtin(t)
	el := func(key string, kind inventory.Kind, name, hostedOn string) inventory.Element {
		unit, id, _ := inventory.SplitKey(key)
		return inventory.Element{Unit: unit, ID: id, Kind: kind, Name: name, HostedOn: hostedOn, Owner: "Sở Khoa học và Công nghệ",
			Status: "active", RecordType: "original", SecurityLevel: 2, SecurityDecision: "QĐ 7/2024", ContractEnd: "2027-12-31", AnnualCost: 120_000_000}
	}
	els := []inventory.Element{
		el("08/DC", inventory.Datacentre, "Trung tâm dữ liệu tỉnh Tuyên Quang", ""),
		el("08/HOST01", inventory.Host, "Cụm máy chủ ảo hoá số 1", "DC"),
		el("02/HOST01", inventory.Host, "Cụm máy chủ ảo hoá tỉnh Hà Giang", ""),
		el("08/KTTTHC", inventory.Application, "Hệ thống thông tin giải quyết TTHC tỉnh Tuyên Quang", "HOST01"),
		el("02/HOTICH", inventory.Application, "Phần mềm hộ tịch tỉnh Hà Giang", "02/HOST01"),
		el("08/DS_HT", inventory.Dataset, "CSDL hộ tịch", "08/HOST01"),
		el("08/LGSP", inventory.Platform, "Nền tảng tích hợp, chia sẻ dữ liệu LGSP", "HOST01"),
		el("08/CONG", inventory.Portal, "Cổng dịch vụ công tỉnh Tuyên Quang", ""),
	}
	els[5].PersonalData, els[5].Records = true, 120_000
	els[5].Description = "Dữ liệu đăng ký khai sinh, kết hôn, khai tử"
	rels := []inventory.Relation{
		{Owner: "08", From: "08/KTTTHC", To: "08/DS_HT", Kind: "uses"},
		{Owner: "08", From: "08/DS_HT", To: "08/LGSP", Kind: "integrates", Via: "lgsp"},
		{Owner: "08", From: "08/CONG", To: "08/KTTTHC", Kind: "integrates", Via: "lgsp"},
		{Owner: "02", From: "02/HOTICH", To: "08/DS_HT", Kind: "integrates", Via: "direct"},
		{Owner: "08", From: "08/CONG", To: "08/LGSP", Kind: "uses"},
	}
	for i := range rels {
		rels[i].FromOK, rels[i].ToOK = true, true
	}
	decs := []migrate.Decision{{Key: "02/HOST01", Treatment: migrate.Merge, MergeInto: "08/HOST01", At: "2026-05-01T00:00:00Z"}}
	return build(t, migrate.Input{Mapping: m, Elements: els, Relations: rels, Decisions: decs, AsOf: "2026-06-01", Provinces: []string{"08"}})
}

func TestExchangeGolden(t *testing.T) {
	p := exchangePlan(t)
	for _, language := range []string{"vi", "en"} {
		t.Run(language, func(t *testing.T) {
			dir := t.TempDir()
			ex, err := Export(dir, ExportOptions{Format: "archimate", Lang: language}, p, builtin(t))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(ex.Files[0])
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "export", "archimate-"+language+".xml"), got)
			doc, _ := readExchange(t, ex.Files[0])
			want := map[string]amRel{}
			for _, r := range []struct{ from, to, kind, via string }{
				{"08/KTTTHC", "08/DS_HT", "uses", ""}, {"08/DS_HT", "08/LGSP", "integrates", "lgsp"},
				{"08/CONG", "08/KTTTHC", "integrates", "lgsp"}, {"02/HOTICH", "08/DS_HT", "integrates", "direct"},
				{"08/CONG", "08/LGSP", "uses", ""}, {"08/HOST01", "08/DC", "hosted_on", ""}, {"08/KTTTHC", "08/HOST01", "hosted_on", ""},
				{"02/HOTICH", "08/HOST01", "hosted_on", ""}, {"08/DS_HT", "08/HOST01", "hosted_on", ""}, {"08/LGSP", "08/HOST01", "hosted_on", ""},
			} {
				id := RelationID(&migrate.ArchRelation{From: r.from, To: r.to, Kind: r.kind, Via: r.via})
				want[id] = doc.relations[id]
				if doc.relations[id].typ == "" {
					t.Errorf("%s>%s %s is missing", r.from, r.to, r.kind)
				}
			}
			if len(doc.relations) != len(want) {
				t.Errorf("%d relations, want %d", len(doc.relations), len(want))
			}
			// The dataset used is read; it is read by the LGSP it feeds;
			// the application that integrates into it writes it; the data
			// sits on its host through a directed association.
			for _, c := range []struct {
				from, to, kind, via string
				want                amRel
			}{
				{"08/KTTTHC", "08/DS_HT", "uses", "", amRel{"Access", ElementID("08/KTTTHC"), ElementID("08/DS_HT"), "Read", ""}},
				{"08/DS_HT", "08/LGSP", "integrates", "lgsp", amRel{"Access", ElementID("08/LGSP"), ElementID("08/DS_HT"), "Read", ""}},
				{"02/HOTICH", "08/DS_HT", "integrates", "direct", amRel{"Access", ElementID("02/HOTICH"), ElementID("08/DS_HT"), "Write", ""}},
				{"08/DS_HT", "08/HOST01", "hosted_on", "", amRel{"Association", ElementID("08/DS_HT"), ElementID("08/HOST01"), "", "true"}},
				{"02/HOTICH", "08/HOST01", "hosted_on", "", amRel{"Serving", ElementID("08/HOST01"), ElementID("02/HOTICH"), "", ""}},
				{"08/HOST01", "08/DC", "hosted_on", "", amRel{"Serving", ElementID("08/DC"), ElementID("08/HOST01"), "", ""}},
			} {
				if got := doc.relations[RelationID(&migrate.ArchRelation{From: c.from, To: c.to, Kind: c.kind, Via: c.via})]; got != c.want {
					t.Errorf("%s>%s %s: %+v, want %+v", c.from, c.to, c.kind, got, c.want)
				}
			}
		})
	}
}
