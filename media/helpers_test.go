package media

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

// tinyWebP is a valid 1×1 lossy WebP (one grey pixel), small enough to
// keep inline.
const tinyWebP = "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA"

// newLib returns a library in a fresh temporary directory.
func newLib(t *testing.T, maxBytes int64) *Library {
	t.Helper()
	l, err := NewLibrary(t.TempDir(), maxBytes)
	if err != nil {
		t.Fatalf("NewLibrary: %v", err)
	}
	return l
}

// solid returns a w×h image of one colour.
func solid(w, h int, c color.Color) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, c)
		}
	}
	return img
}

// encodeAs encodes img in the named format ("png", "jpg", "gif", "webp";
// webp always yields tinyWebP since Go has no WebP encoder).
func encodeAs(t *testing.T, name string, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch name {
	case "png":
		err = png.Encode(&buf, img)
	case "jpg":
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	case "gif":
		err = gif.Encode(&buf, img, nil)
	case "webp":
		b, derr := base64.StdEncoding.DecodeString(tinyWebP)
		buf.Write(b)
		err = derr
	default:
		t.Fatalf("unknown format %q", name)
	}
	if err != nil {
		t.Fatalf("encode %s: %v", name, err)
	}
	return buf.Bytes()
}

// pngHeader returns a PNG signature and IHDR chunk declaring w×h with no
// pixel data: enough for DecodeConfig, useless for Decode. It is how a
// decompression bomb announces itself.
func pngHeader(w, h uint32) []byte {
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr[:]...)
	out = append(out, chunk...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
}

// pngIHDR is a PNG signature, an IHDR of the given shape and IEND: enough
// for the header checks, nothing to decode.
func pngIHDR(w, h uint32, depth, colorType, interlace byte) []byte {
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9], ihdr[12] = depth, colorType, interlace
	out := []byte("\x89PNG\r\n\x1a\n")
	for _, c := range []struct {
		typ  string
		body []byte
	}{{"IHDR", ihdr[:]}, {"IEND", nil}} {
		out = binary.BigEndian.AppendUint32(out, uint32(len(c.body)))
		chunk := append([]byte(c.typ), c.body...)
		out = append(out, chunk...)
		out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
	}
	return out
}
