package server

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/internal/metricsnap"
)

// cacheCollector reports the render cache's counters in /metrics.
func cacheCollector(c *cache.Cache) prometheus.Collector {
	type m = metricsnap.Metric[cache.Stats]
	counter := func(name, help string, v func(cache.Stats) uint64) m {
		return m{Name: name, Help: help, Kind: metricsnap.Counter, Value: func(s cache.Stats) float64 { return float64(v(s)) }}
	}
	return metricsnap.New(c.Stats,
		counter("roost_cache_hits_total", "Widget requests answered from the render cache.", func(s cache.Stats) uint64 { return s.Hits }),
		counter("roost_cache_misses_total", "Widget requests that needed a render.", func(s cache.Stats) uint64 { return s.Misses }),
		counter("roost_cache_stale_served_total", "Stale entries served because the store failed.", func(s cache.Stats) uint64 { return s.StaleServed }),
		counter("roost_cache_fills_total", "Renders stored in the cache.", func(s cache.Stats) uint64 { return s.Fills }),
		counter("roost_cache_evictions_total", "Entries evicted for space.", func(s cache.Stats) uint64 { return s.Evictions }),
		m{Name: "roost_cache_bytes", Help: "Bytes held by the render cache.", Kind: metricsnap.Gauge,
			Value: func(s cache.Stats) float64 { return float64(s.CostBytes) }},
	)
}
