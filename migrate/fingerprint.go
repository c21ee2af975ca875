package migrate

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
)

// fingerprintVersion changes whenever the engine's rules change, so that a
// stored plan made by an older engine is never mistaken for a current one.
const fingerprintVersion = "archmerge-plan-2"

// Fingerprint returns a SHA-256 (hex) over everything a plan depends on:
// the mapping's rows, the elements, relations and decisions (in any order),
// the plan date and the province filter. Provenance (file, line) is left
// out: re-importing the same rows from another file gives the same plan.
func Fingerprint(in Input) string {
	d := digestInput(in)
	return d.total(in)
}

type digested struct {
	mapFP string
	// by new province (routing province of the declaring unit)
	elems, rels, decs map[string][]string
}

func digestInput(in Input) *digested {
	d := &digested{elems: map[string][]string{}, rels: map[string][]string{}, decs: map[string][]string{}}
	if in.Mapping != nil {
		d.mapFP = mappingFingerprint(in.Mapping)
	}
	provOf := provinceCache(in.Mapping)
	for i := range in.Elements {
		e := &in.Elements[i]
		p := provOf(e.Unit)
		d.elems[p] = append(d.elems[p], elementDigest(e))
	}
	for i := range in.Relations {
		r := &in.Relations[i]
		u, _, ok := inventory.SplitKey(r.From)
		if !ok || !r.FromOK {
			u = r.Owner
		}
		p := provOf(u)
		d.rels[p] = append(d.rels[p], relationDigest(r))
	}
	for i := range in.Decisions {
		dc := &in.Decisions[i]
		u, _, _ := inventory.SplitKey(dc.Key)
		p := provOf(u)
		d.decs[p] = append(d.decs[p], decisionDigest(dc))
	}
	return d
}

func provinceCache(m *mapping.Mapping) func(string) string {
	memo := map[string]string{}
	return func(unit string) string {
		if m == nil {
			return ""
		}
		if p, ok := memo[unit]; ok {
			return p
		}
		p := m.NewProvinceOf(unit)
		memo[unit] = p
		return p
	}
}

func (d *digested) total(in Input) string {
	h := sha256.New()
	// The plan's scope: the provinces asked for, or when none were, every
	// province that received an element — so that planning "all" of a
	// workspace holding one province is the same plan as planning that
	// province by name.
	provs := append([]string(nil), in.Provinces...)
	if len(provs) == 0 {
		for p := range d.elems {
			if p != "" {
				provs = append(provs, p)
			}
		}
	}
	sort.Strings(provs)
	provs = slices.Compact(provs)
	h.Write([]byte(fingerprintVersion + "\n" + d.mapFP + "\n" + in.AsOf + "\n" + strings.Join(provs, ",") + "\n"))
	for _, part := range []map[string][]string{d.elems, d.rels, d.decs} {
		var all []string
		for _, l := range part {
			all = append(all, l...)
		}
		sort.Strings(all)
		for _, x := range all {
			h.Write([]byte(x))
		}
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// province returns the fingerprint of one province's inputs.
func (d *digested) province(in Input, code string) string {
	h := sha256.New()
	h.Write([]byte(fingerprintVersion + "\n" + d.mapFP + "\n" + in.AsOf + "\n" + code + "\n"))
	for _, part := range []map[string][]string{d.elems, d.rels, d.decs} {
		l := append([]string(nil), part[code]...)
		sort.Strings(l)
		for _, x := range l {
			h.Write([]byte(x))
		}
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

var mapFPs sync.Map // *mapping.Mapping → string

// mappingFingerprint hashes a mapping's rows (the same rows give the same
// hash whatever their source). Mappings are read-only, so it is memoised.
func mappingFingerprint(m *mapping.Mapping) string {
	if v, ok := mapFPs.Load(m); ok {
		return v.(string)
	}
	h := sha256.New()
	var b strings.Builder
	for _, u := range m.OldUnits {
		b.Reset()
		field(&b, "o", u.Code, u.Name, string(u.Level), u.Parent)
		h.Write([]byte(b.String()))
	}
	for _, u := range m.NewUnits {
		b.Reset()
		field(&b, "n", u.Code, u.Name, string(u.Level), u.Parent)
		h.Write([]byte(b.String()))
	}
	for _, l := range m.Links {
		b.Reset()
		field(&b, "l", l.Old, l.New, string(l.Relation), string(l.Transfer), l.Resolution, l.Clause)
		h.Write([]byte(b.String()))
	}
	fp := hex.EncodeToString(h.Sum(nil))
	mapFPs.Store(m, fp)
	return fp
}

func field(b *strings.Builder, parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
		b.WriteByte(0x1f)
	}
	b.WriteByte('\n')
}

// elementFields are an element's columns in the order of its digest: the
// parts of its key, then the others in table order.
var elementFields = func() []*inventory.Column {
	key, rest := inventory.KeyColumns()
	return append(key, rest...)
}()

// elementDigest hashes every field of an element (numbers in decimal,
// yes/no as true/false), then its extra attributes sorted by name: the
// bytes of field("e", ...) and field("x", name, value).
func elementDigest(e *inventory.Element) string {
	b := make([]byte, 0, 512)
	b = append(b, 'e', 0x1f)
	for _, c := range elementFields {
		switch p := c.Field(e).(type) {
		case *string:
			b = append(b, *p...)
		case *int:
			b = strconv.AppendInt(b, int64(*p), 10)
		case *int64:
			b = strconv.AppendInt(b, *p, 10)
		case *bool:
			b = strconv.AppendBool(b, *p)
		}
		b = append(b, 0x1f)
	}
	b = append(b, '\n')
	if len(e.Extra) > 0 {
		keys := make([]string, 0, len(e.Extra))
		for k := range e.Extra {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b = append(appendPart(appendPart(append(b, 'x', 0x1f), k), e.Extra[k]), '\n')
		}
	}
	sum := sha256.Sum256(b)
	return string(sum[:])
}

// relationDigest hashes a relation: its owner, its columns in table order,
// whether each end resolved.
func relationDigest(r *inventory.Relation) string {
	b := make([]byte, 0, 256)
	b = appendPart(append(b, 'r', 0x1f), r.Owner)
	for i := range inventory.RelationColumns {
		b = appendPart(b, *inventory.RelationColumns[i].Rel(r))
	}
	b = append(strconv.AppendBool(b, r.FromOK), 0x1f)
	b = append(strconv.AppendBool(b, r.ToOK), 0x1f, '\n')
	sum := sha256.Sum256(b)
	return string(sum[:])
}

// appendPart appends a part of a digested row and its separator, as field
// writes it.
func appendPart(b []byte, s string) []byte { return append(append(b, s...), 0x1f) }

func decisionDigest(d *Decision) string {
	var b strings.Builder
	// Who, when and which file do not change the plan's content, but the
	// plan records the decision in force, so they are part of it.
	field(&b, "d", d.Key, string(d.Treatment), d.MergeInto, d.NewUnit, d.NewOwner, d.Note, d.By, d.At, d.File, d.SHA256)
	sum := sha256.Sum256([]byte(b.String()))
	return string(sum[:])
}

// validDate reports an ISO date.
func validDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}
