package main

import (
	"fmt"

	"github.com/ndta-vn/archmerge/workspace"

	"github.com/spf13/cobra"
)

type importMappingOptions struct {
	path   string
	dryRun bool
	force  bool
}

func newImportMappingCmd(a *app) *cobra.Command {
	var o importMappingOptions
	c := &cobra.Command{
		Use:   a.t("mapping ĐƯỜNG_DẪN", "mapping PATH"),
		Short: a.t("Nạp ánh xạ khác (thư mục CSV hoặc một tệp XLSX) thay cho ánh xạ đang dùng", "Load a mapping (a folder of CSVs or one XLSX) that replaces the active one"),
		Long:  a.help("import-mapping"),
		Args:  a.cli.ExactArgs(1, "thư mục hoặc tệp ánh xạ", "a mapping folder or file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.path = args[0]
			return importMappingRun(a, o)
		},
	}
	c.Flags().BoolVar(&o.dryRun, "dry-run", false, a.t("chỉ kiểm tra ánh xạ, không ghi gì", "only check the mapping; write nothing"))
	c.Flags().BoolVar(&o.force, "force", false, a.t("nhập cả ánh xạ làm đơn vị của bản kê khai đã nhập trở thành không xác định (plan, status và report khi đó nêu các đơn vị này)", "import a mapping that leaves units of the imported inventories unknown (plan, status and report then name them)"))
	return c
}

func importMappingRun(a *app, o importMappingOptions) error {
	rep, err := a.workspace().ImportMapping(a.ctx, workspace.ImportMappingOptions{Path: o.path, DryRun: o.dryRun, Force: o.force})
	if rep == nil {
		return err
	}
	if a.json() {
		if perr := a.printJSON(rep); perr != nil {
			return perr
		}
		return err
	}
	if err != nil {
		printProblems(a, rep.Problems, maxProblemsShown)
		return err
	}
	printProblems(a, rep.Problems.Warnings(), maxProblemsShown)
	printUnknownUnits(a, rep.Unknown)
	if rep.Chained != "" {
		fmt.Fprintf(a.stdout, a.t("Ánh xạ nối tiếp vào %s: đơn vị cũ của %s là đơn vị cũ của %s.\n", "Chained onto %s: the old units are those of %s, before both restructurings.\n"), rep.Chained, rep.Chained, rep.Chained)
	}
	c := rep.Counts
	if o.dryRun {
		fmt.Fprintf(a.stdout, a.t("Ánh xạ %s hợp lệ (chạy thử, không ghi gì): %d đơn vị cũ, %d đơn vị mới, %d dòng ánh xạ.\n",
			"Mapping %s is valid (dry run, nothing written): %d old units, %d new units, %d mapping rows.\n"), o.path, c["old_units"], c["new_units"], c["links"])
		return nil
	}
	fmt.Fprintf(a.stdout, a.t("Đã nạp ánh xạ %s thay cho ánh xạ trước: %d đơn vị cũ, %d đơn vị mới, %d dòng ánh xạ.\n",
		"Imported mapping %s, replacing the previous one: %d old units, %d new units, %d mapping rows.\n"), o.path, c["old_units"], c["new_units"], c["links"])
	return nil
}
