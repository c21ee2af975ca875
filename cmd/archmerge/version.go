package main

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// versionLine is what archmerge --version prints after the name: the
// version, then the commit, the build date and the Go toolchain with the
// platform, e.g. "1.0.0 (commit 1a2b3c4d5e6f, 2026-12-03T06:40:00Z,
// go1.26.8 windows/amd64)": enough for a support request to name the
// exact build.
func versionLine() string {
	commit := Commit
	if commit == "" {
		commit = vcsCommit()
	}
	var parts []string
	if commit != "" {
		parts = append(parts, "commit "+commit)
	}
	if BuildDate != "" {
		parts = append(parts, BuildDate)
	}
	parts = append(parts, runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH)
	return Version + " (" + strings.Join(parts, ", ") + ")"
}

// vcsCommit is the commit Go stamped into the binary when it was built in
// a git checkout (go build, go install; not go run or go test), shortened
// to 12 digits like release.sh's, "-dirty" when the tree had changes.
func vcsCommit() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return ""
	}
	rev = rev[:min(12, len(rev))]
	if modified == "true" {
		rev += "-dirty"
	}
	return rev
}
