package reports

import (
	"context"
	"sync"
	"testing"

	"github.com/ndta-vn/archmerge/fixtures"
	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
)

var (
	builtinOnce sync.Once
	builtinMap  *mapping.Mapping
	builtinErr  error
)

func builtin(t testing.TB) *mapping.Mapping {
	t.Helper()
	builtinOnce.Do(func() { builtinMap, builtinErr = mapping.Builtin() })
	if builtinErr != nil {
		t.Fatal(builtinErr)
	}
	return builtinMap
}

// fixtureInput returns the synthetic inventories of the given old
// provinces, with relation endpoints resolved as import resolves them.
func fixtureInput(t testing.TB, m *mapping.Mapping, scale float64, oldProvinces ...string) migrate.Input {
	t.Helper()
	provs := fixtures.Generate(m, fixtures.Options{Scale: scale, Seed: 7, Provinces: oldProvinces})
	var in migrate.Input
	for _, p := range provs {
		in.Elements = append(in.Elements, p.Inventory.Elements...)
		in.Relations = append(in.Relations, p.Inventory.Relations...)
	}
	keys := make(map[string]bool, len(in.Elements))
	for i := range in.Elements {
		keys[in.Elements[i].Key()] = true
	}
	for i := range in.Relations {
		r := &in.Relations[i]
		r.FromOK, r.ToOK = keys[r.From], keys[r.To]
	}
	in.Mapping = m
	in.AsOf = "2026-06-01"
	return in
}

func build(t testing.TB, in migrate.Input) *migrate.Plan {
	t.Helper()
	p, err := migrate.Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == "" {
		p.ID = "plan-test"
	}
	return p
}

// tuyenQuang plans new 08 Tuyên Quang (old 08 + old 02 Hà Giang) from small
// synthetic inventories.
func tuyenQuang(t testing.TB) (*migrate.Plan, *mapping.Mapping, migrate.Input) {
	t.Helper()
	m := builtin(t)
	in := fixtureInput(t, m, 0.15, "02", "08")
	in.Provinces = []string{"08"}
	return build(t, in), m, in
}

var _ = inventory.Kinds
