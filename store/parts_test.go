package store

import (
	"context"
	"slices"
	"testing"
)

// TestGroupsFollowTheLinksImportsRecord checks what lets a command plan one
// province without reading the country: every import records which units
// its rows refer to (unit_links), Groups joins the provinces of linked units,
// and PlanInput of one province reads only its group's inventories.
func TestGroupsFollowTheLinksImportsRecord(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	m := builtinMapping(t)
	// Hà Nội (01), Tuyên Quang (08), Huế (46); Hà Nội's system integrates
	// with Huế's.
	imp := func(name, elems, rels string) {
		t.Helper()
		if _, err := st.ImportInventory(ctx, readInv(t, st, name, elems, rels)); err != nil {
			t.Fatal(err)
		}
	}
	imp("hue", invHeader+"KT,46,application,Một cửa Huế,KTTTHC,Sở KH&CN,3,active,10,,no,\n", "from,to,kind\n")
	imp("tq", invHeader+"KT,08,application,Một cửa Tuyên Quang,KTTTHC,Sở KH&CN,3,active,10,,no,\n", "from,to,kind\n")
	imp("hn", invHeader+"KT,01,application,Một cửa Hà Nội,KTTTHC,Sở KH&CN,3,active,10,,no,\n",
		"from,to,kind,via\nKT,46/KT,integrates,lgsp\n")

	links, err := st.UnitLinks(ctx)
	if err != nil || !slices.Contains(links, [2]string{"01", "46"}) {
		t.Fatalf("links %v, %v: want 01–46", links, err)
	}
	g, err := st.Groups(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Of("46"); !slices.Equal(got, []string{"01", "46"}) {
		t.Errorf("the group of 46 is %v, want 01 and 46", got)
	}
	if got := g.Of("08"); !slices.Equal(got, []string{"08"}) {
		t.Errorf("the group of 08 is %v", got)
	}
	in, _, err := st.PlanInput(ctx, "2026-06-01", []string{"46"})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, e := range in.Elements {
		keys = append(keys, e.Key())
	}
	if !slices.Equal(keys, []string{"01/KT", "46/KT"}) || len(in.Relations) != 1 {
		t.Errorf("the plan input of 46 holds %v and %d relations: want its group's, 01/KT and 46/KT and their relation", keys, len(in.Relations))
	}

	// Hà Nội imported again without the link: the groups part.
	imp("hn", invHeader+"KT,01,application,Một cửa Hà Nội,KTTTHC,Sở KH&CN,3,active,10,,no,\n", "from,to,kind\n")
	if g, err = st.Groups(ctx, m); err != nil {
		t.Fatal(err)
	}
	if got := g.Of("46"); !slices.Equal(got, []string{"46"}) {
		t.Errorf("after the link went, the group of 46 is %v", got)
	}
}
