package richtext

import (
	"strings"
	"testing"

	"github.com/roost-embed/roost/entity"
	"github.com/roost-embed/roost/storage"
)

// testLinks builds entity hrefs the way a card renderer might.
func testLinks() Links {
	return Links{
		Mention: func(h string) string { return "https://roost.test/" + h },
		Hashtag: func(t string) string { return "https://roost.test/hashtag/" + t },
		Cashtag: func(s string) string { return "https://roost.test/search?q=%24" + s },
	}
}

// a is the markup of an external link.
func a(href, text string) string {
	return `<a href="` + href + `" rel="noopener noreferrer nofollow ugc" target="_blank">` + text + `</a>`
}

const (
	mBob  = `<a href="https://roost.test/bob" class="m">@bob</a>`
	hGo   = `<a href="https://roost.test/hashtag/go" class="h">#go</a>`
	cAAPL = `<a href="https://roost.test/search?q=%24AAPL" class="c">$AAPL</a>`
)

func TestHTMLWithFoundEntities(t *testing.T) {
	tests := map[string]struct{ text, want string }{
		"plain":        {"hello world", "hello world"},
		"empty":        {"", ""},
		"mention":      {"hi @bob!", "hi " + mBob + "!"},
		"hashtag":      {"#go rocks", hGo + " rocks"},
		"cashtag":      {"buy $aapl", `buy <a href="https://roost.test/search?q=%24AAPL" class="c">$aapl</a>`},
		"fediverse":    {"@bob@mastodon.social", `<a href="https://roost.test/bob@mastodon.social" class="m">@bob@mastodon.social</a>`},
		"url short":    {"https://example.com/", a("https://example.com/", "example.com")},
		"url www":      {"see http://www.example.org/x.", "see " + a("http://www.example.org/x", "example.org/x") + "."},
		"url long":     {"https://www.example.com/a/very/long/path?x=1", a("https://www.example.com/a/very/long/path?x=1", "example.com/a/very/long/p…")},
		"bare domain":  {"example.com/p", a("https://example.com/p", "example.com/p")},
		"mailto":       {"mailto:me@example.com", a("mailto:me@example.com", "mailto:me@example.com")},
		"url amp":      {"https://x.org/?a=1&b='2'", a("https://x.org/?a=1&amp;b=&#39;2", "x.org/?a=1&amp;b=&#39;2") + "&#39;"},
		"emoji":        {"😀@bob👨\u200d👩#go🇫🇷", "😀" + mBob + "👨\u200d👩" + hGo + "🇫🇷"},
		"cjk":          {"日本語#タグ です@bobさん", `日本語<a href="https://roost.test/hashtag/タグ" class="h">#タグ</a> です` + mBob + "さん"},
		"arabic":       {"مرحبا #go و@bob @bob", "مرحبا " + hGo + " و@bob " + mBob},
		"hash number":  {"#1 is first", "#1 is first"},
		"stars":        {"*stars* and _under_ and **bold**", "*stars* and _under_ and **bold**"},
		"code span":    {"`code` here", "`code` here"},
		"quote":        {"> quote", "&gt; quote"},
		"list":         {"1. item\n- item\n+ item", "1. item<br>- item<br>+ item"},
		"heading":      {"# head\n## head", "# head<br>## head"},
		"link syntax":  {"[a](b) ![i](j)", "[a](b) ![i](j)"},
		"raw html":     {"<script>alert(1)</script><b>x</b>", "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"},
		"entity ref":   {"&amp; &lt; &#39; &copy;", "&amp;amp; &amp;lt; &amp;#39; &amp;copy;"},
		"backslashes":  {`\*not\* \\ \` + "\nend\\", `\*not\* \\ \<br>end\`},
		"leading":      {"    code\n  two", "    code<br>  two"},
		"trailing":     {"a  \nb \t", "a  <br>b \t"},
		"rules":        {"a\n---\n===\n***", "a<br>---<br>===<br>***"},
		"fence":        {"```\ncode\n```", "```<br>code<br>```"},
		"blank lines":  {"\n\na\n\n\nb\n\n", "<br><br>a<br><br><br>b<br><br>"},
		"only blank":   {"\n \n", "<br> <br>"},
		"crlf":         {"a\r\nb\rc", "a<br>b<br>c"},
		"quotes":       {`"q" 'a'`, "&#34;q&#34; &#39;a&#39;"},
		"invalid utf8": {"\xffa\x00b\xc3", "\uFFFDa\uFFFDb\uFFFD"},
		"multi line":   {"@bob\n#go\n$AAPL", mBob + "<br>" + hGo + "<br>" + cAAPL},
		"javascript":   {"javascript:alert(1) data:text/html,x", "javascript:alert(1) data:text/html,x"},
	}
	r := New(testLinks())
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := string(r.HTML(tc.text, entity.Find(tc.text)))
			if got != tc.want {
				t.Errorf("HTML(%q)\n got %s\nwant %s", tc.text, got, tc.want)
			}
			checkMarkup(t, got)
		})
	}
}

func TestHTMLDistrustsStoredEntities(t *testing.T) {
	url := func(start, end int, v string) storage.Entity {
		return storage.Entity{Kind: storage.EntityURL, Start: start, End: end, Value: v}
	}
	tag := func(start, end int, v string) storage.Entity {
		return storage.Entity{Kind: storage.EntityHashtag, Start: start, End: end, Value: v}
	}
	tests := map[string]struct {
		text string
		ents []storage.Entity
		want string
	}{
		"javascript":      {"click me", []storage.Entity{url(0, 5, "javascript:alert(1)")}, "click me"},
		"mixed case":      {"click me", []storage.Entity{url(0, 5, "JaVaScRiPt:alert(1)")}, "click me"},
		"colon entity":    {"click me", []storage.Entity{url(0, 5, "JaVaScRiPt&colon;alert(1)")}, "click me"},
		"data":            {"click me", []storage.Entity{url(0, 5, "data:text/html,<script>")}, "click me"},
		"relative":        {"click me", []storage.Entity{url(0, 5, "//evil.example/x")}, "click me"},
		"control char":    {"click me", []storage.Entity{url(0, 5, "https://a.b/\n")}, "click me"},
		"out of range":    {"abc", []storage.Entity{tag(1, 9, "x"), tag(-1, 2, "x"), tag(2, 2, "x")}, "abc"},
		"mid rune":        {"é#go", []storage.Entity{tag(1, 5, "go")}, "é#go"},
		"across lines":    {"#a\nb", []storage.Entity{tag(0, 4, "a")}, "#a<br>b"},
		"overlap":         {"#go #x", []storage.Entity{tag(0, 3, "go"), tag(1, 6, "o")}, hGo + " #x"},
		"unsorted":        {"#go @bob", []storage.Entity{{Kind: storage.EntityMention, Start: 4, End: 8, Value: "bob"}, tag(0, 3, "go")}, hGo + " " + mBob},
		"bad handle":      {"@bob", []storage.Entity{{Kind: storage.EntityMention, Start: 0, End: 4, Value: `"><script>`}}, "@bob"},
		"unknown kind":    {"#go", []storage.Entity{{Kind: "emoji", Start: 0, End: 3, Value: "go"}}, "#go"},
		"hostile tag":     {"#x", []storage.Entity{tag(0, 2, `"><img src=x onerror=alert(1)>`)}, `<a href="https://roost.test/hashtag/&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" class="h">#x</a>`},
		"display escapes": {"<b>", []storage.Entity{url(0, 3, "https://x.org/<b>")}, a("https://x.org/&lt;b&gt;", "x.org/&lt;b&gt;")},
	}
	r := New(testLinks())
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := string(r.HTML(tc.text, tc.ents))
			if got != tc.want {
				t.Errorf("HTML(%q, %+v)\n got %s\nwant %s", tc.text, tc.ents, got, tc.want)
			}
			checkMarkup(t, got)
		})
	}
}

