// Command archmerge carries the digital-government architectures of
// Vietnam's old administrative units through the 2025 restructuring: it
// consolidates their inventories per new unit, flags every point that needs
// a human decision, and writes reconciliation workbooks staff fill in and
// feed back. Run "archmerge --help" for the commands.
//
// The command line is thin: main calls Run, each command fills an options
// struct and calls one run function, and the work is done by the packages
// mapping, inventory, migrate, store, reports and fixtures. Exit codes: 0
// done, 1 failed, 2 usage, 3 input rejected by validation, 4 a batch
// finished for some provinces and not others.
package main
