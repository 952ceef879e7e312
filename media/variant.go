package media

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/roost-embed/roost/storage"
)

// Widths of the derived sizes: avatars at 48 and 96 px (square, centre
// cropped) and card images at 600 px (the whole picture). A card never
// needs to download an original.
const (
	AvatarSmall = 48
	AvatarLarge = 96
	CardWidth   = 600
)

// variantQuality is the JPEG quality of derived images: indistinguishable
// from the original at card sizes, a fraction of the bytes.
const variantQuality = 82

// ErrBadWidth means a variant width other than 48, 96 or 600 was asked for
// (the server answers 400).
var ErrBadWidth = errors.New("media: variant width must be 48, 96 or 600")

// VariantWidth reports whether w is a width Variant derives.
func VariantWidth(w int) bool { return w == AvatarSmall || w == AvatarLarge || w == CardWidth }

// Served is what a variant request gets.
type Served struct {
	Rel   string // the file to send; "" when nothing is made yet (send a placeholder)
	Exact bool   // Rel is the asked width, immutable; false for a stand-in
}

// ServeVariant answers a request for the image rel at width pixels wide
// without ever decoding on the caller's goroutine. A variant made at
// upload (or by the background deriver) is returned as is. Otherwise the
// original goes to the front of the deriver's queue and the caller waits
// up to wait for it; if it is not done by then, the nearest smaller
// variant of the same shape stands in, or nothing (Rel "") for the caller
// to send a short-lived placeholder. A full queue is ErrBusy.
func (l *Library) ServeVariant(rel string, width int, wait time.Duration) (Served, error) {
	if !VariantWidth(width) {
		return Served{}, ErrBadWidth
	}
	src, err := l.Path(rel)
	if err != nil || isVariant(rel) {
		return Served{}, storage.NotFound("media file", fmt.Sprintf("%q", rel))
	}
	if v, ok := l.existingVariant(rel, width); ok {
		return Served{v, true}, nil
	}
	if st, err := os.Stat(src); err != nil || !st.Mode().IsRegular() {
		return Served{}, storage.NotFound("media file", fmt.Sprintf("%q", rel))
	}
	done, err := l.deriver.request(rel)
	if err != nil {
		return Served{}, err
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-done:
		if v, ok := l.existingVariant(rel, width); ok {
			return Served{v, true}, nil
		}
		if err := l.deriver.failure(rel); err != nil {
			return Served{}, err
		}
	case <-timer.C:
	}
	if width == AvatarLarge {
		if v, ok := l.existingVariant(rel, AvatarSmall); ok {
			return Served{v, false}, nil
		}
	}
	return Served{}, nil
}

// Variant returns the relative path of the image rel scaled to width
// pixels wide (never wider than the original), EXIF orientation applied
// and metadata stripped. Avatar widths (48, 96) are centre-cropped
// squares. The file sits beside the original as "<hash>@<width>.jpg"
// (".png" when the image has transparency), so it is as content-addressed
// and immutable as the original. Variants are made when the original is
// saved; one missing (an original stored before variants were) is made by
// the background deriver, which Variant waits for.
func (l *Library) Variant(rel string, width int) (string, error) {
	s, err := l.ServeVariant(rel, width, time.Hour)
	if err != nil {
		return "", err
	}
	if !s.Exact {
		return "", fmt.Errorf("media: variant %d of %s: %w", width, rel, ErrBusy)
	}
	return s.Rel, nil
}

// variantRel names rel's variant of width in format ext.
func variantRel(rel string, width int, ext string) string {
	return strings.TrimSuffix(rel, path.Ext(rel)) + "@" + strconv.Itoa(width) + "." + ext
}

func isVariant(rel string) bool { return strings.Contains(rel, "@") }

// existingVariant finds a variant made earlier, in either format.
func (l *Library) existingVariant(rel string, width int) (string, bool) {
	for _, ext := range []string{"jpg", "png"} {
		v := variantRel(rel, width, ext)
		if abs, err := l.Path(v); err == nil {
			if st, err := os.Stat(abs); err == nil && st.Mode().IsRegular() {
				return v, true
			}
		}
	}
	return "", false
}

// scaleFor scales img (still as stored) so that, once oriented by o, it is
// width pixels wide, or as wide as it is when narrower. Avatar widths take
// the centred square first.
func scaleFor(img image.Image, width, o int) *image.NRGBA {
	b := img.Bounds()
	if width <= AvatarLarge {
		side := min(b.Dx(), b.Dy())
		x0, y0 := b.Min.X+(b.Dx()-side)/2, b.Min.Y+(b.Dy()-side)/2
		b = image.Rect(x0, y0, x0+side, y0+side)
	}
	shownW, shownH := b.Dx(), b.Dy()
	if swapsSides(o) {
		shownW, shownH = shownH, shownW
	}
	tw := min(width, shownW)
	th := max(1, (shownH*tw+shownW/2)/shownW)
	if swapsSides(o) {
		tw, th = th, tw
	}
	return resample(img, b, tw, th)
}

// encodeVariant writes img as JPEG, or as PNG when it has transparency
// (JPEG would turn it black).
func encodeVariant(img *image.NRGBA) ([]byte, string, error) {
	var buf bytes.Buffer
	if img.Opaque() {
		err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: variantQuality})
		return buf.Bytes(), "jpg", err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	err := enc.Encode(&buf, img)
	return buf.Bytes(), "png", err
}
