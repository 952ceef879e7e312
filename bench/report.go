package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// machine describes where the run happened.
type machine struct {
	CPUs   int    `json:"cpus"`
	Model  string `json:"model"`
	Pinned bool   `json:"pinned"`
	Load   string `json:"load_average"`
}

// describeMachine reads the CPU count and model and the load average.
func describeMachine(pinned bool) machine {
	m := machine{CPUs: runtime.NumCPU(), Model: "unknown", Pinned: pinned}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if name, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
				m.Model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.Load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	return m
}

// report prints the Markdown block, writes the JSON file and appends the
// block to the docs file when asked.
func (b *bench) report(stdout io.Writer, args []string) error {
	rows := b.rows()
	mc := describeMachine(b.pinSrv != "")
	md := b.markdown(rows, mc, args)
	fmt.Fprint(stdout, md)
	if err := b.writeJSON(rows, mc, args); err != nil {
		return err
	}
	if b.o.Docs == "" {
		return nil
	}
	f, err := os.OpenFile(b.o.Docs, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("append report: %w", err)
	}
	defer f.Close()
	_, err = io.WriteString(f, "\n"+md)
	return err
}

// markdown is the run's section: when, where, how, the data and the table.
func (b *bench) markdown(rows []row, mc machine, args []string) string {
	var s strings.Builder
	mode := "full"
	if b.o.Quick {
		mode = "quick (indicative only: tiny data, one short round)"
	}
	fmt.Fprintf(&s, "### Load benchmark run %s, %s\n\n", b.fig.Started.Format("2006-01-02 15:04 MST"), mode)
	pin := "servers (Roost, the Fiber baseline, nginx) on CPU 0, wrk on CPU 1"
	if !mc.Pinned {
		pin = "not pinned (taskset missing or one CPU)"
	}
	fmt.Fprintf(&s, "Machine: %d × %s; %s; load average at the end %s.  \n", mc.CPUs, mc.Model, pin, mc.Load)
	fmt.Fprintf(&s, "Command: `go run ./bench %s` (%d rounds × %s per endpoint, wrk -t1 -c%d).  \n",
		strings.Join(args, " "), b.o.Rounds, b.o.Duration, b.o.Conns)
	fmt.Fprintf(&s, "Data: %d posts (%d by @%s, %d by @%s), generated through `Store.WritePosts` in %.1f s; typical card %d bytes (the baseline's body).\n\n",
		b.ds.Posts, b.ds.BigPosts, bigHandle, b.ds.SmallPosts, smallHandle, b.fig.GenSeconds, b.fig.CardBytes)
	s.WriteString("| metric | Roost | Fiber baseline | ÷ Fiber | goal | nginx (the card's bytes) | ÷ nginx | goal | pass |\n" +
		"|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&s, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.Metric, r.Roost, r.Baseline, r.Ratio, r.Goal,
			cmp.Or(r.Nginx, "—"), cmp.Or(r.NginxRatio, "—"), cmp.Or(r.NginxGoal, "—"), r.Pass)
	}
	return s.String()
}

// writeJSON writes every figure to o.Out/bench-TIME.json.
func (b *bench) writeJSON(rows []row, mc machine, args []string) error {
	if err := os.MkdirAll(b.o.Out, 0o755); err != nil {
		return err
	}
	doc := map[string]any{"command": "go run ./bench " + strings.Join(args, " "), "machine": mc,
		"options": b.o, "dataset": b.ds, "figures": b.fig, "rows": rows,
		"finished": time.Now().Format(time.RFC3339)}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(b.o.Out, "bench-"+b.fig.Started.Format("20060102-150405")+".json")
	b.logf("wrote %s", path)
	return os.WriteFile(path, out, 0o644)
}
