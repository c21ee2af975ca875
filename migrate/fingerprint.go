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
const fingerprintVersion = "archmerge-plan-3"

// Fingerprint returns a SHA-256 (hex) over everything a plan depends on:
// the mapping's rows, the plan date, the province filter, and the elements,
// relations and decisions (in any order) of the groups of provinces the plan
// covers (see Partition). Provenance (file, line) is left out: re-importing
// the same rows from another file gives the same plan. It is made of the
// fingerprints of the groups, so that a plan of one province depends only on
// the inputs that can change it, and a national plan's fingerprint can be
// put together part by part (Combine).
func Fingerprint(in Input) string {
	return digestInput(in).total(in)
}

// digested holds an input's fingerprints.
type digested struct {
	mapFP string
	g     *grouping
	// group root → fingerprint of the group's inputs
	groups map[string]string
	// digests of what belongs to no province (elements of units the
	// mapping does not know, and what refers only to them)
	unrouted []string
}

func digestInput(in Input) *digested {
	d := &digested{g: groupInput(&in), groups: map[string]string{}}
	if in.Mapping != nil {
		d.mapFP = mappingFingerprint(in.Mapping)
	}
	// Digests by group root, in three sections: elements, relations,
	// decisions.
	type sections [3][]string
	byRoot := map[string]*sections{}
	add := func(prov string, sec int, digest string) {
		if prov == "" {
			d.unrouted = append(d.unrouted, digest)
			return
		}
		r := d.g.find(prov)
		s := byRoot[r]
		if s == nil {
			s = &sections{}
			byRoot[r] = s
		}
		s[sec] = append(s[sec], digest)
	}
	for i := range in.Elements {
		e := &in.Elements[i]
		add(d.g.provOf[e.Key()], 0, elementDigest(e))
	}
	for i := range in.Relations {
		r := &in.Relations[i]
		add(d.g.relation(r), 1, relationDigest(r))
	}
	for i := range in.Decisions {
		dc := &in.Decisions[i]
		add(d.g.decision(dc), 2, decisionDigest(dc))
	}
	for r, members := range d.g.members {
		h := sha256.New()
		h.Write([]byte(fingerprintVersion + "\ngroup\n" + d.mapFP + "\n" + in.AsOf + "\n" + strings.Join(members, ",") + "\n"))
		if s := byRoot[r]; s != nil {
			for _, sec := range s {
				sort.Strings(sec)
				for _, x := range sec {
					h.Write([]byte(x))
				}
				h.Write([]byte{'\n'})
			}
		}
		d.groups[r] = hex.EncodeToString(h.Sum(nil))
	}
	sort.Strings(d.unrouted)
	return d
}

// province returns the fingerprint of the group of provinces planned
// together with code: what its workbook depends on.
func (d *digested) province(code string) string { return d.groups[d.g.find(code)] }

// total returns the fingerprint of the plan of in: its scope — the
// provinces asked for, or when none were, every province that received an
// element, so that planning "all" of a workspace holding one province is
// the same plan as planning that province by name — and the fingerprints
// of the groups it covers.
func (d *digested) total(in Input) string {
	var groups, scope []string
	for _, r := range d.g.roots() {
		groups = append(groups, d.groups[r])
		scope = append(scope, d.g.members[r]...)
	}
	var unrouted []string
	if len(in.Provinces) == 0 {
		unrouted = d.unrouted
	} else {
		scope = in.Provinces
	}
	return Combine(in.Mapping, in.AsOf, scope, groups, unrouted)
}

// Combine puts a plan's fingerprint together from the fingerprints of the
// groups it covers (ProvinceSummary.Fingerprint of their provinces, or of
// Partition's parts), in any order; unrouted are the digests of what
// belongs to no province, for a plan without a province filter (a national
// run computes them with Unrouted). provinces is the plan's scope: the
// provinces asked for, or every province of the groups when none were.
func Combine(m *mapping.Mapping, asOf string, provinces, groups, unrouted []string) string {
	mapFP := ""
	if m != nil {
		mapFP = mappingFingerprint(m)
	}
	provs := append([]string(nil), provinces...)
	sort.Strings(provs)
	provs = slices.Compact(provs)
	gs := append([]string(nil), groups...)
	sort.Strings(gs)
	gs = slices.Compact(gs)
	h := sha256.New()
	h.Write([]byte(fingerprintVersion + "\nplan\n" + mapFP + "\n" + asOf + "\n" + strings.Join(provs, ",") + "\n"))
	for _, g := range gs {
		h.Write([]byte(g + "\n"))
	}
	for _, x := range unrouted {
		h.Write([]byte(x))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Unrouted returns the sorted digests of what in holds that belongs to no
// province, for Combine.
func Unrouted(in Input) []string { return digestInput(in).unrouted }

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

// Digest is what the fingerprints of an input are made from: made once
// (DigestOf) it gives a province's fingerprint and, given to Build with the
// same input (Input.Digest), the plan's, so that a batch digests each part
// once, not once for the plan's id and again to plan it.
type Digest struct{ d *digested }

// DigestOf digests in.
func DigestOf(in Input) *Digest { return &Digest{digestInput(in)} }

// Province is ProvinceFingerprints(in)[code] of the input digested.
func (d *Digest) Province(code string) string { return d.d.province(code) }

// ProvinceFingerprints returns, for each new province of in, the
// fingerprint of its group's inputs: what ProvinceSummary.Fingerprint says
// in any plan of it, without planning.
func ProvinceFingerprints(in Input) map[string]string {
	d := digestInput(in)
	out := make(map[string]string, len(d.g.parent))
	for p := range d.g.parent {
		out[p] = d.province(p)
	}
	return out
}
