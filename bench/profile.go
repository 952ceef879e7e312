package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// profiles takes a CPU profile of the cached server under the cached-card
// load, of the cold server under the cold-card load, and of the small-cache
// server under the Zipf mix, and writes pprof's top functions for each
// into the output directory.
func (b *bench) profiles(ctx context.Context) error {
	if err := os.MkdirAll(b.o.Out, 0o755); err != nil {
		return err
	}
	b.fig.Profiles = map[string]string{}
	for name, ep := range map[string]string{"cpu-hit": epCard, "cpu-cold": epCold, "cpu-zipf": epZipf} {
		top, err := b.profile(ctx, b.endpoint(ep), name)
		if err != nil {
			return err
		}
		b.fig.Profiles[name] = top
	}
	return nil
}

// profile runs ep's load for five seconds while pprof samples four of them.
func (b *bench) profile(ctx context.Context, ep *endpoint, name string) (string, error) {
	l := b.loadFor(ep, b.o.Conns)
	l.Duration = 5 * time.Second
	errc := make(chan error, 1)
	go func() { _, err := runWrk(ctx, l); errc <- err }()
	time.Sleep(500 * time.Millisecond)
	a, err := fetch(ctx, "http://"+b.pprof[ep.Server]+"/debug/pprof/profile?seconds=4", nil)
	if werr := <-errc; werr != nil {
		return "", werr
	}
	if err != nil {
		return "", err
	}
	if a.Status != 200 {
		return "", fmt.Errorf("pprof %s: status %d", ep.Server, a.Status)
	}
	prof := filepath.Join(b.o.Out, name+".pprof")
	if err := os.WriteFile(prof, a.Body, 0o644); err != nil {
		return "", err
	}
	top, err := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-nodecount=35", b.roost, prof).Output()
	if err != nil {
		return "", fmt.Errorf("go tool pprof %s: %w", prof, err)
	}
	txt := filepath.Join(b.o.Out, name+".txt")
	return txt, os.WriteFile(txt, top, 0o644)
}
