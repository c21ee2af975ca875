package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: replaced by the owner of this command.
func newBatchCmd(a *app) *cobra.Command {
	return &cobra.Command{Use: "batch", Short: "(not yet built)", RunE: func(cmd *cobra.Command, args []string) error {
		return errors.New("batch: not yet built")
	}}
}
