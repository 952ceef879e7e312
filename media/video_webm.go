package media

import (
	"encoding/binary"
	"io"
	"math"
	"time"
)

// The Matroska/WebM element ids Roost reads.
const (
	ebmlHeaderID    = 0x1A45DFA3
	ebmlDocTypeID   = 0x4282
	segmentID       = 0x18538067
	infoID          = 0x1549A966
	timecodeScaleID = 0x2AD7B1
	durationID      = 0x4489
	tracksID        = 0x1654AE6B
	trackEntryID    = 0xAE
	trackTypeID     = 0x83
	codecIDID       = 0x86
	videoID         = 0xE0
	pixelWidthID    = 0xB0
	pixelHeightID   = 0xBA
	clusterID       = 0x1F43B675
)

// element is one EBML element: its id and where its payload lies; unknown
// says its size was "unknown" (a live stream's segment or cluster).
type element struct {
	id         uint32
	start, end int64
	unknown    bool
}

// vint reads an EBML variable-length integer at off: for an id the marker
// bit is kept, for a size it is dropped. It returns the value and length.
func vint(r io.ReaderAt, off int64, keepMarker bool) (uint64, int, error) {
	b, err := readAt(r, off, 1)
	if err != nil {
		return 0, 0, err
	}
	n := 1
	for mask := byte(0x80); n <= 8 && b[0]&mask == 0; mask >>= 1 {
		n++
	}
	if n > 8 || keepMarker && n > 4 {
		return 0, 0, badVideo("bad EBML number at byte %d", off)
	}
	rest, err := readAt(r, off, n)
	if err != nil {
		return 0, 0, err
	}
	v := uint64(rest[0])
	if !keepMarker {
		v &= uint64(0xFF >> n)
	}
	for _, c := range rest[1:] {
		v = v<<8 | uint64(c)
	}
	return v, n, nil
}

// elements lists the elements in [from, to), refusing one that runs past
// to; an unknown-size element extends to to and ends the list.
func elements(r io.ReaderAt, from, to int64) ([]element, error) {
	const maxElements = 16384
	var out []element
	for off := from; off < to; {
		if len(out) == maxElements {
			return nil, badVideo("too many elements")
		}
		id, il, err := vint(r, off, true)
		if err != nil {
			return nil, err
		}
		size, sl, err := vint(r, off+int64(il), false)
		if err != nil {
			return nil, err
		}
		start := off + int64(il+sl)
		if size == 1<<(7*uint(sl))-1 { // all ones: unknown size
			out = append(out, element{id: uint32(id), start: start, end: to, unknown: true})
			return out, nil
		}
		end := start + int64(size)
		if size > uint64(to) || end > to || end < start {
			return nil, badVideo("element %x at byte %d runs past its end (the file is truncated or corrupt)", id, off)
		}
		out = append(out, element{id: uint32(id), start: start, end: end})
		off = end
	}
	return out, nil
}

func findElement(es []element, id uint32) (element, bool) {
	for _, e := range es {
		if e.id == id {
			return e, true
		}
	}
	return element{}, false
}

// uintOf and floatOf read an element's payload as a number.
func uintOf(r io.ReaderAt, e element) (uint64, error) {
	if e.end-e.start > 8 {
		return 0, badVideo("number element %x is %d bytes", e.id, e.end-e.start)
	}
	b, err := readAt(r, e.start, int(e.end-e.start))
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v, err
}

func floatOf(r io.ReaderAt, e element) (float64, error) {
	b, err := readAt(r, e.start, int(e.end-e.start))
	if err != nil {
		return 0, err
	}
	switch len(b) {
	case 4:
		return float64(math.Float32frombits(binary.BigEndian.Uint32(b))), nil
	case 8:
		return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
	}
	return 0, badVideo("float element %x is %d bytes", e.id, len(b))
}

func stringOf(r io.ReaderAt, e element) (string, error) {
	if e.end-e.start > 64 {
		return "", badVideo("string element %x is %d bytes", e.id, e.end-e.start)
	}
	b, err := readAt(r, e.start, int(e.end-e.start))
	return string(b), err
}

