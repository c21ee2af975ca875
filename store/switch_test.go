package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ndta-vn/archmerge/inventory"
	"github.com/ndta-vn/archmerge/mapping"
)

// SwitchMapping runs its check holding the write lock: an inventory import
// started while the check runs waits for the switch, so it cannot slip in
// between what the check saw and the mapping made active.
func TestSwitchMappingChecksHoldingTheLock(t *testing.T) {
	ctx := context.Background()
	st, path := openTemp(t)
	other, err := Open(ctx, path, Options{}) // another archmerge on the same workspace
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	res := readInv(t, other, "hg", invHeader+"KTTTHC,02,application,Một cửa,,,,,,,,\n", "from,to,kind\n")
	checking := make(chan struct{})
	imported := make(chan error, 1)
	go func() {
		<-checking
		_, err := other.ImportInventory(ctx, res)
		imported <- err
	}()
	var seen []string
	_, err = st.SwitchMapping(ctx, "test", func(ctx context.Context) (*mapping.Mapping, error) {
		units, err := st.InventoryUnits(ctx)
		if err != nil {
			return nil, err
		}
		seen = units
		close(checking)
		time.Sleep(200 * time.Millisecond) // time for the import to try
		return builtinMapping(t), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-imported; err != nil {
		t.Fatal(err)
	}
	if len(seen) != 0 {
		t.Errorf("the check saw units %v imported after it began", seen)
	}
	log, err := st.AuditLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range log {
		order = append(order, e.Action)
	}
	if i, j := slices.Index(order, "import_mapping"), slices.Index(order, "import_inventory"); i < 0 || j < i {
		t.Errorf("audit log %v: the import came before the switch its check did not see", order)
	}
}

// A check that refuses, or returns no mapping, switches nothing; its error
// comes back as it is.
func TestSwitchMappingRefusalSwitchesNothing(t *testing.T) {
	ctx := context.Background()
	st, _ := openTemp(t)
	_, before, err := st.ActiveMapping(ctx)
	if err != nil {
		t.Fatal(err)
	}
	refused := errors.New("refused")
	if _, err := st.SwitchMapping(ctx, "test", func(context.Context) (*mapping.Mapping, error) { return nil, refused }); err != refused {
		t.Errorf("error %v, want the check's as it is", err)
	}
	if _, err := st.SwitchMapping(ctx, "test", func(context.Context) (*mapping.Mapping, error) { return nil, nil }); err != nil {
		t.Error(err)
	}
	if fp, err := st.ActiveMappingFingerprint(ctx); err != nil || fp != before.SHA256 {
		t.Errorf("active mapping %s, %v; want %s unchanged", fp, err, before.SHA256)
	}
}

// An import whose rows were checked against a mapping replaced before it
// took the lock stores nothing.
func TestImportExpectsTheMappingItWasCheckedAgainst(t *testing.T) {
	ctx := context.Background()
	st, _ := openTemp(t)
	builtin, err := BuiltinFingerprint()
	if err != nil {
		t.Fatal(err)
	}
	if fp, err := st.ActiveMappingFingerprint(ctx); fp != builtin || err != nil {
		t.Fatalf("a new workspace's mapping: %s, %v; want the built-in one's", fp, err)
	}
	res := readInv(t, st, "hg", invHeader+"KTTTHC,02,application,Một cửa,,,,,,,,\n", "from,to,kind\n")
	batch := inventory.Batch{Files: res.Files, Units: res.Units(), Elements: res.Elements, Relations: res.Relations}
	// Another mapping imported meanwhile: the built-in one less a unit.
	other := builtinMapping(t)
	other = mapping.NewMapping("other", other.OldUnits[1:], other.NewUnits, other.Links)
	if _, err := st.SaveMapping(ctx, other, "other"); err != nil {
		t.Fatal(err)
	}
	im := st.BeginImport(ctx)
	im.ExpectMapping(builtin)
	err = im.Add(batch)
	if err == nil {
		_, err = im.Commit(res)
	}
	im.Abort()
	if !errors.Is(err, ErrMappingChanged) {
		t.Fatalf("import after the mapping changed: %v, want ErrMappingChanged", err)
	}
	if units, _ := st.InventoryUnits(ctx); len(units) != 0 {
		t.Errorf("units %v stored", units)
	}
	// Checked against the mapping in force: imported.
	fp, _ := st.ActiveMappingFingerprint(ctx)
	im = st.BeginImport(ctx)
	defer im.Abort()
	im.ExpectMapping(fp)
	if err := im.Add(batch); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(res); err != nil {
		t.Fatal(err)
	}
}
