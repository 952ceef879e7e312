package importer

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// openTarGz unpacks a gzipped tarball into a fresh temporary directory (a
// tarball cannot be read out of order; disk, not memory, grows with it).
// Entries are written under their entry numbers, never under their names,
// and served through an index of the checked names.
func openTarGz(name string) (*openedArchive, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dir, err := os.MkdirTemp("", "roost-import-*")
	if err != nil {
		return nil, fmt.Errorf("temporary directory: %w", err)
	}
	x := &tarUnpack{dir: dir, ignored: map[string]int{}}
	x.idx = &entryFS{files: map[string]int{}, open: func(_ string, i int) (fs.File, error) {
		return os.Open(x.path(i))
	}}
	if err := x.unpack(f); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &openedArchive{fsys: x.idx, close: func() error { return os.RemoveAll(dir) }, ignored: x.ignored}, nil
}

// tarUnpack is one tarball being unpacked.
type tarUnpack struct {
	dir     string
	idx     *entryFS
	ignored map[string]int
	entries int
	total   int64 // uncompressed bytes of the regular files so far
}

func (x *tarUnpack) path(i int) string { return filepath.Join(x.dir, strconv.Itoa(i)) }

func (x *tarUnpack) unpack(r io.Reader) error {
	in := &countingReader{r: r}
	gz, err := gzip.NewReader(in)
	if err != nil {
		return fmt.Errorf("not a gzip file: %w", err)
	}
	tr := tar.NewReader(&ratioReader{r: gz, in: in})
	for {
		h, err := tr.Next()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, ErrLimit):
			return err
		case err != nil:
			return fmt.Errorf("reading tar: %w (is the archive complete?)", err)
		}
		if x.entries++; x.entries > MaxEntries {
			return entriesOver()
		}
		if err := x.entry(tr, h); err != nil {
			return err
		}
	}
}

// entry checks one header and unpacks it when it is a regular file; links
// and special files are ignored, with a reason counted.
func (x *tarUnpack) entry(tr *tar.Reader, h *tar.Header) error {
	name, err := cleanEntryName(h.Name)
	if err != nil {
		return err
	}
	switch h.Typeflag {
	case tar.TypeReg:
	case tar.TypeDir, tar.TypeXGlobalHeader:
		return nil
	case tar.TypeSymlink, tar.TypeLink:
		x.ignored["tar link ignored"]++
		return nil
	default:
		x.ignored["tar special file ignored"]++
		return nil
	}
	if name == "." {
		return nil
	}
	if h.Size > MaxEntryBytes {
		return fmt.Errorf("entry %q is %s, over the %s an entry may hold: %w", h.Name, sizeText(h.Size), sizeText(MaxEntryBytes), ErrLimit)
	}
	if x.total += h.Size; x.total > MaxArchiveBytes {
		return fmt.Errorf("the entries are over %s uncompressed together: %w", sizeText(MaxArchiveBytes), ErrLimit)
	}
	if err := x.idx.add(h.Name, name); err != nil {
		return err
	}
	err = writeNew(tr, x.path(x.idx.files[name]))
	if err != nil && !errors.Is(err, ErrLimit) {
		err = fmt.Errorf("%s: %w (is the archive complete?)", name, err)
	}
	return err
}

// writeNew copies r into a file that must not exist yet.
func writeNew(r io.Reader, dst string) error {
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

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ratioReader reads a decompressed stream and fails once it has yielded
// more than MaxCompressionRatio times the compressed bytes in has taken
// (past ratioFloorBytes): a gzip bomb is stopped after ~100 MB, not after
// filling the disk.
type ratioReader struct {
	r   io.Reader
	in  *countingReader
	out int64
}

func (r *ratioReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.out += int64(n)
	if r.out > ratioFloorBytes && r.out > MaxCompressionRatio*r.in.n {
		return 0, fmt.Errorf("the gzip stream expands %d bytes to over %d, a compression ratio over %d:1: %w",
			r.in.n, r.out, MaxCompressionRatio, ErrLimit)
	}
	return n, err
}
