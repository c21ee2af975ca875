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

func elementDigest(e *inventory.Element) string {
	var b strings.Builder
	b.Grow(256)
	field(&b, "e", e.Unit, e.ID, string(e.Kind), e.Name, e.FunctionCode, e.Owner, e.Operator, e.Vendor, e.Product, e.Version,
		e.Hosting, e.HostedOn, strconv.Itoa(e.SecurityLevel), e.SecurityDecision, e.Status, e.RecordType,
		strconv.FormatInt(e.Users, 10), strconv.FormatInt(e.AnnualCost, 10), e.ContractEnd, e.ContractHolder,
		strconv.FormatBool(e.PersonalData), e.AdminCodeFields, e.CodeVintage, strconv.FormatBool(e.HasDistrictLevel),
		e.AddressFields, strconv.FormatInt(e.Records, 10), e.Description)
	if len(e.Extra) > 0 {
		keys := make([]string, 0, len(e.Extra))
		for k := range e.Extra {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			field(&b, "x", k, e.Extra[k])
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return string(sum[:])
}

func relationDigest(r *inventory.Relation) string {
	var b strings.Builder
	field(&b, "r", r.Owner, r.From, r.To, r.Kind, r.Via, r.Description, strconv.FormatBool(r.FromOK), strconv.FormatBool(r.ToOK))
	sum := sha256.Sum256([]byte(b.String()))
	return string(sum[:])
}

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
