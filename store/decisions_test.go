package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/ndta-vn/archmerge/migrate"
)

func TestDecisionsInForceAndLog(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "ws.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	record := func(ds ...migrate.Decision) {
		t.Helper()
		if err := st.tx(ctx, func(tx *sql.Tx) error { return recordDecisions(ctx, tx, "P1", ds) }); err != nil {
			t.Fatal(err)
		}
	}
	record(migrate.Decision{Key: "08/A", Treatment: migrate.Retire, By: "x", At: "2026-01-01T00:00:00Z"},
		migrate.Decision{Key: "08/B", Treatment: migrate.Merge, MergeInto: "08/C"})
	record(migrate.Decision{Key: "08/A", Treatment: migrate.Upgrade}, migrate.Decision{Key: "08/B"})
	ds, err := st.Decisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Key != "08/A" || ds[0].Treatment != migrate.Upgrade {
		t.Errorf("in force %+v: want 08/A upgrade only (08/B withdrawn)", ds)
	}
	log, plans, err := st.DecisionLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 4 || len(plans) != 4 || plans[0] != "P1" || log[0].By != "x" || log[3].Key != "08/B" {
		t.Errorf("log %+v %v", log, plans)
	}
}
