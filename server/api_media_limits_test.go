package server

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roost-embed/roost/media"
)

// pngChunk is one PNG chunk with its length and CRC.
func pngChunk(typ string, body []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
	out = append(append(out, typ...), body...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), body...)))
}

// withChunk inserts a chunk into a valid PNG right after its IHDR.
func withChunk(png []byte, chunk []byte) []byte {
	const afterIHDR = 8 + 25
	return append(append(append([]byte{}, png[:afterIHDR]...), chunk...), png[afterIHDR:]...)
}

// zlibOf compresses n zero bytes: a few KiB that inflate to n.
func zlibOf(t *testing.T, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	if _, err := io.Copy(w, io.LimitReader(zeros{}, int64(n))); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return buf.Bytes()
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// pngDeclaring is a PNG signature and an IHDR of w×h, then IEND: what a
// decompression bomb shows before its pixels.
func pngDeclaring(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	out := append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
	return append(out, pngChunk("IEND", nil)...)
}

// jpegDeclaring is a valid small JPEG whose frame header claims w×h.
func jpegDeclaring(t *testing.T, w, h uint16) []byte {
	t.Helper()
	data := jpegBytes(t, 64, 64)
	i := bytes.Index(data, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(data[i+5:], h)
	binary.BigEndian.PutUint16(data[i+7:], w)
	return data
}

func jpegBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gifFrames is an animated GIF of n 1×1 frames: a few bytes each.
func gifFrames(t *testing.T, n int) []byte {
	t.Helper()
	anim := &gif.GIF{}
	pal := color.Palette{color.Black, color.White}
	for i := range n {
		f := image.NewPaletted(image.Rect(0, 0, 1, 1), pal)
		f.Pix[0] = uint8(i % 2)
		anim.Image = append(anim.Image, f)
		anim.Delay = append(anim.Delay, 1)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, anim); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// webpFrames is an animated WebP (VP8X, ANIM) of n empty ANMF frames: the
// structure is all the limit needs to see.
func webpFrames(n int) []byte {
	chunk := func(typ string, body []byte) []byte {
		out := binary.LittleEndian.AppendUint32([]byte(typ), uint32(len(body)))
		out = append(out, body...)
		if len(body)%2 == 1 {
			out = append(out, 0)
		}
		return out
	}
	vp8x := []byte{0x02, 0, 0, 0, 15, 0, 0, 15, 0, 0} // animation flag; 16×16 canvas
	body := append([]byte("WEBP"), chunk("VP8X", vp8x)...)
	body = append(body, chunk("ANIM", make([]byte, 6))...)
	for range n {
		body = append(body, chunk("ANMF", make([]byte, 16))...)
	}
	return append(binary.LittleEndian.AppendUint32([]byte("RIFF"), uint32(len(body))), body...)
}

// TestUploadRefusesBadImagesBeforeDecoding: every hostile or broken file
// of issue 21 is a 422 naming the limit (or the damage), through the real
// HTTP API, before any decode, and leaves nothing in the media directory.
func TestUploadRefusesBadImagesBeforeDecoding(t *testing.T) {
	f := newFixture(t, Config{})
	base := f.listen(t)
	good := pngBytes(t)
	apng := withChunk(good, pngChunk("acTL", binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 5000), 0)))
	jpg := jpegBytes(t, 64, 64)
	tests := []struct {
		name string
		file []byte
		want []string
	}{
		{"PNG header over the pixel limit (the issue's 8190×8190)", pngDeclaring(8190, 8190), []string{"8190×8190", "16777216 pixels (4096×4096)"}},
		{"JPEG header over the pixel limit", jpegDeclaring(t, 5000, 5000), []string{"5000×5000", "16777216 pixels"}},
		{"side over the limit", pngDeclaring(20000, 10), []string{"at most 16384"}},
		{"truncated PNG", good[:len(good)-20], []string{"truncated or corrupt"}},
		{"truncated JPEG", jpg[:len(jpg)/2], []string{"truncated or corrupt", "end-of-image"}},
		{"huge zTXt (zlib bomb)", withChunk(good, pngChunk("zTXt", append([]byte("Comment\x00\x00"), zlibOf(t, 16<<20)...))),
			[]string{"zTXt", "inflates past 4194304 bytes"}},
		{"huge iCCP (zlib bomb)", withChunk(good, pngChunk("iCCP", append([]byte("icc\x00\x00"), zlibOf(t, 16<<20)...))),
			[]string{"iCCP", "inflates past 4194304 bytes"}},
		{"huge iCCP chunk", withChunk(good, pngChunk("iCCP", make([]byte, 2<<20))), []string{"iCCP chunk", "at most 1048576 bytes"}},
		{"huge tEXt chunk", withChunk(good, pngChunk("tEXt", make([]byte, 2<<20))), []string{"tEXt chunk", "at most 1048576 bytes"}},
		{"GIF of 5000 frames", gifFrames(t, 5000), []string{"frames; at most 1000"}},
		{"APNG of 5000 frames", apng, []string{"5000 frames; at most 1000"}},
		{"WebP of 5000 frames", webpFrames(5000), []string{"5000 frames; at most 1000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := upload(t, base, f.write, tt.file)
			if status != 422 {
				t.Fatalf("status %d %s, want 422", status, body)
			}
			var e errorBody
			if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Field != "file" || e.Error.Code != "invalid" {
				t.Fatalf("body %s: want an invalid error on field file", body)
			}
			for _, w := range tt.want {
				if !strings.Contains(e.Error.Message, w) {
					t.Errorf("message %q does not say %q", e.Error.Message, w)
				}
			}
		})
	}
	st := f.srv.lib.Stats()
	if st.Decodes != 0 || st.RejectedLimits != uint64(len(tests)) {
		t.Errorf("after %d refused uploads: %d decodes, %d limit refusals; want 0 and %d", len(tests), st.Decodes, st.RejectedLimits, len(tests))
	}
	if files := regularFiles(t, f.srv.lib.Dir()); len(files) != 0 {
		t.Errorf("refused uploads left %v", files)
	}
}

// TestUploadRefusesCorruptPixels: damage only a decode can see (a PNG
// whose pixel stream is not zlib) is a 422 too, and writes nothing.
func TestUploadRefusesCorruptPixels(t *testing.T) {
	f := newFixture(t, Config{})
	good := pngBytes(t)
	i := bytes.Index(good, []byte("IDAT"))
	bad := append([]byte{}, good...)
	for k := i + 4; k < i+12; k++ {
		bad[k] = 0xFF
	}
	status, body := upload(t, f.listen(t), f.write, bad)
	if status != 422 || !strings.Contains(body, "damaged png image") {
		t.Fatalf("corrupt PNG: %d %s, want 422 naming the damage", status, body)
	}
	if files := regularFiles(t, f.srv.lib.Dir()); len(files) != 0 {
		t.Errorf("a refused upload left %v", files)
	}
}

// TestVariantsMadeAtUpload: an upload's variants exist before anyone asks,
// are served immutable, and /metrics shows the decode.
func TestVariantsMadeAtUpload(t *testing.T) {
	f := newFixture(t, Config{})
	base := f.listen(t)
	status, body := upload(t, base, f.write, jpegBytes(t, 900, 600))
	if status != 201 {
		t.Fatalf("upload: %d %s", status, body)
	}
	var out struct{ Data struct{ URL string } }
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Data.URL == "" {
		t.Fatalf("upload answer %s: %v", body, err)
	}
	path := out.Data.URL[strings.Index(out.Data.URL, "/media/"):]
	for _, w := range []string{"48", "96", "600"} {
		resp, err := http.Get(base + path + "?w=" + w)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("w=%s: %d %q, want 200 immutable", w, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
	if n := f.srv.lib.Stats().Decodes; n != 1 {
		t.Errorf("%d decodes for one upload and its three variants, want 1", n)
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"roost_image_decode_bytes_in_use 0", "roost_image_decodes_total 1",
		"roost_image_decode_budget_bytes 6.7108864e+07", "roost_image_decode_wait_seconds_count 1"} {
		if !bytes.Contains(metrics, []byte(want)) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestLegacyOriginalGetsPlaceholderOrVariant: an original stored without
// variants is answered at once with a short-lived stand-in or, once the
// deriver made it, the immutable variant; never an error.
func TestLegacyOriginalGetsPlaceholderOrVariant(t *testing.T) {
	f := newFixture(t, Config{})
	base := f.listen(t)
	data := jpegBytes(t, 3000, 2000)
	rel := "ab/cd/abcd" + strings.Repeat("0", 60) + ".jpg"
	abs := filepath.Join(f.srv.lib.Dir(), filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(abs, data, 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second) // the worker runs at low priority: generous under -race on a loaded machine
	for {
		resp, err := http.Get(base + "/media/" + rel + "?w=600")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		cc := resp.Header.Get("Cache-Control")
		if resp.StatusCode != 200 {
			t.Fatalf("status %d %s", resp.StatusCode, body)
		}
		if strings.Contains(cc, "immutable") {
			break
		}
		if cc != standInCacheControl || resp.Header.Get("Content-Type") != "image/gif" {
			t.Fatalf("stand-in: Cache-Control %q, Content-Type %q", cc, resp.Header.Get("Content-Type"))
		}
		if _, err := gif.Decode(bytes.NewReader(body)); err != nil {
			t.Fatalf("the placeholder is not a GIF: %v", err)
		}
		if time.Now().After(deadline) {
			t.Fatal("the variant was not made within 60 s")
		}
	}
	if n := f.srv.lib.Stats().Decodes; n != 1 {
		t.Errorf("%d decodes, want 1", n)
	}
}

// TestBusyImageWorkIs503: an upload or size request refused for a full
// budget or queue answers 503 with Retry-After, never a 500.
func TestBusyImageWorkIs503(t *testing.T) {
	ae := classify(fmt.Errorf("media: 64 MiB of image memory not free within 10s: %w", media.ErrBusy))
	if ae.Status != 503 || ae.RetryAfter != int(media.RetryAfter.Seconds()) || ae.Code != "unavailable" {
		t.Errorf("ErrBusy → %+v, want 503 unavailable with Retry-After %v", ae, media.RetryAfter)
	}
}

// upload posts file to /api/v1/media over HTTP.
func upload(t *testing.T, base, token string, file []byte) (int, string) {
	t.Helper()
	ct, body := multipartBody(t, file, nil)
	req, err := http.NewRequest("POST", base+"/api/v1/media", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", ct)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// regularFiles lists the files under dir.
func regularFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	return out
}
