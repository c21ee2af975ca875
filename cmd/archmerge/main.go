// Command archmerge carries the digital-government architectures of
// Vietnam's old administrative units through the 2025 restructuring: it
// consolidates their inventories per new unit, flags every point that needs
// a human decision, and writes reconciliation workbooks staff fill in and
// feed back. Run "archmerge --help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
