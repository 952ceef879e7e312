package media

import (
	"bytes"
	"errors"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roost-embed/roost/storage"
)

func TestSaveAcceptsEachFormat(t *testing.T) {
	red := solid(40, 30, color.NRGBA{R: 255, A: 255})
	tests := map[string]struct {
		wantType, wantExt, wantColor string
		wantW, wantH                 int
	}{
		"png":  {"image/png", ".png", "#ff0000", 40, 30},
		"jpg":  {"image/jpeg", ".jpg", "", 40, 30}, // lossy: colour checked loosely
		"gif":  {"image/gif", ".gif", "#ff0000", 40, 30},
		"webp": {"image/webp", ".webp", "", 1, 1},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			lib := newLib(t, 0)
			data := encodeAs(t, name, red)
			m, err := lib.Save(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("Save: %v", err)
			}
			if m.ContentType != tt.wantType || m.Kind != "image" || m.Width != tt.wantW || m.Height != tt.wantH || m.Bytes != int64(len(data)) {
				t.Errorf("got %s %s %d×%d %d bytes, want %s image %d×%d %d bytes",
					m.ContentType, m.Kind, m.Width, m.Height, m.Bytes, tt.wantType, tt.wantW, tt.wantH, len(data))
			}
			if !strings.HasSuffix(m.Path, tt.wantExt) || !relPattern.MatchString(m.Path) {
				t.Errorf("path %q: want content-addressed name ending %s", m.Path, tt.wantExt)
			}
			if len(m.Color) != 7 || m.Color[0] != '#' || (tt.wantColor != "" && m.Color != tt.wantColor) {
				t.Errorf("color %q, want %q (or any #rrggbb)", m.Color, tt.wantColor)
			}
			assertStored(t, lib, m.Path, data)
		})
	}
}

// assertStored checks that rel resolves to a file holding exactly data.
func assertStored(t *testing.T, lib *Library, rel string, data []byte) {
	t.Helper()
	abs, err := lib.Path(rel)
	if err != nil {
		t.Fatalf("Path(%q): %v", rel, err)
	}
	got, err := os.ReadFile(abs)
	if err != nil {
		t.Fatalf("read stored file: %v", err)
	}
	if !bytes.Equal(got, data) {
		t.Errorf("stored %d bytes differ from the %d saved", len(got), len(data))
	}
}

func TestSaveRejectsUnsupportedTypes(t *testing.T) {
	tests := map[string]string{
		"svg":              `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`,
		"bare svg":         `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>`,
		"html":             `<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>`,
		"text":             "just some words, not a picture",
		"bmp":              "BM" + strings.Repeat("\x00", 60),
		"pdf":              "%PDF-1.7\n%âãÏÓ\n",
		"html then png":    "<html>\x89PNG\r\n\x1a\n",
		"riff but no webp": "RIFF\x10\x00\x00\x00WAVEfmt ",
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := newLib(t, 0).Save(strings.NewReader(body))
			if !errors.Is(err, ErrUnsupportedType) {
				t.Fatalf("Save(%s) = %v, want ErrUnsupportedType", name, err)
			}
		})
	}
}

func TestSaveRejectsInvalidImages(t *testing.T) {
	pngData := encodeAs(t, "png", solid(64, 64, color.NRGBA{G: 200, A: 255}))
	jpgData := encodeAs(t, "jpg", solid(64, 64, color.NRGBA{B: 200, A: 255}))
	tests := map[string][]byte{
		"empty":                  nil,
		"png cut mid-pixels":     pngData[:len(pngData)/2],
		"png cut in header":      pngData[:12],
		"jpeg cut mid-pixels":    jpgData[:len(jpgData)/2],
		"jpeg magic only":        []byte("\xff\xd8\xff\xe0garbage"),
		"png zero width":         pngHeader(0, 10),
		"png side too long":      pngHeader(MaxSide+1, 1),
		"png decompression bomb": pngHeader(MaxSide, MaxSide),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := newLib(t, 0).Save(bytes.NewReader(data))
			var fe *storage.FieldError
			if !errors.Is(err, storage.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "file" {
				t.Fatalf("Save = %v, want an invalid error on field file", err)
			}
		})
	}
}

func TestSaveTooLarge(t *testing.T) {
	data := encodeAs(t, "png", solid(32, 32, color.NRGBA{R: 9, A: 255}))
	tests := map[string]struct {
		max     int64
		wantErr error
	}{
		"one byte under": {int64(len(data)) - 1, ErrTooLarge},
		"exactly max":    {int64(len(data)), nil},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := newLib(t, tt.max).Save(bytes.NewReader(data))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Save with max %d on %d bytes = %v, want %v", tt.max, len(data), err, tt.wantErr)
			}
		})
	}
}

func TestSaveDedups(t *testing.T) {
	lib := newLib(t, 0)
	data := encodeAs(t, "png", solid(8, 8, color.NRGBA{R: 1, G: 2, B: 3, A: 255}))
	first, err := lib.Save(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("first Save: %v", err)
	}
	second, err := lib.Save(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("second Save: %v", err)
	}
	if first.Path != second.Path {
		t.Errorf("same bytes stored as %q and %q", first.Path, second.Path)
	}
	other, err := lib.Save(bytes.NewReader(encodeAs(t, "png", solid(8, 8, color.NRGBA{A: 255}))))
	if err != nil || other.Path == first.Path {
		t.Errorf("different bytes: path %q err %v, want a new path", other.Path, err)
	}
	if files := listFiles(t, lib.Dir()); len(files) != 2*4 {
		t.Errorf("media dir holds %v, want exactly the 2 distinct files and their 3 variants each (no temp files)", files)
	}
}

// listFiles returns every regular file under dir, relative to it.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatalf("walk %s: %v", dir, err)
	}
	return out
}

func TestNewLibrary(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	lib, err := NewLibrary(dir, 0)
	if err != nil {
		t.Fatalf("NewLibrary: %v", err)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Errorf("dir not created: %v", err)
	}
	if lib.MaxBytes() != DefaultMaxBytes {
		t.Errorf("MaxBytes = %d, want default %d", lib.MaxBytes(), DefaultMaxBytes)
	}
	if _, err := NewLibrary(dir, -1); err == nil {
		t.Error("negative max bytes accepted")
	}
}
