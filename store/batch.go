package store

import (
	"context"
	"fmt"

	"github.com/ndta-vn/archmerge/inventory"
)

// FilesUnchanged reports whether every file of a read is already in the
// workspace as it is now: the latest import of its path had the same
// SHA-256 and the elements it declared are all still there. A batch run
// again then skips the import. No files means nothing to import: unchanged.
func (s *Store) FilesUnchanged(ctx context.Context, files []inventory.FileInfo) (bool, error) {
	if len(files) == 0 {
		return true, nil
	}
	type latest struct {
		id  int64
		sha string
	}
	last := map[string]latest{}
	rows, err := s.db.QueryContext(ctx, `SELECT id, path, sha256 FROM inventory_files ORDER BY id`)
	if err != nil {
		return false, fmt.Errorf("files unchanged: %w", err)
	}
	for rows.Next() {
		var l latest
		var path string
		if err := rows.Scan(&l.id, &path, &l.sha); err != nil {
			rows.Close()
			return false, err
		}
		last[path] = l
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, f := range files {
		if l, ok := last[f.Path]; !ok || l.sha != f.SHA256 {
			return false, nil
		}
	}
	counts := map[int64]int{}
	crows, err := s.db.QueryContext(ctx, `SELECT file_id, count(*) FROM elements GROUP BY file_id`)
	if err != nil {
		return false, fmt.Errorf("files unchanged: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var id int64
		var n int
		if err := crows.Scan(&id, &n); err != nil {
			return false, err
		}
		counts[id] = n
	}
	if err := crows.Err(); err != nil {
		return false, err
	}
	for _, f := range files {
		if counts[last[f.Path].id] != f.Elements {
			return false, nil
		}
	}
	return true, nil
}
