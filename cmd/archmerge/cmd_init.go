package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

type initOptions struct{}

func newInitCmd(a *app) *cobra.Command {
	var o initOptions
	return &cobra.Command{
		Use:   "init",
		Short: a.t("Tạo kho dữ liệu với ánh xạ năm 2025 có sẵn", "Create the workspace with the built-in 2025 mapping"),
		Long:  a.help("init"),
		Args:  a.cli.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return initRun(a, o) },
	}
}

func initRun(a *app, o initOptions) error {
	rep, err := a.workspace().Init(a.ctx)
	if err != nil {
		return err
	}
	if a.json() {
		return a.printJSON(rep)
	}
	if rep.Created {
		fmt.Fprintf(a.stdout, a.t("Đã tạo kho dữ liệu %s\n", "Created the workspace %s\n"), rep.Workspace)
	} else {
		fmt.Fprintf(a.stdout, a.t("Kho dữ liệu %s đã có; không thay đổi gì.\n", "The workspace %s already exists; nothing changed.\n"), rep.Workspace)
	}
	info, c := rep.Mapping, rep.Counts
	fmt.Fprintf(a.stdout, a.t("Ánh xạ đang dùng: %s (nguồn: %s, nạp lúc %s): %d đơn vị cũ, %d đơn vị mới, %d dòng ánh xạ.\n",
		"Active mapping: %s (source: %s, loaded %s): %d old units, %d new units, %d mapping rows.\n"),
		info.Name, info.Source, info.LoadedAt, c["old_units"], c["new_units"], c["links"])
	fmt.Fprintln(a.stdout, a.t("Bước tiếp theo: archmerge template kiem-ke.xlsx (mẫu kê khai), rồi archmerge import inventory.",
		"Next: archmerge template inventory.xlsx (a blank inventory), then archmerge import inventory."))
	return nil
}
