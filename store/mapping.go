package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ndta-vn/archmerge/mapping"
)

// MappingInfo describes the workspace's active mapping.
type MappingInfo struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Source   string `json:"source"`
	SHA256   string `json:"sha256"`
	LoadedAt string `json:"loaded_at"`
}

// Fingerprint returns a SHA-256 over a mapping's rows, so that the same
// mapping read from any source has the same fingerprint. Mappings are
// read-only once made, so it is made once per mapping (hashing the
// country's units takes about a sixth of a second).
func Fingerprint(m *mapping.Mapping) string {
	if v, ok := fingerprints.Load(m); ok {
		return v.(string)
	}
	fp := fingerprint(m)
	fingerprints.Store(m, fp)
	return fp
}

var fingerprints sync.Map // *mapping.Mapping → string

func fingerprint(m *mapping.Mapping) string {
	h := sha256.New()
	for _, u := range m.OldUnits {
		fmt.Fprintf(h, "o\x1f%s\x1f%s\x1f%s\x1f%s\n", u.Code, u.Name, u.Level, u.Parent)
	}
	for _, u := range m.NewUnits {
		fmt.Fprintf(h, "n\x1f%s\x1f%s\x1f%s\x1f%s\n", u.Code, u.Name, u.Level, u.Parent)
	}
	for _, l := range m.Links {
		fmt.Fprintf(h, "l\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\n", l.Old, l.New, l.Relation, l.Transfer, l.Resolution, l.Clause)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ErrMappingChanged is returned when the active mapping changed between
// the moment a command read it and the moment it took the workspace's
// write lock: what it checked against the mapping no longer holds.
var ErrMappingChanged = errors.New("the active mapping changed while the command ran; run the command again")

// SaveMapping stores m as the active mapping, replacing the previous one,
// in one transaction with its audit entry.
func (s *Store) SaveMapping(ctx context.Context, m *mapping.Mapping, source string) (MappingInfo, error) {
	return s.SwitchMapping(ctx, source, func(context.Context) (*mapping.Mapping, error) { return m, nil })
}

// SwitchMapping makes a mapping the active one as SaveMapping does, with
// the check that decides it inside the same immediate transaction, as
// Decide does for apply: check runs holding the workspace's write lock, so
// that what it reads (the inventories whose units the mapping must know,
// the active mapping it chains onto) cannot change before the switch. It
// returns the mapping to store, or nil to store nothing; its error stores
// nothing and is returned as it is. check reads through the store (its
// reads see the last commit) and must not write: the lock is this call's.
func (s *Store) SwitchMapping(ctx context.Context, source string, check func(ctx context.Context) (*mapping.Mapping, error)) (MappingInfo, error) {
	var info MappingInfo
	var refused error
	err := s.tx(ctx, func(tx *sql.Tx) error {
		m, err := check(ctx)
		if err != nil {
			refused = err
			return err
		}
		if m == nil {
			return nil
		}
		info, err = s.saveMapping(ctx, tx, m, source)
		return err
	})
	if refused != nil {
		return MappingInfo{}, refused
	}
	if err != nil {
		return MappingInfo{}, fmt.Errorf("save mapping: %w", err)
	}
	return info, nil
}

// ActiveMappingFingerprint returns the Fingerprint of the active mapping:
// the one stored with it, or the built-in mapping's when the workspace
// has none stored yet (it gets the built-in one on first use). Two
// mappings of the same rows have the same. It only reads.
func (s *Store) ActiveMappingFingerprint(ctx context.Context) (string, error) {
	return activeMappingFingerprint(ctx, s.db)
}

func activeMappingFingerprint(ctx context.Context, q queryer) (string, error) {
	rows, err := q.QueryContext(ctx, `SELECT sha256 FROM mappings WHERE active = 1`)
	if err != nil {
		return "", fmt.Errorf("active mapping: %w", err)
	}
	defer rows.Close()
	var sha string
	if rows.Next() {
		if err := rows.Scan(&sha); err != nil {
			return "", fmt.Errorf("active mapping: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("active mapping: %w", err)
	}
	if sha == "" {
		return BuiltinFingerprint()
	}
	return sha, nil
}

// BuiltinFingerprint returns the Fingerprint of the built-in mapping.
var BuiltinFingerprint = sync.OnceValues(func() (string, error) {
	b, err := mapping.Builtin()
	if err != nil {
		return "", err
	}
	return Fingerprint(b), nil
})

// saveMapping stores m as the active mapping inside tx.
func (s *Store) saveMapping(ctx context.Context, tx *sql.Tx, m *mapping.Mapping, source string) (MappingInfo, error) {
	info := MappingInfo{Name: m.Name, Source: source, SHA256: Fingerprint(m), LoadedAt: s.Now().Format(time.RFC3339)}
	err := func() error {
		if _, err := tx.ExecContext(ctx, `UPDATE mappings SET active = 0`); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO mappings(name, source, sha256, loaded_at, active) VALUES(?, ?, ?, ?, 1)`,
			info.Name, info.Source, info.SHA256, info.LoadedAt)
		if err != nil {
			return err
		}
		if info.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		us, err := tx.PrepareContext(ctx, `INSERT INTO mapping_units(mapping_id, seq, vintage, code, name, level, parent_code, file, line) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer us.Close()
		for vi, list := range [][]mapping.Unit{m.OldUnits, m.NewUnits} {
			vintage := mapping.Old
			if vi == 1 {
				vintage = mapping.New
			}
			for i, u := range list {
				p := m.UnitPos[mapping.Ref{Vintage: vintage, Code: u.Code}]
				if _, err := us.ExecContext(ctx, info.ID, i, vintage, u.Code, u.Name, u.Level, u.Parent, p.File, p.Line); err != nil {
					return err
				}
			}
		}
		ls, err := tx.PrepareContext(ctx, `INSERT INTO mapping_links(mapping_id, seq, old_code, new_code, relation, transfer, resolution, clause, file, line) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ls.Close()
		for i, l := range m.Links {
			if _, err := ls.ExecContext(ctx, info.ID, i, l.Old, l.New, l.Relation, l.Transfer, l.Resolution, l.Clause, l.Pos.File, l.Pos.Line); err != nil {
				return err
			}
		}
		// Older mappings are kept for the audit trail; only their rows go.
		if _, err := tx.ExecContext(ctx, `DELETE FROM mapping_units WHERE mapping_id <> ?`, info.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM mapping_links WHERE mapping_id <> ?`, info.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, "", "import_mapping", map[string]any{"name": info.Name, "source": source, "sha256": info.SHA256,
			"old_units": len(m.OldUnits), "new_units": len(m.NewUnits), "links": len(m.Links)})
	}()
	return info, err
}

// ActiveMapping returns the workspace's active mapping. A new workspace gets
// the built-in 2025 mapping, stored on first use so that the workspace keeps
// the exact rows its plans were made with even when a later archmerge ships
// corrected data.
func (s *Store) ActiveMapping(ctx context.Context) (*mapping.Mapping, MappingInfo, error) {
	var info MappingInfo
	err := s.db.QueryRowContext(ctx, `SELECT id, name, source, sha256, loaded_at FROM mappings WHERE active = 1`).
		Scan(&info.ID, &info.Name, &info.Source, &info.SHA256, &info.LoadedAt)
	if errors.Is(err, sql.ErrNoRows) {
		b, err := mapping.Builtin()
		if err != nil {
			return nil, info, err
		}
		info, err = s.SaveMapping(ctx, b, "builtin")
		return b, info, err
	}
	if err != nil {
		return nil, info, fmt.Errorf("active mapping: %w", err)
	}
	// The built-in rows unchanged: reuse the parsed embedded copy (its
	// fingerprint made once: hashing the country's units took a sixth of
	// a second, on every command).
	if info.Source == "builtin" {
		if fp, err := BuiltinFingerprint(); err == nil && fp == info.SHA256 {
			if b, err := mapping.Builtin(); err == nil {
				return b, info, nil
			}
		}
	}
	m, err := s.loadMapping(ctx, info)
	return m, info, err
}

func (s *Store) loadMapping(ctx context.Context, info MappingInfo) (*mapping.Mapping, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT vintage, code, name, level, parent_code, file, line FROM mapping_units WHERE mapping_id = ? ORDER BY vintage DESC, seq`, info.ID)
	if err != nil {
		return nil, err
	}
	var olds, news []mapping.Unit
	pos := map[mapping.Ref]mapping.Pos{}
	for rows.Next() {
		var u mapping.Unit
		var p mapping.Pos
		if err := rows.Scan(&u.Vintage, &u.Code, &u.Name, &u.Level, &u.Parent, &p.File, &p.Line); err != nil {
			rows.Close()
			return nil, err
		}
		pos[u.Ref()] = p
		if u.Vintage == mapping.Old {
			olds = append(olds, u)
		} else {
			news = append(news, u)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	lrows, err := s.db.QueryContext(ctx, `SELECT old_code, new_code, relation, transfer, resolution, clause, file, line FROM mapping_links WHERE mapping_id = ? ORDER BY seq`, info.ID)
	if err != nil {
		return nil, err
	}
	defer lrows.Close()
	var links []mapping.Link
	for lrows.Next() {
		var l mapping.Link
		if err := lrows.Scan(&l.Old, &l.New, &l.Relation, &l.Transfer, &l.Resolution, &l.Clause, &l.Pos.File, &l.Pos.Line); err != nil {
			return nil, err
		}
		links = append(links, l)
	}
	if err := lrows.Err(); err != nil {
		return nil, err
	}
	m := mapping.NewMapping(info.Name, olds, news, links)
	m.UnitPos = pos
	return m, nil
}
