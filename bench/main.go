// Command bench is Roost's load benchmark: it builds Roost and a bare Fiber
// baseline, generates a SQLite store (users, posts with images, quotes and
// replies), drives every hot endpoint with wrk, server and load generator
// on separate cores, in rounds of random order, and reports each figure as
// a ratio to the baseline measured in the same round.
//
//	go run ./bench            # the full run (~16 minutes: 1M posts, 1M distinct keys)
//	go run ./bench --quick    # CI: small data, one short round, < 1 minute
//
// It prints a Markdown table, writes JSON to bench/out/, and (full run)
// appends the table to docs/BENCHMARKS.md. It fails only when the harness
// breaks (a server does not start, an answer is not 2xx/3xx, wrk is
// missing), never because a figure misses its goal.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "bench:", err)
		}
		os.Exit(1)
	}
}

// run is the whole benchmark; main only adds the signal context.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	if err := ensureWrk(ctx, stderr); err != nil {
		return err
	}
	b, err := newBench(o, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	if b.nginx, err = ensureNginx(ctx, stderr); err != nil {
		b.logf("no nginx rows: %v", err)
	}
	if err := b.measure(ctx); err != nil {
		return err
	}
	return b.report(stdout, args)
}
