package e2e

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSoak runs a sustained mixed load (cached reads of every widget kind,
// misses through distinct options, and a stream of writes) against the real
// binary for ROOST_SOAK (a duration, e.g. 10m), sampling RSS and goroutines.
// It fails on any unintended non-2xx answer or if RSS or goroutines keep
// growing. Skipped unless asked: it is long by design.
func TestSoak(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("ROOST_SOAK"))
	if err != nil || d <= 0 {
		t.Skip("soak: set ROOST_SOAK=10m to run it")
	}
	in := startRoost(t, "--cache-mb", "64")
	posts := demoPosts(t, in, "roost", "ada", "layla")
	var bad, total atomic.Int64
	var mu sync.Mutex
	var badSamples []string
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 7))
			client := &http.Client{Timeout: 10 * time.Second}
			for time.Now().Before(stop) {
				p := posts[rng.IntN(len(posts))]
				u := soakURL(rng, p, in.URL)
				status := soakGet(client, in.URL+u)
				total.Add(1)
				if status != 200 && status != 304 {
					bad.Add(1)
					mu.Lock()
					if len(badSamples) < 10 {
						badSamples = append(badSamples, fmt.Sprintf("%d %s", status, u))
					}
					mu.Unlock()
				}
			}
		}(uint64(w))
	}
	wg.Add(1)
	go func() { // the writer: a post created and deleted again, continuously
		defer wg.Done()
		for i := 0; time.Now().Before(stop); i++ {
			var p struct{ ID string }
			if in.api(t, "POST", "/api/v1/posts", map[string]any{"author": "ada", "text": "soak " + strconv.Itoa(i) + " #soak"}, &p) == 201 {
				in.api(t, "DELETE", "/api/v1/posts/"+p.ID, nil, nil)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	samples := sampleProcess(t, in, stop)
	wg.Wait()
	t.Logf("%d requests, %d unintended non-2xx", total.Load(), bad.Load())
	for _, s := range samples {
		t.Logf("t=%4.0fs rss=%6.1f MiB goroutines=%d", s.at.Seconds(), float64(s.rss)/(1<<20), s.goroutines)
	}
	if bad.Load() > 0 {
		t.Errorf("%d unintended answers, e.g. %v", bad.Load(), badSamples)
	}
	checkFlat(t, samples)
}

// soakURL picks one of the widget routes for a post, with options that
// are sometimes new (misses) and mostly repeated (hits).
func soakURL(rng *rand.Rand, p demoPost, base string) string {
	width := 220 + 10*rng.IntN(34)
	switch rng.IntN(7) {
	case 0:
		return "/embed/post/" + p.ID + "?width=" + strconv.Itoa(width)
	case 1:
		return "/embed/timeline/" + p.Author + "?limit=5"
	case 2:
		return "/oembed?url=" + url.QueryEscape(base+"/"+p.Author+"/status/"+p.ID)
	case 3:
		return "/embed/button/follow?screen_name=" + p.Author + "&show_count=true"
	case 4:
		return "/api/v1/posts/" + p.ID
	case 5:
		return "/" + p.Author + "/status/" + p.ID
	}
	return "/embed/post/" + p.ID + "?theme=dark"
}

func soakGet(c *http.Client, u string) int {
	resp, err := c.Get(u)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

type processSample struct {
	at         time.Duration
	rss        int64
	goroutines int
}

var goroutinesLine = regexp.MustCompile(`(?m)^go_goroutines (\d+)$`)

// sampleProcess records RSS and goroutines every 10 s until stop.
func sampleProcess(t *testing.T, in *instance, stop time.Time) []processSample {
	var out []processSample
	begin := time.Now()
	for time.Now().Before(stop) {
		time.Sleep(10 * time.Second)
		_, _, body := in.get(t, "/metrics")
		m := goroutinesLine.FindStringSubmatch(body)
		g := 0
		if m != nil {
			g, _ = strconv.Atoi(m[1])
		}
		out = append(out, processSample{time.Since(begin), rssOf(in.Pid), g})
	}
	return out
}

// rssOf reads VmRSS of a process, in bytes.
func rssOf(pid int) int64 { return procStatusBytes(pid, "VmRSS") }

// checkFlat fails when the last third of the run holds clearly more memory
// or goroutines than the middle third (the first third is warm-up).
func checkFlat(t *testing.T, s []processSample) {
	t.Helper()
	if len(s) < 6 {
		t.Logf("only %d samples: too short to judge growth", len(s))
		return
	}
	third := len(s) / 3
	mid, last := s[third:2*third], s[2*third:]
	maxOf := func(xs []processSample, f func(processSample) int64) int64 {
		m := int64(0)
		for _, x := range xs {
			m = max(m, f(x))
		}
		return m
	}
	rss := func(x processSample) int64 { return x.rss }
	gor := func(x processSample) int64 { return int64(x.goroutines) }
	if a, b := maxOf(mid, rss), maxOf(last, rss); b > a+a/5+16<<20 {
		t.Errorf("RSS grew from %d MiB to %d MiB between the middle and the last third", a>>20, b>>20)
	}
	if a, b := maxOf(mid, gor), maxOf(last, gor); b > a+20 {
		t.Errorf("goroutines grew from %d to %d between the middle and the last third", a, b)
	}
}