func TestHTMLWithoutLinkBuilders(t *testing.T) {
	text := "@bob #go $AAPL https://x.org"
	got := string(New(Links{}).HTML(text, entity.Find(text)))
	want := "@bob #go $AAPL " + a("https://x.org", "x.org")
	if got != want {
		t.Errorf("HTML with no Links\n got %s\nwant %s", got, want)
	}
}

func TestHTMLConcurrent(t *testing.T) {
	r := New(testLinks())
	text := "hi @bob #go $AAPL https://example.com/x\nline two"
	want := string(r.HTML(text, entity.Find(text)))
	done := make(chan string)
	for range 8 {
		go func() {
			var got string
			for range 200 {
				got = string(r.HTML(text, entity.Find(text)))
			}
			done <- got
		}()
	}
	for range 8 {
		if got := <-done; got != want {
			t.Fatalf("concurrent render differs:\n got %s\nwant %s", got, want)
		}
	}
}

// checkMarkup fails t unless every tag in html is <br>, </a>, or an <a>
// whose href is http, https or mailto (or the test links' https host).
func checkMarkup(t *testing.T, html string) {
	t.Helper()
	if problem := markupProblem(html); problem != "" {
		t.Errorf("unsafe markup (%s) in %s", problem, html)
	}
}

// markupProblem describes the first disallowed tag or href in html, or
// returns "".
func markupProblem(html string) string {
	for rest := html; ; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			return ""
		}
		rest = rest[i:]
		switch {
		case strings.HasPrefix(rest, "<br>"), strings.HasPrefix(rest, "</a>"):
		case strings.HasPrefix(rest, `<a href="`):
			href := rest[len(`<a href="`):]
			if !strings.HasPrefix(href, "http://") && !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "mailto:") {
				return "href " + href[:min(len(href), 20)]
			}
			end := strings.IndexByte(href, '>')
			if end < 0 || strings.ContainsAny(href[:end], "<") {
				return "unterminated <a>"
			}
		default:
			return "tag " + rest[:min(len(rest), 10)]
		}
		rest = rest[1:]
	}
}

func TestMarkupProblem(t *testing.T) {
	tests := map[string]bool{ // html → whether it is acceptable
		`a<br>b`:                                true,
		`<a href="https://x.org" rel="x">x</a>`: true,
		`<a href="mailto:a@b.co">m</a>`:         true,
		`<script>`:                              false,
		`<a href="javascript:alert(1)">x</a>`:   false,
		`<a href="/relative">x</a>`:             false,
		`<b>x</b>`:                              false,
		`<a href="https://x.org`:                false,
	}
	for html, ok := range tests {
		if got := markupProblem(html) == ""; got != ok {
			t.Errorf("markupProblem(%q) accepted = %v, want %v", html, got, ok)
		}
	}
}
