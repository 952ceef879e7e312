package metricsnap

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

type stats struct {
	hits  uint64
	bytes int64
	waits []uint64
	sum   float64
}

func TestCollectorReportsOneSnapshot(t *testing.T) {
	calls := 0
	c := New(func() stats {
		calls++
		return stats{hits: 7, bytes: 1024, waits: []uint64{2, 1, 3}, sum: 4.5}
	},
		Metric[stats]{Name: "x_hits_total", Help: "Hits.", Kind: Counter, Value: func(s stats) float64 { return float64(s.hits) }},
		Metric[stats]{Name: "x_bytes", Help: "Bytes.", Kind: Gauge, Value: func(s stats) float64 { return float64(s.bytes) }},
		Metric[stats]{Name: "x_wait_seconds", Help: "Waits.", Kind: Histogram, Buckets: func(s stats) HistogramSnapshot {
			return HistogramSnapshot{Bounds: []float64{0.1, 1}, Counts: s.waits, Sum: s.sum}
		}},
	)
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(c)
	want := `
# HELP x_bytes Bytes.
# TYPE x_bytes gauge
x_bytes 1024
# HELP x_hits_total Hits.
# TYPE x_hits_total counter
x_hits_total 7
# HELP x_wait_seconds Waits.
# TYPE x_wait_seconds histogram
x_wait_seconds_bucket{le="0.1"} 2
x_wait_seconds_bucket{le="1"} 3
x_wait_seconds_bucket{le="+Inf"} 6
x_wait_seconds_sum 4.5
x_wait_seconds_count 6
`
	calls = 0
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("snapshot taken %d times in one scrape, want 1", calls)
	}
}
