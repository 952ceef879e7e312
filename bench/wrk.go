package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// load is one wrk run: what to request and how hard.
type load struct {
	URL      string
	Headers  []string // "Name: value"
	Script   string   // a Lua file, "" for none
	Conns    int
	Duration time.Duration
	Pin      string   // CPU list for taskset, "" for none
	Env      []string // extra environment for the script
	// Until, when set, is polled every 100 ms; once it reports true, wrk
	// gets SIGINT and reports what it measured so far. (A script's
	// wrk.thread:stop() stops sending but wrk still waits out -d.)
	Until func() bool
}

// result is what wrk measured.
type result struct {
	RPS      float64       `json:"rps"`
	Requests int64         `json:"requests"`
	P50      time.Duration `json:"p50_ns"`
	P90      time.Duration `json:"p90_ns"`
	P99      time.Duration `json:"p99_ns"`
	Bad      int64         `json:"non_2xx_3xx"`
	Errors   int64         `json:"socket_errors"`
}

// runWrk runs wrk with one thread and returns its figures. Any answer that
// is not 2xx or 3xx, or any socket error, is an error: the harness is
// broken, not slow.
func runWrk(ctx context.Context, l load) (result, error) {
	args := []string{"-t1", "-c" + strconv.Itoa(l.Conns), "-d" + durationArg(l.Duration), "--latency", "--timeout", "10s"}
	for _, h := range l.Headers {
		args = append(args, "-H", h)
	}
	if l.Script != "" {
		args = append(args, "-s", l.Script)
	}
	args = append(args, l.URL)
	name := "wrk"
	if l.Pin != "" {
		args = append([]string{"-c", l.Pin, "wrk"}, args...)
		name = "taskset"
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(cmd.Environ(), l.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := runUntil(cmd, l.Until)
	if err != nil {
		return result{}, fmt.Errorf("wrk %s: %v\n%s", l.URL, err, out)
	}
	r, err := parseWrk(out)
	if err != nil {
		return r, fmt.Errorf("wrk %s: %w\n%s", l.URL, err, out)
	}
	if r.Bad > 0 || r.Errors > 0 {
		return r, fmt.Errorf("wrk %s: %d answers not 2xx/3xx, %d socket errors\n%s", l.URL, r.Bad, r.Errors, out)
	}
	return r, nil
}

// durationArg formats d for wrk, which takes whole seconds or milliseconds.
func durationArg(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.Itoa(int(d/time.Second)) + "s"
	}
	return strconv.Itoa(int(d/time.Millisecond)) + "ms"
}

// parseWrk reads wrk's --latency report.
func parseWrk(out string) (result, error) {
	var r result
	var seen int
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return r, fmt.Errorf("Requests/sec %q", f[1])
			}
			r.RPS, seen = v, seen+1
		case len(f) >= 4 && f[1] == "requests" && f[2] == "in":
			r.Requests, _ = strconv.ParseInt(f[0], 10, 64)
		case len(f) == 2 && (f[0] == "50%" || f[0] == "90%" || f[0] == "99%"):
			d, err := parseWrkDuration(f[1])
			if err != nil {
				return r, err
			}
			setPercentile(&r, f[0], d)
			seen++
		case strings.HasPrefix(strings.TrimSpace(line), "Non-2xx or 3xx responses:"):
			r.Bad, _ = strconv.ParseInt(f[len(f)-1], 10, 64)
		case len(f) > 0 && f[0] == "Socket" && len(f) == 10:
			r.Errors = socketErrors(f[2:])
		}
	}
	if seen != 4 {
		return r, fmt.Errorf("wrk output without Requests/sec and 50/90/99%% latency")
	}
	return r, nil
}

// socketErrors sums "connect 0, read 0, write 0, timeout 0".
func socketErrors(f []string) int64 {
	var n int64
	for i := 1; i < len(f); i += 2 {
		v, _ := strconv.ParseInt(strings.TrimSuffix(f[i], ","), 10, 64)
		n += v
	}
	return n
}

// parseWrkDuration reads wrk's "812.00us", "1.23ms", "2.01s", "1.00m".
func parseWrkDuration(s string) (time.Duration, error) {
	units := []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"m", time.Minute}, {"s", time.Second}}
	for _, u := range units {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return 0, fmt.Errorf("wrk latency %q", s)
			}
			return time.Duration(f * float64(u.unit)), nil
		}
	}
	return 0, fmt.Errorf("wrk latency %q: unknown unit", s)
}

// setPercentile stores one line of wrk's latency distribution.
func setPercentile(r *result, name string, d time.Duration) {
	switch name {
	case "50%":
		r.P50 = d
	case "90%":
		r.P90 = d
	case "99%":
		r.P99 = d
	}
}

// runUntil runs cmd and returns its combined output, interrupting it once
// until (if set) reports true.
func runUntil(cmd *exec.Cmd, until func() bool) (string, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return "", err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			return out.String(), err
		case <-tick.C:
			if until != nil && until() {
				cmd.Process.Signal(syscall.SIGINT)
				until = nil
			}
		}
	}
}
