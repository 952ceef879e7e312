package main

import (
	"fmt"
	"slices"
	"time"
)

// row is one line of the report table.
type row struct {
	Metric   string  `json:"metric"`
	Roost    string  `json:"roost"`
	Baseline string  `json:"baseline"`
	Ratio    string  `json:"ratio"`
	Goal     string  `json:"goal"`
	Pass     string  `json:"pass"`
	Value    float64 `json:"value"` // the number the goal is about
	// The same figure against nginx serving the same bytes (throughput
	// rows, when nginx ran): its rate, the ratio and the goal.
	Nginx      string  `json:"nginx,omitempty"`
	NginxRatio string  `json:"nginx_ratio,omitempty"`
	NginxGoal  string  `json:"nginx_goal,omitempty"`
	NginxValue float64 `json:"nginx_value,omitempty"`
}

// rows turns the figures into the report table.
func (b *bench) rows() []row {
	var rs []row
	for _, ep := range b.eps[1:] {
		rs = append(rs, b.throughputRow(ep))
	}
	rs = append(rs, b.zipfRow(), b.tailRow(), b.coldRow(), b.rendersRow(), b.memoryRow(), b.timelineRow())
	if b.fig.GoBench != nil {
		rs = append(rs, b.allocsRow())
	}
	return rs
}

// throughputRow compares ep's requests per second with the baseline of
// the same round; the ratio is the median over rounds.
func (b *bench) throughputRow(ep *endpoint) row {
	var mine, base, ratios []float64
	for _, r := range b.fig.Rounds {
		mine, base = append(mine, r[ep.Name].RPS), append(base, r[epBaseline].RPS)
		ratios = append(ratios, r[ep.Name].RPS/r[epBaseline].RPS)
	}
	ratio := median(ratios)
	rw := row{Metric: ep.Name + " (req/s)", Roost: fmt.Sprintf("%.0f", median(mine)),
		Baseline: fmt.Sprintf("%.0f", median(base)), Ratio: fmt.Sprintf("%.2f", ratio), Goal: "—", Pass: "—", Value: ratio}
	if ep.Goal > 0 {
		rw.Goal, rw.Pass = fmt.Sprintf("≥ %.2f", ep.Goal), passed(ratio >= ep.Goal)
	}
	b.addNginx(&rw, ep)
	return rw
}

// addNginx fills the nginx columns of ep's row: the ratio to the nginx
// row of the same encoding in the same round, median over rounds. A row
// with both goals passes when both are met.
func (b *bench) addNginx(rw *row, ep *endpoint) {
	peer := nginxPeer(ep)
	var rates, ratios []float64
	for _, r := range b.fig.Rounds {
		n, ok := r[peer]
		if !ok || n.RPS == 0 || ep.Server == onNginx {
			return
		}
		rates, ratios = append(rates, n.RPS), append(ratios, r[ep.Name].RPS/n.RPS)
	}
	if len(ratios) == 0 {
		return
	}
	ratio := median(ratios)
	rw.Nginx, rw.NginxRatio, rw.NginxGoal, rw.NginxValue = fmt.Sprintf("%.0f (%s)", median(rates), peer), fmt.Sprintf("%.2f", ratio), "—", ratio
	if ep.NginxGoal > 0 {
		rw.NginxGoal = fmt.Sprintf("≥ %.2f", ep.NginxGoal)
		ok := ratio >= ep.NginxGoal && (ep.Goal == 0 || rw.Value >= ep.Goal)
		rw.Pass = passed(ok)
	}
}

// zipfRow is the hit ratio of the Zipf mix over the small cache.
func (b *bench) zipfRow() row {
	z := b.fig.Zipf
	hit := z.Hits / max(z.Hits+z.Misses, 1)
	return row{Metric: fmt.Sprintf("Zipf mix: cache hit ratio (%d MiB cache, %d posts)", b.o.SmallCache, b.ds.Posts),
		Roost: fmt.Sprintf("%.1f %%", 100*hit), Baseline: "—", Ratio: "—", Goal: "—", Pass: "—", Value: hit}
}

// tailRow is p99 over p50 of the cached card at o.Conns connections. The
// baseline's own p99/p50 in the same rounds is shown beside it: it tells
// how much of the tail is the machine's (scheduler, loopback, wrk) rather
// than Roost's.
func (b *bench) tailRow() row {
	roost, ratio := b.tail(epCard)
	base, baseRatio := b.tail(epBaseline)
	return row{Metric: fmt.Sprintf("cached card p99 / p50 at %d connections", b.o.Conns),
		Roost: roost + fmt.Sprintf(" (p99/p50 %.2f)", ratio), Baseline: base + fmt.Sprintf(" (p99/p50 %.2f)", baseRatio),
		Ratio: fmt.Sprintf("%.2f", ratio), Goal: "≤ 3", Pass: passed(ratio <= 3), Value: ratio}
}

