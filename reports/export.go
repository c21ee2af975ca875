package reports

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ndta-vn/archmerge/internal/outfile"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// ExportFormats lists the formats Export writes.
var ExportFormats = []string{"json", "csv", "archi", "archimate"}

// ExportOptions choose how Export writes.
type ExportOptions struct {
	Format string // one of ExportFormats
	Lang   string // the run's language: the first of the names and documentation that have two
	// ModelName names the model (archi, archimate). Empty: the archi CSV has
	// no model row, so that importing it keeps the name of the model it is
	// imported into; the exchange file names the model after what it covers.
	ModelName string
	// National says the plan covers every province, not the ones chosen.
	National bool
}

// ErrNoElements is Export's answer when an archimate export would hold no
// element: the exchange schema requires one, and Archi refuses such a file
// ("No Elements found").
var ErrNoElements = errors.New("export: no element to export in the ArchiMate exchange format")

// Exported says what Export wrote: the files, and what the consolidated
// architecture holds and leaves out (migrate.Architecture).
type Exported struct {
	Files          []string `json:"files"`
	Elements       int      `json:"elements"`
	Relations      int      `json:"relations"`
	Dropped        int      `json:"dropped_relations"`
	DroppedHosting int      `json:"dropped_hosting"`
	Unrouted       int      `json:"unrouted_elements"`
}

// Export writes the consolidated architecture of plan p into dir in one of
// ExportFormats: json writes architecture.json; csv writes elements.csv,
// relations.csv and clusters.csv (UTF-8 with a BOM, for Excel); archi writes
// Archi's CSV import files elements.csv, relations.csv and properties.csv;
// archimate writes architecture.xml in the Open Group's model exchange
// format. Every file is written atomically.
func Export(dir string, o ExportOptions, p *migrate.Plan, m *mapping.Mapping) (*Exported, error) {
	return ExportArchitecture(dir, o, migrate.Consolidate(p, m), m)
}

