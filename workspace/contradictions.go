package workspace

import (
	"context"
	"slices"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/migrate"
	"github.com/ndta-vn/archmerge/store"
)

// contradictions lists the merge decisions in force that contradict each
// other (migrate.Contradictions): apply refuses to record them, but an
// earlier version may have. Each element's new province is read from the
// unit of its key; provinces restricts the list to decisions on elements
// of those new provinces (none: every one). It reads the decisions only,
// so it is cheap enough for every workflow that reports on the plan.
func (w *Workspace) contradictions(ctx context.Context, st *store.Store, m *mapping.Mapping, provinces []string) ([]migrate.Contradiction, error) {
	ds, err := st.Decisions(ctx)
	if err != nil {
		return nil, err
	}
	provinceOf := func(key string) string {
		if u, _, ok := inventory.SplitKey(key); ok {
			return m.NewProvinceOf(u)
		}
		return ""
	}
	cs := migrate.Contradictions(ds, provinceOf)
	if len(provinces) == 0 {
		return cs, nil
	}
	out := cs[:0]
	for _, c := range cs {
		if slices.Contains(provinces, c.Province) {
			out = append(out, c)
		}
	}
	return out, nil
}

// unknownUnits lists the old units holding an inventory in the workspace
// that the mapping m does not have, with their elements and files: after
// a mapping imported with --force, the plan can place none of their
// elements, and plan, status and report say so.
func (w *Workspace) unknownUnits(ctx context.Context, st *store.Store, m *mapping.Mapping) ([]store.UnitInventory, error) {
	units, err := st.InventoryUnits(ctx)
	if err != nil {
		return nil, err
	}
	var unknown []string
	for _, u := range units {
		if _, ok := m.OldUnit(u); !ok {
			unknown = append(unknown, u)
		}
	}
	if len(unknown) == 0 {
		return nil, nil
	}
	return st.UnitInventories(ctx, unknown)
}
