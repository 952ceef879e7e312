package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Storm shape (issue 21): 20 clients ask for every variant of 5 images at
// the pixel limit at once. The images are stored the way an older Roost
// left them (originals without variants), and only once the server runs,
// so its start-up backfill has not seen them: every variant is first asked
// for by the storm, and the server must derive all of them while it runs,
// the worst case for memory and for the request path.
const (
	stormClients = 20
	stormImages  = 5
	stormSide    = 4096 // 4096² = the 16.7 M pixel limit
	stormCacheMB = 64
	stormImageMB = 64
	stormRSSGoal = stormCacheMB<<20 + 128<<20 // cache budget + 128 MiB
)

// TestImageStorm measures the goals of issue 21 on a real server process:
// peak RSS (VmHWM) within the cache budget + 128 MiB, one decode per
// original for all its variants, and cached card latency during the
// storm against idle. It takes 10–30 s on two shared cores, so it runs
// in scripts/test's non-race pass only.
func TestImageStorm(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("timing and memory measure: run without -race and -short (scripts/test's non-race pass)")
	}
	// ROOST_STORM_BASELINE=1 with ROOST_BIN set to an older binary (one
	// without --image-memory-mb) measures the same storm before issue 21,
	// for docs/BENCHMARKS.md; it reports and asserts nothing else.
	baseline := os.Getenv("ROOST_STORM_BASELINE") != ""
	flags := []string{"--demo=false", "--cache-mb", strconv.Itoa(stormCacheMB)}
	if !baseline {
		flags = append(flags, "--image-memory-mb", strconv.Itoa(stormImageMB))
	}
	mediaDir := t.TempDir()
	in := startRoost(t, append(flags, "--media-dir", mediaDir)...)
	card := stormCard(t, in)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * stormClients}, Timeout: 30 * time.Second}

	idle := probeCard(client, in.URL+card, nil, 1000)
	before := procStatusBytes(in.Pid, "VmHWM")
	rels := plantMaxSizeOriginals(t, mediaDir)
	stop := make(chan struct{})
	during := make(chan []time.Duration, 1)
	go func() { during <- probeCard(client, in.URL+card, stop, 0) }()
	start := time.Now()
	res := runStorm(t, client, in.URL, rels)
	close(stop)
	storm := <-during
	elapsed := time.Since(start)

	peak := procStatusBytes(in.Pid, "VmHWM")
	decodes := -1.0 // unknown before issue 21
	if !baseline {
		decodes = metricValue(t, client, in.URL, "roost_image_decodes_total")
	}
	slices.Sort(idle)
	slices.Sort(storm)
	idle99, storm99 := percentile(idle, 0.99), percentile(storm, 0.99)
	t.Logf("storm: %d clients × %d variants of %d %d×%d originals in %v: %d requests (%d stand-ins, %d placeholders, %d 503s)",
		stormClients, 3*stormImages, stormImages, stormSide, stormSide, elapsed.Round(time.Millisecond),
		res.requests.Load(), res.standIns.Load(), res.placeholders.Load(), res.busy.Load())
	t.Logf("peak RSS (VmHWM) %.1f MiB (%.1f MiB before the storm), goal ≤ %d MiB (cache %d + 128); decodes %v for %d originals",
		float64(peak)/(1<<20), float64(before)/(1<<20), stormRSSGoal>>20, stormCacheMB, decodes, stormImages)
	t.Logf("cached card p50/p99: idle %v / %v (%d requests), during the storm %v / %v (%d requests): p99 ratio %.2f (goal ≤ 2)",
		percentile(idle, 0.5), idle99, len(idle), percentile(storm, 0.5), storm99, len(storm),
		float64(storm99)/float64(max(idle99, 1)))
	if baseline {
		return
	}

	if res.missing.Load() > 0 {
		t.Errorf("%d client×variant pairs never got their variant", res.missing.Load())
	}
	if res.errors.Load() > 0 {
		t.Errorf("%d answers were neither a variant, a stand-in, a placeholder nor a 503", res.errors.Load())
	}
	if decodes != stormImages {
		t.Errorf("%v decodes for %d originals, want exactly one each", decodes, stormImages)
	}
	if peak > stormRSSGoal {
		t.Errorf("peak RSS %d MiB, over the goal of %d MiB", peak>>20, stormRSSGoal>>20)
	}
	// The card's ratio is reported, not enforced: on two cores shared with
	// other jobs a scheduler stall moves one p99 by milliseconds. A card
	// that waited on image work would take the decode's seconds.
	if storm99 > 250*time.Millisecond {
		t.Errorf("cached card p99 %v during the storm: it waits on image work", storm99)
	}
}

