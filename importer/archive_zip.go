package importer

import (
	"archive/zip"
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// openZip opens a zip read in place. Its central directory is counted
// before archive/zip loads it, then every entry is checked against the
// limits and name rules by the sizes the directory declares: archive/zip
// fails a read that yields more than an entry declares, so the declared
// sizes bound what is read.
func openZip(name string) (*openedArchive, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil {
		err = checkZipEntryCount(f, st.Size())
	}
	var zr *zip.Reader
	if err == nil {
		zr, err = zip.NewReader(f, st.Size())
		if err != nil {
			err = fmt.Errorf("%w (is the archive complete?)", err)
		}
	}
	a := &openedArchive{close: f.Close, ignored: map[string]int{}}
	if err == nil {
		a.fsys, err = indexZip(zr, st.Size(), a.ignored)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return a, nil
}

// indexZip checks every entry and indexes the regular files; symbolic
// links are ignored (archive/zip would serve the link's text as a file).
// The compressed sizes the entries declare must fit in the file's size:
// otherwise the ratio check could be dodged by overstating them, or by
// entries that overlap to reuse the same compressed bytes.
func indexZip(zr *zip.Reader, size int64, ignored map[string]int) (fs.FS, error) {
	if len(zr.File) > MaxEntries {
		return nil, entriesOver()
	}
	idx := &entryFS{files: map[string]int{}, open: func(name string, _ int) (fs.File, error) { return zr.Open(name) }}
	var total, packed uint64
	for _, f := range zr.File {
		name, err := cleanEntryName(f.Name)
		if err != nil {
			return nil, err
		}
		mode := f.Mode()
		switch {
		case mode.IsDir() || name == ".":
			continue
		case !mode.IsRegular():
			ignored["zip link or special file ignored"]++
			continue
		}
		if err := checkZipSizes(f, &total); err != nil {
			return nil, err
		}
		packed += f.CompressedSize64
		if err := idx.add(f.Name, name); err != nil {
			return nil, err
		}
	}
	if packed > uint64(size) {
		return nil, fmt.Errorf("the entries declare %d compressed bytes, more than the archive's %d (overlapping or misdeclared entries): %w",
			packed, size, ErrUnsafeEntry)
	}
	return idx, nil
}

// checkZipSizes holds one entry's declared sizes to the limits.
func checkZipSizes(f *zip.File, total *uint64) error {
	size := f.UncompressedSize64
	switch {
	case size > MaxEntryBytes:
		return fmt.Errorf("entry %q is %s uncompressed, over the %s an entry may hold: %w",
			f.Name, sizeText(int64(size)), sizeText(MaxEntryBytes), ErrLimit)
	case size > ratioFloorBytes && size > MaxCompressionRatio*f.CompressedSize64:
		return fmt.Errorf("entry %q expands %d bytes to %d, a compression ratio over %d:1: %w",
			f.Name, f.CompressedSize64, size, MaxCompressionRatio, ErrLimit)
	}
	if *total += size; *total > MaxArchiveBytes {
		return fmt.Errorf("the entries are over %s uncompressed together: %w", sizeText(MaxArchiveBytes), ErrLimit)
	}
	return nil
}

func entriesOver() error {
	return fmt.Errorf("the archive has over %d entries: %w", MaxEntries, ErrLimit)
}

// Zip record signatures and sizes (APPNOTE.TXT 4.3.12–4.3.16).
const (
	zipDirHeaderSig  = 0x02014b50
	zipDirHeaderLen  = 46
	zipEndSig        = 0x06054b50
	zipEndLen        = 22
	zip64LocatorSig  = 0x07064b50
	zip64LocatorLen  = 20
	zip64EndSig      = 0x06064b50
	zip64EndLen      = 56
	zipMaxCommentLen = 65535
)

// checkZipEntryCount walks the central directory header by header, in
// constant memory, and refuses the archive past MaxEntries: archive/zip
// loads every entry (a few hundred bytes each) before anyone can count.
// A directory it cannot find is left for archive/zip to report.
func checkZipEntryCount(r io.ReaderAt, size int64) error {
	off, ok := zipDirOffset(r, size)
	if !ok {
		return nil
	}
	br := bufio.NewReaderSize(io.NewSectionReader(r, off, size-off), 32<<10)
	var h [zipDirHeaderLen]byte
	for n := 0; ; n++ {
		if _, err := io.ReadFull(br, h[:]); err != nil || binary.LittleEndian.Uint32(h[:]) != zipDirHeaderSig {
			return nil
		}
		if n == MaxEntries {
			return entriesOver()
		}
		le := binary.LittleEndian
		skip := int(le.Uint16(h[28:])) + int(le.Uint16(h[30:])) + int(le.Uint16(h[32:]))
		if _, err := br.Discard(skip); err != nil {
			return nil
		}
	}
}

// zipDirOffset finds where the central directory starts, through the
// end-of-directory record (and its zip64 form when the offset overflows).
func zipDirOffset(r io.ReaderAt, size int64) (int64, bool) {
	tail := min(size, zipEndLen+zipMaxCommentLen)
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil {
		return 0, false
	}
	le := binary.LittleEndian
	for i := len(buf) - zipEndLen; i >= 0; i-- {
		if le.Uint32(buf[i:]) != zipEndSig {
			continue
		}
		if off := le.Uint32(buf[i+16:]); off != 0xFFFFFFFF {
			return int64(off), int64(off) < size
		}
		return zip64DirOffset(r, size-tail+int64(i))
	}
	return 0, false
}

func zip64DirOffset(r io.ReaderAt, endAt int64) (int64, bool) {
	le := binary.LittleEndian
	var loc [zip64LocatorLen]byte
	if _, err := r.ReadAt(loc[:], endAt-zip64LocatorLen); err != nil || le.Uint32(loc[:]) != zip64LocatorSig {
		return 0, false
	}
	var end [zip64EndLen]byte
	at := int64(le.Uint64(loc[8:]))
	if _, err := r.ReadAt(end[:], at); err != nil || le.Uint32(end[:]) != zip64EndSig {
		return 0, false
	}
	off := int64(le.Uint64(end[48:]))
	return off, off >= 0 && off < endAt
}
