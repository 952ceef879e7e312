package follow

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/roost-embed/roost/internal/metricsnap"
)

// Ready returns nil while the follower is current, or an error saying how
// far behind it is: /readyz answers 503 with it (server.CheckFreshness).
func (f *Follower) Ready() error {
	st := f.Status()
	if st.Healthy {
		return nil
	}
	if st.LastError != "" {
		return fmt.Errorf("change log unread for %s at seq %d: %s", st.Lag.Round(1e6), st.Seq, st.LastError)
	}
	return fmt.Errorf("change log behind by %s at seq %d", st.Lag.Round(1e6), st.Seq)
}

// Collector reports the follower's figures in /metrics (server.Register).
func (f *Follower) Collector() prometheus.Collector {
	type m = metricsnap.Metric[Status]
	return metricsnap.New(f.Status,
		m{Name: "roost_follow_lag_seconds", Help: "Seconds since the change log was last read to its end.",
			Kind: metricsnap.Gauge, Value: func(s Status) float64 { return s.Lag.Seconds() }},
		m{Name: "roost_follow_seq", Help: "Sequence of the last change applied from the log.",
			Kind: metricsnap.Gauge, Value: func(s Status) float64 { return float64(s.Seq) }},
		m{Name: "roost_follow_healthy", Help: "1 while the instance follows the change log within the threshold.",
			Kind: metricsnap.Gauge, Value: func(s Status) float64 { return boolGauge(s.Healthy) }},
		m{Name: "roost_follow_listening", Help: "1 while change notifications (PostgreSQL LISTEN) arrive.",
			Kind: metricsnap.Gauge, Value: func(s Status) float64 { return boolGauge(s.Listening) }},
		m{Name: "roost_follow_gaps_total", Help: "Render cache flushes because changes were missed.",
			Kind: metricsnap.Counter, Value: func(s Status) float64 { return float64(s.Gaps) }},
	)
}

func boolGauge(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
