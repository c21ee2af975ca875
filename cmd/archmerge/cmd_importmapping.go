package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/mapping"
	"github.com/ndta-vn/archmerge/store"
)

type importMappingOptions struct {
	path   string
	dryRun bool
}

func newImportMappingCmd(a *app) *cobra.Command {
	var o importMappingOptions
	c := &cobra.Command{
		Use:   "mapping PATH",
		Short: "Load a mapping (a folder of CSVs or one XLSX) that replaces the active one",
		Long: `Nạp một ánh xạ khác (bản sửa lỗi, một lần sắp xếp sau, nước khác) thay cho ánh xạ đang dùng: một thư mục
chứa old_units.csv, new_units.csv, mapping.csv, hoặc một tệp XLSX có các trang old_units, new_units,
mapping. Ánh xạ được kiểm tra trước; có lỗi thì không ghi gì (mã thoát 3). Ánh xạ có đơn vị cũ chính
là các đơn vị mới của ánh xạ đang dùng thì được nối tiếp vào ánh xạ đó (xem docs/mapping.md).

Loads another mapping (a correction, a later restructuring, another country) that replaces the
active one: a folder holding old_units.csv, new_units.csv and mapping.csv, or one XLSX workbook with
sheets old_units, new_units and mapping. It is validated first; any problem rejects it with exit 3
and nothing is written. A mapping whose old units are the active mapping's new units chains onto it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.path = args[0]
			return importMappingRun(a, o)
		},
	}
	c.Flags().BoolVar(&o.dryRun, "dry-run", false, "only check the mapping; write nothing")
	return c
}

// importMappingReport is what import mapping prints with --format json.
type importMappingReport struct {
	Path     string             `json:"path"`
	Status   string             `json:"status"` // imported, checked (dry run) or rejected
	Chained  string             `json:"chained_onto,omitempty"`
	Mapping  *store.MappingInfo `json:"mapping,omitempty"`
	Counts   map[string]int     `json:"counts,omitempty"`
	Problems mapping.Problems   `json:"problems"`
}

func importMappingRun(a *app, o importMappingOptions) error {
	if _, err := os.Stat(o.path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return errors.New(a.t("không tìm thấy tệp hoặc thư mục "+o.path, "no such file or folder: "+o.path))
		}
		return err
	}
	m, probs, err := mapping.ReadPath(o.path)
	if err != nil {
		return err
	}
	rep := importMappingReport{Path: o.path, Status: "rejected", Problems: probs}
	if len(probs.Errors()) == 0 {
		probs = append(probs, mapping.Validate(m)...)
		rep.Problems = probs
	}
	if len(probs.Errors()) == 0 {
		// Chaining needs the active mapping, which must not create a
		// workspace before the new mapping is known to be good.
		active, err := a.activeMapping()
		if err != nil {
			return err
		}
		if mapping.Chains(active, m) {
			m = mapping.Chain(active, m)
			rep.Chained = active.Name
			probs = append(probs, mapping.Validate(m)...)
			rep.Problems = probs
		}
	}
	if rep.Problems == nil {
		rep.Problems = mapping.Problems{}
	}
	if errs := probs.Errors(); len(errs) > 0 {
		if a.json() {
			if err := a.printJSON(rep); err != nil {
				return err
			}
		} else {
			printProblems(a, probs, maxProblemsShown)
		}
		return rejected(fmt.Errorf(a.t("ánh xạ %s bị từ chối: %d lỗi; kho dữ liệu không thay đổi", "mapping %s rejected: %d problems; the workspace is unchanged"), o.path, len(errs)))
	}
	rep.Counts = map[string]int{"old_units": len(m.OldUnits), "new_units": len(m.NewUnits), "links": len(m.Links)}
	if o.dryRun {
		rep.Status = "checked"
	} else {
		st, err := a.store()
		if err != nil {
			return err
		}
		src, err := filepath.Abs(o.path)
		if err != nil {
			src = o.path
		}
		info, err := st.SaveMapping(a.ctx, m, src)
		if err != nil {
			return err
		}
		a.mapping = m
		rep.Status, rep.Mapping = "imported", &info
	}
	if a.json() {
		return a.printJSON(rep)
	}
	printProblems(a, probs.Warnings(), maxProblemsShown)
	if rep.Chained != "" {
		fmt.Fprintf(a.stdout, a.t("Ánh xạ nối tiếp vào %s: đơn vị cũ của %s là đơn vị cũ của %s.\n", "Chained onto %s: the old units are those of %s, before both restructurings.\n"), rep.Chained, rep.Chained, rep.Chained)
	}
	if o.dryRun {
		fmt.Fprintf(a.stdout, a.t("Ánh xạ %s hợp lệ (chạy thử, không ghi gì): %d đơn vị cũ, %d đơn vị mới, %d dòng ánh xạ.\n",
			"Mapping %s is valid (dry run, nothing written): %d old units, %d new units, %d mapping rows.\n"), o.path, len(m.OldUnits), len(m.NewUnits), len(m.Links))
		return nil
	}
	fmt.Fprintf(a.stdout, a.t("Đã nạp ánh xạ %s thay cho ánh xạ trước: %d đơn vị cũ, %d đơn vị mới, %d dòng ánh xạ.\n",
		"Imported mapping %s, replacing the previous one: %d old units, %d new units, %d mapping rows.\n"), o.path, len(m.OldUnits), len(m.NewUnits), len(m.Links))
	return nil
}
