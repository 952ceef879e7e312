package media

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os/exec"
	"time"

	"github.com/roost-embed/roost/storage"
)

// Where a video's poster came from, as the import summary and the upload
// answer say it.
const (
	PosterSupplied = "supplied" // uploaded with the video, or named by id
	PosterUploaded = "uploaded" // (server-internal) supplied as a file, not yet recorded
	PosterArchive  = "archive"  // the archive's own thumbnail
	PosterFFmpeg   = "ffmpeg"   // a frame extracted with ffmpeg
	PosterDrawn    = "drawn"    // Roost's neutral poster with the play icon
)

// ffmpegTimeout bounds one frame extraction.
const ffmpegTimeout = 15 * time.Second

// MakePoster makes a poster for the stored video rel of size w×h: a frame
// extracted by ffmpeg when it is installed, otherwise a neutral picture
// drawn here. It stores the image like any other and says which it made.
func (l *Library) MakePoster(ctx context.Context, rel string, w, h int) (*storage.Media, string, error) {
	if frame := l.ffmpegFrame(ctx, rel); frame != nil {
		if m, err := l.Save(bytes.NewReader(frame)); err == nil {
			return m, PosterFFmpeg, nil
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, drawnPoster(w, h)); err != nil {
		return nil, "", err
	}
	m, err := l.Save(&buf)
	return m, PosterDrawn, err
}

// FFmpegAvailable reports whether an ffmpeg binary is on the PATH.
func FFmpegAvailable() bool {
	_, err := exec.LookPath("ffmpeg")
	return err == nil
}

// ffmpegFrame returns a PNG of the video's first frame (a little in, where
// it has one), or nil when ffmpeg is missing or fails.
func (l *Library) ffmpegFrame(ctx context.Context, rel string) []byte {
	bin, err := exec.LookPath("ffmpeg")
	if err != nil {
		return nil
	}
	full, err := l.Path(rel)
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, ffmpegTimeout)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-nostdin", "-v", "error", "-i", full, "-frames:v", "1",
		"-vf", "scale='min(1280,iw)':-2", "-f", "image2", "-c:v", "png", "pipe:1")
	cmd.Stdout = &out
	if cmd.Run() != nil || out.Len() == 0 || int64(out.Len()) > l.maxBytes {
		return nil
	}
	return out.Bytes()
}

// drawnPoster is a neutral poster of the video's shape (at most 640 px
// wide): a grey field with a dark disc and a white play triangle.
func drawnPoster(w, h int) image.Image {
	if w <= 0 || h <= 0 {
		w, h = 16, 9
	}
	pw := min(w, 640)
	ph := max(pw*h/w, 1)
	img := image.NewNRGBA(image.Rect(0, 0, pw, ph))
	cx, cy, r := float64(pw)/2, float64(ph)/2, float64(min(pw, ph))/6
	for y := range ph {
		for x := range pw {
			c := color.NRGBA{0x5b, 0x66, 0x70, 0xff}
			dx, dy := float64(x)-cx, float64(y)-cy
			if dx*dx+dy*dy <= r*r {
				c = color.NRGBA{0x1f, 0x25, 0x2b, 0xff}
				// a triangle pointing right, its centre slightly right of the disc's
				tx, ty := dx+r*0.12, dy
				if tx > -r*0.35 && tx < r*0.5 && abs(ty) < (r*0.5-tx)*0.7 {
					c = color.NRGBA{0xff, 0xff, 0xff, 0xff}
				}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
