package e2e

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"
)

// bigMP4 is the test clip followed by a "free" box that pads it to size
// bytes: a valid MP4 (players skip free boxes) as large as a real video.
func bigMP4(t *testing.T, size int) []byte {
	t.Helper()
	clip, err := os.ReadFile("../media/testdata/clip.mp4")
	if err != nil {
		t.Fatal(err)
	}
	pad := size - len(clip)
	out := make([]byte, size)
	copy(out, clip)
	binary.BigEndian.PutUint32(out[len(clip):], uint32(pad))
	copy(out[len(clip)+4:], "free")
	return out
}

// TestVideoRangesFlatRSS uploads a 50 MB video to the real server, then
// reads it whole by 1 MiB range requests from 8 clients at once, twice:
// the server's peak RSS during the reads (VmHWM reset after the upload)
// stays within 16 MiB of its RSS before them, since a range is streamed
// from the file, never read whole. Skipped under -race; about 5 s.
func TestVideoRangesFlatRSS(t *testing.T) {
	if raceEnabled {
		t.Skip("RSS figures under the race detector mean nothing")
	}
	in := startRoost(t, "--demo=false", "--max-video-mb=64")
	const size = 50 << 20
	data := bigMP4(t, size)
	url := uploadVideo(t, in, data)
	runtime.GC()
	time.Sleep(500 * time.Millisecond)
	before := procStatusBytes(in.Pid, "VmRSS")
	resetPeakRSS(t, in.Pid)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for c := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for pass := range 2 {
				for off := 0; off < size; off += 1 << 20 {
					if err := checkRange(url, data, off, min(off+1<<20, size)-1); err != nil {
						errs <- fmt.Errorf("client %d pass %d: %w", c, pass, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	elapsed := time.Since(start)
	peak := procStatusBytes(in.Pid, "VmHWM")
	t.Logf("50 MB video, 8 clients × 2 passes × 50 range requests of 1 MiB (800 MB) in %v: RSS %d MiB before, peak %d MiB during (+%d MiB)",
		elapsed.Round(time.Millisecond), before>>20, peak>>20, (peak-before)>>20)
	if peak-before > 16<<20 {
		t.Errorf("peak RSS grew %d MiB while serving ranges, want ≤ 16", (peak-before)>>20)
	}
}

func uploadVideo(t *testing.T, in *instance, data []byte) string {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", "big.mp4")
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", in.URL+"/api/v1/media", &body)
	req.Header.Set("Authorization", "Bearer "+in.Token)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data struct {
			URL string `json:"url"`
		} `json:"data"`
	}
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 || json.Unmarshal(raw, &out) != nil {
		t.Fatalf("upload: %d %s", resp.StatusCode, raw)
	}
	return out.Data.URL
}

// checkRange asks for bytes first–last and compares them with data.
func checkRange(url string, data []byte, first, last int) error {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", first, last))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		return err
	case resp.StatusCode != 206:
		return fmt.Errorf("bytes=%d-%d: status %d", first, last, resp.StatusCode)
	case !bytes.Equal(got, data[first:last+1]):
		return fmt.Errorf("bytes=%d-%d: %d bytes differ from the file", first, last, len(got))
	}
	return nil
}
