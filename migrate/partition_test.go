package migrate

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/ndta-vn/archmerge/fixtures"
	"github.com/ndta-vn/archmerge/inventory"
)

// TestPartitionPlansEqualTheNationalPlan checks the promise batch relies on:
// planning each part of a partition gives, for its provinces, exactly what
// planning the whole country gives.
func TestPartitionPlansEqualTheNationalPlan(t *testing.T) {
	m := builtin(t)
	in := Input{Mapping: m, AsOf: "2026-07-01"}
	for _, p := range fixtures.Generate(m, fixtures.Options{Scale: 0.05, Seed: 3}) {
		in.Elements = append(in.Elements, p.Inventory.Elements...)
		in.Relations = append(in.Relations, p.Inventory.Relations...)
	}
	// Link two provinces across their border, so that they must share a
	// part: Hà Nội's first element integrates with Huế's first one.
	var hn, hue string
	for i := range in.Elements {
		e := &in.Elements[i]
		if hn == "" && e.Unit == "01" {
			hn = e.Key()
		}
		if hue == "" && e.Unit == "46" {
			hue = e.Key()
		}
	}
	in.Relations = append(in.Relations, inventory.Relation{Owner: "01", From: hn, To: hue, Kind: "integrates", Via: "direct", FromOK: true, ToOK: true})
	in.Decisions = []Decision{{Key: hue, Treatment: Retire, At: "2026-01-01T00:00:00Z"}}

	national, err := Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	parts := Partition(in)
	covered := 0
	var groups []string
	var archs []*Architecture
	for _, part := range parts {
		covered += len(part.Provinces)
		if len(part.Provinces) > 1 && (part.Provinces[0] != "01" || part.Provinces[1] != "46") {
			t.Errorf("unexpected group %v", part.Provinces)
		}
		got, err := Build(context.Background(), part)
		if err != nil {
			t.Fatal(err)
		}
		for _, ps := range got.Provinces {
			if ps.Fingerprint != got.Provinces[0].Fingerprint {
				t.Errorf("provinces %s and %s of one part carry different fingerprints", ps.Code, got.Provinces[0].Code)
			}
		}
		groups = append(groups, got.Provinces[0].Fingerprint)
		// A plan of one province depends only on its part: loading the
		// whole country or the part alone gives the same plan id.
		whole, alone := in, part
		whole.Provinces, alone.Provinces = part.Provinces[:1], part.Provinces[:1]
		if a, b := Fingerprint(whole), Fingerprint(alone); a != b {
			t.Errorf("the plan of %s has fingerprint %s from the whole input, %s from its part", part.Provinces[0], a, b)
		}
		archs = append(archs, Consolidate(got, m))
		want := national.Only(part.Provinces)
		if a, b := comparable(t, got), comparable(t, want); a != b {
			t.Fatalf("part %v differs from the national plan:\n%s", part.Provinces, firstDiff(a, b))
		}
	}
	// The consolidated architecture is put together from the parts'.
	whole := Consolidate(national, m)
	merged := MergeArchitectures(national.ID, national.Provinces, archs)
	if a, b := comparableArch(t, merged), comparableArch(t, whole); a != b {
		t.Errorf("the parts' architectures merged differ from the national one:\n%s", firstDiff(a, b))
	}
	// The national fingerprint is put together from the parts'.
	var all []string
	for _, ps := range national.Provinces {
		all = append(all, ps.Code)
	}
	if got := Combine(m, in.AsOf, all, groups, Unrouted(in)); got != national.Fingerprint {
		t.Errorf("Combine of the parts' fingerprints = %s, the national plan's is %s", got, national.Fingerprint)
	}
	if covered != len(national.Provinces) || len(parts) != len(national.Provinces)-1 {
		t.Errorf("%d parts covering %d provinces; the national plan has %d", len(parts), covered, len(national.Provinces))
	}
}

// comparable renders a plan without what depends on which part of the
// input it was built from (its id and whole-input fingerprint).
func comparable(t *testing.T, p *Plan) string {
	t.Helper()
	c := *p
	c.ID, c.Fingerprint = "", ""
	b, err := json.MarshalIndent(&c, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-300)
	return "got:  ..." + a[lo:min(len(a), i+300)] + "\nwant: ..." + b[lo:min(len(b), i+300)]
}

func comparableArch(t *testing.T, a *Architecture) string {
	t.Helper()
	b, err := json.MarshalIndent(a, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
