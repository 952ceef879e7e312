package demo

import (
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"testing"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlite"
)

// checkAllMedia opens every seeded file and checks it decodes to
// the size the store recorded, and that it carries alt text and a colour.
func checkAllMedia(t *testing.T, st *sqlite.Store, lib *media.Library, sum Summary) {
	ctx := context.Background()
	seen := 0
	for key, id := range sum.SamplePostIDs {
		p, err := st.PostByID(ctx, id)
		if err != nil {
			t.Fatalf("post %q: %v", key, err)
		}
		u, err := st.UserByID(ctx, p.AuthorID)
		if err != nil {
			t.Fatalf("author of %q: %v", key, err)
		}
		ids := p.MediaIDs
		if u.AvatarMediaID != 0 {
			ids = append(ids, u.AvatarMediaID)
		}
		for _, mid := range ids {
			m, err := st.MediaByID(ctx, mid)
			if err != nil {
				t.Fatalf("media %d of %q: %v", mid, key, err)
			}
			if m.Playable() {
				checkVideo(t, st, lib, m)
				seen++
				continue
			}
			checkMedia(t, lib.Path, m)
			seen++
		}
	}
	if seen < sum.Media {
		t.Errorf("checked %d media links, want at least the %d seeded", seen, sum.Media)
	}
}

// checkMedia decodes one stored file and compares it with its row.
func checkMedia(t *testing.T, path func(string) (string, error), m *storage.Media) {
	t.Helper()
	abs, err := path(m.Path)
	if err != nil {
		t.Fatalf("media %d path %q: %v", m.ID, m.Path, err)
	}
	f, err := os.Open(abs)
	if err != nil {
		t.Fatalf("media %d: %v", m.ID, err)
	}
	defer f.Close()
	decode := map[string]func(io.Reader) (image.Image, error){"image/jpeg": jpeg.Decode, "image/png": png.Decode}[m.ContentType]
	if decode == nil {
		t.Fatalf("media %d: content type %q, want JPEG or PNG", m.ID, m.ContentType)
	}
	img, err := decode(f)
	if err != nil {
		t.Fatalf("media %d (%s): %v", m.ID, m.Path, err)
	}
	if b := img.Bounds(); b.Dx() != m.Width || b.Dy() != m.Height {
		t.Errorf("media %d is %d×%d, row says %d×%d", m.ID, b.Dx(), b.Dy(), m.Width, m.Height)
	}
	if m.Alt == "" || m.Color == "" || m.OwnerID == 0 || m.Kind != "image" {
		t.Errorf("media %d: alt %q color %q owner %d kind %q; want all set", m.ID, m.Alt, m.Color, m.OwnerID, m.Kind)
	}
}

// checkVideo checks a video's file is whole and its poster decodes.
func checkVideo(t *testing.T, st *sqlite.Store, lib *media.Library, m *storage.Media) {
	t.Helper()
	full, err := lib.Path(m.Path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(full)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st2, _ := f.Stat()
	info, err := media.ProbeVideo(f, st2.Size())
	if err != nil || info.Width != m.Width || st2.Size() != m.Bytes || m.DurationMS == 0 {
		t.Errorf("video %s: %+v %v (row %+v)", m.Path, info, err, m)
	}
	poster, err := st.MediaByID(context.Background(), m.PosterMediaID)
	if err != nil {
		t.Fatalf("poster of %s: %v", m.Path, err)
	}
	checkMedia(t, lib.Path, poster)
}
