package bench

import (
	"testing"
	"time"
)

// measure runs op in a b.Loop and reports allocations and cpu-ns/op: the
// CPU time the whole process (GC included) spent per op. On a shared,
// noisy machine cpu-ns/op varies far less than ns/op, which also counts
// the time other processes held the CPU.
func measure(b *testing.B, op func()) {
	b.ReportAllocs()
	stop := cpuMeter()
	for b.Loop() {
		op()
	}
	stop(b)
}

// cpuMeter starts measuring the process's CPU time; the function it
// returns reports it per op (b.N ops) as cpu-ns/op. Call that after the
// loop: b.Loop resets the metrics when it starts.
func cpuMeter() func(b *testing.B) {
	start, ok := processCPU()
	return func(b *testing.B) {
		end, _ := processCPU()
		if ok && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N)/float64(time.Nanosecond), "cpu-ns/op")
		}
	}
}
