package follow

import (
	"fmt"
	"io"
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

// WriteMetrics appends the follower's metric families to /metrics
// (server.OnMetrics).
func (f *Follower) WriteMetrics(w io.Writer) {
	st := f.Status()
	gauge := func(name, help string, v any) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %v\n", name, help, name, name, v)
	}
	gauge("roost_follow_lag_seconds", "Seconds since the change log was last read to its end.", st.Lag.Seconds())
	gauge("roost_follow_seq", "Sequence of the last change applied from the log.", st.Seq)
	gauge("roost_follow_healthy", "1 while the instance follows the change log within the threshold.", boolGauge(st.Healthy))
	gauge("roost_follow_listening", "1 while change notifications (PostgreSQL LISTEN) arrive.", boolGauge(st.Listening))
	fmt.Fprintf(w, "# HELP roost_follow_gaps_total Render cache flushes because changes were missed.\n"+
		"# TYPE roost_follow_gaps_total counter\nroost_follow_gaps_total %d\n", st.Gaps)
}

func boolGauge(b bool) int {
	if b {
		return 1
	}
	return 0
}
