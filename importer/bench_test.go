package importer

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// go test -run '^$' -bench ImportX -benchtime 1x ./importer/
func BenchmarkImportX10k(b *testing.B)  { benchImportX(b, 10_000) }
func BenchmarkImportX100k(b *testing.B) { benchImportX(b, 100_000) }

// benchImportX imports a generated n-post archive into a fresh SQLite
// store and reports the rate, the rate of the write pass alone, and the
// peak heap in use (sampled every millisecond), which should not grow
// with n, and the CPU time the process spent (user + system, the heap
// sampler's included), which a busy shared machine inflates less than it
// does the wall clock.
func benchImportX(b *testing.B, n int) {
	path := genXArchive(b, n)
	for b.Loop() {
		b.StopTimer()
		e := newEnv(b)
		runtime.GC()
		var peak atomic.Uint64
		stop := sampleHeap(&peak)
		var writeStart time.Time
		opt := Options{Progress: func(s Stats) {
			if s.Phase == PhaseWrite && writeStart.IsZero() {
				writeStart = time.Now()
			}
		}}
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		st, err := ImportX(context.Background(), e.st, e.lib, path, opt)
		total, cpu := time.Since(start), cpuTime()-cpu0
		b.StopTimer()
		stop()
		if err != nil || st.Posts != n {
			b.Fatalf("ImportX: %+v, %v", st, err)
		}
		b.ReportMetric(float64(n)/total.Seconds(), "posts/s")
		b.ReportMetric(float64(n)/start.Add(total).Sub(writeStart).Seconds(), "write-posts/s")
		b.ReportMetric(float64(writeStart.Sub(start).Milliseconds()), "check-ms")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(cpu.Milliseconds()), "cpu-ms")
		b.StartTimer()
	}
}

// sampleHeap records the largest HeapInuse seen until stop is called.
func sampleHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

// genXArchive writes an n-post archive (a tenth of the posts replies,
// every post with a mention, a hashtag and a link) into the benchmark's
// temporary directory, streaming, so generating it does not hold it.
func genXArchive(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), fmt.Sprintf("x-%d.zip", n))
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	w, _ := zw.Create("data/account.js")
	w.Write(ytd(b, "account", map[string]any{"account": map[string]any{"username": "bench", "accountId": "42"}}))
	w, _ = zw.Create("data/tweets.js")
	bw := bufio.NewWriter(w)
	bw.WriteString("window.YTD.tweets.part0 = [\n")
	enc := json.NewEncoder(bw)
	for i := range n {
		if i > 0 {
			bw.WriteString(",\n")
		}
		enc.Encode(genTweet(i))
	}
	bw.WriteString("]\n")
	bw.Flush()
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

func genTweet(i int) map[string]any {
	id := fmt.Sprint(1_000_000 + i)
	text := fmt.Sprintf("post %d by @friend_%d about #topic%d &amp; more https://t.co/x%d", i, i%97, i%13, i)
	extra := map[string]any{"entities": map[string]any{
		"user_mentions": []any{map[string]any{"screen_name": fmt.Sprint("friend_", i%97), "indices": indices(unesc(text), "@friend_")}},
		"hashtags":      []any{map[string]any{"text": fmt.Sprint("topic", i%13), "indices": indices(unesc(text), "#topic")}},
		"urls":          []any{urlEnt(text, fmt.Sprint("https://t.co/x", i), fmt.Sprint("https://example.com/", i))},
	}}
	if i%10 == 9 {
		extra["in_reply_to_status_id_str"] = fmt.Sprint(1_000_000 + i - 1)
	}
	return tweet(id, text, extra)
}