// plantMaxSizeOriginals writes 5 distinct 4096² originals (3 PNG, 2 JPEG)
// into dir at their content-addressed names. One PNG and one JPEG are
// encoded; each copy differs by a comment, so it has its own hash.
func plantMaxSizeOriginals(t *testing.T, dir string) []string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, stormSide, stormSide))
	for y := range stormSide {
		for x := range stormSide {
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = uint8(x>>4), uint8(y>>4), uint8((x^y)>>5), 255
		}
	}
	var pngBuf, jpgBuf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&pngBuf, img); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&jpgBuf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	var rels []string
	for i := range stormImages {
		data, ext := pngWithText(pngBuf.Bytes(), fmt.Sprintf("copy %d", i)), "png"
		if i%2 == 1 {
			data, ext = jpegWithComment(jpgBuf.Bytes(), fmt.Sprintf("copy %d", i)), "jpg"
		}
		sum := sha256.Sum256(data)
		h := hex.EncodeToString(sum[:])
		rel := h[:2] + "/" + h[2:4] + "/" + h + "." + ext
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rels = append(rels, rel)
	}
	return rels
}

// pngWithText inserts a tEXt chunk after IHDR.
func pngWithText(p []byte, text string) []byte {
	body := append([]byte("Comment\x00"), text...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
	chunk = append(append(chunk, "tEXt"...), body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(append([]byte("tEXt"), body...)))
	const afterIHDR = 8 + 25
	return slices.Concat(p[:afterIHDR], chunk, p[afterIHDR:])
}

// jpegWithComment inserts a COM segment after SOI.
func jpegWithComment(j []byte, text string) []byte {
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xFE}, uint16(len(text)+2))
	return slices.Concat(j[:2], append(seg, text...), j[2:])
}

// stormCard makes a post and warms its card, returning the card's path.
func stormCard(t *testing.T, in *instance) string {
	t.Helper()
	if s := in.api(t, "POST", "/api/v1/users", map[string]any{"handle": "storm", "name": "Storm"}, &struct{}{}); s != 201 {
		t.Fatalf("create user: %d", s)
	}
	var post struct{ ID string }
	if s := in.api(t, "POST", "/api/v1/posts", map[string]any{"author": "storm", "text": "weathering it"}, &post); s != 201 {
		t.Fatalf("create post: %d", s)
	}
	card := "/embed/post/" + post.ID
	if s, _, _ := in.get(t, card); s != 200 {
		t.Fatalf("card: %d", s)
	}
	return card
}

// probeCard times sequential card requests: n of them, or until stop.
func probeCard(c *http.Client, url string, stop <-chan struct{}, n int) []time.Duration {
	var out []time.Duration
	for i := 0; n == 0 || i < n; i++ {
		if stop != nil {
			select {
			case <-stop:
				return out
			default:
			}
		}
		start := time.Now()
		resp, err := c.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		out = append(out, time.Since(start))
		time.Sleep(2 * time.Millisecond) // a steady visitor stream, not a second storm
	}
	return out
}

type stormResult struct {
	requests, standIns, placeholders, busy, errors, missing atomic.Int64
}

// runStorm has every client fetch every variant until each answer is the
// immutable variant itself, honouring Retry-After, for at most 60 s.
func runStorm(t *testing.T, c *http.Client, base string, rels []string) *stormResult {
	var urls []string
	for _, rel := range rels {
		for _, w := range []int{48, 96, 600} {
			urls = append(urls, base+"/media/"+rel+"?w="+strconv.Itoa(w))
		}
	}
	res := &stormResult{}
	deadline := time.Now().Add(60 * time.Second)
	var wg sync.WaitGroup
	for range stormClients {
		wg.Go(func() {
			todo := slices.Clone(urls)
			rand.Shuffle(len(todo), func(i, j int) { todo[i], todo[j] = todo[j], todo[i] })
			for len(todo) > 0 && time.Now().Before(deadline) {
				var left []string
				for _, u := range todo {
					if !fetchVariant(c, u, res) {
						left = append(left, u)
					}
				}
				todo = left
			}
			res.missing.Add(int64(len(todo)))
		})
	}
	wg.Wait()
	return res
}

// fetchVariant makes one request and reports whether it got the variant.
func fetchVariant(c *http.Client, url string, res *stormResult) bool {
	res.requests.Add(1)
	resp, err := c.Get(url)
	if err != nil {
		res.errors.Add(1)
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	cc := resp.Header.Get("Cache-Control")
	switch {
	case resp.StatusCode == 200 && strings.Contains(cc, "immutable"):
		return true
	case resp.StatusCode == 200 && resp.Header.Get("Content-Type") == "image/gif":
		res.placeholders.Add(1)
	case resp.StatusCode == 200:
		res.standIns.Add(1)
	case resp.StatusCode == 503:
		res.busy.Add(1)
		s, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		time.Sleep(time.Duration(max(s, 1)) * time.Second)
	default:
		res.errors.Add(1)
	}
	return false
}

// metricValue reads one unlabelled sample from /metrics.
func metricValue(t *testing.T, c *http.Client, base, name string) float64 {
	t.Helper()
	resp, err := c.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("/metrics has no %s", name)
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}

// procStatusBytes reads a kB figure (VmRSS, VmHWM) of a process's status.
func procStatusBytes(pid int, key string) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			kb, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return kb << 10
		}
	}
	return 0
}
