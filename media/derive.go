package media

import (
	"bytes"
	"context"
	"image"
	"runtime"
	"time"

	"github.com/roost-embed/roost/internal/jpegscale"
	"github.com/roost-embed/roost/storage"
)

// derived is everything one decode of an original yields: its variants,
// encoded, and its placeholder colour.
type derived struct {
	files []variantFile
	color string
}

type variantFile struct {
	rel  string
	data []byte
}

// derive decodes the original rel once, within the decode budget (waiting
// at most maxWait, 0 = as long as ctx allows), and makes every variant
// from that one decode. A JPEG is decoded DCT-scaled to the smallest size
// that still covers the largest variant.
func (l *Library) derive(ctx context.Context, rel string, data []byte, f format, h header, maxWait time.Duration) (derived, error) {
	o := 1
	if f.ext == "jpg" {
		o = jpegOrientation(data)
	}
	shift := decodeShift(f, h, o)
	cost := decodeCost(f, h, shift, o)
	release, err := l.budget.acquire(ctx, cost, maxWait)
	if err != nil {
		return derived{}, err
	}
	defer release()
	if cost >= collectAbove {
		defer runtime.GC()
	}
	img, err := decodeAt(f, data, shift)
	l.decodes.Add(1)
	if err != nil {
		return derived{}, storage.Invalid("file", "is a damaged %s image: %v", f.ext, err)
	}
	return makeVariants(rel, img, o)
}

// collectAbove is the decode cost past which the pixels are collected as
// soon as the variants are made. Left to the pacer, a 64 MiB image stays
// in the heap as garbage while the next one is decoded (the heap goal is
// twice the live heap): two decodes' worth of RSS for one in the budget.
// One collection per big decode is a few per cent of its time.
const collectAbove = 16 << 20

// makeVariants scales, orients and encodes the card and both avatars. The
// 48 px avatar is made from the 96 px one: the same crop, a quarter of
// the work.
func makeVariants(rel string, img image.Image, o int) (derived, error) {
	card := orient(scaleFor(img, CardWidth, o), o)
	large := orient(scaleFor(img, AvatarLarge, o), o)
	side := min(AvatarSmall, large.Bounds().Dx())
	small := resample(large, large.Bounds(), side, side)
	d := derived{color: averageColor(img)}
	for _, v := range []struct {
		width int
		img   *image.NRGBA
	}{{CardWidth, card}, {AvatarLarge, large}, {AvatarSmall, small}} {
		data, ext, err := encodeVariant(v.img)
		if err != nil {
			return derived{}, err
		}
		d.files = append(d.files, variantFile{variantRel(rel, v.width, ext), data})
	}
	return d, nil
}

// decodeAt decodes data, a JPEG reduced by 1<<shift in each direction.
func decodeAt(f format, data []byte, shift int) (image.Image, error) {
	if f.ext == "jpg" {
		return jpegscale.DecodeScaled(bytes.NewReader(data), shift)
	}
	return f.decode(bytes.NewReader(data))
}

// decodeShift is the largest DCT scaling (0–3) of a JPEG whose result is
// still at least as wide, once oriented, as the card and as large on its
// short side as the large avatar, so no variant is made from fewer pixels
// than it has. Other formats decode at full size.
func decodeShift(f format, h header, o int) int {
	if f.ext != "jpg" {
		return 0
	}
	shownW := h.width
	if swapsSides(o) {
		shownW = h.height
	}
	short := min(h.width, h.height)
	for s := 3; s > 0; s-- {
		sw, sh := jpegscale.ScaledSize(h.width, h.height, s)
		ssw := sw
		if swapsSides(o) {
			ssw = sh
		}
		if ssw >= min(CardWidth, shownW) && min(sw, sh) >= min(AvatarLarge, short) {
			return s
		}
	}
	return 0
}

// decodeCost is what the decode and the variants hold at once, in bytes:
// the decoded pixels (width × height × 4; a PNG at the bytes a pixel of
// its colour type, twice when interlaced, its passes decoded apart), a
// progressive JPEG's
// 16-bit coefficients of every block, and the card and avatar being made
// (each twice while it is oriented).
func decodeCost(f format, h header, shift, o int) int64 {
	w, ht := int64(h.width), int64(h.height)
	var cost int64
	switch f.ext {
	case "jpg":
		sw, sh := jpegscale.ScaledSize(h.width, h.height, shift)
		cost = int64(sw) * int64(sh) * 4
		if h.progressive {
			cost += w * ht * 2 * int64(max(h.chroma, 4)) / 4
		}
	case "png":
		cost = w * ht * int64(max(h.bytesPerPixel, 1))
		if h.interlaced {
			cost *= 2
		}
	default:
		cost = w * ht * 4
	}
	cw, ch := cardSize(h.width, h.height, o)
	return cost + 2*4*(int64(cw)*int64(ch)+AvatarLarge*AvatarLarge)
}

// cardSize is the card variant's size as shown.
func cardSize(w, h, o int) (int, int) {
	if swapsSides(o) {
		w, h = h, w
	}
	tw := min(CardWidth, w)
	return tw, max(1, (h*tw+w/2)/w)
}
