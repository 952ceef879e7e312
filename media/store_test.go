package media

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roost-embed/roost/storage"
)

func TestPath(t *testing.T) {
	lib := newLib(t, 0)
	hash := strings.Repeat("ab", 32)
	good := "ab/ab/" + hash + ".jpg"
	tests := map[string]struct {
		rel string
		ok  bool
	}{
		"clean name":        {good, true},
		"webp":              {"ab/ab/" + hash + ".webp", true},
		"empty":             {"", false},
		"dot dot":           {"../../etc/passwd", false},
		"dot dot inside":    {"ab/../ab/" + hash + ".jpg", false},
		"absolute":          {"/" + good, false},
		"backslashes":       {`ab\ab\` + hash + ".jpg", false},
		"fan-out mismatch":  {"cd/ab/" + hash + ".jpg", false},
		"upper-case hex":    {"AB/AB/" + strings.ToUpper(hash) + ".jpg", false},
		"svg extension":     {"ab/ab/" + hash + ".svg", false},
		"html extension":    {"ab/ab/" + hash + ".html", false},
		"short hash":        {"ab/ab/abab.jpg", false},
		"trailing slash":    {good + "/", false},
		"query suffix":      {good + "?x=1", false},
		"newline suffix":    {good + "\n", false},
		"null byte":         {"ab/ab/" + hash + "\x00.jpg", false},
		"no fan-out":        {hash + ".jpg", false},
		"extra leading dir": {"x/" + good, false},
		"encoded traversal": {"ab/ab/%2e%2e/" + hash + ".jpg", false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := lib.Path(tt.rel)
			if !tt.ok {
				if !errors.Is(err, storage.ErrNotFound) {
					t.Fatalf("Path(%q) = %q, %v; want ErrNotFound", tt.rel, got, err)
				}
				return
			}
			want := filepath.Join(lib.Dir(), filepath.FromSlash(tt.rel))
			if err != nil || got != want {
				t.Fatalf("Path(%q) = %q, %v; want %q", tt.rel, got, err, want)
			}
		})
	}
}

func TestContentTypeForExt(t *testing.T) {
	tests := map[string]string{
		"jpg": "image/jpeg", ".jpg": "image/jpeg", "jpeg": "image/jpeg",
		"png": "image/png", ".gif": "image/gif", "webp": "image/webp",
		"svg": "", ".html": "", "": "",
	}
	for ext, want := range tests {
		if got := ContentTypeForExt(ext); got != want {
			t.Errorf("ContentTypeForExt(%q) = %q, want %q", ext, got, want)
		}
	}
}

func TestCheckSize(t *testing.T) {
	tests := map[string]struct {
		w, h int
		ok   bool
	}{
		"small":          {640, 480, true},
		"longest side":   {MaxSide, 1, true},
		"at pixel limit": {4096, 4096, true},
		"wide at limit":  {16384, 1024, true},
		"zero width":     {0, 10, false},
		"zero height":    {10, 0, false},
		"side too long":  {MaxSide + 1, 1, false},
		"bomb":           {4097, 4096, false},
		"issue 21 png":   {8190, 8190, false},
	}
	for name, tt := range tests {
		err := checkSize(tt.w, tt.h)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, storage.ErrInvalid)) {
			t.Errorf("%s: checkSize(%d, %d) = %v, want ok=%v", name, tt.w, tt.h, err, tt.ok)
		}
	}
}
