package widgets

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// TestPageLinkCardMeta: what link-card consumers read on a permalink and a
// profile page: the author (meta name=author, article:author, JSON-LD), the
// date, the post's own language as og:locale (an Arabic post on an English
// page says ar), twitter:creator for an account imported from X, an
// og:image:alt, and schema.org SocialMediaPosting / ProfilePage JSON-LD with
// the interaction counts. On main none of these but og:image:alt (post
// images only) existed.
func TestPageLinkCardMeta(t *testing.T) {
	r := newTestRenderer(t)
	v := typicalPost(t)
	v.Post.Lang = "ar"
	v.Author.Platform, v.Author.ProfileURL = storage.PlatformX, "https://x.com/AdaL"
	page, err := r.PostPage(v, "en")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(page)
	perma := r.links.permalink(v.Author.Handle, v.Post.ID)
	for _, want := range []string{
		`<meta name=author content="Ada Lovelace">`,
		`<meta property="article:author" content="` + r.links.profile(v.Author.Handle) + `">`,
		`<meta property="article:published_time" content="` + v.Post.CreatedAt.UTC().Format("2006-01-02T15:04:05Z07:00") + `">`,
		`<meta property="og:locale" content="ar">`,
		`<meta name=twitter:creator content="@AdaL">`,
		`<meta property="og:image:alt" content="`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("post page lacks %s", want)
		}
	}
	var post struct {
		Type, URL, InLanguage, DatePublished string
		Author                               struct{ Name, URL string }
		Stats                                []struct {
			InteractionType      string
			UserInteractionCount int64
		} `json:"interactionStatistic"`
	}
	ldOf(t, doc, &post)
	if post.Type != "SocialMediaPosting" || post.URL != perma || post.InLanguage != "ar" || post.Author.Name != "Ada Lovelace" ||
		post.DatePublished == "" || len(post.Stats) != 3 || post.Stats[0].UserInteractionCount != 1234 {
		t.Errorf("post JSON-LD: %+v", post)
	}

	profile, err := r.ProfilePage(&ProfileView{State: StateVisible, User: v.Author, Avatar: v.Avatar, Posts: []*PostView{v}}, "en")
	if err != nil {
		t.Fatal(err)
	}
	var prof struct {
		Type       string
		MainEntity struct{ Type, Name, AlternateName string } `json:"mainEntity"`
	}
	ldOf(t, string(profile), &prof)
	if prof.Type != "ProfilePage" || prof.MainEntity.Name != "Ada Lovelace" || prof.MainEntity.AlternateName != "@"+v.Author.Handle {
		t.Errorf("profile JSON-LD: %+v", prof)
	}
	if !strings.Contains(string(profile), `<meta name=author content="Ada Lovelace">`) {
		t.Error("profile page lacks meta name=author")
	}

	v.State = StateDeleted
	gone, err := r.PostPage(v, "en")
	if err != nil {
		t.Fatal(err)
	}
	if s := string(gone); strings.Contains(s, "ld+json") || strings.Contains(s, "Ada") {
		t.Errorf("a tombstone page carries the post's metadata: %s", s)
	}
}

// ldOf decodes a page's JSON-LD block (with "@type" read as Type).
func ldOf(t *testing.T, doc string, v any) {
	t.Helper()
	m := regexp.MustCompile(`<script type=application/ld\+json>(.*?)</script>`).FindStringSubmatch(doc)
	if m == nil {
		t.Fatalf("no JSON-LD block in %s", doc)
	}
	if err := json.Unmarshal([]byte(strings.ReplaceAll(m[1], `"@type"`, `"type"`)), v); err != nil {
		t.Fatalf("JSON-LD %s: %v", m[1], err)
	}
}
