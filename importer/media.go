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

// sameMedia reports whether a stored media row already is m (same file,
// kind, alt text and blurhash), so a re-import can reuse its id.
func sameMedia(old, m *storage.Media) bool {
	return old.Path == m.Path && old.Kind == m.Kind && old.Alt == m.Alt && old.Blurhash == m.Blurhash
}
