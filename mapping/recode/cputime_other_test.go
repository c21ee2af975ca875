//go:build !unix

package recode

import "time"

// cpuTime is not measured on this platform; benchmarks then report wall
// time only.
func cpuTime() time.Duration { return 0 }
