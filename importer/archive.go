package importer

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// openedArchive is an archive seen as a file system, rooted where its
// marker file lives, and what must be released when the import ends.
// No name from the archive is ever used as a path on the machine: a zip is
// read in place, a tarball's entries are unpacked under numbers, media are
// saved under their content's hash (media.Library), and an unpacked
// directory is read through an os.Root, which no name or link escapes.
type openedArchive struct {
	fsys  fs.FS
	close func() error
	// ignored counts entries left out on purpose, by reason ("tar link
	// ignored", …); they join the import's Stats.Skipped.
	ignored map[string]int
}

// openArchive opens a .zip, a .tar.gz/.tgz or an unpacked directory,
// refusing it when it is over a limit (limits.go) or holds an entry whose
// name could point outside it (names.go). marker is a file that must exist
// at the archive's root, possibly inside one top-level folder; kind names
// the archive in the error when it does not.
func openArchive(name, kind, marker string) (*openedArchive, error) {
	a, err := openFS(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(name), err)
	}
	root, err := findRoot(a.fsys, marker)
	if err != nil {
		a.close()
		return nil, fmt.Errorf("not %s archive: %w", kind, err)
	}
	if root != "." {
		sub, err := fs.Sub(a.fsys, root)
		if err != nil {
			a.close()
			return nil, err
		}
		a.fsys = sub
	}
	return a, nil
}

func openFS(name string) (*openedArchive, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	lower := strings.ToLower(name)
	switch {
	case st.IsDir():
		root, err := os.OpenRoot(name)
		if err != nil {
			return nil, err
		}
		return &openedArchive{fsys: root.FS(), close: root.Close}, nil
	case strings.HasSuffix(lower, ".tar.gz") || strings.HasSuffix(lower, ".tgz"):
		return openTarGz(name)
	default:
		return openZip(name)
	}
}

// findRoot returns "." when marker is at the top, or the one top-level
// folder holding it (archives are often re-zipped with a wrapping folder).
func findRoot(fsys fs.FS, marker string) (string, error) {
	if _, err := fs.Stat(fsys, marker); err == nil {
		return ".", nil
	}
	matches, err := fs.Glob(fsys, "*/"+marker)
	if err != nil || len(matches) != 1 {
		return "", fmt.Errorf("%s missing", marker)
	}
	return strings.TrimSuffix(matches[0], "/"+marker), nil
}
