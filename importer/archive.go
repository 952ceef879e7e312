package importer

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// openedArchive is an archive seen as a file system, rooted where its
// marker file lives, and what must be released when the import ends.
type openedArchive struct {
	fsys  fs.FS
	close func() error
}

// openArchive opens a .zip, a .tar.gz/.tgz or an unpacked directory. A zip
// is read in place through its central directory; a tarball cannot be read
// out of order, so it is unpacked into a temporary directory first (disk,
// not memory, grows with the archive). marker is a file that must exist at
// the archive's root, possibly inside one top-level folder; kind names the
// archive in the error when it does not.
func openArchive(name, kind, marker string) (*openedArchive, error) {
	a, err := openFS(name)
	if err != nil {
		return nil, err
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
		return &openedArchive{fsys: os.DirFS(name), close: func() error { return nil }}, nil
	case strings.HasSuffix(lower, ".tar.gz") || strings.HasSuffix(lower, ".tgz"):
		return untar(name)
	default:
		zr, err := zip.OpenReader(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w (is the archive complete?)", filepath.Base(name), err)
		}
		return &openedArchive{fsys: zr, close: zr.Close}, nil
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

// untar unpacks a gzipped tarball into a fresh temporary directory. Only
// regular files with clean relative names are written; links, devices and
// names escaping the directory are ignored.
func untar(name string) (*openedArchive, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dir, err := os.MkdirTemp("", "roost-import-*")
	if err != nil {
		return nil, fmt.Errorf("temporary directory: %w", err)
	}
	cleanup := func() error { return os.RemoveAll(dir) }
	if err := extractTarGz(f, dir); err != nil {
		cleanup()
		return nil, fmt.Errorf("%s: %w", filepath.Base(name), err)
	}
	return &openedArchive{fsys: os.DirFS(dir), close: cleanup}, nil
}

func extractTarGz(r io.Reader, dir string) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("not a gzip file: %w", err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading tar: %w (is the archive complete?)", err)
		}
		rel := path.Clean(strings.TrimPrefix(h.Name, "./"))
		if h.Typeflag != tar.TypeReg || !fs.ValidPath(rel) || rel == "." {
			continue
		}
		if err := extractFile(tr, filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			return fmt.Errorf("%s: %w (is the archive complete?)", rel, err)
		}
	}
}

func extractFile(r io.Reader, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, r)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
