package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// UnitInventory is what the workspace holds for one old unit: how many
// elements, from which files.
type UnitInventory struct {
	Unit     string   `json:"unit"`
	Elements int      `json:"elements"`
	Files    []string `json:"files"`
}

// UnitInventories returns, for each of the units given, the elements the
// workspace holds and the files they were imported from, sorted by unit;
// a unit holding none is left out. Each unit is read by its key range.
func (s *Store) UnitInventories(ctx context.Context, units []string) ([]UnitInventory, error) {
	var out []UnitInventory
	for _, u := range units {
		rows, err := s.db.QueryContext(ctx, `SELECT f.path, count(*) FROM elements e JOIN inventory_files f ON f.id = e.file_id
			WHERE e.key >= ? AND e.key < ? GROUP BY f.path ORDER BY f.path`, u+"/", u+"0")
		if err != nil {
			return nil, fmt.Errorf("unit inventory %s: %w", u, err)
		}
		ui := UnitInventory{Unit: u}
		for rows.Next() {
			var path string
			var n int
			if err := rows.Scan(&path, &n); err != nil {
				rows.Close()
				return nil, err
			}
			ui.Files = append(ui.Files, path)
			ui.Elements += n
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
		if ui.Elements > 0 {
			out = append(out, ui)
		}
	}
	sort.Slice(out, func(i, j int) bool { return strings.Compare(out[i].Unit, out[j].Unit) < 0 })
	return out, nil
}
