//go:build !batchwip

package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// PLACEHOLDER until the batch and demo commands build (lead's work in progress).
func newBatchCmd(a *app) *cobra.Command {
	return &cobra.Command{Use: "batch", Short: "(not yet built)", RunE: func(cmd *cobra.Command, args []string) error {
		return errors.New("batch: not yet built")
	}}
}

func newDemoCmd(a *app) *cobra.Command {
	return &cobra.Command{Use: "demo", Short: "(not yet built)", RunE: func(cmd *cobra.Command, args []string) error {
		return errors.New("demo: not yet built")
	}}
}
