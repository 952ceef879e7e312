package media

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"strings"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// The structural walks accept the oddities real encoders write and refuse
// what the limits name. (The hostile files of issue 21 are refused through
// the HTTP API in server/api_media_limits_test.go.)
func TestWalksTakeRealWorldOddities(t *testing.T) {
	jpg := encodeAs(t, "jpg", solid(40, 30, red))
	body := jpg[:len(jpg)-2]
	oneFrame := encodeAs(t, "gif", solid(8, 8, red))
	tests := map[string][]byte{
		"JPEG with fill bytes before EOI":         append(append([]byte{}, body...), 0xFF, 0xFF, 0xFF, 0xD9),
		"JPEG with bytes after EOI":               append(append([]byte{}, jpg...), "trailing"...),
		"GIF without its trailer byte":            oneFrame[:len(oneFrame)-1],
		"JPEG with an APP segment holding an EOI": append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD9, 0, 0}, jpg[2:]...),
	}
	for name, data := range tests {
		if _, err := newLib(t, 0).Save(bytes.NewReader(data)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestWalksRefuse(t *testing.T) {
	jpg := encodeAs(t, "jpg", solid(40, 30, red))
	scans := append([]byte{}, jpg[:len(jpg)-2]...)
	for range MaxJPEGScans + 1 {
		scans = append(scans, 0xFF, 0xDA, 0x00, 0x02)
	}
	scans = append(scans, 0xFF, 0xD9)
	frames := &gif.GIF{}
	for range 3 {
		frames.Image = append(frames.Image, image.NewPaletted(image.Rect(0, 0, 1, 1), color.Palette{color.Black}))
		frames.Delay = append(frames.Delay, 1)
	}
	var anim bytes.Buffer
	if err := gif.EncodeAll(&anim, frames); err != nil {
		t.Fatal(err)
	}
	cut := anim.Bytes()[:len(anim.Bytes())-4]
	tests := map[string]struct {
		data []byte
		want string
	}{
		"progressive JPEG of 101 scans": {scans, "more than 100 JPEG scans"},
		"GIF cut inside a frame":        {cut, "truncated or corrupt"},
	}
	for name, tt := range tests {
		_, err := newLib(t, 0).Save(bytes.NewReader(tt.data))
		if !errors.Is(err, storage.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an invalid error saying %q", name, err, tt.want)
		}
	}
}

// TestPNGDecodeBytes: 16-bit and interlaced PNGs are bounded by what they
// decode to, not only by their pixels.
func TestPNGDecodeBytes(t *testing.T) {
	png, _ := formatFor("image/png")
	tests := []struct {
		name                    string
		w, h                    uint32
		colorType, depth, inter byte
		ok                      bool
	}{
		{"8-bit RGBA at the pixel limit", 4096, 4096, 6, 8, 0, true},
		{"8-bit grey at the pixel limit", 4096, 4096, 0, 8, 0, true},
		{"16-bit grey at the pixel limit", 4096, 4096, 0, 16, 0, true},
		{"16-bit RGBA at the pixel limit", 4096, 4096, 6, 16, 0, false},
		{"16-bit RGBA at half the pixels", 2896, 2896, 6, 16, 0, true},
		{"interlaced 8-bit RGBA at the pixel limit", 4096, 4096, 6, 8, 1, false},
		{"interlaced 8-bit grey at the pixel limit", 4096, 4096, 0, 8, 1, true},
	}
	for _, tt := range tests {
		data := pngIHDR(tt.w, tt.h, tt.depth, tt.colorType, tt.inter)
		_, err := checkHeader(png, data)
		if tt.ok && err != nil || !tt.ok && (!errors.Is(err, storage.ErrInvalid) || !strings.Contains(err.Error(), "at most 64 MiB")) {
			t.Errorf("%s: %v, want ok=%v (or a message naming 64 MiB)", tt.name, err, tt.ok)
		}
	}
}
