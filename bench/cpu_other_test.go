//go:build !unix

package bench

import "time"

// processCPU is not measured here: cpu-ns/op is left out.
func processCPU() (time.Duration, bool) { return 0, false }
