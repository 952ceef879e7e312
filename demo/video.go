package demo

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"time"

	"github.com/roost-embed/roost/storage"
)

// videoFiles are the demo's clips, made once with Debian's ffmpeg and kept
// small: zoom.mp4 is a 3 s Mandelbrot zoom with a tone (H.264/AAC, 40 KB),
// loop.mp4 a 2 s silent loop of a sliding square (an X-style GIF, 2.5 KB).
//
//go:embed video/*.mp4
var videoFiles embed.FS

// videoSpec is a post's video: the file under video/, its kind, alt text
// and the picture drawn as its poster (supplied, as a platform would: the
// demo needs no ffmpeg and stays the same everywhere).
type videoSpec struct {
	file, kind, alt string
	poster          picture
}

// videoPosts are the posts with a video and with an animated GIF.
func videoPosts() []postSpec {
	return []postSpec{
		{key: "video", author: "roost", at: at(6, 5, 0), likes: 140, reposts: 21, replies: 2, lang: "en",
			text:  "Videos play right in the card: no autoplay, no third-party player, and the box keeps its shape while the poster loads. #RoostLaunch",
			video: &videoSpec{"zoom.mp4", storage.MediaVideo, "A slow zoom into the Mandelbrot set, its edge glowing in bands of colour.", nightPoster()}},
		{key: "gif", author: "ada", at: at(6, 6, 0), likes: 58, lang: "en",
			text:  "Me, moving the deadline one more time.",
			video: &videoSpec{"loop.mp4", storage.MediaGIF, "A blue square slides from side to side on a dark background.", nightPoster()}},
	}
}

// nightPoster is a dark, quiet scene that sits well behind a play button.
func nightPoster() picture {
	return picture{wide, "", scene{
		skyTop: rgb{12, 16, 40}, skyLow: rgb{40, 50, 96}, sun: rgb{230, 230, 250}, sunX: 0.8, sunY: 0.25, sunR: 0.05,
		far: rgb{30, 34, 60}, near: rgb{16, 18, 32}, farAmp: 0.1, nearAmp: 0.05, phase: 2.4, horizon: 0.72,
	}}
}

// saveVideo stores the spec's clip with its drawn poster, owned by owner.
func (s *seeder) saveVideo(ctx context.Context, v *videoSpec, owner int64, t time.Time) (*storage.Media, error) {
	data, err := videoFiles.ReadFile("video/" + v.file)
	if err != nil {
		return nil, err
	}
	m, _, err := s.lib.SaveVideo(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("video %s: %w", v.file, err)
	}
	w := 640
	poster, err := s.saveImage(ctx, v.poster.scene.render(w, w*m.Height/m.Width), false, owner, v.alt, t)
	if err != nil {
		return nil, fmt.Errorf("poster of %s: %w", v.file, err)
	}
	m.ID, m.OwnerID, m.Alt, m.Kind, m.PosterMediaID, m.CreatedAt = s.id(t), owner, v.alt, v.kind, poster.ID, t
	if _, err := s.st.CreateMedia(ctx, m); err != nil {
		return nil, fmt.Errorf("record video %s: %w", v.file, err)
	}
	s.sum.Media++ // saveImage counted the poster
	return m, nil
}
