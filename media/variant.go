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

	"golang.org/x/image/draw"

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

// Variant returns the relative path of the image rel scaled to width
// pixels wide (never wider than the original), EXIF orientation applied
// and metadata stripped, creating it on first use. Avatar widths (48, 96)
// are centre-cropped squares. The file sits beside the original as
// "<hash>@<width>.jpg" (".png" when the image has transparency), so it is
// as content-addressed and immutable as the original.
func (l *Library) Variant(rel string, width int) (string, error) {
	if !VariantWidth(width) {
		return "", ErrBadWidth
	}
	src, err := l.Path(rel)
	if err != nil || isVariant(rel) {
		return "", storage.NotFound("media file", fmt.Sprintf("%q", rel))
	}
	if v, ok := l.existingVariant(rel, width); ok {
		return v, nil
	}
	v, err, _ := l.flight.Do(rel+"@"+strconv.Itoa(width), func() (any, error) {
		return l.makeVariant(rel, src, width)
	})
	if err != nil {
		return "", err
	}
	return v.(string), nil
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

// makeVariant decodes the original (within the decompression-bomb limits
// Save applies), scales, orients, re-encodes and stores it.
func (l *Library) makeVariant(rel, src string, width int) (string, error) {
	img, o, err := l.decodeOriginal(src)
	if err != nil {
		return "", fmt.Errorf("media: variant of %s: %w", rel, err)
	}
	out := orient(scaleFor(img, width, o), o)
	data, ext, err := encodeVariant(out)
	if err != nil {
		return "", fmt.Errorf("media: variant of %s: %w", rel, err)
	}
	v := variantRel(rel, width, ext)
	if err := l.write(v, data); err != nil {
		return "", err
	}
	return v, nil
}

// decodeOriginal reads and decodes a stored file, refusing what Save
// would refuse, and returns its EXIF orientation (1 for non-JPEGs).
func (l *Library) decodeOriginal(src string) (image.Image, int, error) {
	st, err := os.Stat(src)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, storage.NotFound("media file", path.Base(src))
	}
	if err != nil {
		return nil, 0, err
	}
	if st.Size() > l.maxBytes {
		return nil, 0, ErrTooLarge
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return nil, 0, err
	}
	f, ok := sniff(data)
	if !ok {
		return nil, 0, ErrUnsupportedType
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, 0, storage.Invalid("file", "is not a valid %s image: %v", f.ext, err)
	}
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, 0, err
	}
	img, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, storage.Invalid("file", "is a damaged %s image: %v", f.ext, err)
	}
	o := 1
	if f.ext == "jpg" {
		o = jpegOrientation(data)
	}
	return img, o, nil
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
	dst := image.NewNRGBA(image.Rect(0, 0, tw, th))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
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
