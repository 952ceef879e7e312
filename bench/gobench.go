package main

import (
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// goBenchPattern selects the in-process handler benchmarks: one request
// through the whole Fiber handler chain, cached and cold.
const goBenchPattern = "^Benchmark(CardHit|CardCold|HandlerInmem|TimelineHit|OEmbedHit)"

// goBenchResult is one line of go test -bench -benchmem.
type goBenchResult struct {
	NsPerOp     float64 `json:"ns_per_op"`
	AllocsPerOp float64 `json:"allocs_per_op"`
	BytesPerOp  float64 `json:"bytes_per_op"`
}

// goBench runs the server package's handler benchmarks for their
// allocation counts.
func (b *bench) goBench(ctx context.Context) error {
	out, err := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", goBenchPattern,
		"-benchmem", "-benchtime", "20000x", "./server").CombinedOutput()
	if err != nil {
		return fmt.Errorf("go test -bench: %v\n%s", err, out)
	}
	b.fig.GoBench = parseGoBench(string(out))
	if len(b.fig.GoBench) == 0 {
		return fmt.Errorf("go test -bench printed no results:\n%s", out)
	}
	return nil
}

// parseGoBench reads "BenchmarkX-2  N  123 ns/op  0 B/op  0 allocs/op"
// lines; the name keeps its sub-benchmark but loses the -GOMAXPROCS suffix.
func parseGoBench(out string) map[string]goBenchResult {
	m := map[string]goBenchResult{}
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		if len(f) < 8 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		var r goBenchResult
		for i := 2; i+1 < len(f); i += 2 {
			v, _ := strconv.ParseFloat(f[i], 64)
			switch f[i+1] {
			case "ns/op":
				r.NsPerOp = v
			case "B/op":
				r.BytesPerOp = v
			case "allocs/op":
				r.AllocsPerOp = v
			}
		}
		m[name] = r
	}
	return m
}
