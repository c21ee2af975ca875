package workspace

import (
	"context"
	"os"
	"testing"
)

func TestZZPlan(t *testing.T) {
	path := os.Getenv("ZZ_DB")
	if path == "" {
		t.Skip()
	}
	w := New(path, "vi", "dev")
	res, err := w.Plan(context.Background(), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%.2f s stored %v", res.Seconds, res.Stored)
}
