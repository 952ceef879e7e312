package widgets

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.html from the current output")

// TestPostDocumentGolden compares the final minified bytes of every case
// with testdata/golden/<case>.html. Run with -update to accept new output
// after reviewing the diff.
func TestPostDocumentGolden(t *testing.T) {
	r := newTestRenderer(t)
	cases := renderCases(t)
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			c := cases[name]
			got, err := r.PostDocument(c.view, c.opts)
			if err != nil {
				t.Fatalf("PostDocument: %v", err)
			}
			path := filepath.Join("testdata", "golden", name+".html")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("reading golden file (run with -update to create it): %v", err)
			}
			if !bytes.Equal(got, want) {
				i := firstDiff(got, want)
				t.Errorf("%s differs from %s at byte %d (run with -update after review)\n got: …%s…\nwant: …%s…",
					name, path, i, excerpt(got, i), excerpt(want, i))
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// excerpt returns up to 80 bytes around i, for a readable failure.
func excerpt(b []byte, i int) []byte {
	return b[max(i-40, 0):min(i+40, len(b))]
}
