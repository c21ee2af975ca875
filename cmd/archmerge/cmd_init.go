package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/store"
)

type initOptions struct{}

func newInitCmd(a *app) *cobra.Command {
	var o initOptions
	return &cobra.Command{
		Use:   "init",
		Short: "Create the workspace with the built-in 2025 mapping",
		Long: `Tạo kho dữ liệu (tệp SQLite, mặc định ./archmerge.db, hoặc --db) và nạp ánh xạ chính thức năm 2025
có sẵn trong archmerge. Kho đã có thì không thay đổi gì, chỉ cho biết ánh xạ đang dùng.

Creates the workspace (one SQLite file, ./archmerge.db by default, or --db) holding the built-in
official 2025 mapping. An existing workspace is left as it is; init says which mapping it uses.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return initRun(a, o) },
	}
}

// initReport is what init prints with --format json.
type initReport struct {
	Workspace string            `json:"workspace"`
	ID        string            `json:"id"`
	Created   bool              `json:"created"`
	Mapping   store.MappingInfo `json:"mapping"`
	Counts    map[string]int    `json:"counts"`
}

func initRun(a *app, o initOptions) error {
	_, statErr := os.Stat(a.dbPath)
	created := os.IsNotExist(statErr)
	st, err := a.store()
	if err != nil {
		return err
	}
	m, info, err := st.ActiveMapping(a.ctx)
	if err != nil {
		return err
	}
	a.mapping = m
	abs, err := filepath.Abs(st.Path())
	if err != nil {
		abs = st.Path()
	}
	rep := initReport{Workspace: abs, ID: st.ID(), Created: created, Mapping: info,
		Counts: map[string]int{"old_units": len(m.OldUnits), "new_units": len(m.NewUnits), "links": len(m.Links)}}
	if a.json() {
		return a.printJSON(rep)
	}
	if created {
		fmt.Fprintf(a.stdout, a.t("Đã tạo kho dữ liệu %s\n", "Created the workspace %s\n"), abs)
	} else {
		fmt.Fprintf(a.stdout, a.t("Kho dữ liệu %s đã có; không thay đổi gì.\n", "The workspace %s already exists; nothing changed.\n"), abs)
	}
	fmt.Fprintf(a.stdout, a.t("Ánh xạ đang dùng: %s (nguồn: %s, nạp lúc %s): %d đơn vị cũ, %d đơn vị mới, %d dòng ánh xạ.\n",
		"Active mapping: %s (source: %s, loaded %s): %d old units, %d new units, %d mapping rows.\n"),
		info.Name, info.Source, info.LoadedAt, len(m.OldUnits), len(m.NewUnits), len(m.Links))
	fmt.Fprintln(a.stdout, a.t("Bước tiếp theo: archmerge template kiem-ke.xlsx (mẫu kê khai), rồi archmerge import inventory.",
		"Next: archmerge template inventory.xlsx (a blank inventory), then archmerge import inventory."))
	return nil
}
