package server

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// FuzzOEmbedURL checks the oEmbed url parser: no panic; an accepted URL is
// absolute http(s) without userinfo, control or bidi characters; its target
// has a kind, a positive id where it needs one and a lower-case tag; and
// parsing is deterministic (the key is all a cache entry is built from).
func FuzzOEmbedURL(f *testing.F) {
	for _, s := range []string{
		"https://roost.test/ada/status/123",
		"http://ROOST.test:80/embed/post/9",
		"https://roost.test/embed/hashtag/Go_lang",
		"https://roost.test/i/lists/5",
		"https://x.com/jack/status/20",
		"https://twitter.com/i/web/status/1",
		"https://mastodon.social/@ada/1099",
		"https://mastodon.social/users/ada/statuses/1099",
		"https://xn--80ak6aa92e.com/@a/1",
		"javascript://roost.test/%0aalert(1)",
		"https://user:pw@roost.test/ada",
		"https://roost.test/%2e%2e/admin",
		"https://127.1/@a/1",
		"https://roost.test/ada/status/0123",
		"https://roost.test\u202e/ada",
	} {
		f.Add(s)
	}
	p, err := newEmbedURLParser("https://roost.test")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		tg, err := p.parse(raw)
		if err != nil {
			if err != errBadEmbedURL && err != errUnknownEmbedURL {
				t.Fatalf("parse(%q): unexpected error %v", raw, err)
			}
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil || u.User != nil || u.Host == "" {
			t.Fatalf("accepted %q, which is not a plain absolute URL", raw)
		}
		if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
			t.Fatalf("accepted scheme %q in %q", u.Scheme, raw)
		}
		for _, r := range raw {
			if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == ' ' {
				t.Fatalf("accepted %q with %U", raw, r)
			}
		}
		switch tg.kind {
		case targetPost, targetList:
			if tg.id <= 0 {
				t.Fatalf("%q: target %+v without a positive id", raw, tg)
			}
		case targetHashtag:
			if tg.tag == "" || tg.tag != strings.ToLower(tg.tag) {
				t.Fatalf("%q: tag %q not normalised", raw, tg.tag)
			}
		case targetProfile:
			if tg.user == "" {
				t.Fatalf("%q: profile without a user", raw)
			}
		default:
			t.Fatalf("%q: target without a kind: %+v", raw, tg)
		}
		again, err := p.parse(raw)
		if err != nil || again.key() != tg.key() {
			t.Fatalf("%q: parse not deterministic: %+v then %+v (%v)", raw, tg, again, err)
		}
	})
}
