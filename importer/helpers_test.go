package importer

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlite"
)

// files is an archive's content: entry name → bytes.
type files map[string][]byte

// writeZip writes fs as a zip file in dir and returns its path.
func writeZip(t testing.TB, dir, name string, fs files) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range sortedNames(fs) {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(fs[n])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeTarGz writes fs as a gzipped tarball in dir and returns its path.
func writeTarGz(t testing.TB, dir, name string, fs files) string {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, n := range sortedNames(fs) {
		tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(fs[n])), Typeflag: tar.TypeReg})
		tw.Write(fs[n])
	}
	tw.Close()
	gz.Close()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func sortedNames(fs files) []string {
	var names []string
	for n := range fs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// pngOf returns a small PNG of one colour; different shades give
// different files.
func pngOf(t testing.TB, shade uint8) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 4, 3))
	for y := 0; y < 3; y++ {
		for x := 0; x < 4; x++ {
			img.Set(x, y, color.NRGBA{shade, 100, 200, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ytd wraps elements as X writes them: window.YTD.<name>.part0 = [ … ].
func ytd(t testing.TB, name string, elems ...any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(elems, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte("window.YTD."+name+".part0 = "), b...)
}

// env is a real SQLite store and media library in a temporary directory.
type env struct {
	st  *sqlite.Store
	lib *media.Library
	dir string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	dir := t.TempDir()
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "roost.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := media.NewLibrary(filepath.Join(dir, "media"), 0)
	if err != nil {
		t.Fatal(err)
	}
	return &env{st: st, lib: lib, dir: dir}
}

func (e *env) seq(t testing.TB) int64 {
	t.Helper()
	s, err := e.st.LastChangeSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (e *env) post(t testing.TB, id int64) *storage.Post {
	t.Helper()
	p, err := e.st.PostByID(context.Background(), id)
	if err != nil {
		t.Fatalf("post %d: %v", id, err)
	}
	return p
}

// cp returns the code-point index of the first sub in s, as X writes indices.
func cp(s, sub string) int {
	i := strings.Index(s, sub)
	if i < 0 {
		panic(fmt.Sprintf("%q not in %q", sub, s))
	}
	return utf8.RuneCountInString(s[:i])
}

// indices returns X's ["start","end"] code-point indices of sub in s.
func indices(s, sub string) []string {
	i := cp(s, sub)
	return []string{fmt.Sprint(i), fmt.Sprint(i + utf8.RuneCountInString(sub))}
}

// checkEntities fails unless every entity's span is what it claims and the
// wanted spans (kind:typed text) are all present.
func checkEntities(t *testing.T, p *storage.Post, want ...string) {
	t.Helper()
	got := map[string]bool{}
	for _, e := range p.Entities {
		if e.Start < 0 || e.End > len(p.Text) || e.Start >= e.End {
			t.Fatalf("post %d: entity %+v out of range of %q", p.ID, e, p.Text)
		}
		got[string(e.Kind)+":"+p.Text[e.Start:e.End]] = true
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("post %d %q: no entity %s; have %v", p.ID, p.Text, w, got)
		}
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// countOriginals counts the stored originals (not their sizes) under dir.
func countOriginals(t testing.TB, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && !strings.Contains(d.Name(), "@") {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
