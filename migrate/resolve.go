package migrate

// resolveFlags marks the flags that the decisions in force settle
// (docs/flags.md, "What settles it").
func (b *builder) resolveFlags() {
	for _, f := range b.flags {
		by := b.settledBy(f)
		if len(by) > 0 {
			f.Resolved = true
			f.ResolvedBy = sortedUnique(by)
		}
	}
}

func treated(d *Decision) bool { return d != nil && d.Treatment != "" }

func goneDecided(d *Decision) bool {
	return d != nil && (d.Treatment == Merge || d.Treatment == Retire)
}

func noted(d *Decision) bool { return d != nil && d.Note != "" }

// settledBy returns the keys of the elements whose decisions settle f, or
// nil when it is open.
func (b *builder) settledBy(f *Flag) []string {
	dec := func(k string) *Decision { return b.decs[k] }
	first := ""
	if len(f.Elements) > 0 {
		first = f.Elements[0]
	}
	// one returns the first element's key when ok.
	one := func(k string, ok bool) []string {
		if ok {
			return []string{k}
		}
		return nil
	}
	anyOf := func(ok func(*Decision) bool) []string {
		var by []string
		for _, k := range f.Elements {
			if ok(dec(k)) {
				by = append(by, k)
			}
		}
		return by
	}
	switch f.Code {
	case "DUP_FUNCTION", "DUP_PRODUCT", "DUP_NAME", "CONFLICT_VENDOR":
		kept := 0
		for _, k := range f.Elements {
			d := dec(k)
			if !treated(d) {
				return nil
			}
			if !goneDecided(d) {
				kept++
			}
		}
		if kept > 1 {
			return nil
		}
		return f.Elements
	case "DUP_NATIONAL_AS_LOCAL", "ORPHAN_HOSTING":
		d := dec(first)
		return one(first, treated(d) || (f.Code == "ORPHAN_HOSTING" && noted(d)))
	case "ORPHAN_DISTRICT", "ORPHAN_CONTRACT":
		d := dec(first)
		return one(first, d != nil && (d.NewOwner != "" || goneDecided(d)))
	case "SPLIT_ALLOCATION":
		d := dec(first)
		return one(first, d != nil && (contains(f.Candidates, d.NewUnit) || goneDecided(d)))
	case "CONFLICT_SECURITY_LEVEL":
		return anyOf(func(d *Decision) bool { return noted(d) && !goneDecided(d) })
	case "SECURITY_LEVEL_MISSING", "SECURITY_SCOPE_GROWTH":
		d := dec(first)
		return one(first, noted(d) || goneDecided(d))
	case "CONFLICT_OWNER":
		return anyOf(func(d *Decision) bool { return d != nil && d.NewOwner != "" })
	case "INTEG_TARGET_RETIRING", "INTEG_DANGLING":
		// Relation flags list the source first.
		d := dec(first)
		return one(first, treated(d) || noted(d))
	case "INTEG_NOW_INTERNAL", "NAME_STALE_UNIT", "CONTRACT_EXPIRING":
		return anyOf(func(d *Decision) bool { return treated(d) || noted(d) })
	case "INTEG_LGSP_ABSORBED":
		d := dec(first)
		return one(first, treated(d) && d.Treatment != Continue)
	case "INTEG_POINT_TO_POINT":
		return anyOf(func(d *Decision) bool { return treated(d) && d.Treatment != Continue })
	case "DATA_OLD_UNIT_CODE", "DATA_DISTRICT_KEY", "DATA_SPLIT_COMMUNE", "DATA_ADDRESS_TEXT":
		d := dec(first)
		return one(first, (treated(d) && d.Treatment != Continue) || noted(d))
	case "DATA_PERSONAL_ON_RETIRING":
		return one(first, noted(dec(first)))
	case "MISSING_REQUIRED":
		d := dec(first)
		it, ok := b.byKey[first]
		if d == nil || !ok {
			return nil
		}
		for _, a := range requiredMissing(&b.items[it]) {
			if a == "owner" && d.NewOwner == "" || a != "owner" && d.Note == "" {
				return nil
			}
		}
		return []string{first}
	}
	return nil
}
