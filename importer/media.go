package importer

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// loadMedia saves the archive file ref names into the media library. A
// missing or unusable file is not an error but a reason to skip that media
// (the same in every pass); a file that cannot be read (a damaged archive)
// is an error naming it.
func loadMedia(fsys fs.FS, lib *media.Library, ref mediaRef) (*storage.Media, string, error) {
	if ref.video != "" {
		m, reason, err := loadVideo(fsys, lib, ref)
		if m != nil || err != nil || ref.name == "" {
			return m, reason, err
		}
		ref.kind = "video" // no playable file: keep the poster, as earlier imports did
	}
	if ref.kind == "video" && ref.name == "" {
		return nil, "video without poster", nil
	}
	if ref.name == "" || !fs.ValidPath(ref.name) {
		return nil, "media file missing", nil
	}
	f, err := fsys.Open(ref.name)
	switch {
	case errors.Is(err, fs.ErrNotExist) && ref.kind != "image":
		return nil, "video without poster", nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, "media file missing", nil
	case err != nil:
		return nil, "", fmt.Errorf("%s: %w", ref.name, err)
	}
	defer f.Close()
	m, err := lib.Save(f)
	switch {
	case errors.Is(err, media.ErrTooLarge):
		return nil, "media too large", nil
	case errors.Is(err, media.ErrUnsupportedType) || errors.Is(err, storage.ErrInvalid):
		if ref.kind != "image" {
			return nil, "video without poster", nil
		}
		return nil, "media unreadable", nil
	case err != nil:
		return nil, "", fmt.Errorf("%s: %w", ref.name, err)
	}
	m.Kind, m.Alt, m.Blurhash = ref.kind, ref.alt, ref.blurhash
	if ref.kind == storage.MediaGIF {
		m.Kind = "video" // a GIF's poster alone, as earlier imports stored it
	}
	return m, "", nil
}

// savedMedia is what loading one archive file gave, before the fields
// its reference adds (kind, alt, blurhash).
type savedMedia struct {
	m      *storage.Media
	reason string
}

// loadMedia is the package's loadMedia, once per archive file and kind in
// an import: the check pass and the write pass (and posts sharing a file)
// then cost one decode of it, which makes all its sizes (issue 21).
func (e *engine) loadMedia(ref mediaRef) (*storage.Media, string, error) {
	key := ref.kind + "\x00" + ref.name + "\x00" + ref.video // a Mastodon video has no name, only its file
	s, ok := e.saved[key]
	if !ok {
		m, reason, err := loadMedia(e.src.fsys, e.lib, ref)
		if err != nil {
			return nil, "", err
		}
		s = savedMedia{m, reason}
		if m != nil {
			c := *m
			s.m = &c
		}
		if e.saved == nil {
			e.saved = map[string]savedMedia{}
		}
		e.saved[key] = s
	}
	if s.m == nil {
		return nil, s.reason, nil
	}
	m := *s.m
	m.Alt, m.Blurhash = ref.alt, ref.blurhash // the kind is the saved one: a video may have turned out a GIF
	return &m, "", nil
}

// sameMedia reports whether a stored media row already is m (same file,
// kind, alt text and blurhash), so a re-import can reuse its id.
func sameMedia(old, m *storage.Media) bool {
	return old.Path == m.Path && old.Kind == m.Kind && old.Alt == m.Alt && old.Blurhash == m.Blurhash
}
