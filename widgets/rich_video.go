package widgets

import (
	"strconv"
	"strings"

	"github.com/roost-embed/roost/storage"
)

// video builds the view of a video or GIF: a native <video> with its
// poster (a derived size, like every image) and its box reserved by its
// intrinsic aspect ratio. A compact card shows the poster only, as an
// image. Without a poster a compact card shows nothing of it.
func (b *builder) video(m, poster *storage.Media, compact bool) (imageView, bool) {
	t := b.ui.rich
	v := imageView{}
	if poster != nil && poster.Path != "" {
		v = b.image(poster)
	} else if compact {
		return v, false
	}
	w, h := m.Width, m.Height
	if w <= 0 || h <= 0 {
		w, h = 16, 9
	}
	v.Width, v.Height = w, h
	v.Style = cssValue("aspect-ratio:" + strconv.Itoa(w) + "/" + strconv.Itoa(h))
	v.Alt = strings.TrimSpace(m.Alt)
	if v.Alt == "" {
		v.Alt = t.Video
		if m.Kind == storage.MediaGIF {
			v.Alt = t.GIF
		}
	}
	if compact {
		return v, true // the poster as an image
	}
	v.Video = b.r.links.media(m.Path)
	if m.ContentType == "video/mp4" || m.ContentType == "video/webm" {
		v.Type = m.ContentType // only what the library writes: the minifier rewrites type values
	}
	if m.Kind == storage.MediaGIF {
		v.GIF, v.Badge, v.Play = true, t.GIF, t.PlayGIF
	} else {
		v.Duration, v.Play = clock(m.DurationMS), t.PlayVideo
	}
	return v, true
}

// hiddenVideos is the placeholder line of a card whose media are hidden
// (hide_media): "Video" or "GIF" when it has one, so the card never shows
// a blank where it was; "" when it has none.
func (b *builder) hiddenVideos(ms []*storage.Media) string {
	for _, m := range ms {
		if m != nil && m.Playable() {
			if m.Kind == storage.MediaGIF {
				return b.ui.rich.GIF
			}
			return b.ui.rich.Video
		}
	}
	return ""
}

// clock formats a running time as m:ss or h:mm:ss; "" when unknown.
func clock(ms int64) string {
	if ms <= 0 {
		return ""
	}
	s := (ms + 500) / 1000
	h, m, sec := s/3600, s/60%60, s%60
	two := func(n int64) string {
		if n < 10 {
			return "0" + strconv.FormatInt(n, 10)
		}
		return strconv.FormatInt(n, 10)
	}
	if h > 0 {
		return strconv.FormatInt(h, 10) + ":" + two(m) + ":" + two(sec)
	}
	return strconv.FormatInt(m, 10) + ":" + two(sec)
}
