// Package cputime measures the CPU time of the process, so that benchmarks
// can report work per CPU-second: on a shared machine, wall time says more
// about the neighbours than about the code.
package cputime

import "time"

// Process returns the CPU time the process has used (user and system, all
// threads), or 0 where the platform does not measure it.
func Process() time.Duration { return process() }
