// Command archmerge carries the digital-government architectures of
// Vietnam's old administrative units through the 2025 restructuring: it
// consolidates their inventories per new unit, flags every point that needs
// a human decision, and writes reconciliation workbooks staff fill in and
// feed back. Run "archmerge --help" for the commands.
//
// The command line is thin: main calls Run, each command parses its flags
// into an options struct, calls one workflow (a method of
// workspace.Workspace, or, for the commands that need no workspace,
// lookupfmt.Answer, recode.Recoder.File, fixtures.WriteFiles or
// inventory.WriteTemplate) and prints its result as text or JSON. The
// commands' long help is in internal/clihelp, cobra's own texts in the
// run's language come from internal/cliusage, and text output is escaped
// by internal/termsafe. Exit codes: 0 done, 1 failed, 2 usage, 3 input
// rejected by validation, 4 a batch finished for some provinces and not
// others.
package main
