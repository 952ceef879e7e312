package importer

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// BenchmarkXParse100k times the part of an import the stream limits
// touch: reading and converting the 100,000 tweets of the generated
// archive, with no store, so the figure is not the SQLite writer's.
//
//	go test -run '^$' -bench XParse -count 5 ./importer/
func BenchmarkXParse100k(b *testing.B) {
	path := genXArchive(b, 100_000)
	cpu0 := cpuTime()
	for b.Loop() {
		a, err := openArchive(path, "an X", "data/account.js")
		if err != nil {
			b.Fatal(err)
		}
		src, err := xSource(a.fsys, "")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		err = src.walk(context.Background(), func(*record) error { n++; return nil })
		a.close()
		if err != nil || n != 100_000 {
			b.Fatalf("%d records, %v", n, err)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "posts/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// cpuTime is the user and system CPU time of the process so far: on a
// shared machine it varies less with the load than the wall clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
