package reports

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/ndta-vn/archmerge/internal/outfile"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

// ExportFormats lists the formats Export writes.
var ExportFormats = []string{"json", "csv", "archi"}

// Export writes the consolidated architecture of plan p into dir in one of
// ExportFormats and returns the paths written: json writes
// architecture.json; csv writes elements.csv, relations.csv and
// clusters.csv (UTF-8 with a BOM, for Excel); archi writes Archi's CSV
// import files elements.csv, relations.csv and properties.csv. Every file is
// written atomically.
func Export(dir, format string, p *migrate.Plan, m *mapping.Mapping) ([]string, error) {
	if err := ensureDir(dir); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	a := migrate.Consolidate(p, m)
	switch format {
	case "json":
		path := filepath.Join(dir, "architecture.json")
		err := outfile.Write(path, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", " ")
			return enc.Encode(a)
		})
		if err != nil {
			return nil, err
		}
		return []string{path}, nil
	case "csv":
		return writeCSVs(dir, true, map[string][][]string{
			"elements.csv":  csvElements(a),
			"relations.csv": csvRelations(a),
			"clusters.csv":  csvClusters(a),
		})
	case "archi":
		els, rels, props := archiRows(a)
		return writeCSVs(dir, false, map[string][][]string{
			"elements.csv":   els,
			"relations.csv":  rels,
			"properties.csv": props,
		})
	}
	return nil, fmt.Errorf("export: format %q: expected one of %s", format, strings.Join(ExportFormats, ", "))
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

// ArchiType is the ArchiMate element type of an element kind, as Archi
// names its classes.
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

// ArchiRelation returns the ArchiMate relationship type (Archi's class
// name) of a relation kind between elements of two ArchiMate types, and
// whether its direction is reversed (the target serves the source). The
// types are chosen from those Archi's relationship rules allow between the
// two: a data object is only accessed or associated; between active
// elements of any layer, flow and serving are allowed.
func ArchiRelation(kind, fromType, toType string) (typ string, reverse bool) {
	fromData, toData := fromType == "DataObject", toType == "DataObject"
	switch {
	case fromData:
		return "AssociationRelationship", false
	case toData && (kind == "integrates" || kind == "uses"):
		return "AccessRelationship", false
	case toData:
		return "AssociationRelationship", false
	}
	switch kind {
	case "integrates":
		return "FlowRelationship", false
	case "uses", "hosted_on":
		return "ServingRelationship", true
	}
	return "AssociationRelationship", false
}

// ArchiID turns a key into an identifier Archi accepts (letters, digits,
// dot, underscore and hyphen): "/" becomes ".", "_" becomes "__", and any
// other byte "_" and two hex digits, so that distinct keys stay distinct.
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

func archiRows(a *migrate.Architecture) (els, rels, props [][]string) {
	els = [][]string{{"ID", "Type", "Name", "Documentation", "Specialization"}}
	rels = [][]string{{"ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization"}}
	props = [][]string{{"ID", "Key", "Value"}}
	model := "archmerge-model"
	els = append(els, []string{model, "ArchimateModel", "archmerge " + a.PlanID,
		fmt.Sprintf("Consolidated architecture, plan %s as of %s, mapping %s", a.PlanID, a.AsOf, a.Mapping), ""})
	props = append(props, []string{model, "plan_id", a.PlanID}, []string{model, "as_of", a.AsOf})
	types := map[string]string{}
	for _, e := range a.Elements {
		id := ArchiID("e-", e.Key)
		t := ArchiType(e.Kind)
		types[e.Key] = t
		els = append(els, []string{id, t, e.Name, e.Description, string(e.Kind)})
		add := func(k, v string) {
			if v != "" {
				props = append(props, []string{id, k, v})
			}
		}
		add("key", e.Key)
		add("new_province", e.NewProvince)
		add("new_unit", e.NewUnit)
		add("new_unit_name", e.NewUnitName)
		add("cluster", e.Cluster)
		add("treatment", string(e.Treatment))
		add("absorbed", strings.Join(e.Absorbed, ";"))
		for _, c := range inventory.ElementColumns {
			switch c.Key {
			case "id", "kind", "name", "description":
				continue
			}
			add(c.Key, inventory.ElementCell(e.Element, c.Key))
		}
	}
	for i, r := range a.Relations {
		typ, rev := ArchiRelation(r.Kind, types[r.From], types[r.To])
		src, dst := ArchiID("e-", r.From), ArchiID("e-", r.To)
		if rev {
			src, dst = dst, src
		}
		id := fmt.Sprintf("r-%d", i+1)
		name := r.Kind
		if r.Via != "" {
			name += " via " + r.Via
		}
		rels = append(rels, []string{id, typ, name, "", src, dst, ""})
		props = append(props, []string{id, "kind", r.Kind})
		if r.Via != "" {
			props = append(props, []string{id, "via", r.Via})
		}
		props = append(props, []string{id, "before", strings.Join(r.Before, ";")})
	}
	return els, rels, props
}