// probeWebM checks the EBML header says webm, walks the segment (each
// child whole) and reads Info's duration and the tracks' kinds and sizes.
func probeWebM(r io.ReaderAt, size int64) (VideoInfo, error) {
	top, err := elements(r, 0, size)
	if err != nil {
		return VideoInfo{}, err
	}
	if len(top) < 2 || top[0].id != ebmlHeaderID || top[1].id != segmentID {
		return VideoInfo{}, badVideo("the WebM has no segment")
	}
	hdr, err := elements(r, top[0].start, top[0].end)
	if err != nil {
		return VideoInfo{}, err
	}
	if dt, ok := findElement(hdr, ebmlDocTypeID); !ok {
		return VideoInfo{}, badVideo("the EBML file names no document type")
	} else if s, err := stringOf(r, dt); err != nil || s != "webm" {
		return VideoInfo{}, badVideo("the EBML document type is %q, not webm", s)
	}
	seg, err := elements(r, top[1].start, top[1].end)
	if err != nil {
		return VideoInfo{}, err
	}
	if _, ok := findElement(seg, clusterID); !ok {
		return VideoInfo{}, badVideo("the WebM has no frames (no cluster)")
	}
	var info VideoInfo
	if in, ok := findElement(seg, infoID); ok {
		if info.Duration, err = webmDuration(r, in); err != nil {
			return VideoInfo{}, err
		}
	}
	tr, ok := findElement(seg, tracksID)
	if !ok {
		return VideoInfo{}, badVideo("the WebM has no tracks")
	}
	if err := webmTracks(r, tr, &info); err != nil {
		return VideoInfo{}, err
	}
	return info, nil
}

func webmDuration(r io.ReaderAt, in element) (time.Duration, error) {
	kids, err := elements(r, in.start, in.end)
	if err != nil {
		return 0, err
	}
	scale := uint64(1_000_000) // the default TimecodeScale: 1 ms
	if e, ok := findElement(kids, timecodeScaleID); ok {
		if scale, err = uintOf(r, e); err != nil {
			return 0, err
		}
	}
	e, ok := findElement(kids, durationID)
	if !ok {
		return 0, nil
	}
	d, err := floatOf(r, e)
	if err != nil || d < 0 || math.IsNaN(d) || d*float64(scale) > float64(math.MaxInt64) {
		return 0, badVideo("the WebM duration is not a time")
	}
	return time.Duration(d * float64(scale)), nil
}

// webmTracks reads every TrackEntry: a VP8, VP9 or AV1 video with its
// pixel size, and whether there is an Opus or Vorbis sound track.
func webmTracks(r io.ReaderAt, tr element, info *VideoInfo) error {
	entries, err := elements(r, tr.start, tr.end)
	if err != nil {
		return err
	}
	video := false
	for _, te := range entries {
		if te.id != trackEntryID {
			continue
		}
		kids, err := elements(r, te.start, te.end)
		if err != nil {
			return err
		}
		var kind uint64
		if e, ok := findElement(kids, trackTypeID); ok {
			kind, _ = uintOf(r, e)
		}
		codec := ""
		if e, ok := findElement(kids, codecIDID); ok {
			codec, _ = stringOf(r, e)
		}
		switch kind {
		case 1:
			if codec != "V_VP8" && codec != "V_VP9" && codec != "V_AV1" {
				return badVideo("the WebM video is %q, not VP8, VP9 or AV1", codec)
			}
			v, ok := findElement(kids, videoID)
			if !ok {
				return badVideo("the WebM video track has no picture size")
			}
			if err := webmSize(r, v, info); err != nil {
				return err
			}
			video = true
		case 2:
			info.HasAudio = true
		}
	}
	if !video {
		return badVideo("the WebM has no video track")
	}
	return nil
}

func webmSize(r io.ReaderAt, v element, info *VideoInfo) error {
	kids, err := elements(r, v.start, v.end)
	if err != nil {
		return err
	}
	for id, dst := range map[uint32]*int{pixelWidthID: &info.Width, pixelHeightID: &info.Height} {
		e, ok := findElement(kids, id)
		if !ok {
			return badVideo("the WebM video track has no picture size")
		}
		n, err := uintOf(r, e)
		if err != nil {
			return err
		}
		*dst = int(min(n, maxVideoSide+1))
	}
	return nil
}
