package server

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/roost-embed/roost/internal/metricsnap"
	"github.com/roost-embed/roost/media"
)

// imageCollector reports the image decode budget in /metrics: how much of
// it decodes hold, how long work queued for it, and what was refused.
func imageCollector(l *media.Library) prometheus.Collector {
	type m = metricsnap.Metric[media.BudgetStats]
	type stats = media.BudgetStats
	counter := func(name, help string, v func(stats) uint64) m {
		return m{Name: name, Help: help, Kind: metricsnap.Counter, Value: func(s stats) float64 { return float64(v(s)) }}
	}
	gauge := func(name, help string, v func(stats) int64) m {
		return m{Name: name, Help: help, Kind: metricsnap.Gauge, Value: func(s stats) float64 { return float64(v(s)) }}
	}
	return metricsnap.New(l.Stats,
		gauge("roost_image_decode_bytes_in_use", "Bytes of the image decode budget held by decodes now.",
			func(s stats) int64 { return s.DecodeBytesInUse }),
		gauge("roost_image_decode_budget_bytes", "The image decode budget (--image-memory-mb).",
			func(s stats) int64 { return s.BudgetBytes }),
		m{Name: "roost_image_decode_wait_seconds", Help: "Time image work queued for the decode budget.",
			Kind: metricsnap.Histogram, Buckets: func(s stats) metricsnap.HistogramSnapshot {
				return metricsnap.HistogramSnapshot{Bounds: s.WaitBuckets, Counts: s.WaitCounts, Sum: s.WaitSum}
			}},
		counter("roost_image_decodes_total", "Originals decoded (each decode makes all its variants).",
			func(s stats) uint64 { return s.Decodes }),
		counter("roost_image_decode_rejected_total", "Image work refused with 503 because the budget or the deriver queue was full.",
			func(s stats) uint64 { return s.RejectedBusy }),
		counter("roost_image_limit_refused_total", "Uploads refused with 422 by the image limits, before any decode.",
			func(s stats) uint64 { return s.RejectedLimits }),
		gauge("roost_image_derive_queue", "Originals waiting for the background deriver.",
			func(s stats) int64 { return int64(s.Queued) }),
	)
}
