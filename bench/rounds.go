package main

import (
	"context"
	"net"
	"slices"
	"time"
)

// figures is everything measured, for the report and the JSON file.
type figures struct {
	Started    time.Time                      `json:"started"`
	GenSeconds float64                        `json:"generate_seconds"`
	CardBytes  int                            `json:"card_bytes"`
	Rounds     []map[string]result            `json:"rounds"` // endpoint name → wrk figures
	Zipf       struct{ Hits, Misses float64 } `json:"zipf_cache"`
	ColdCard   result                         `json:"cold_card_1conn"`
	Timeline   struct{ Big, Small []result }  `json:"timeline_cold_1conn"`
	Renders    []float64                      `json:"renders_per_cold_key"`
	Memory     memoryFigures                  `json:"memory"`
	GoBench    map[string]goBenchResult       `json:"go_bench,omitempty"`
	Profiles   map[string]string              `json:"profiles,omitempty"` // name → top text file
}

// rounds measures every endpoint once per round, in a new random order
// each round, so slow drifts of the machine hit all of them alike.
func (b *bench) rounds(ctx context.Context) error {
	for r := range b.o.Rounds {
		order := slices.Clone(b.eps)
		b.rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		got := map[string]result{}
		for _, ep := range order {
			if err := b.waitQuiet(ctx); err != nil {
				return err
			}
			before, err := b.zipfCounters(ctx, ep)
			if err != nil {
				return err
			}
			res, err := runWrk(ctx, b.loadFor(ep, b.o.Conns))
			if err != nil {
				return err
			}
			if err := b.addZipf(ctx, ep, before); err != nil {
				return err
			}
			got[ep.Name] = res
			b.logf("round %d  %-26s %9.0f req/s  p50 %-9s p99 %s", r+1, ep.Name, res.RPS, res.P50, res.P99)
		}
		b.fig.Rounds = append(b.fig.Rounds, got)
	}
	return nil
}

// loadFor is the wrk run of ep at conns connections.
func (b *bench) loadFor(ep *endpoint, conns int) load {
	l := load{URL: b.urls[ep.Server] + ep.Path, Headers: ep.Headers, Conns: conns,
		Duration: b.o.Duration, Pin: b.pinLoad, Env: ep.Env}
	if ep.Script != "" {
		l.Script = b.dir + "/" + ep.Script
	}
	return l
}

// zipfCounters reads the small cache's counters before a Zipf run.
func (b *bench) zipfCounters(ctx context.Context, ep *endpoint) (map[string]float64, error) {
	if ep.Server != onSmall {
		return nil, nil
	}
	return cacheCounters(ctx, b.urls[onSmall])
}

// addZipf adds the hits and misses of one Zipf run.
func (b *bench) addZipf(ctx context.Context, ep *endpoint, before map[string]float64) error {
	if before == nil {
		return nil
	}
	after, err := cacheCounters(ctx, b.urls[onSmall])
	if err != nil {
		return err
	}
	b.fig.Zipf.Hits += after["roost_cache_hits_total"] - before["roost_cache_hits_total"]
	b.fig.Zipf.Misses += after["roost_cache_misses_total"] - before["roost_cache_misses_total"]
	return nil
}

// freePort asks the kernel for a free loopback port.
func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Quiet: before a measurement, no server may be busy with work left over
// from the previous one (the small-cache server's brotli upgrades after the
// Zipf mix ran for tens of seconds on the shared server core and put ~5 ms
// into every p99 measured meanwhile). Quiet means at most quietTicks of
// CPU per server in quietWindow; the wait gives up after quietMax (quick
// mode: quietMaxQuick, to stay under a minute). The window is long enough
// to span the upgrader's rests (three times each recompression, up to
// ~200 ms after a timeline): a 250 ms window once fell in a rest.
const (
	quietWindow   = time.Second
	quietTicks    = 2
	quietMax      = 150 * time.Second
	quietMaxQuick = time.Second
)

// waitQuiet waits until every server process is idle, and logs how long
// it waited when that was noticeable.
func (b *bench) waitQuiet(ctx context.Context) error {
	start, limit := time.Now(), quietMax
	if b.o.Quick {
		limit = quietMaxQuick
	}
	for time.Since(start) < limit {
		busy, err := b.busyServers(ctx)
		if err != nil || busy == "" {
			if waited := time.Since(start); err == nil && waited > 2*quietWindow {
				b.logf("waited %s for the servers to be idle", waited.Round(100*time.Millisecond))
			}
			return err
		}
	}
	b.logf("servers still busy after %s; measuring anyway", limit)
	return nil
}

// busyServers samples every server's CPU time over quietWindow and names
// one that used more than quietTicks, or "".
func (b *bench) busyServers(ctx context.Context) (string, error) {
	before := map[string]int64{}
	for name, s := range b.srv {
		t, err := s.cpuTicks()
		if err != nil {
			return "", err
		}
		before[name] = t
	}
	select {
	case <-time.After(quietWindow):
	case <-ctx.Done():
		return "", ctx.Err()
	}
	for name, s := range b.srv {
		t, err := s.cpuTicks()
		if err != nil {
			return "", err
		}
		if t-before[name] > quietTicks {
			return name, nil
		}
	}
	return "", nil
}
