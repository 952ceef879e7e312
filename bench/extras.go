package main

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"time"
)

// burstSize is how many requests for one cold key arrive together.
const burstSize = 1000

// The distinct-keys run: its connections, and one request in
// memCardEvery is a card (the others cheap share buttons, see keys.lua).
const (
	memConns     = 8
	memCardEvery = 10
)

// coldLatency measures a cold card on one connection: the median is the
// cost of one render with its compression, without queueing.
func (b *bench) coldLatency(ctx context.Context) error {
	ep := &endpoint{Server: onCold, Path: b.endpoint(epCard).Path}
	res, err := runWrk(ctx, b.loadFor(ep, 1))
	b.fig.ColdCard = res
	return err
}

// timelineScaling renders the 10-post timeline of the user with most of
// the posts and of the one with a thousand, cold, on one connection,
// alternating, three times each.
func (b *bench) timelineScaling(ctx context.Context) error {
	for range 3 {
		for _, h := range []string{bigHandle, smallHandle} {
			ep := &endpoint{Server: onCold, Path: "/embed/timeline/" + h + "?limit=10"}
			res, err := runWrk(ctx, b.loadFor(ep, 1))
			if err != nil {
				return err
			}
			if h == bigHandle {
				b.fig.Timeline.Big = append(b.fig.Timeline.Big, res)
			} else {
				b.fig.Timeline.Small = append(b.fig.Timeline.Small, res)
			}
		}
	}
	return nil
}

// concurrentMisses sends burstSize requests for one new key at once, three
// times, and counts the renders the cache made for each.
func (b *bench) concurrentMisses(ctx context.Context) error {
	u, err := url.Parse(b.urls[onCached])
	if err != nil {
		return err
	}
	for i := range 3 {
		before, err := cacheCounters(ctx, b.urls[onCached])
		if err != nil {
			return err
		}
		path := fmt.Sprintf("%s?link_color=%%23%06x", b.endpoint(epCard).Path, 0xabc000+i)
		if err := burst(ctx, u.Host, path, burstSize); err != nil {
			return err
		}
		after, err := cacheCounters(ctx, b.urls[onCached])
		if err != nil {
			return err
		}
		b.fig.Renders = append(b.fig.Renders, after["roost_cache_fills_total"]-before["roost_cache_fills_total"])
	}
	return nil
}

// memoryFigures is the distinct-keys run on the small-cache server.
type memoryFigures struct {
	Keys       int     `json:"keys"`
	Seconds    float64 `json:"seconds"`
	CacheMB    int     `json:"cache_mb"`
	PeakRSS    int64   `json:"peak_rss_bytes"`          // during the distinct-keys run
	LifePeak   int64   `json:"lifetime_peak_rss_bytes"` // since the server started (Zipf mix, profiles too)
	PeakReset  bool    `json:"peak_reset"`              // false: PeakRSS is the lifetime peak
	RSS        int64   `json:"rss_bytes"`
	CacheBytes float64 `json:"cache_bytes"`
}

// memory requests o.MemKeys distinct card keys (posts × link colours) from
// the server whose cache is o.SmallCache MiB, then reads its peak RSS: of
// the run itself (the peak is reset first) and of the server's life.
func (b *bench) memory(ctx context.Context) error {
	lifePeak, _, err := b.srv[onSmall].memory()
	if err != nil {
		return err
	}
	reset := b.srv[onSmall].resetPeak() == nil
	paths := filepath.Join(b.dir, "cards.txt")
	ep := &endpoint{Server: onSmall, Path: "/", Script: "keys.lua",
		Env: []string{"BENCH_PATHS=" + paths, fmt.Sprintf("BENCH_LIMIT=%d", b.o.MemKeys),
			fmt.Sprintf("BENCH_CARD_EVERY=%d", memCardEvery)}}
	// Few connections: 64 cold renders queued on one core can outlast the
	// server's render deadline and turn into 503s.
	l := b.loadFor(ep, memConns)
	l.Duration = 30 * time.Minute
	deadline, counted := time.Now().Add(b.o.MemTime), b.countedUntil(ctx, onSmall, b.o.MemKeys)
	l.Until = func() bool { return counted() || time.Now().After(deadline) }
	start := time.Now()
	res, err := runWrk(ctx, l)
	if err != nil {
		return err
	}
	m := &b.fig.Memory
	m.Keys, m.Seconds, m.CacheMB = int(res.Requests), time.Since(start).Seconds(), b.o.SmallCache
	if m.PeakRSS, m.RSS, err = b.srv[onSmall].memory(); err != nil {
		return err
	}
	m.LifePeak, m.PeakReset = max(lifePeak, m.PeakRSS), reset
	c, err := cacheCounters(ctx, b.urls[onSmall])
	m.CacheBytes = c["roost_cache_bytes"]
	b.logf("memory: %d keys in %.0fs, peak RSS %d MiB, cache %.0f MiB", m.Keys, m.Seconds,
		m.PeakRSS>>20, m.CacheBytes/(1<<20))
	return err
}

// countedUntil reports true once server has answered n more widget
// requests (cache hits plus misses) than when it was called.
func (b *bench) countedUntil(ctx context.Context, server string, n int) func() bool {
	total := func() float64 {
		c, err := cacheCounters(ctx, b.urls[server])
		if err != nil {
			return -1
		}
		return c["roost_cache_hits_total"] + c["roost_cache_misses_total"]
	}
	start := total()
	return func() bool { return total()-start >= float64(n) }
}
