package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: replaced by the owner of this command.
func newTemplateCmd(a *app) *cobra.Command {
	return &cobra.Command{Use: "template", Short: "(not yet built)", RunE: func(cmd *cobra.Command, args []string) error {
		return errors.New("template: not yet built")
	}}
}