// ExportArchitecture writes a consolidated architecture as Export does: a
// national export puts it together part by part
// (migrate.MergeArchitectures).
func ExportArchitecture(dir string, o ExportOptions, a *migrate.Architecture, m *mapping.Mapping) (*Exported, error) {
	if !slices.Contains(ExportFormats, o.Format) {
		return nil, fmt.Errorf("export: format %q: expected one of %s", o.Format, strings.Join(ExportFormats, ", "))
	}
	if o.Format == "archimate" && len(a.Elements) == 0 {
		return nil, ErrNoElements
	}
	if err := outfile.Folder(dir); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	res := &Exported{Elements: len(a.Elements), Relations: len(a.Relations), Dropped: a.Dropped, DroppedHosting: a.DroppedHosting, Unrouted: a.Unrouted}
	var err error
	switch o.Format {
	case "json":
		path := filepath.Join(dir, "architecture.json")
		err = outfile.Write(path, func(w io.Writer) error { return writeArchitectureJSON(w, a) })
		res.Files = []string{path}
	case "csv":
		res.Files, err = writeCSVs(dir, true, map[string][][]string{
			"elements.csv":  csvElements(a),
			"relations.csv": csvRelations(a),
			"clusters.csv":  csvClusters(a),
		})
	case "archi", "archimate":
		var am *amModel
		if am, err = newAMModel(a); err != nil {
			return nil, err
		}
		scope := newAMScope(a, m, o.National)
		if o.Format == "archimate" {
			path := filepath.Join(dir, "architecture.xml")
			err = outfile.Write(path, func(w io.Writer) error { return writeExchange(w, am, m, scope, o) })
			res.Files = []string{path}
			break
		}
		els, rels, props := archiRows(am, scope, o)
		res.Files, err = writeCSVs(dir, false, map[string][][]string{
			"elements.csv":   els,
			"relations.csv":  rels,
			"properties.csv": props,
		})
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

func writeCSVs(dir string, bom bool, files map[string][][]string) ([]string, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []string
	for _, n := range names {
		path := filepath.Join(dir, n)
		err := outfile.Write(path, func(w io.Writer) error {
			if bom {
				if _, err := io.WriteString(w, "\ufeff"); err != nil {
					return err
				}
			}
			cw := csv.NewWriter(w)
			cw.UseCRLF = true
			if err := cw.WriteAll(files[n]); err != nil {
				return err
			}
			return cw.Error()
		})
		if err != nil {
			return nil, err
		}
		out = append(out, path)
	}
	return out, nil
}

// spreadsheetSafe keeps a spreadsheet from reading a cell as a formula: a
// value starting with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe (the OWASP advice for CSV meant for spreadsheets).
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func csvElements(a *migrate.Architecture) [][]string {
	head := []string{"key", "new_province", "new_unit", "new_unit_name", "cluster", "treatment", "decided", "absorbed"}
	for _, c := range inventory.ElementColumns {
		head = append(head, c.Key)
	}
	rows := [][]string{head}
	for _, e := range a.Elements {
		r := []string{e.Key, e.NewProvince, e.NewUnit, e.NewUnitName, e.Cluster, string(e.Treatment), strconv.FormatBool(e.Decided), strings.Join(e.Absorbed, ";")}
		for _, c := range inventory.ElementColumns {
			r = append(r, inventory.ElementCell(e.Element, c.Key))
		}
		for i := range r {
			r[i] = spreadsheetSafe(r[i])
		}
		rows = append(rows, r)
	}
	return rows
}

func csvRelations(a *migrate.Architecture) [][]string {
	rows := [][]string{{"from", "to", "kind", "via", "before"}}
	for _, r := range a.Relations {
		rows = append(rows, []string{spreadsheetSafe(r.From), spreadsheetSafe(r.To), r.Kind, r.Via, spreadsheetSafe(strings.Join(r.Before, ";"))})
	}
	return rows
}

func csvClusters(a *migrate.Architecture) [][]string {
	rows := [][]string{{"id", "new_unit", "basis", "survivor", "members", "explanation", "explanation_en"}}
	for _, c := range a.Clusters {
		rows = append(rows, []string{c.ID, c.NewUnit, strings.Join(c.Basis, ";"), spreadsheetSafe(c.Survivor), spreadsheetSafe(strings.Join(c.Members, ";")),
			spreadsheetSafe(c.Explanation.VI), spreadsheetSafe(c.Explanation.EN)})
	}
	return rows
}

// archiRows writes the model as Archi's CSV import reads it
// (com.archimatetool.csv's CSVImporter): identifiers of [a-zA-Z0-9._-];
// elements with their type, name, documentation and kind as
// specialization; relationships with their ends; properties, where
// Access_Type and Directed set an access's type and an association's
// direction. The model row, which renames the model imported into (an
// empty name too), is written only when a name is asked for. Every
// name, documentation and value is spreadsheet-safe, as the csv export's.
func archiRows(am *amModel, scope amScope, o ExportOptions) (els, rels, props [][]string) {
	a := am.a
	els = [][]string{{"ID", "Type", "Name", "Documentation", "Specialization"}}
	rels = [][]string{{"ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization"}}
	props = [][]string{{"ID", "Key", "Value"}}
	prop := func(id, k, v string) { props = append(props, []string{id, k, spreadsheetSafe(v)}) }
	if o.ModelName != "" {
		id := scope.modelID()
		els = append(els, []string{id, "ArchimateModel", spreadsheetSafe(o.ModelName), spreadsheetSafe(modelPurpose(a).In(o.Lang)), ""})
		prop(id, "plan_id", a.PlanID)
		prop(id, "as_of", a.AsOf)
		prop(id, "mapping", a.Mapping)
	}
	for i := range am.elements {
		e := &am.elements[i]
		els = append(els, []string{e.id, e.typ, spreadsheetSafe(e.e.Name), spreadsheetSafe(e.e.Description), string(e.e.Kind)})
		for _, p := range e.props {
			prop(e.id, p.key, p.value)
		}
	}
	for i := range am.relations {
		r := &am.relations[i]
		rels = append(rels, []string{r.id, r.rel.Type + "Relationship", spreadsheetSafe(relationName(r.r).In(o.Lang)), "", r.source, r.target, ""})
		if r.rel.Access != "" {
			prop(r.id, "Access_Type", r.rel.Access)
		}
		if r.rel.Directed {
			prop(r.id, "Directed", "true")
		}
		for _, p := range r.props {
			prop(r.id, p.key, p.value)
		}
	}
	return els, rels, props
}

// writeArchitectureJSON writes a as encoding/json's Encoder would (one
// space of indent, HTML characters as they are), an element at a time:
// the whole country's architecture encoded in one piece held a copy of
// the file in memory, and more while the buffer grew.
func writeArchitectureJSON(w io.Writer, a *migrate.Architecture) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// value writes v as it stands at depth 1 (a field's value) or 2 (an
	// item of a list).
	value := func(v any, depth int) error {
		buf.Reset()
		enc.SetIndent(strings.Repeat(" ", depth), " ")
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	}
	// The fields in the struct's order, each written by one function.
	type field struct {
		name  string
		write func() error
	}
	one := func(v any) func() error { return func() error { return value(v, 1) } }
	list := func(n int, isNil bool, item func(i int) any) func() error {
		return func() error {
			switch {
			case isNil:
				_, err := bw.WriteString("null")
				return err
			case n == 0:
				_, err := bw.WriteString("[]")
				return err
			}
			bw.WriteString("[")
			for i := range n {
				if i > 0 {
					bw.WriteString(",")
				}
				bw.WriteString("\n  ")
				if err := value(item(i), 2); err != nil {
					return err
				}
			}
			_, err := bw.WriteString("\n ]")
			return err
		}
	}
	fields := []field{
		{"plan_id", one(a.PlanID)},
		{"as_of", one(a.AsOf)},
		{"mapping", one(a.Mapping)},
		{"provinces", list(len(a.Provinces), a.Provinces == nil, func(i int) any { return &a.Provinces[i] })},
		{"elements", list(len(a.Elements), a.Elements == nil, func(i int) any { return &a.Elements[i] })},
		{"relations", list(len(a.Relations), a.Relations == nil, func(i int) any { return &a.Relations[i] })},
		{"clusters", list(len(a.Clusters), a.Clusters == nil, func(i int) any { return &a.Clusters[i] })},
		{"dropped_relations", one(a.Dropped)},
		{"dropped_hosting", one(a.DroppedHosting)},
		{"unrouted_elements", one(a.Unrouted)},
	}
	bw.WriteString("{")
	for i, f := range fields {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n \"" + f.name + "\": ")
		if err := f.write(); err != nil {
			return err
		}
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}
