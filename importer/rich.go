package importer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"time"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// Video, GIF and poll handling of imports (issue 14), kept to small hooks
// into the readers and the writer.

// maxGIFLength is the longest silent Mastodon video read as a GIF (gifv):
// ActivityPub names no kind, Mastodon makes short silent clips GIFs.
const maxGIFLength = time.Minute

// loadVideo saves the playable file ref.video names. ok is false when the
// archive has no usable video file (the reason says why); the caller then
// keeps the poster-only form of earlier imports, so nothing is lost.
func loadVideo(fsys fs.FS, lib *media.Library, ref mediaRef) (m *storage.Media, reason string, err error) {
	if strings.Contains(ref.video, "*") { // a pattern: the archive's one match
		matches, err := fs.Glob(fsys, ref.video)
		if err != nil || len(matches) == 0 {
			return nil, "video file missing", nil
		}
		ref.video = matches[0]
	}
	if !fs.ValidPath(ref.video) {
		return nil, "video file missing", nil
	}
	f, err := fsys.Open(ref.video)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, "video file missing", nil
	case err != nil:
		return nil, "", fmt.Errorf("%s: %w", ref.video, err)
	}
	defer f.Close()
	m, info, err := lib.SaveVideo(f)
	switch {
	case errors.Is(err, media.ErrTooLarge):
		return nil, "video too large", nil
	case errors.Is(err, media.ErrTooLong):
		return nil, "video too long", nil
	case errors.Is(err, media.ErrBadVideo) || errors.Is(err, media.ErrUnsupportedType) || errors.Is(err, storage.ErrInvalid):
		return nil, "video unreadable", nil
	case err != nil:
		return nil, "", fmt.Errorf("%s: %w", ref.video, err)
	}
	m.Kind = ref.kind
	if ref.maybeGIF && !info.HasAudio && info.Duration <= maxGIFLength {
		m.Kind = storage.MediaGIF
	}
	m.Alt, m.Blurhash = ref.alt, ref.blurhash
	return m, "", nil
}

// attachPoster gives a new video its poster, in order: the archive's own
// thumbnail, a frame from ffmpeg, Roost's drawn poster; it records the
// poster and counts the video and where its poster came from.
func (e *engine) attachPoster(ctx context.Context, ref mediaRef, m *storage.Media, at time.Time) error {
	poster, source := e.archivePoster(ref)
	if poster == nil {
		var err error
		if poster, source, err = e.lib.MakePoster(ctx, m.Path, m.Width, m.Height); err != nil {
			return fmt.Errorf("poster of %s: %w", ref.video, err)
		}
	}
	poster.OwnerID, poster.CreatedAt, poster.Alt = e.user.ID, at, ref.alt
	c, err := e.st.CreateMedia(ctx, poster)
	if err != nil {
		return fmt.Errorf("poster of %s: %w", ref.video, err)
	}
	e.changed(c)
	m.PosterMediaID = poster.ID
	e.stats.note("video poster: " + source)
	return nil
}

// archivePoster saves the thumbnail the archive holds for a video, if any.
func (e *engine) archivePoster(ref mediaRef) (*storage.Media, string) {
	if ref.name == "" || !fs.ValidPath(ref.name) {
		return nil, ""
	}
	f, err := e.src.fsys.Open(ref.name)
	if err != nil {
		return nil, ""
	}
	defer f.Close()
	m, err := e.lib.Save(f)
	if err != nil {
		return nil, ""
	}
	return m, media.PosterArchive
}

// countMedia counts a video or GIF the post will show.
func (s *Stats) countMedia(m *storage.Media) {
	switch {
	case !m.Playable():
	case m.Kind == storage.MediaGIF:
		s.GIFs++
	default:
		s.Videos++
	}
}

// mPoll reads a Mastodon Question's options (oneOf, or anyOf for a
// multiple-choice poll), end time and state; a poll Roost cannot show
// (1 or more than 4 options, long labels) is skipped and counted.
func mPoll(r *record, n *mNote) {
	opts := n.OneOf
	if len(opts) == 0 {
		opts = n.AnyOf
	}
	if n.Type != "Question" || len(opts) == 0 {
		return
	}
	p := &storage.Poll{}
	for _, o := range opts {
		p.Options = append(p.Options, storage.PollOption{Label: strings.TrimSpace(o.Name), Votes: max(o.Replies.TotalItems, 0)})
	}
	end := n.EndTime
	if end == "" {
		end = n.Closed
	}
	if t, err := time.Parse(time.RFC3339, end); err == nil {
		p.EndsAt = t.UTC().Truncate(time.Millisecond)
	}
	p.Closed = n.Closed != ""
	if err := storage.CheckPoll("poll", p); err != nil {
		r.pollSkip = "poll: " + pollReason(err)
		return
	}
	r.post.Poll = p
}

// pollReason is a short, countable reason for a refused poll.
func pollReason(err error) string {
	var fe *storage.FieldError
	if errors.As(err, &fe) && strings.HasSuffix(fe.Field, ".label") {
		return "option label too long or empty"
	}
	return "not 2 to 4 options"
}

// samePoll reports whether two polls are the same (a re-import of an
// unchanged poll writes nothing).
func samePoll(a, b *storage.Poll) bool {
	return reflect.DeepEqual(a, b)
}

// countPoll counts the record's poll, imported or skipped with its reason.
func (e *engine) countPoll(r *record) {
	switch {
	case r.post.Poll != nil:
		e.stats.Polls++
	case r.pollSkip != "":
		e.stats.skip(r.pollSkip)
	}
}
