package media

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestProbeVideo(t *testing.T) {
	for _, tc := range []struct {
		file, ct      string
		width, height int
		audio         bool
	}{
		{"clip.mp4", "video/mp4", 320, 180, true},
		{"clip.webm", "video/webm", 320, 180, true},
		{"gif.mp4", "video/mp4", 240, 240, false},
	} {
		data := readTestdata(t, tc.file)
		info, err := ProbeVideo(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if info.ContentType != tc.ct || info.Width != tc.width || info.Height != tc.height || info.HasAudio != tc.audio {
			t.Errorf("%s: %+v", tc.file, info)
		}
		if info.Duration < 1900*time.Millisecond || info.Duration > 3100*time.Millisecond {
			t.Errorf("%s: duration %v", tc.file, info.Duration)
		}
	}
}

// TestProbeVideoRefusesBadFiles: truncated and corrupt files, and bytes
// that only claim to be a video, are refused with ErrBadVideo or
// ErrUnsupportedType, never stored.
func TestProbeVideoRefusesBadFiles(t *testing.T) {
	mp4, webm := readTestdata(t, "clip.mp4"), readTestdata(t, "clip.webm")
	corrupt := bytes.Clone(mp4)
	copy(corrupt[len(corrupt)/2:], bytes.Repeat([]byte{0xff}, 64))
	hugeBox := bytes.Clone(mp4)
	copy(hugeBox[0:4], []byte{0x7f, 0xff, 0xff, 0xff})
	cases := map[string]struct {
		data []byte
		want error
	}{
		"mp4 cut in half":  {mp4[:len(mp4)/2], ErrBadVideo},
		"mp4 header only":  {mp4[:40], ErrBadVideo},
		"webm cut in half": {webm[:len(webm)/2], ErrBadVideo},
		"webm header only": {webm[:60], ErrBadVideo},
		"box past the end": {hugeBox, ErrBadVideo},
		"png":              {pngHead(), ErrUnsupportedType},
		"text":             {[]byte("ftyp is not at offset four in this text"), ErrUnsupportedType},
	}
	for name, tc := range cases {
		_, err := ProbeVideo(bytes.NewReader(tc.data), int64(len(tc.data)))
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
	}
	// A corrupt middle is either refused or still a whole file: never a panic.
	_, _ = ProbeVideo(bytes.NewReader(corrupt), int64(len(corrupt)))
}

func pngHead() []byte { return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") }

func TestSaveVideoLimitsAndPoster(t *testing.T) {
	lib, err := NewLibrary(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	data := readTestdata(t, "clip.mp4")
	m, _, err := lib.SaveVideo(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != storage.MediaVideo || m.ContentType != "video/mp4" || m.Bytes != int64(len(data)) || m.DurationMS < 2900 {
		t.Errorf("saved %+v", m)
	}
	if full, err := lib.Path(m.Path); err != nil {
		t.Error(err)
	} else if got, _ := os.ReadFile(full); !bytes.Equal(got, data) {
		t.Error("stored bytes differ")
	}
	lib.SetVideoLimits(VideoLimits{MaxBytes: int64(len(data)) - 1})
	if _, _, err := lib.SaveVideo(bytes.NewReader(data)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the size limit: %v", err)
	}
	lib.SetVideoLimits(VideoLimits{MaxDuration: time.Second})
	if _, _, err := lib.SaveVideo(bytes.NewReader(data)); !errors.Is(err, ErrTooLong) {
		t.Errorf("over the duration limit: %v", err)
	}
	if _, _, err := lib.SaveVideo(bytes.NewReader(data[:len(data)/2])); !errors.Is(err, ErrBadVideo) {
		t.Errorf("truncated: %v", err)
	}
	entries, _ := os.ReadDir(lib.Dir())
	for _, e := range entries {
		if e.Name()[0] == '.' {
			t.Errorf("a refused upload left %s behind", e.Name())
		}
	}
	p, source, err := lib.MakePoster(context.Background(), m.Path, m.Width, m.Height)
	if err != nil {
		t.Fatal(err)
	}
	want := PosterDrawn
	if FFmpegAvailable() {
		want = PosterFFmpeg
	}
	if source != want || p.Kind != "image" || p.Width != 320 || p.Height != 180 {
		t.Errorf("poster %+v from %s, want %s", p, source, want)
	}
	if err := lib.Remove(m.Path); err != nil {
		t.Error(err)
	}
	if full, _ := lib.Path(m.Path); fileExists(full) {
		t.Error("Remove left the video")
	}
}

func TestDrawnPosterShape(t *testing.T) {
	img := drawnPoster(1920, 1080)
	if b := img.Bounds(); b.Dx() != 640 || b.Dy() != 360 {
		t.Errorf("poster %v, want 640×360", b)
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
