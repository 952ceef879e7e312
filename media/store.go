package media

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/roost-embed/roost/storage"
)

// relPattern is the only shape of name the library writes: two levels of
// fan-out directories taken from the hash, then the hash, for a derived
// size "@" and its width, and the extension.
var relPattern = regexp.MustCompile(`^([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})(@(?:48|96|600))?\.(jpg|png|gif|webp|mp4|webm)$`)

// relPath names the file for a hex SHA-256 and an extension, fanned out so
// no directory holds more than a few hundred files.
func relPath(sum, ext string) string {
	return sum[0:2] + "/" + sum[2:4] + "/" + sum + "." + ext
}

// Path returns the absolute file name for a stored relative path. Anything
// that is not exactly a name Save could have written (traversal, absolute
// paths, backslashes, other extensions, a fan-out that does not match the
// hash) is refused with an error wrapping storage.ErrNotFound, so a request
// path can be handed to it as is. It does not check that the file exists.
func (l *Library) Path(rel string) (string, error) {
	m := relPattern.FindStringSubmatch(rel)
	if m == nil || !strings.HasPrefix(m[3], m[1]+m[2]) {
		return "", storage.NotFound("media file", fmt.Sprintf("%q", rel))
	}
	return filepath.Join(l.dir, filepath.FromSlash(rel)), nil
}

// write stores data under rel atomically: a reader sees either no file or
// the whole file, never a partial one. An existing file of the same size is
// the same content (the name is its hash), so it is left alone.
func (l *Library) write(rel string, data []byte) error {
	final := filepath.Join(l.dir, filepath.FromSlash(rel))
	if st, err := os.Stat(final); err == nil && st.Size() == int64(len(data)) {
		return nil
	}
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("media: create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return fmt.Errorf("media: temp file: %w", err)
	}
	if err := fillTemp(tmp, data); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("media: store %s: %w", rel, err)
	}
	return nil
}

// fillTemp writes, flushes and closes the temporary file, readable by all
// (media files are public).
func fillTemp(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		return fmt.Errorf("media: write %s: %w", f.Name(), err)
	}
	return nil
}
