package media

import (
	"encoding/binary"
	"io"
	"time"
)

// box is one ISO-BMFF box: its type and where its payload lies.
type box struct {
	typ        string
	start, end int64 // payload
}

// boxes lists the boxes in [from, to) of r, refusing any that runs past to
// (a truncated file) and stopping at maxBoxes (a hostile file of empty
// boxes cannot make the walk long).
func boxes(r io.ReaderAt, from, to int64) ([]box, error) {
	const maxBoxes = 4096
	var out []box
	for off := from; off < to; {
		if len(out) == maxBoxes {
			return nil, badVideo("too many boxes")
		}
		h, err := readAt(r, off, 8)
		if err != nil {
			return nil, err
		}
		size, hdr := int64(binary.BigEndian.Uint32(h)), int64(8)
		switch size {
		case 0: // to the end of the enclosing space
			size = to - off
		case 1:
			l, err := readAt(r, off+8, 8)
			if err != nil {
				return nil, err
			}
			size, hdr = int64(binary.BigEndian.Uint64(l)), 16
		}
		if size < hdr || off+size > to || off+size < off {
			return nil, badVideo("box %q at byte %d runs past its end (the file is truncated or corrupt)", string(h[4:8]), off)
		}
		out = append(out, box{typ: string(h[4:8]), start: off + hdr, end: off + size})
		off += size
	}
	return out, nil
}

// find returns the first box of type typ among bs.
func find(bs []box, typ string) (box, bool) {
	for _, b := range bs {
		if b.typ == typ {
			return b, true
		}
	}
	return box{}, false
}

// probeMP4 checks the top level (ftyp, moov, mdat all present and whole)
// and reads the duration from mvhd and each track's kind, codec and size.
func probeMP4(r io.ReaderAt, size int64) (VideoInfo, error) {
	top, err := boxes(r, 0, size)
	if err != nil {
		return VideoInfo{}, err
	}
	moov, ok := find(top, "moov")
	if !ok {
		return VideoInfo{}, badVideo("the MP4 has no moov box (truncated, or not finished)")
	}
	if _, ok := find(top, "mdat"); !ok {
		return VideoInfo{}, badVideo("the MP4 has no media data (mdat)")
	}
	kids, err := boxes(r, moov.start, moov.end)
	if err != nil {
		return VideoInfo{}, err
	}
	var info VideoInfo
	if mvhd, ok := find(kids, "mvhd"); ok {
		if info.Duration, err = mvhdDuration(r, mvhd); err != nil {
			return VideoInfo{}, err
		}
	}
	video := false
	for _, k := range kids {
		if k.typ != "trak" {
			continue
		}
		t, err := readTrack(r, k)
		if err != nil {
			return VideoInfo{}, err
		}
		switch t.handler {
		case "vide":
			if t.codec != "avc1" && t.codec != "avc3" {
				return VideoInfo{}, badVideo("the MP4 video is %q, not H.264 (avc1)", t.codec)
			}
			video, info.Width, info.Height = true, t.width, t.height
		case "soun":
			if t.codec != "mp4a" {
				return VideoInfo{}, badVideo("the MP4 sound is %q, not AAC (mp4a)", t.codec)
			}
			info.HasAudio = true
		}
	}
	if !video {
		return VideoInfo{}, badVideo("the MP4 has no video track")
	}
	return info, nil
}

// mvhdDuration reads a movie header's duration (version 0 or 1).
func mvhdDuration(r io.ReaderAt, b box) (time.Duration, error) {
	p, err := readAt(r, b.start, int(min(b.end-b.start, 32)))
	if err != nil || len(p) < 20 {
		return 0, badVideo("the MP4 movie header is short")
	}
	var scale, dur uint64
	if p[0] == 1 {
		if len(p) < 32 {
			return 0, badVideo("the MP4 movie header is short")
		}
		scale, dur = uint64(binary.BigEndian.Uint32(p[20:])), binary.BigEndian.Uint64(p[24:])
	} else {
		scale, dur = uint64(binary.BigEndian.Uint32(p[12:])), uint64(binary.BigEndian.Uint32(p[16:]))
	}
	if scale == 0 {
		return 0, nil
	}
	return time.Duration(float64(dur) / float64(scale) * float64(time.Second)), nil
}

// track is what a trak box says: handler ("vide", "soun"), first sample
// entry's codec and, from tkhd, the display size.
type track struct {
	handler, codec string
	width, height  int
}

func readTrack(r io.ReaderAt, trak box) (track, error) {
	var t track
	kids, err := boxes(r, trak.start, trak.end)
	if err != nil {
		return t, err
	}
	if tkhd, ok := find(kids, "tkhd"); ok && tkhd.end-tkhd.start >= 84 {
		p, err := readAt(r, tkhd.end-8, 8)
		if err != nil {
			return t, err
		}
		t.width, t.height = int(binary.BigEndian.Uint32(p)>>16), int(binary.BigEndian.Uint32(p[4:])>>16)
	}
	mdia, ok := find(kids, "mdia")
	if !ok {
		return t, nil
	}
	mk, err := boxes(r, mdia.start, mdia.end)
	if err != nil {
		return t, err
	}
	if hdlr, ok := find(mk, "hdlr"); ok && hdlr.end-hdlr.start >= 12 {
		p, err := readAt(r, hdlr.start+8, 4)
		if err != nil {
			return t, err
		}
		t.handler = string(p)
	}
	t.codec, err = sampleCodec(r, mk)
	return t, err
}

// sampleCodec follows minf/stbl/stsd to the first sample entry's type.
func sampleCodec(r io.ReaderAt, mdia []box) (string, error) {
	b, ok := find(mdia, "minf")
	for _, typ := range []string{"stbl", "stsd"} {
		if !ok {
			return "", nil
		}
		kids, err := boxes(r, b.start, b.end)
		if err != nil {
			return "", err
		}
		b, ok = find(kids, typ)
	}
	if !ok || b.end-b.start < 16 {
		return "", nil
	}
	p, err := readAt(r, b.start+12, 4) // version/flags, entry count, then the first entry's size and type
	if err != nil {
		return "", err
	}
	return string(p), nil
}
