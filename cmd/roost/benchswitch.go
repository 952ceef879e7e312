package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/roost-embed/roost/cache"
)

// Bench-only switches. They are environment variables on purpose, not
// flags or request parameters: only the load benchmark (go run ./bench)
// sets them, and no visitor can reach them.
const (
	// envBenchNoCache=1 disables the render cache, so every widget request
	// renders: the benchmark's cold-render figures.
	envBenchNoCache = "ROOST_BENCH_NO_CACHE"
	// envBenchPprof=HOST:PORT serves net/http/pprof there (loopback only).
	envBenchPprof = "ROOST_BENCH_PPROF"
)

// benchCacheConfig returns cfg with the cache disabled when the benchmark
// asks for cold renders: a one-byte budget, so ristretto rejects every
// entry (each costs more than the whole cache) and every request renders,
// while one render per key under concurrent misses is kept. The brotli
// upgrade is off: it would recompress entries that are never served.
func benchCacheConfig(getenv func(string) string, cfg cache.Config) cache.Config {
	if getenv(envBenchNoCache) == "1" {
		cfg.MaxBytes, cfg.UpgradeBrotli = 1, false
	}
	return cfg
}

// startBenchPprof serves the pprof handlers on the loopback address the
// benchmark names, so it can profile the hot paths of a real server. It
// refuses any other address. The returned func stops it.
func startBenchPprof(getenv func(string) string, log *slog.Logger) func() {
	addr := getenv(envBenchPprof)
	if addr == "" {
		return func() {}
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		log.Warn("ignoring "+envBenchPprof+": not a loopback HOST:PORT", "addr", addr)
		return func() {}
	}
	srv := &http.Server{Addr: addr, Handler: pprofMux(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("bench pprof server", "err", err)
		}
	}()
	log.Info("bench pprof serving", "addr", addr)
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}
}

// pprofMux routes the standard pprof handlers.
func pprofMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
