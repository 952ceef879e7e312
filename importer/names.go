package importer

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// cleanEntryName checks one entry name of a zip or tarball and returns it
// cleaned ("./data//a.js" → "data/a.js", backslashes read as slashes, as
// archive/zip does); "." for the archive's own top directory. A name that
// could point outside the archive refuses the whole archive: an absolute
// path, a drive letter, a ".." element, a NUL byte. Nothing in an honest
// export looks like that, and refusing is clearer than guessing.
func cleanEntryName(raw string) (string, error) {
	if len(raw) > MaxNameBytes {
		return "", fmt.Errorf("entry %q…: the name is over %d bytes: %w", raw[:40], MaxNameBytes, ErrLimit)
	}
	n := strings.ReplaceAll(raw, `\`, "/")
	reason := ""
	switch {
	case n == "":
		reason = "has an empty name"
	case strings.IndexByte(n, 0) >= 0:
		reason = "has a NUL byte in its name"
	case n[0] == '/':
		reason = "is an absolute path"
	case len(n) >= 2 && n[1] == ':' && (n[0]|0x20 >= 'a' && n[0]|0x20 <= 'z'):
		reason = "starts with a drive letter"
	case slices.Contains(strings.Split(n, "/"), ".."):
		reason = `has a ".." element`
	}
	if reason != "" {
		return "", fmt.Errorf("entry %q %s, which could point outside the archive: %w", raw, reason, ErrUnsafeEntry)
	}
	return path.Clean(n), nil
}

// entryFS serves an archive's regular files by their cleaned names, from
// an index built while the archive's entries were checked: a name not in
// it (a link, a duplicate, anything refused or ignored) does not exist.
type entryFS struct {
	files map[string]int // cleaned name → entry number
	open  func(name string, i int) (fs.File, error)
}

// add indexes one regular file, refusing a name seen before: which of
// two same-named entries an archive means is anyone's guess.
func (e *entryFS) add(raw, name string) error {
	if _, dup := e.files[name]; dup {
		return fmt.Errorf("entry %q appears twice in the archive: %w", raw, ErrUnsafeEntry)
	}
	e.files[name] = len(e.files)
	return nil
}

func (e *entryFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	i, ok := e.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return e.open(name, i)
}

// Glob matches pattern against the indexed names (fs.Glob would need
// directories, which the index does not keep).
func (e *entryFS) Glob(pattern string) ([]string, error) {
	if _, err := path.Match(pattern, ""); err != nil {
		return nil, err
	}
	var out []string
	for name := range e.files {
		if ok, _ := path.Match(pattern, name); ok {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out, nil
}
