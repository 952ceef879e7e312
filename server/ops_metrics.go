package server

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"
)

// metrics holds the server's Prometheus registry: request counts and
// durations by route pattern, the Go runtime and process collectors
// operators' dashboards expect (RSS, open fds, GC), and whatever the
// render cache, the follower and the image budget register.
//
// The request families are prometheus vectors, but the hot path does not
// use WithLabelValues (its variadic label slice and the status's
// strconv.Itoa allocate on every request): each series is looked up once
// and kept in a map keyed by the raw route, method and status, so a
// repeat request only reads that map and bumps atomics.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	durations *prometheus.HistogramVec

	mu     sync.RWMutex
	series map[requestKey]requestSeries
}

type requestKey struct {
	route, method string
	status        int
}

type requestSeries struct {
	count    prometheus.Counter
	duration prometheus.Observer
}

// durationBuckets span a cache hit to a slow cold render, in seconds.
var durationBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "roost_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "roost_http_request_duration_seconds",
			Help:    "Time to answer a request, by route pattern.",
			Buckets: durationBuckets,
		}, []string{"route"}),
		series: map[requestKey]requestSeries{},
	}
	m.reg.MustRegister(m.requests, m.durations,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Register adds collectors (the render cache's, the follower's…) to
// /metrics. It panics on a duplicate metric name, as registering the same
// family twice is a programming error.
func (s *Server) Register(cs ...prometheus.Collector) {
	s.metrics.reg.MustRegister(cs...)
}

// observe counts one finished request. route must be a pattern, not a path.
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	k := requestKey{route, method, status}
	m.mu.RLock()
	s, ok := m.series[k]
	m.mu.RUnlock()
	if !ok {
		s = m.create(k)
	}
	s.count.Inc()
	s.duration.Observe(d.Seconds())
}

// create looks up k's series in the vectors, once. Method and route come
// from Fiber's reusable buffers, so they are copied.
func (m *metrics) create(k requestKey) requestSeries {
	m.mu.Lock()
	defer m.mu.Unlock()
	k.route, k.method = strings.Clone(k.route), strings.Clone(k.method)
	if s, ok := m.series[k]; ok {
		return s
	}
	s := requestSeries{
		count:    m.requests.WithLabelValues(k.route, k.method, strconv.Itoa(k.status)),
		duration: m.durations.WithLabelValues(k.route),
	}
	m.series[k] = s
	return s
}

// metricsFormat is the text exposition format every Prometheus-compatible
// scraper reads.
var metricsFormat = expfmt.NewFormat(expfmt.TypeTextPlain)

// handleMetrics serves GET /metrics.
func (s *Server) handleMetrics(c *fiber.Ctx) error {
	families, err := s.metrics.reg.Gather()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, string(metricsFormat))
	enc := expfmt.NewEncoder(c.Response().BodyWriter(), metricsFormat)
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return nil
}
