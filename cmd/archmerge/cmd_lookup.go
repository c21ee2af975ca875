package main

import (
	"github.com/spf13/cobra"

	"github.com/ndta-vn/archmerge/mapping/lookupfmt"
)

type lookupOptions struct {
	queries []string
	vintage string
	asOf    string
}

func newLookupCmd(a *app) *cobra.Command {
	var o lookupOptions
	c := &cobra.Command{
		Use: a.t("lookup TRUY_VẤN... | lookup -", "lookup QUERY... | lookup -"),
		Short: a.t("Đơn vị cũ đã trở thành đơn vị nào (hoặc đơn vị mới lập từ đâu): theo mã, tên hoặc địa chỉ, từ năm 2019",
			"What did an old unit become (or where did a new unit come from): by code, name or address, of any date since 2019"),
		Long: a.help("lookup"),
		Args: a.cli.MinArgs(1, "mã, tên hoặc địa chỉ, hoặc - để đọc từ đầu vào chuẩn", "a code, name or address, or - to read stdin"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.queries = args
			if !cmd.Flags().Changed("vintage") {
				o.vintage = ""
			}
			return lookupRun(a, o)
		},
	}
	c.Flags().StringVar(&o.vintage, "vintage", "old", a.t("thời kỳ của đơn vị được tra: old (trước 01/7/2025) hoặc new", "vintage of the queried units: old (before 1 July 2025) or new"))
	c.Flags().StringVar(&o.asOf, "as-of", "", a.t("đọc mã và tên theo danh mục của `NGÀY` này (YYYY-MM-DD hoặc DD/MM/YYYY); từ 2025-07-01 là đơn vị mới",
		"read codes and names as listed on this `DATE` (YYYY-MM-DD or DD/MM/YYYY); from 2025-07-01 on, the new units"))
	return c
}

func lookupRun(a *app, o lookupOptions) error {
	m, err := a.workspace().Mapping(a.ctx)
	if err != nil {
		return err
	}
	q, err := lookupfmt.ParseQuery(m, o.vintage, o.asOf, a.lang)
	if err != nil {
		return usageError(err)
	}
	return lookupfmt.Answer(a.ctx, m, o.queries, a.stdin, a.stdout, lookupfmt.Options{Query: q, Lang: a.lang, JSON: a.json()})
}
