package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"time"
)

// bench holds one run's processes, data and figures.
type bench struct {
	o        options
	log      io.Writer
	dir      string // temporary: binaries, database, scripts, logs
	rng      *rand.Rand
	roost    string // binary paths
	baseline string
	nginx    string // the nginx binary, "" when it is not installed
	srv      map[string]*server
	urls     map[string]string
	pprof    map[string]string // server name → pprof address
	ds       *dataset
	eps      []*endpoint
	pinSrv   string // taskset CPU lists, "" when not pinning
	pinLoad  string
	fig      figures
}

// newBench makes the temporary directory and decides on CPU pinning:
// the servers on CPU 0 and wrk on CPU 1 when there are two or more.
func newBench(o options, log io.Writer) (*bench, error) {
	dir, err := os.MkdirTemp("", "roost-bench-")
	if err != nil {
		return nil, err
	}
	b := &bench{o: o, log: log, dir: dir, rng: rand.New(rand.NewPCG(uint64(o.Seed), 9)),
		srv: map[string]*server{}, urls: map[string]string{}, pprof: map[string]string{}}
	if _, err := exec.LookPath("taskset"); err == nil && runtime.NumCPU() >= 2 {
		b.pinSrv, b.pinLoad = "0", "1"
	}
	b.fig.Started = time.Now()
	return b, nil
}

// logf prints a progress line.
func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "bench: "+format+"\n", args...)
}

// close stops every server and removes the temporary directory.
func (b *bench) close() {
	for _, s := range b.srv {
		s.stop()
	}
	if b.o.Keep {
		b.logf("kept %s", b.dir)
		return
	}
	os.RemoveAll(b.dir)
}

// measure runs every phase in order.
func (b *bench) measure(ctx context.Context) error {
	steps := []struct {
		name string
		run  func(context.Context) error
		on   bool
	}{
		{"prepare", b.prepare, true},
		{"rounds", b.rounds, true},
		{"cold latency", b.coldLatency, true},
		{"timeline scaling", b.timelineScaling, true},
		{"concurrent misses", b.concurrentMisses, true},
		{"profiles", b.profiles, b.o.Profile},
		{"memory", b.memory, true},
		{"go benchmarks", b.goBench, b.o.GoBench},
	}
	for _, s := range steps {
		if !s.on {
			continue
		}
		start := time.Now()
		if err := s.run(ctx); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		b.logf("%s done in %s", s.name, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// prepare builds the binaries, generates the store, starts the servers
// and checks every endpoint once.
func (b *bench) prepare(ctx context.Context) error {
	var err error
	if b.roost, b.baseline, err = buildBinaries(ctx, b.dir); err != nil {
		return err
	}
	if err := writeScripts(b.dir); err != nil {
		return err
	}
	start := time.Now()
	if b.ds, err = generate(ctx, filepath.Join(b.dir, "roost.db"), b.o.Posts); err != nil {
		return err
	}
	b.fig.GenSeconds = time.Since(start).Seconds()
	b.logf("generated %d posts in %.1fs", b.o.Posts, b.fig.GenSeconds)
	zipf := filepath.Join(b.dir, "zipf.txt")
	if err := writeZipfPaths(zipf, b.ds.IDs, 200_000, b.rng); err != nil {
		return err
	}
	cards := filepath.Join(b.dir, "cards.txt")
	if err := writeCardPaths(cards, b.ds.IDs, 50_000); err != nil {
		return err
	}
	if err := b.startRoosts(ctx); err != nil {
		return err
	}
	b.eps = endpoints(b.ds, zipf, cards)
	if err := b.startBaseline(ctx); err != nil {
		return err
	}
	if b.nginx != "" {
		if err := b.startNginx(ctx, b.nginx); err != nil {
			return err
		}
		b.eps = append(b.eps, nginxEndpoints(b.endpoint(epCard).Path)...)
	}
	if err := check(ctx, b.eps, b.urls); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond) // the background brotli upgrade of the warmed entries
	return nil
}

// startRoosts starts the three Roost servers on the one store.
func (b *bench) startRoosts(ctx context.Context) error {
	cfgs := []struct {
		name    string
		cacheMB int
		env     []string
	}{
		{onCached, 256, nil},
		{onCold, 256, []string{"ROOST_BENCH_NO_CACHE=1"}},
		{onSmall, b.o.SmallCache, nil},
	}
	for _, c := range cfgs {
		env := c.env
		if b.o.Profile {
			b.pprof[c.name] = "127.0.0.1:" + strconv.Itoa(freePort())
			env = append(env, "ROOST_BENCH_PPROF="+b.pprof[c.name])
		}
		args := []string{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite:" + filepath.Join(b.dir, "roost.db"),
			"--media-dir", filepath.Join(b.dir, "media"), "--demo=false", "--public-url", publicURL,
			"--cache-mb", strconv.Itoa(c.cacheMB)}
		s, err := startServer(ctx, c.name, b.roost, args, env, b.pinSrv, b.dir)
		if err != nil {
			return err
		}
		b.srv[c.name], b.urls[c.name] = s, s.url
	}
	return nil
}

// startBaseline measures the typical card and starts the baseline with a
// body of the same size.
func (b *bench) startBaseline(ctx context.Context) error {
	a, err := fetch(ctx, b.urls[onCached]+b.endpoint(epCard).Path, nil)
	if err != nil {
		return err
	}
	b.fig.CardBytes = len(a.Body)
	s, err := startServer(ctx, onBaseline, b.baseline, []string{"--size", strconv.Itoa(len(a.Body))}, nil, b.pinSrv, b.dir)
	if err != nil {
		return err
	}
	b.srv[onBaseline], b.urls[onBaseline] = s, s.url
	return nil
}
