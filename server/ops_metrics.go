package server

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
)

// metrics counts requests in the Prometheus text format, without a client
// library: two families and whatever the registered collectors add.
type metrics struct {
	buckets    []float64 // histogram upper bounds in seconds
	mu         sync.RWMutex
	requests   map[requestKey]*atomic.Uint64
	durations  map[string]*histogram
	collectors []func(io.Writer)
}

type requestKey struct {
	route, method string
	status        int
}

// histogram is one route's duration histogram. Counts are per bucket (not
// cumulative) and summed when written.
type histogram struct {
	counts []atomic.Uint64 // one per bucket, then +Inf
	sumNs  atomic.Int64
}

func newMetrics() *metrics {
	return &metrics{
		// From a cache hit to a slow cold render.
		buckets:   []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
		requests:  map[requestKey]*atomic.Uint64{},
		durations: map[string]*histogram{},
	}
}

// OnMetrics registers fn to append its own metric families (e.g. the
// render cache's hits and misses) to every /metrics answer. fn must write
// complete families in the text exposition format.
func (s *Server) OnMetrics(fn func(w io.Writer)) {
	s.metrics.mu.Lock()
	defer s.metrics.mu.Unlock()
	s.metrics.collectors = append(s.metrics.collectors, fn)
}

// observe counts one finished request. route must be a pattern, not a path.
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	k := requestKey{route, method, status}
	m.mu.RLock()
	n, h := m.requests[k], m.durations[route]
	m.mu.RUnlock()
	if n == nil || h == nil {
		n, h = m.create(k)
	}
	n.Add(1)
	secs := d.Seconds()
	i, _ := slices.BinarySearch(m.buckets, secs)
	h.counts[i].Add(1)
	h.sumNs.Add(int64(d))
}

// create adds the series for k. Method and route come from Fiber's
// reusable buffers, so they are copied.
func (m *metrics) create(k requestKey) (*atomic.Uint64, *histogram) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k.route, k.method = strings.Clone(k.route), strings.Clone(k.method)
	if m.requests[k] == nil {
		m.requests[k] = new(atomic.Uint64)
	}
	if m.durations[k.route] == nil {
		m.durations[k.route] = &histogram{counts: make([]atomic.Uint64, len(m.buckets)+1)}
	}
	return m.requests[k], m.durations[k.route]
}

// write prints every family in a stable order.
func (m *metrics) write(w io.Writer) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	m.writeRequests(w)
	m.writeDurations(w)
	writeProcess(w)
	for _, fn := range m.collectors {
		fn(w)
	}
}

func (m *metrics) writeRequests(w io.Writer) {
	fmt.Fprint(w, "# HELP roost_http_requests_total HTTP requests answered, by route pattern, method and status.\n")
	fmt.Fprint(w, "# TYPE roost_http_requests_total counter\n")
	keys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b requestKey) int {
		return cmp.Or(strings.Compare(a.route, b.route), strings.Compare(a.method, b.method), cmp.Compare(a.status, b.status))
	})
	for _, k := range keys {
		fmt.Fprintf(w, "roost_http_requests_total{route=%s,method=%s,status=\"%d\"} %d\n",
			labelValue(k.route), labelValue(k.method), k.status, m.requests[k].Load())
	}
}

func (m *metrics) writeDurations(w io.Writer) {
	fmt.Fprint(w, "# HELP roost_http_request_duration_seconds Time to answer a request, by route pattern.\n")
	fmt.Fprint(w, "# TYPE roost_http_request_duration_seconds histogram\n")
	routes := make([]string, 0, len(m.durations))
	for r := range m.durations {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, r := range routes {
		h, lv := m.durations[r], labelValue(r)
		var cum uint64
		for i := range h.counts {
			cum += h.counts[i].Load()
			le := "+Inf"
			if i < len(m.buckets) {
				le = strconv.FormatFloat(m.buckets[i], 'g', -1, 64)
			}
			fmt.Fprintf(w, "roost_http_request_duration_seconds_bucket{route=%s,le=%q} %d\n", lv, le, cum)
		}
		sum := float64(h.sumNs.Load()) / float64(time.Second)
		fmt.Fprintf(w, "roost_http_request_duration_seconds_sum{route=%s} %s\n", lv, formatFloat(sum))
		fmt.Fprintf(w, "roost_http_request_duration_seconds_count{route=%s} %d\n", lv, cum)
	}
}

// labelValue quotes a label value as the exposition format wants.
func labelValue(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

func formatFloat(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "NaN"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// handleMetrics serves GET /metrics.
func (s *Server) handleMetrics(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/plain; version=0.0.4; charset=utf-8")
	bw := bufio.NewWriter(c.Response().BodyWriter())
	s.metrics.write(bw)
	return bw.Flush()
}

// writeProcess adds the Go runtime figures worth alerting on: goroutines
// and heap in use (a leak shows as either growing under steady load).
func writeProcess(w io.Writer) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(w, "# HELP go_goroutines Goroutines that currently exist.\n# TYPE go_goroutines gauge\ngo_goroutines %d\n",
		runtime.NumGoroutine())
	fmt.Fprintf(w, "# HELP go_memstats_heap_inuse_bytes Heap bytes in use.\n# TYPE go_memstats_heap_inuse_bytes gauge\ngo_memstats_heap_inuse_bytes %d\n",
		ms.HeapInuse)
}
