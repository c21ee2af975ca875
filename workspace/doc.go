// Package workspace runs the workflows a user runs on an archmerge
// workspace: initialise it, import a mapping or inventories, validate,
// plan, write the reconciliation workbooks, apply the decisions filled in
// them, follow progress, export, and run the national batch.
//
// It sits between the command line and the packages that do the work:
//
//	cmd/archmerge → workspace → reports, store → migrate → inventory → mapping
//
// Each workflow is one method of Workspace that takes a context and an
// options struct (and a Progress where it is long) and returns a result
// that the command line prints as text or JSON. Errors meant for the user
// are in the workspace's language and carry their kind (Rejected, Usage,
// Partial), which the command line turns into an exit code. The workspace
// file and its active mapping are opened lazily, so that a workflow that
// needs neither (a dry run without a workspace) creates nothing.
package workspace
