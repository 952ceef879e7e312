package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/roost-embed/roost/cache"
)

// TestBenchNoCacheRendersEveryTime checks the benchmark's cold mode on a
// real cache: with ROOST_BENCH_NO_CACHE=1 nothing is ever served from the
// cache; without it the second request is a hit.
func TestBenchNoCacheRendersEveryTime(t *testing.T) {
	for _, tc := range []struct {
		env         string
		wantRenders int
	}{{"1", 3}, {"", 1}, {"0", 1}} {
		getenv := func(k string) string {
			if k == envBenchNoCache {
				return tc.env
			}
			return ""
		}
		c, err := cache.New(benchCacheConfig(getenv, cache.Config{MaxBytes: 8 << 20, UpgradeBrotli: true}))
		if err != nil {
			t.Fatal(err)
		}
		renders := 0
		render := func(context.Context) (cache.Rendered, error) {
			renders++
			return cache.Rendered{Body: []byte(strings.Repeat("<p>card</p>", 100)), ContentType: "text/html"}, nil
		}
		for range 3 {
			if _, look := c.Get("post/1"); look == cache.Hit {
				continue
			}
			if _, err := c.Fill(context.Background(), "post/1", render); err != nil {
				t.Fatal(err)
			}
			c.Wait()
		}
		c.Close()
		if renders != tc.wantRenders {
			t.Errorf("%s=%q: %d renders for 3 requests, want %d", envBenchNoCache, tc.env, renders, tc.wantRenders)
		}
	}
}

// TestBenchPprofLoopbackOnly checks that the profiler starts only on a
// loopback address.
func TestBenchPprofLoopbackOnly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	probe := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tc := range []struct {
		addr  string
		serve bool
	}{
		{probe, true},
		{net.JoinHostPort("0.0.0.0", strconv.Itoa(port)), false},
		{net.JoinHostPort("localhost", strconv.Itoa(port)), false},
	} {
		stop := startBenchPprof(func(string) string { return tc.addr }, log)
		got := pprofAnswers(probe)
		stop()
		if got != tc.serve {
			t.Errorf("%s=%q: serving %v, want %v", envBenchPprof, tc.addr, got, tc.serve)
		}
	}
}

// pprofAnswers polls the pprof index at addr for up to half a second.
func pprofAnswers(addr string) bool {
	for range 10 {
		resp, err := http.Get("http://" + addr + "/debug/pprof/")
		if err == nil {
			resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}
