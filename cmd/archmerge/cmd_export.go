package main

import (
	"fmt"

	"github.com/ndta-vn/archmerge/workspace"

	"github.com/spf13/cobra"
)

type exportOptions struct {
	format string
	out    string
	asOf   string
}

func newExportCmd(a *app) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export --format json|csv|archi --out DIR",
		Short: "Export the consolidated architecture (JSON, CSV, Archi CSV import)",
		Long: `Xuất kiến trúc sau hợp nhất (các phần tử được giữ lại với đơn vị mới, các cụm trùng lặp, các quan hệ
đã trỏ lại) vào thư mục --out: json (architecture.json), csv (elements.csv, relations.csv, clusters.csv)
hoặc archi (elements.csv, relations.csv, properties.csv theo định dạng nhập CSV của Archi).

Exports the consolidated architecture (surviving elements in their new units, clusters, re-pointed
relations) into --out: json, csv, or archi (Archi's CSV import: File > Import > CSV data).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return exportRun(a, o) },
	}
	// This local --format shadows the global one (text|json): cobra adds a
	// parent's persistent flag only when no local flag has its name.
	cmd.Flags().StringVar(&o.format, "format", "", "json, csv or archi")
	cmd.Flags().StringVar(&o.out, "out", "", "output folder (created if missing)")
	cmd.Flags().StringVar(&o.asOf, "as-of", "", "plan date yyyy-mm-dd (default: the stored plan's, else today)")
	_ = cmd.MarkFlagRequired("format")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func exportRun(a *app, o exportOptions) error {
	res, err := a.workspace().Export(a.ctx, workspace.ExportOptions{Format: o.format, Out: o.out, AsOf: o.asOf})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, a.t("Phương án %s: đã xuất %d tệp (%s) vào %s\n", "Plan %s: %d files (%s) written into %s\n"), res.PlanID, len(res.Files), res.Format, o.out)
	for _, p := range res.Files {
		fmt.Fprintln(a.stdout, p)
	}
	return nil
}
