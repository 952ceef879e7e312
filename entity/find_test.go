package entity

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// span is what a test expects of one entity: its kind, the exact text it
// covers and its value.
type span struct {
	kind  storage.EntityKind
	typed string
	value string
}

func url(typed, value string) span { return span{storage.EntityURL, typed, value} }
func mention(typed string) span    { return span{storage.EntityMention, typed, typed[1:]} }
func hashtag(typed, value string) span {
	return span{storage.EntityHashtag, typed, value}
}
func cashtag(typed, value string) span { return span{storage.EntityCashtag, typed, value} }

func TestFind(t *testing.T) {
	tests := map[string]struct {
		text string
		want []span
	}{
		"empty":                 {"", nil},
		"plain":                 {"just words here.", nil},
		"https":                 {"see https://example.com/a?b=c#d now", []span{url("https://example.com/a?b=c#d", "https://example.com/a?b=c#d")}},
		"http upper scheme":     {"HTTP://Example.COM", []span{url("HTTP://Example.COM", "HTTP://Example.COM")}},
		"bare domain":           {"go to example.com/path.", []span{url("example.com/path", "https://example.com/path")}},
		"bare www":              {"www.example.org!", []span{url("www.example.org", "https://www.example.org")}},
		"bare unknown tld":      {"file.txtx and main.go", nil},
		"short cctld no path":   {"read readme.md and bit.ly", nil},
		"short cctld with path": {"bit.ly/abc", []span{url("bit.ly/abc", "https://bit.ly/abc")}},
		"co without path":       {"t.co", []span{url("t.co", "https://t.co")}},
		"three labels cctld":    {"bbc.co.uk", []span{url("bbc.co.uk", "https://bbc.co.uk")}},
		"trailing punctuation":  {"(https://example.com/x), ok? https://a.io/b... 'https://c.org/d'", []span{url("https://example.com/x", "https://example.com/x"), url("https://a.io/b", "https://a.io/b"), url("https://c.org/d", "https://c.org/d")}},
		"wikipedia parens":      {"(see https://en.wikipedia.org/wiki/Go_(language))", []span{url("https://en.wikipedia.org/wiki/Go_(language)", "https://en.wikipedia.org/wiki/Go_(language)")}},
		"port":                  {"http://example.com:8080/x", []span{url("http://example.com:8080/x", "http://example.com:8080/x")}},
		"ipv4":                  {"http://127.0.0.1/x", []span{url("http://127.0.0.1/x", "http://127.0.0.1/x")}},
		"javascript never":      {"javascript:alert(1) JaVaScRiPt&colon;x data:text/html,hi", nil},
		"ftp not a scheme":      {"ftp://files", nil},
		"mailto":                {"mail mailto:me@example.com.", []span{url("mailto:me@example.com", "mailto:me@example.com")}},
		"email is nothing":      {"me@example.com user.name@example.org", nil},
		"version numbers":       {"v1.2.3 and 3.14", nil},
		"url then cjk":          {"見てhttps://example.com/aです", []span{url("https://example.com/a", "https://example.com/a")}},
		"url then emoji":        {"https://example.com😀", []span{url("https://example.com", "https://example.com")}},
		"domain runs into word": {"example.comé", nil},
		"mention":               {"hi @alice!", []span{mention("@alice")}},
		"mention start":         {"@Bob_1 hi", []span{mention("@Bob_1")}},
		"mention 30":            {"@" + strings.Repeat("a", 30), []span{mention("@" + strings.Repeat("a", 30))}},
		"mention 31":            {"@" + strings.Repeat("a", 31), nil},
		"mention after word":    {"foo@bar", nil},
		"double at":             {"@@bar", nil},
		"mention fediverse":     {"cc @user@mastodon.social.", []span{{storage.EntityMention, "@user@mastodon.social", "user@mastodon.social"}}},
		"mention bad instance":  {"@user@ x", nil},
		"mention then cjk":      {"@userさん", []span{mention("@user")}},
		"mention after cjk":     {"こんにちは@user", []span{mention("@user")}},
		"mention accented":      {"@josé", nil},
		"hashtag":               {"#go is fun", []span{hashtag("#go", "go")}},
		"hashtag digits only":   {"#1 and #2024", nil},
		"hashtag with digits":   {"#1st #go2", []span{hashtag("#1st", "1st"), hashtag("#go2", "go2")}},
		"html entity":           {"it&#39;s &#x27;", nil},
		"hashtag after word":    {"a#b", nil},
		"hashtag fullwidth":     {"＃タグ", []span{hashtag("＃タグ", "タグ")}},
		"hashtag after cjk":     {"日本語#タグ です", []span{hashtag("#タグ", "タグ")}},
		"hashtag arabic":        {"مرحبا #وسم_عربي.", []span{hashtag("#وسم_عربي", "وسم_عربي")}},
		"hashtag hebrew":        {"שלום #עברית", []span{hashtag("#עברית", "עברית")}},
		"hashtag persian zwnj":  {"#می\u200cخواهم", []span{hashtag("#می\u200cخواهم", "می\u200cخواهم")}},
		"hashtag hindi marks":   {"#हिन्दी", []span{hashtag("#हिन्दी", "हिन्दी")}},
		"hashtag combining":     {"#cafe\u0301!", []span{hashtag("#cafe\u0301", "cafe\u0301")}},
		"hashtag then emoji":    {"#love❤️ #fam👨\u200d👩\u200d👧 #x🇫🇷", []span{hashtag("#love", "love"), hashtag("#fam", "fam"), hashtag("#x", "x")}},
		"hashtag after emoji":   {"❤️#love 🇫🇷#paris", []span{hashtag("#love", "love"), hashtag("#paris", "paris")}},
		"keycap emoji":          {"#️⃣ and #\u20e3", nil},
		"hashtag trailing zwj":  {"#go\u200d", []span{hashtag("#go", "go")}},
		"hashtag then hash":     {"#a#b", nil},
		"cashtag":               {"buy $aapl and $BRK.B now", []span{cashtag("$aapl", "AAPL"), cashtag("$BRK.B", "BRK.B")}},
		"cashtag money":         {"$5 or $5.00", nil},
		"cashtag too long":      {"$ABCDEFG", nil},
		"cashtag sentence end":  {"I like $TSLA.", []span{cashtag("$TSLA", "TSLA")}},
		"cashtag suffix word":   {"$AAPL.com", []span{cashtag("$AAPL", "AAPL")}},
		"cashtag after word":    {"a$AAPL", nil},
		"url wins over tag":     {"https://example.com/#frag @a", []span{url("https://example.com/#frag", "https://example.com/#frag"), mention("@a")}},
		"mixed":                 {"@a #b $CD https://e.fr/g", []span{mention("@a"), hashtag("#b", "b"), cashtag("$CD", "CD"), url("https://e.fr/g", "https://e.fr/g")}},
		"invalid utf8":          {"\xff#tag\xfe @x\x80", []span{hashtag("#tag", "tag"), mention("@x")}},
		"userinfo not linked":   {"https://user@evil.com", nil},
		"newline separates":     {"#a\n#b", []span{hashtag("#a", "a"), hashtag("#b", "b")}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := describe(tc.text, Find(tc.text))
			want := fmt.Sprint(tc.want)
			if got != want {
				t.Errorf("Find(%q)\n got %s\nwant %s", tc.text, got, want)
			}
		})
	}
}

// describe turns found entities into spans, checking that each one's
// offsets cover its text.
func describe(text string, ents []storage.Entity) string {
	var out []span
	for _, e := range ents {
		out = append(out, span{e.Kind, text[e.Start:e.End], e.Value})
	}
	return fmt.Sprint(out)
}

func TestFindIsLinear(t *testing.T) {
	inputs := map[string]string{
		"dots":     strings.Repeat("a.", 50000),
		"hashes":   strings.Repeat("#a", 50000),
		"ats":      "@a" + strings.Repeat("@a.", 50000),
		"parens":   "https://x.com/" + strings.Repeat("(", 50000),
		"schemes":  strings.Repeat("http://", 50000),
		"tag body": "#" + strings.Repeat("1", 100000) + "#",
	}
	for name, text := range inputs {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			Find(text)
			// A quadratic scan of 100 KB takes seconds; a linear one, about a millisecond.
			if took := time.Since(start); took > 250*time.Millisecond {
				t.Errorf("Find took %v on %d bytes; want linear time", took, len(text))
			}
		})
	}
}
