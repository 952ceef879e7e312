package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// answer is one response read back by the harness.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// fetch sends one GET with the given "Name: value" headers. Compressed
// bodies stay compressed: the harness checks the encoding, not the text.
func fetch(ctx context.Context, url string, headers []string) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return answer{}, err
	}
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ":")
		req.Header.Set(name, strings.TrimSpace(value))
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return answer{}, fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, fmt.Errorf("GET %s: read body: %w", url, err)
	}
	return answer{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// cacheCounters reads the render cache's totals from /metrics.
func cacheCounters(ctx context.Context, base string) (map[string]float64, error) {
	a, err := fetch(ctx, base+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	if a.Status != http.StatusOK {
		return nil, fmt.Errorf("GET /metrics: status %d", a.Status)
	}
	return parseCounters(string(a.Body)), nil
}

// parseCounters reads the roost_cache_* samples of a Prometheus text page.
func parseCounters(text string) map[string]float64 {
	m := map[string]float64{}
	for line := range strings.Lines(text) {
		name, value, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok || !strings.HasPrefix(name, "roost_cache_") {
			continue
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			m[name] = v
		}
	}
	return m
}

// burst opens n connections, then sends one GET of path on each at once
// and reads every status: n requests in flight for one key together.
func burst(ctx context.Context, hostport, path string, n int) error {
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	var d net.Dialer
	for range n {
		c, err := d.DialContext(ctx, "tcp", hostport)
		if err != nil {
			return fmt.Errorf("burst: dial %d: %w", len(conns), err)
		}
		conns = append(conns, c)
	}
	req := []byte("GET " + path + " HTTP/1.1\r\nHost: " + hostport + "\r\nConnection: close\r\n\r\n")
	start := make(chan struct{})
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Go(func() {
			<-start
			errs <- roundTrip(c, req)
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// roundTrip writes req on c and checks that the answer is a 200.
func roundTrip(c net.Conn, req []byte) error {
	c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := c.Write(req); err != nil {
		return fmt.Errorf("burst: write: %w", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return fmt.Errorf("burst: read: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("burst: status %d", resp.StatusCode)
	}
	return nil
}
