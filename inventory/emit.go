package inventory

import (
	"context"
	"strings"

	"github.com/ndta-vn/archmerge/mapping"
)

// Batch is a part of an inventory handed over while a read goes on (see
// ReadPathsTo): rows whose values are final, the files they come from, and
// the units whose inventories start in this batch.
type Batch struct {
	// Files lists the files first seen in this batch, with their format
	// and SHA-256; every row of the batch comes from a file listed in this
	// batch or an earlier one.
	Files []FileInfo
	// Units lists, sorted, the units whose elements the files of this
	// batch declare: an importer replaces their inventories before storing
	// the batch's rows. Every unit is listed in exactly one batch, at or
	// before the batch holding its first element or relation.
	Units     []string
	Elements  []Element
	Relations []Relation
}

// ReadPathsTo reads and checks like ReadPaths but hands the rows to emit
// while it reads, so that the caller can store one file while the next ones
// are still being read and checked; the Result it returns holds no rows
// (Elements and Relations are empty), only the files, warnings and
// problems. emit is called from one goroutine, never concurrently. A batch
// is never modified once handed over: the caller may keep it and read it
// from another goroutine.
//
// When the Result has no problems, the batches hold every element and
// relation ReadPaths would return, each exactly once and with the same
// values (the order differs: a row whose reference may still resolve to a
// file read later is held back until every file is read). Once a problem
// has been found no more batches come, so a caller that stored batches must
// discard them when the Result has problems. An error from emit stops the
// read and is returned.
func ReadPathsTo(ctx context.Context, paths []string, m *mapping.Mapping, known func(key string) bool, emit func(Batch) error) (*Result, error) {
	return readPaths(ctx, paths, m, known, emit)
}

// emitter hands a read's rows to emit: each file's settled rows when the
// file is merged, the rest once every file is.
type emitter struct {
	emit      func(Batch) error
	announced map[string]bool // units listed in a batch already
}

// settled emits a merged file: its units, its files, and the elements and
// relations whose values cannot change with files merged later. Settled
// elements get their final hosted_on in place, and are marked so that
// resolve leaves them alone.
func (em *emitter) settled(r *reader, fs *fileState) error {
	b := Batch{Files: append([]FileInfo(nil), fs.raw.infos...)}
	for _, info := range fs.raw.infos {
		for _, u := range info.Units { // sorted; only the elements file has units
			if !em.announced[u] {
				em.announced[u] = true
				b.Units = append(b.Units, u)
			}
		}
	}
	fs.sent = make([]uint8, len(fs.elems))
	all := true
	for i := range fs.elems {
		e := &fs.elems[i]
		host, state := r.settledHost(e)
		if state == held {
			all = false
			continue
		}
		fs.sent[i] = state
		e.HostedOn = host
	}
	if all {
		b.Elements = fs.elems // the common case: no copy
	} else {
		for i := range fs.elems {
			if fs.sent[i] != held {
				b.Elements = append(b.Elements, fs.elems[i])
			}
		}
	}
	// Relations whose endpoints are settled go now, counted as resolve
	// would count them; resolve skips them.
	fs.relSent = make([]bool, len(fs.relLines))
	for j := range fs.relLines {
		rr := &fs.relLines[j]
		from, fromOK, fromUnit, ok1 := r.settledEndpoint(fs, rr.From)
		to, toOK, _, ok2 := r.settledEndpoint(fs, rr.To)
		owner := fs.owner(fromUnit)
		if !ok1 || !ok2 || owner == "" {
			continue
		}
		fs.relSent[j] = true
		if !fromOK {
			fs.stats.unresolved++
		}
		if !toOK {
			fs.stats.unresolved++
		}
		b.Relations = append(b.Relations, fs.relation(rr, owner, from, to, fromOK, toOK))
	}
	return em.emit(b)
}

// rest emits, after resolution, every row settled did not.
func (em *emitter) rest(r *reader) error {
	var b Batch
	for _, fs := range r.files {
		for i := range fs.elems {
			if fs.sent == nil || fs.sent[i] == held {
				b.Elements = append(b.Elements, fs.elems[i])
			}
		}
	}
	b.Relations = r.held
	if len(b.Elements) == 0 && len(b.Relations) == 0 {
		return nil
	}
	return em.emit(b)
}

// settledHost returns the value resolve will give e.HostedOn when files
// merged later cannot change it, and how settled it is: sentFinal for a
// blank, for a bare id another element of the same unit already has
// (resolve looks there first, and keys are never removed), and for
// unit_code/id already declared; sentCount for unit_code/id with a
// well-formed unit code not declared yet, which resolve keeps as written
// whether or not it resolves in the end. Anything else is held.
func (r *reader) settledHost(e *Element) (string, uint8) {
	h := e.HostedOn
	if h == "" {
		return "", sentFinal
	}
	if !strings.Contains(h, "/") {
		if _, ok := r.keys[e.Unit+"/"+h]; ok {
			return e.Unit + "/" + h, sentFinal
		}
		return "", held
	}
	u, _, _ := SplitKey(h)
	if r.m != nil {
		if _, ok := r.m.OldUnit(u); !ok {
			return "", held // resolve may restore the code
		}
	}
	if _, ok := r.keys[h]; ok {
		return h, sentFinal
	}
	return h, sentCount
}

// settledEndpoint is endpoint for a relation of a merged file, when files
// merged later cannot change the answer: a bare id (only this file's
// elements count, and they are all known), or unit_code/id with a
// well-formed unit code already declared in this import. It has no side
// effects: resolve reports and counts.
func (r *reader) settledEndpoint(fs *fileState, v string) (key string, resolved bool, unit string, ok bool) {
	if u, id, isKey := SplitKey(v); isKey {
		if r.m != nil {
			if _, known := r.m.OldUnit(u); !known {
				return "", false, "", false
			}
		}
		key := u + "/" + id
		if _, declared := r.keys[key]; declared {
			return key, true, u, true
		}
		return "", false, "", false
	}
	switch unit, units := fs.unitsWithID(v); {
	case unit == "":
		return v, false, "", true
	case units == nil:
		return unit + "/" + v, true, unit, true
	}
	return "", false, "", false // ambiguous: resolve reports it
}
