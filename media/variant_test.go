package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// withOrientation inserts an EXIF APP1 segment carrying orientation o
// right after the JPEG's SOI marker, in the byte order bo.
func withOrientation(jpg []byte, o uint16, bo binary.AppendByteOrder) []byte {
	tiff := []byte("MM\x00*")
	if bo == binary.AppendByteOrder(binary.LittleEndian) {
		tiff = []byte("II*\x00")
	}
	tiff = bo.AppendUint32(tiff, 8) // IFD0 offset
	tiff = bo.AppendUint16(tiff, 1) // one entry
	tiff = bo.AppendUint16(tiff, exifOrientationTag)
	tiff = bo.AppendUint16(tiff, 3) // SHORT
	tiff = bo.AppendUint32(tiff, 1) // count
	tiff = bo.AppendUint16(tiff, o) // value, left-aligned
	tiff = bo.AppendUint16(tiff, 0) // padding
	tiff = bo.AppendUint32(tiff, 0) // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := []byte{0xFF, 0xE1}
	app1 = binary.BigEndian.AppendUint16(app1, uint16(len(seg)+2))
	app1 = append(app1, seg...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	return append(out, jpg[2:]...)
}

// halves returns a w×h image whose left half is a and right half b.
func halves(w, h int, a, b color.NRGBA) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := a
			if x >= w/2 {
				c = b
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

var (
	red  = color.NRGBA{R: 230, G: 20, B: 20, A: 255}
	blue = color.NRGBA{R: 20, G: 20, B: 230, A: 255}
)

// isRed and isBlue judge a lossy pixel loosely.
func isRed(c color.Color) bool { r, g, b, _ := c.RGBA(); return r > 0x9000 && g < 0x6000 && b < 0x6000 }
func isBlue(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return b > 0x9000 && r < 0x6000 && g < 0x6000
}

// decodeVariant reads a variant back.
func decodeVariant(t *testing.T, lib *Library, rel string) (image.Image, []byte) {
	t.Helper()
	abs, err := lib.Path(rel)
	if err != nil {
		t.Fatalf("Path(%q): %v", rel, err)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := sniff(data)
	if !ok {
		t.Fatalf("variant %s is not an image", rel)
	}
	img, err := f.decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode variant %s: %v", rel, err)
	}
	return img, data
}

func TestVariantAppliesEXIFOrientation(t *testing.T) {
	// Stored 80×40: left red, right blue. Orientation 6 says "turn a
	// quarter clockwise to show": the stored left column becomes the top.
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, halves(80, 40, red, blue), &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	for _, bo := range []binary.AppendByteOrder{binary.BigEndian, binary.LittleEndian} {
		lib := newLib(t, 0)
		m, err := lib.Save(bytes.NewReader(withOrientation(buf.Bytes(), 6, bo)))
		if err != nil {
			t.Fatalf("Save: %v", err)
		}
		if m.Width != 40 || m.Height != 80 {
			t.Errorf("%v: stored size %d×%d, want 40×80 as shown", bo, m.Width, m.Height)
		}
		rel, err := lib.Variant(m.Path, CardWidth)
		if err != nil {
			t.Fatalf("Variant: %v", err)
		}
		img, data := decodeVariant(t, lib, rel)
		if b := img.Bounds(); b.Dx() != 40 || b.Dy() != 80 {
			t.Errorf("%v: variant is %d×%d, want 40×80 (upright, never upscaled)", bo, b.Dx(), b.Dy())
		}
		if !isRed(img.At(20, 5)) || !isBlue(img.At(20, 75)) {
			t.Errorf("%v: variant top %v bottom %v, want red on top and blue below", bo, img.At(20, 5), img.At(20, 75))
		}
		if bytes.Contains(data, []byte("Exif")) {
			t.Errorf("%v: variant still carries EXIF metadata", bo)
		}
	}
}

func TestJPEGOrientationParsing(t *testing.T) {
	var buf bytes.Buffer
	jpeg.Encode(&buf, solid(4, 4, red), nil)
	plain := buf.Bytes()
	tests := map[string]struct {
		data []byte
		want int
	}{
		"no exif":         {plain, 1},
		"big endian 8":    {withOrientation(plain, 8, binary.BigEndian), 8},
		"little endian 3": {withOrientation(plain, 3, binary.LittleEndian), 3},
		"out of range":    {withOrientation(plain, 9, binary.BigEndian), 1},
		"truncated":       {withOrientation(plain, 6, binary.BigEndian)[:20], 1},
		"not a jpeg":      {[]byte("GIF89a"), 1},
	}
	for name, tt := range tests {
		if got := jpegOrientation(tt.data); got != tt.want {
			t.Errorf("%s: orientation %d, want %d", name, got, tt.want)
		}
	}
}

func TestOrientEveryValue(t *testing.T) {
	// A 3×2 image with one marked pixel at (0,0); where it lands per value.
	src := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	src.SetNRGBA(0, 0, red)
	want := map[int]image.Point{1: {0, 0}, 2: {2, 0}, 3: {2, 1}, 4: {0, 1}, 5: {0, 0}, 6: {1, 0}, 7: {1, 2}, 8: {0, 2}}
	for o, p := range want {
		got := orient(src, o)
		if got.NRGBAAt(p.X, p.Y) != red {
			t.Errorf("orientation %d: marked pixel not at %v (size %v)", o, p, got.Bounds().Size())
		}
	}
}

func TestVariantWidths(t *testing.T) {
	lib := newLib(t, 0)
	m, err := lib.Save(bytes.NewReader(encodeAs(t, "png", halves(1200, 800, red, blue))))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		width, wantW, wantH int
		ext                 string
	}{
		{CardWidth, 600, 400, ".jpg"},
		{AvatarLarge, 96, 96, ".jpg"},
		{AvatarSmall, 48, 48, ".jpg"},
	}
	for _, tt := range tests {
		rel, err := lib.Variant(m.Path, tt.width)
		if err != nil {
			t.Fatalf("Variant(%d): %v", tt.width, err)
		}
		img, _ := decodeVariant(t, lib, rel)
		if b := img.Bounds(); b.Dx() != tt.wantW || b.Dy() != tt.wantH || !strings.HasSuffix(rel, tt.ext) {
			t.Errorf("Variant(%d) = %s %d×%d, want %s %d×%d", tt.width, rel, b.Dx(), b.Dy(), tt.ext, tt.wantW, tt.wantH)
		}
		again, err := lib.Variant(m.Path, tt.width)
		if err != nil || again != rel {
			t.Errorf("second Variant(%d) = %q, %v; want the same file", tt.width, again, err)
		}
	}
	if _, err := lib.Variant(m.Path, 500); !errors.Is(err, ErrBadWidth) {
		t.Errorf("Variant(500): %v, want ErrBadWidth", err)
	}
}

func TestVariantKeepsTransparencyAsPNG(t *testing.T) {
	lib := newLib(t, 0)
	m, err := lib.Save(bytes.NewReader(encodeAs(t, "png", halves(700, 100, red, color.NRGBA{}))))
	if err != nil {
		t.Fatal(err)
	}
	rel, err := lib.Variant(m.Path, CardWidth)
	if err != nil || !strings.HasSuffix(rel, "@600.png") {
		t.Fatalf("Variant = %q, %v; want a PNG", rel, err)
	}
}

// hashName is a well-formed library name for a made-up hash.
func hashName(prefix, suffix string) string {
	sum := prefix + strings.Repeat("0", 64-len(prefix))
	return sum[:2] + "/" + sum[2:4] + "/" + sum + suffix
}

// plant writes data under rel, bypassing Save's checks.
func plant(t *testing.T, lib *Library, rel string, data []byte) {
	t.Helper()
	abs, err := lib.Path(rel)
	if err != nil {
		t.Fatalf("Path(%q): %v", rel, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(abs, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestVariantRefuses(t *testing.T) {
	lib := newLib(t, 0)
	fake, bomb := hashName("aabb", ".png"), hashName("ccdd", ".png")
	plant(t, lib, fake, []byte("<!doctype html><script>alert(1)</script>"))
	plant(t, lib, bomb, pngHeader(1<<14, 1<<14))
	tests := map[string]struct {
		rel  string
		want error
	}{
		"html under an image name": {fake, ErrUnsupportedType},
		"decompression bomb":       {bomb, storage.ErrInvalid},
		"missing file":             {hashName("eeff", ".jpg"), storage.ErrNotFound},
		"svg":                      {hashName("eeff", ".svg"), storage.ErrNotFound},
		"traversal":                {"../../etc/passwd", storage.ErrNotFound},
		"a variant's variant":      {hashName("eeff", "@600.jpg"), storage.ErrNotFound},
	}
	for name, tt := range tests {
		if _, err := lib.Variant(tt.rel, CardWidth); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", name, err, tt.want)
		}
	}
}

func TestVariantConcurrentCallsAgree(t *testing.T) {
	lib := newLib(t, 0)
	m, err := lib.Save(bytes.NewReader(encodeAs(t, "jpg", halves(900, 300, red, blue))))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Go(func() {
			v, err := lib.Variant(m.Path, CardWidth)
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		})
	}
	wg.Wait()
	for _, v := range got {
		if v != got[0] || v == "" {
			t.Fatalf("concurrent variants disagree: %q", got)
		}
	}
}
