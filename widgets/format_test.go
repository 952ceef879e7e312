package widgets

import (
	"strings"
	"testing"
	"time"
)

func TestDateStamp(t *testing.T) {
	langs := uiLangs()
	morning := time.Date(2026, time.November, 3, 9, 41, 0, 0, time.UTC)
	evening := time.Date(2026, time.March, 14, 21, 5, 0, 0, time.FixedZone("x", 3600))
	tests := []struct {
		lang string
		t    time.Time
		want string
	}{
		{"en", morning, "9:41 AM · Nov 3, 2026"},
		{"en", evening, "8:05 PM · Mar 14, 2026"},
		{"es", morning, "9:41 · 3 nov 2026"},
		{"fr", morning, "09:41 · 3 nov. 2026"},
		{"de", evening, "20:05 · 14. März 2026"},
		{"pt", morning, "09:41 · 3 de nov. de 2026"},
		{"ja", morning, "午前9:41 · 2026年11月3日"},
		{"ja", evening, "午後8:05 · 2026年3月14日"},
		{"ar", morning, "9:41 ص · 3 نوفمبر 2026"},
	}
	for _, tc := range tests {
		if got := langs[tc.lang].dates.stamp(tc.t); got != tc.want {
			t.Errorf("%s stamp(%v) = %q, want %q", tc.lang, tc.t, got, tc.want)
		}
	}
}

func TestCompactCount(t *testing.T) {
	langs := uiLangs()
	tests := []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 0, "0"}, {"en", 999, "999"}, {"en", 1000, "1K"}, {"en", 1234, "1.2K"}, {"en", 1299, "1.2K"},
		{"en", 12345, "12K"}, {"en", 123456, "123K"}, {"en", 1_500_000, "1.5M"}, {"en", 2_000_000_000, "2,000M"},
		{"en", -5, "0"}, {"fr", 1234, "1,2\u00a0k"}, {"de", 2_500_000, "2,5\u00a0Mio."},
		{"ja", 1234, "1,234"}, {"ja", 12345, "1.2万"}, {"ja", 300_000_000, "3億"}, {"ar", 2_500_000, "2.5\u00a0مليون"},
	}
	for _, tc := range tests {
		if got := langs[tc.lang].numbers.compact(tc.n); got != tc.want {
			t.Errorf("%s compact(%d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

// TestLangTable checks that every language option parsing accepts is
// translated, with every phrase filled in.
func TestLangTable(t *testing.T) {
	langs := uiLangs()
	for _, code := range []string{"en", "es", "fr", "de", "pt", "ja", "ar"} {
		if supportedLang(code) != code {
			t.Errorf("supportedLang(%q) = %q", code, supportedLang(code))
		}
		l, ok := langs[code]
		if !ok {
			t.Errorf("language %q has no table", code)
			continue
		}
		for name, s := range map[string]string{"PostBy": l.PostBy, "Verified": l.Verified, "ViewOn": l.ViewOn,
			"Sensitive": l.Sensitive, "Show": l.Show, "ReplyingTo": l.ReplyingTo, "ShowParent": l.ShowParent,
			"Quoted": l.Quoted, "Image": l.Image, "Via": l.Via, "Edited": l.Edited, "Unavailable": l.Unavailable,
			"Protected": l.Protected, "Suspended": l.Suspended, "Likes": l.Likes.One + l.Likes.Other,
			"Replies": l.Replies.One + l.Replies.Other, "Reposts": l.Reposts.One + l.Reposts.Other,
			"ReadReplies": l.ReadReplies.One + l.ReadReplies.Other} {
			if s == "" {
				t.Errorf("%s: %s is empty", code, name)
			}
		}
		if !strings.Contains(l.Likes.Other, "%s") || !strings.Contains(l.PostBy, "%s") {
			t.Errorf("%s: counted phrases lack %%s", code)
		}
	}
	if got := langs["en"].count(langs["en"].Likes, 1, "1"); got != "1 like" {
		t.Errorf("en one like = %q", got)
	}
	if got := langs["fr"].count(langs["fr"].Replies, 0, "0"); got != "0 réponse" {
		t.Errorf("fr zero replies = %q", got)
	}
}

// TestPostFragment checks that the fragment is the card markup the document
// embeds, so timelines and the permalink page share one code path.
func TestPostFragment(t *testing.T) {
	r := newTestRenderer(t)
	frag, err := r.PostFragment(typicalPost(t), DefaultPostOptions())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := r.PostDocument(typicalPost(t), DefaultPostOptions())
	if err != nil {
		t.Fatal(err)
	}
	min, err := r.min.html([]byte(frag))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(frag), `<article class="card" aria-label="Post by Ada Lovelace">`) {
		t.Errorf("fragment does not start with the card article: %.80s", frag)
	}
	if !strings.Contains(string(doc), string(min)) {
		t.Errorf("document does not contain the minified fragment")
	}
}