// tail returns the median p50 and p99 of an endpoint over the rounds, and
// the median of its per-round p99/p50.
func (b *bench) tail(name string) (string, float64) {
	var p50, p99, ratios []float64
	for _, r := range b.fig.Rounds {
		c := r[name]
		p50, p99 = append(p50, float64(c.P50)), append(p99, float64(c.P99))
		ratios = append(ratios, float64(c.P99)/float64(c.P50))
	}
	return fmt.Sprintf("p50 %s, p99 %s", ms(median(p50)), ms(median(p99))), median(ratios)
}

// coldRow is the median latency of a cold card on one connection.
func (b *bench) coldRow() row {
	p50 := b.fig.ColdCard.P50
	return row{Metric: "cold card render incl. compression, median (1 connection)", Roost: ms(float64(p50)),
		Baseline: "—", Ratio: "—", Goal: "≤ 1 ms", Pass: passed(p50 <= time.Millisecond), Value: p50.Seconds()}
}

// rendersRow is the most renders one cold key got under a burst.
func (b *bench) rendersRow() row {
	worst := slices.Max(b.fig.Renders)
	return row{Metric: fmt.Sprintf("renders per cold key under %d concurrent requests", burstSize),
		Roost: fmt.Sprintf("%.0f (%d trials)", worst, len(b.fig.Renders)), Baseline: "—", Ratio: "—",
		Goal: "1", Pass: passed(worst == 1), Value: worst}
}

// memoryRow compares the peak RSS after the distinct-keys run with the
// cache budget plus 100 MB.
func (b *bench) memoryRow() row {
	m := b.fig.Memory
	limit := float64(m.CacheMB+100) * (1 << 20)
	return row{Metric: fmt.Sprintf("peak RSS after %d distinct keys, 1 in %d a card, the rest share buttons (cache %d MiB, holding %.0f MiB)",
		m.Keys, memCardEvery, m.CacheMB, m.CacheBytes/(1<<20)),
		Roost: fmt.Sprintf("%.0f MiB (%s; the server's lifetime peak, Zipf mix at 64 connections included: %.0f MiB)",
			float64(m.PeakRSS)/(1<<20), map[bool]string{true: "peak of this run", false: "lifetime peak: could not reset"}[m.PeakReset],
			float64(m.LifePeak)/(1<<20)), Baseline: fmt.Sprintf("budget + 100 = %d MiB", m.CacheMB+100),
		Ratio: fmt.Sprintf("%.2f", float64(m.PeakRSS)/limit), Goal: "≤ budget + 100 MB",
		Pass: passed(float64(m.PeakRSS) <= limit), Value: float64(m.PeakRSS)}
}

// timelineRow compares the cold 10-post timeline of the user with most
// posts with that of the user with a thousand (mean latency, 1 connection).
func (b *bench) timelineRow() row {
	big, small := meanLatency(b.fig.Timeline.Big), meanLatency(b.fig.Timeline.Small)
	ratio := big / small
	return row{Metric: fmt.Sprintf("cold timeline, %d-post user vs %d-post user", b.ds.BigPosts, b.ds.SmallPosts),
		Roost: ms(big), Baseline: ms(small), Ratio: fmt.Sprintf("%.2f", ratio), Goal: "≤ 1.5",
		Pass: passed(ratio <= 1.5), Value: ratio}
}

// allocsRow is the allocations of one cached card through the handler.
func (b *bench) allocsRow() row {
	worst := -1.0
	for name, r := range b.fig.GoBench {
		if len(name) >= len("BenchmarkCardHit") && name[:len("BenchmarkCardHit")] == "BenchmarkCardHit" {
			worst = max(worst, r.AllocsPerOp)
		}
	}
	return row{Metric: "allocations per cache hit in the handler (go test -bench CardHit)",
		Roost: fmt.Sprintf("%.0f", worst), Baseline: "—", Ratio: "—", Goal: "≤ 2 (aim 0)",
		Pass: passed(worst >= 0 && worst <= 2), Value: worst}
}

// meanLatency is the mean time per request of one-connection runs: the
// inverse of their median rate.
func meanLatency(rs []result) float64 {
	var rates []float64
	for _, r := range rs {
		rates = append(rates, r.RPS)
	}
	return float64(time.Second) / median(rates)
}

// median of xs (0 for none).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ms formats nanoseconds as milliseconds.
func ms(ns float64) string { return fmt.Sprintf("%.3f ms", ns/1e6) }

// passed is the table's pass column.
func passed(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}
