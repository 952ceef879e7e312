// Package metricsnap turns a component's stats snapshot into Prometheus
// metrics. The render cache, the follower and the image budget already
// keep their counters as plain atomics (cheap on their hot paths, readable
// in tests); a Collector reads one snapshot per scrape and reports every
// figure from it, so the figures of one scrape agree with each other.
package metricsnap

import "github.com/prometheus/client_golang/prometheus"

// Kind says how a Metric is reported.
type Kind int

const (
	Counter Kind = iota
	Gauge
	Histogram
)

// Metric is one family read from a snapshot of type T.
type Metric[T any] struct {
	Name, Help string
	Kind       Kind
	Value      func(T) float64           // Counter and Gauge
	Buckets    func(T) HistogramSnapshot // Histogram
}

// HistogramSnapshot is a histogram kept outside Prometheus: Counts holds
// one count per upper bound in Bounds (not cumulative), then one for +Inf.
type HistogramSnapshot struct {
	Bounds []float64
	Counts []uint64
	Sum    float64
}

// Collector reports metrics from snapshots taken by snap.
type Collector[T any] struct {
	snap    func() T
	metrics []Metric[T]
	descs   []*prometheus.Desc
}

// New returns a collector of metrics, each read from one snap() per scrape.
func New[T any](snap func() T, metrics ...Metric[T]) *Collector[T] {
	c := &Collector[T]{snap: snap, metrics: metrics}
	for _, m := range metrics {
		c.descs = append(c.descs, prometheus.NewDesc(m.Name, m.Help, nil, nil))
	}
	return c
}

// Describe implements prometheus.Collector.
func (c *Collector[T]) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *Collector[T]) Collect(ch chan<- prometheus.Metric) {
	s := c.snap()
	for i, m := range c.metrics {
		switch m.Kind {
		case Counter:
			ch <- prometheus.MustNewConstMetric(c.descs[i], prometheus.CounterValue, m.Value(s))
		case Gauge:
			ch <- prometheus.MustNewConstMetric(c.descs[i], prometheus.GaugeValue, m.Value(s))
		case Histogram:
			h := m.Buckets(s)
			count, cumulative := h.cumulative()
			ch <- prometheus.MustNewConstHistogram(c.descs[i], count, h.Sum, cumulative)
		}
	}
}

// cumulative returns the total count and the cumulative count at each
// bound, as Prometheus histograms want them.
func (h HistogramSnapshot) cumulative() (uint64, map[float64]uint64) {
	out := make(map[float64]uint64, len(h.Bounds))
	var total uint64
	for i, n := range h.Counts {
		total += n
		if i < len(h.Bounds) {
			out[h.Bounds[i]] = total
		}
	}
	return total, out
}
