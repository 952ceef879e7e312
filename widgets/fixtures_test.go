package widgets

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// testPublicURL is the public URL every test renderer writes links with.
const testPublicURL = "https://roost.example"

// newTestRenderer builds a renderer over the repository's real templates
// and assets.
func newTestRenderer(tb testing.TB) *Renderer {
	tb.Helper()
	r, err := NewRenderer(Config{PublicURL: testPublicURL, Templates: os.DirFS("../templates"), Assets: os.DirFS("../assets"), Locales: os.DirFS("../locales")})
	if err != nil {
		tb.Fatalf("NewRenderer: %v", err)
	}
	r.now = func() time.Time { return testNow }
	return r
}

// fixedTime is the creation time of every test post: 9:41 AM UTC.
var fixedTime = time.Date(2026, time.November, 3, 9, 41, 0, 0, time.UTC)

// span marks the first occurrence of each entity's text in text as an
// entity, so tests state entities by what they cover, byte-exact.
type span struct {
	kind  storage.EntityKind
	text  string
	value string
}

func entities(tb testing.TB, text string, spans ...span) []storage.Entity {
	tb.Helper()
	var out []storage.Entity
	from := 0
	for _, s := range spans {
		i := strings.Index(text[from:], s.text)
		if i < 0 {
			tb.Fatalf("entity %q not found in %q", s.text, text)
		}
		start := from + i
		out = append(out, storage.Entity{Kind: s.kind, Start: start, End: start + len(s.text), Value: s.value})
		from = start + len(s.text)
	}
	return out
}

func testUser(id int64, handle, name string) *storage.User {
	return &storage.User{ID: id, Handle: handle, Name: name, Platform: storage.PlatformNative, CreatedAt: fixedTime}
}

func testAvatar(id int64) *storage.Media {
	return &storage.Media{ID: id, Path: "ab/avatar" + itoa(id) + ".webp", ContentType: "image/webp", Kind: "image", Width: 96, Height: 96, Color: "#8a9ba8"}
}

func testImage(id int64, w, h int, alt, color string) *storage.Media {
	return &storage.Media{ID: id, Path: "cd/img" + itoa(id) + ".jpg", ContentType: "image/jpeg", Kind: "image", Width: w, Height: h, Alt: alt, Color: color}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// visible wraps a post and author into a visible view.
func visible(p *storage.Post, u *storage.User, avatar *storage.Media, media ...*storage.Media) *PostView {
	if p.CreatedAt.IsZero() {
		p.CreatedAt = fixedTime
	}
	p.AuthorID = u.ID
	return &PostView{State: StateVisible, Post: p, Author: u, Avatar: avatar, Media: media}
}

// ada is the verified author with an avatar most fixtures use.
func ada() (*storage.User, *storage.Media) {
	u := testUser(101, "ada", "Ada Lovelace")
	u.Verified = true
	return u, testAvatar(9001)
}

// typicalPost is a typical card: two entities, one image, counts.
func typicalPost(tb testing.TB) *PostView {
	u, av := ada()
	text := "Shipping the analytical engine docs today 🚀 thanks @grace! #engines"
	p := &storage.Post{ID: 1854000000000000001, Text: text, Lang: "en", LikeCount: 1234, RepostCount: 56, ReplyCount: 12,
		Entities: entities(tb, text, span{storage.EntityMention, "@grace", "grace"}, span{storage.EntityHashtag, "#engines", "engines"})}
	return visible(p, u, av, testImage(9101, 1200, 800, "A brass difference engine on a desk", "#6b5a3e"))
}
