package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// wrkSample is wrk 4.1's --latency report.
const wrkSample = `Running 1s test @ http://127.0.0.1:40000/embed/post/1
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms  512.00us   9.87ms   80.00%
    Req/Sec    30.10k     1.20k   32.00k    70.00%
  Latency Distribution
     50%  812.00us
     75%    2.20ms
     90%    3.50ms
     99%    1.20s 
  30123 requests in 1.00s, 100.00MB read
%s  Requests/sec:  30112.45
Transfer/sec:    100.00MB
`

func TestParseWrk(t *testing.T) {
	tests := map[string]struct {
		extra     string
		bad, errs int64
	}{
		"clean":      {"", 0, 0},
		"non-2xx":    {"  Non-2xx or 3xx responses: 17\n", 17, 0},
		"socket err": {"  Socket errors: connect 1, read 2, write 0, timeout 4\n", 0, 7},
	}
	for name, tc := range tests {
		r, err := parseWrk(strings.Replace(wrkSample, "%s", tc.extra, 1))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := result{RPS: 30112.45, Requests: 30123, P50: 812 * time.Microsecond, P90: 3500 * time.Microsecond,
			P99: 1200 * time.Millisecond, Bad: tc.bad, Errors: tc.errs}
		if r != want {
			t.Errorf("%s: got %+v, want %+v", name, r, want)
		}
	}
	if _, err := parseWrk("unable to connect to 127.0.0.1:1 Connection refused\n"); err == nil {
		t.Error("parseWrk accepted output without figures")
	}
}

func TestParseStatusMemory(t *testing.T) {
	peak, cur, err := parseStatusMemory("Name:\troost\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t9\n")
	if err != nil || peak != 200<<20 || cur != 100<<20 {
		t.Errorf("got %d, %d, %v; want %d, %d", peak, cur, err, 200<<20, 100<<20)
	}
	if _, _, err := parseStatusMemory("Name:\troost\n"); err == nil {
		t.Error("no VmHWM: want an error")
	}
}

func TestParseCounters(t *testing.T) {
	m := parseCounters("# HELP roost_cache_hits_total x\n# TYPE roost_cache_hits_total counter\nroost_cache_hits_total 12\nroost_cache_misses_total 3\nroost_http_requests_total{route=\"/\"} 9\n")
	if len(m) != 2 || m["roost_cache_hits_total"] != 12 || m["roost_cache_misses_total"] != 3 {
		t.Errorf("got %v", m)
	}
}

func TestParseGoBench(t *testing.T) {
	out := "goos: linux\nBenchmarkCardHit/encoding=br-2   \t  442268\t     1042 ns/op\t       6 B/op\t       0 allocs/op\nBenchmarkOEmbedHit-16 \t 1000\t 2961 ns/op\t 1557 B/op\t 24 allocs/op\nPASS\n"
	got := parseGoBench(out)
	want := map[string]goBenchResult{
		"BenchmarkCardHit/encoding=br": {NsPerOp: 1042, BytesPerOp: 6},
		"BenchmarkOEmbedHit":           {NsPerOp: 2961, BytesPerOp: 1557, AllocsPerOp: 24},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: got %+v, want %+v", k, got[k], w)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestZipfPathsSkewed checks that the Zipf sample is heavily skewed: the
// most requested post gets a large share, and many posts appear.
func TestZipfPathsSkewed(t *testing.T) {
	ids := make([]int64, 10_000)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	path := filepath.Join(t.TempDir(), "zipf.txt")
	if err := writeZipfPaths(path, ids, 50_000, rand.New(rand.NewPCG(1, 2))); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for line := range strings.Lines(string(b)) {
		if !strings.HasPrefix(line, "/embed/post/") {
			t.Fatalf("line %q is not a card path", line)
		}
		counts[line]++
	}
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	if top < 5000 || len(counts) < 1000 {
		t.Errorf("top post %d of 50000 requests, %d distinct posts: not a Zipf mix", top, len(counts))
	}
}

func TestParseStatTicks(t *testing.T) {
	got, err := parseStatTicks("4242 (roost (x) y) S 1 4242 4242 0 -1 4194560 9731 0 0 0 1500 230 0 0 20 0 9 0 12345 1000 2000")
	if err != nil || got != 1730 {
		t.Fatalf("got %d, %v; want 1730", got, err)
	}
	if _, err := parseStatTicks("garbage"); err == nil {
		t.Fatal("garbage parsed")
	}
}
