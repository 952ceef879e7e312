package server

import (
	"net/url"
	"strings"
	"testing"
)

// oembedCase is one request to /oembed and what its answer must be. For a
// 200, page is the URL the html must link to, width and height the exact
// size (height 0: any positive), thumb whether the trio must be present.
type oembedCase struct {
	name   string
	url    string // the url parameter, unescaped
	query  string // more parameters, already escaped ("&format=xml")
	status int
	page   string
	width  int
	height int
	thumb  bool
	form   htmlForm
	xml    bool
}

// get sends the case's request.
func (c oembedCase) get(t *testing.T, f *fixture) response {
	t.Helper()
	return f.do(t, "GET", "/oembed?url="+url.QueryEscape(c.url)+c.query, nil, nil)
}

// check validates an answer: headers, status, schema and html, or a short
// plain-text error body.
func (c oembedCase) check(t *testing.T, r response) {
	t.Helper()
	if r.status != c.status {
		t.Fatalf("status = %d, want %d; body %.200s", r.status, c.status, r.body)
	}
	if got := r.header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin = %q, want *", got)
	}
	if c.status != 200 {
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || len(r.body) > 200 || strings.ContainsAny(r.body, "<{") {
			t.Errorf("error answer is not short plain text: %q %q", ct, r.body)
		}
		return
	}
	var d oembedDoc
	if c.xml {
		d = checkOEmbedXML(t, r)
	} else {
		d = checkOEmbedJSON(t, r)
	}
	if d.Width != c.width || (c.height != 0 && d.Height != c.height) {
		t.Errorf("size %dx%d, want %dx%d", d.Width, d.Height, c.width, c.height)
	}
	if d.hasThumb != c.thumb {
		t.Errorf("thumbnail present = %v, want %v", d.hasThumb, c.thumb)
	}
	checkEmbedHTML(t, d.HTML, c.form, c.page, d.Width, d.Height)
}

// TestOEmbedConformance runs every accepted url form, every status and
// format, the clamping of sizes and over a hundred rejected urls against a
// real server, with outbound HTTP and DNS rigged to fail the test: /oembed
// must look urls up, never fetch or resolve them.
func TestOEmbedConformance(t *testing.T) {
	f := newFixture(t, Config{PublicURL: testPublic})
	ids := seedEmbeds(t, f)
	forbidOutbound(t)
	cases := append(acceptedCases(ids), statusCases(ids)...)
	cases = append(cases, rejectedCases(ids)...)
	if len(cases) < 200 {
		t.Fatalf("only %d cases", len(cases))
	}
	rejected := 0
	for _, c := range cases {
		if c.status == 400 || c.status == 404 {
			rejected++
		}
		t.Run(c.name, func(t *testing.T) { c.check(t, c.get(t, f)) })
	}
	if rejected < 100 {
		t.Errorf("only %d rejected urls, want 100+", rejected)
	}
}

// acceptedCases are the url forms /oembed answers with 200.
func acceptedCases(s embedIDs) []oembedCase {
	perma := testPublic + "/alice/status/" + s.image
	plain := testPublic + "/alice/status/" + s.plain
	xperma := testPublic + "/xuser/status/" + xPostID
	mperma := testPublic + "/masto/status/" + mastoID
	aperma := testPublic + "/anna/status/" + idnPostID
	profile := testPublic + "/alice"
	list := testPublic + "/embed/list/" + s.listID
	tag := testPublic + "/embed/hashtag/roost"
	post := func(name, u, page string, thumb bool) oembedCase {
		return oembedCase{name: name, url: u, status: 200, page: page, width: 550, thumb: thumb}
	}
	tl := func(name, u, page string) oembedCase {
		return oembedCase{name: name, url: u, status: 200, page: page, width: 550, height: 600}
	}
	return []oembedCase{
		post("roost permalink", perma, perma, true),
		post("roost permalink https", "https://roost.test/alice/status/"+s.image, perma, true),
		post("roost upper-case host", "http://ROOST.Test/alice/status/"+s.image, perma, true),
		post("roost trailing slash", perma+"/", perma, true),
		post("roost query", perma+"?s=20&lang=fr", perma, true),
		post("roost fragment", perma+"#top", perma, true),
		post("roost explicit port 80", "http://roost.test:80/alice/status/"+s.image, perma, true),
		post("roost handle case", testPublic+"/ALICE/status/"+s.image, perma, true),
		post("roost other handle", testPublic+"/xuser/status/"+s.image, perma, true),
		post("roost embed post url", testPublic+"/embed/post/"+s.image, perma, true),
		post("roost text only", plain, plain, false),
		post("roost quote", testPublic+"/alice/status/"+s.quote, testPublic+"/alice/status/"+s.quote, false),
		post("roost reply", testPublic+"/alice/status/"+s.reply, testPublic+"/alice/status/"+s.reply, false),
		post("roost content warning hides thumbnail", testPublic+"/alice/status/"+s.cwPost, testPublic+"/alice/status/"+s.cwPost, false),
		post("roost hostile text", testPublic+"/mallory/status/"+s.hostile, testPublic+"/mallory/status/"+s.hostile, false),
		post("x.com", "https://x.com/XUser/status/"+xPostID, xperma, false),
		post("twitter.com", "https://twitter.com/XUser/status/"+xPostID, xperma, false),
		post("www.twitter.com", "https://www.twitter.com/XUser/status/"+xPostID, xperma, false),
		post("mobile.twitter.com", "https://mobile.twitter.com/XUser/status/"+xPostID, xperma, false),
		post("www.x.com", "https://www.x.com/XUser/status/"+xPostID, xperma, false),
		post("mobile.x.com", "https://mobile.x.com/XUser/status/"+xPostID, xperma, false),
		post("x.com http", "http://x.com/XUser/status/"+xPostID, xperma, false),
		post("x.com scheme case", "hTtPs://x.com/XUser/status/"+xPostID, xperma, false),
		post("x.com statuses and case", "https://X.COM/xuser/statuses/"+xPostID, xperma, false),
		post("x.com query", "https://x.com/XUser/status/"+xPostID+"?s=20&t=abc", xperma, false),
		post("x.com trailing slash", "https://x.com/XUser/status/"+xPostID+"/", xperma, false),
		post("x.com i/web", "https://x.com/i/web/status/"+xPostID, xperma, false),
		post("x.com port 443", "https://x.com:443/XUser/status/"+xPostID, xperma, false),
		post("mastodon @ form", "https://mastodon.example/@masto/"+mastoID, mperma, false),
		post("mastodon users form", "https://mastodon.example/users/masto/statuses/"+mastoID, mperma, false),
		post("mastodon case", "https://MASTODON.example/@Masto/"+mastoID, mperma, false),
		post("mastodon trailing slash", "https://mastodon.example/@masto/"+mastoID+"/", mperma, false),
		post("mastodon http", "http://mastodon.example/@masto/"+mastoID, mperma, false),
		post("mastodon IDN host via profile", "https://bücher.example/@anna/"+idnPostID, aperma, false),
		post("mastodon punycode host via profile", "https://xn--bcher-kva.example/@anna/"+idnPostID, aperma, false),
		tl("profile", profile, profile),
		tl("profile trailing slash", profile+"/", profile),
		tl("profile case", testPublic+"/Alice", profile),
		tl("embed timeline url", testPublic+"/embed/timeline/alice", profile),
		tl("list", list, list),
		tl("list i/lists form", testPublic+"/i/lists/"+s.listID, list),
		tl("hashtag", tag, tag),
		tl("hashtag case", testPublic+"/embed/hashtag/Roost", tag),
		tl("hashtag unicode", testPublic+"/embed/hashtag/caf%C3%A9", testPublic+"/embed/hashtag/caf%C3%A9"),
		tl("hashtag unknown but valid", testPublic+"/embed/hashtag/nobodyusesthis", testPublic+"/embed/hashtag/nobodyusesthis"),
	}
}

// statusCases cover formats, options, clamping and the post states.
func statusCases(s embedIDs) []oembedCase {
	perma := testPublic + "/alice/status/" + s.image
	profile := testPublic + "/alice"
	opt := func(name, u, q, page string, w, h int, thumb bool, form htmlForm) oembedCase {
		return oembedCase{name: name, url: u, query: q, status: 200, page: page, width: w, height: h, thumb: thumb, form: form}
	}
	xmlCase := func(name, u, q, page string, w, h int, thumb bool) oembedCase {
		c := opt(name, u, q, page, w, h, thumb, formScript)
		c.xml = true
		return c
	}
	return []oembedCase{
		xmlCase("xml post", perma, "&format=xml", perma, 550, 0, true),
		xmlCase("xml upper-case format", perma, "&format=XML", perma, 550, 0, true),
		xmlCase("xml profile", profile, "&format=xml&maxheight=400", profile, 550, 400, false),
		xmlCase("xml hostile", testPublic+"/mallory/status/"+s.hostile, "&format=xml", testPublic+"/mallory/status/"+s.hostile, 550, 0, false),
		opt("json explicit", perma, "&format=json", perma, 550, 0, true, formScript),
		opt("callback ignored, no JSONP", perma, "&callback=alert", perma, 550, 0, true, formScript),
		opt("unknown parameters ignored", perma, "&foo=bar&maxwidth=abc", perma, 550, 0, true, formScript),
		opt("omit_script", perma, "&omit_script=true", perma, 550, 0, true, formOmit),
		opt("omit_script 1", perma, "&omit_script=1", perma, 550, 0, true, formOmit),
		opt("iframe", perma, "&iframe=true", perma, 550, 0, true, formIFrame),
		opt("iframe with options", perma, "&iframe=true&theme=dark&hide_media=true&lang=ar&dnt=true", perma, 550, 0, true, formIFrame),
		opt("iframe timeline", profile, "&iframe=true&limit=5&chrome=noheader", profile, 550, 600, false, formIFrame),
		opt("post maxwidth below range", perma, "&maxwidth=100", perma, 220, 0, true, formScript),
		opt("post maxwidth above range", perma, "&maxwidth=5000", perma, 550, 0, true, formScript),
		opt("post maxwidth bucketed", perma, "&maxwidth=333", perma, 330, 0, true, formScript),
		opt("post maxwidth exact", perma, "&maxwidth=400", perma, 400, 0, true, formScript),
		opt("timeline maxwidth below", profile, "&maxwidth=100", profile, 180, 600, false, formScript),
		opt("timeline maxwidth above", profile, "&maxwidth=5000", profile, 1200, 600, false, formScript),
		opt("timeline maxwidth mid", profile, "&maxwidth=700", profile, 700, 600, false, formScript),
		opt("timeline maxheight", profile, "&maxheight=300", profile, 550, 300, false, formScript),
		opt("timeline maxheight below min", profile, "&maxheight=50", profile, 550, 200, false, formScript),
		opt("timeline options", profile, "&limit=3&theme=dark&aria_polite=assertive&border_color=%23f0c", profile, 550, 600, false, formScript),
		{name: "format jsonp", url: perma, query: "&format=jsonp", status: 501},
		{name: "format html", url: perma, query: "&format=html", status: 501},
		{name: "format xml with junk", url: perma, query: "&format=xml2", status: 501},
		{name: "protected post", url: testPublic + "/hidden/status/" + s.priv, status: 401},
		{name: "protected post xml", url: testPublic + "/hidden/status/" + s.priv, query: "&format=xml", status: 401},
		{name: "protected profile", url: testPublic + "/hidden", status: 401},
		{name: "suspended post", url: testPublic + "/banned/status/" + s.gone, status: 404},
		{name: "suspended profile", url: testPublic + "/banned", status: 404},
		{name: "unknown post", url: testPublic + "/alice/status/999", status: 404},
		{name: "unknown profile", url: testPublic + "/nobody", status: 404},
		{name: "unknown list", url: testPublic + "/embed/list/999", status: 404},
		{name: "no url parameter", url: "", status: 400},
	}
}

// rejectedCases are malformed urls (400) and well-formed ones that name
// nothing Roost may embed (404): other and look-alike hosts, foreign
// claims on imported posts, userinfo, ports, IP literals, encodings.
func rejectedCases(s embedIDs) []oembedCase {
	var out []oembedCase
	bad := func(name, u string) { out = append(out, oembedCase{name: "bad/" + name, url: u, status: 400}) }
	unknown := func(name, u string) { out = append(out, oembedCase{name: "unknown/" + name, url: u, status: 404}) }
	xp := "/XUser/status/" + xPostID
	mp := "/@masto/" + mastoID
	rp := "/alice/status/" + s.image
	for _, h := range []string{"x.com.evil.example", "evilx.com", "x.co", "x.com.co", "twitter.com.evil.example",
		"eviltwitter.com", "twitter.co", "xcom.example", "x-com.example", "mobile.twitter.com.evil.example",
		"roost.test.evil.example", "evilroost.test", "sub.roost.test", "roost.tes", "xn--80ak6aa92e.com",
		"х.com", "twittеr.com", "mastodon.example.evil.example", "evil.example", "wwwx.com"} {
		unknown("lookalike "+h+" x path", "https://"+h+xp)
		unknown("lookalike "+h+" roost path", "http://"+h+rp)
		unknown("lookalike "+h+" mastodon path", "https://"+h+mp)
	}
	for _, u := range []string{"https://user@x.com" + xp, "https://user:pass@roost.test" + rp, "https://x.com@evil.example" + xp,
		"https://:@x.com" + xp, "http://roost.test@evil.example" + rp} {
		bad("userinfo "+u, u)
	}
	for _, u := range []string{"http://roost.test:8080" + rp, "http://roost.test:0" + rp, "http://roost.test:" + rp,
		"https://x.com:8443" + xp, "https://x.com:80" + xp, "https://mastodon.example:8443" + mp, "http://roost.test:443" + rp,
		"http://roost.test:99999" + rp} {
		bad("port "+u, u)
	}
	for _, h := range []string{"127.0.0.1", "[::1]", "2130706433", "0x7f.1", "127.1", "10.0.0.1", "169.254.169.254",
		"[fe80::1%25eth0]", "0177.0.0.1", "[::ffff:127.0.0.1]", "0x7f000001", "192.168.0.1"} {
		bad("ip "+h, "http://"+h+rp)
	}
	for _, u := range []string{"http://roost.test/alice%2Fstatus%2F" + s.image, "http://roost.test/alice/status/" + s.image + "%2F",
		"http://roost.test/%2e%2e/alice", "http://roost.test/alice/../alice/status/" + s.image, "http://roost.test/./alice",
		"http://roost.test/alice/status/" + s.image + "%00", "https://x.com/XUser%2fstatus%2f" + xPostID,
		"https://x.com/XUser%5cstatus/" + xPostID, "http://roost.test/%252e%252e/alice", "http://roost.test/alice%2e"} {
		bad("encoding "+u, u)
	}
	for _, u := range []string{"https://x.com\\XUser\\status\\" + xPostID, "https://evil.example\\@x.com" + xp,
		"http://roost.test\\alice", "https:\\\\x.com" + xp} {
		bad("backslash "+u, u)
	}
	for _, c := range []string{"\x00", "\t", "\n", "\r", " ", "\x7f", "\x1b", "\u202e", "\u200b", "\ufeff", "\u0085"} {
		bad("control "+url.QueryEscape(c), "http://roost.test/alice/status/"+s.image+c)
		bad("control in host "+url.QueryEscape(c), "http://roost"+c+".test/alice")
	}
	for _, u := range []string{"javascript:alert(1)", "JavaScript:alert(1)//roost.test/alice", "data:text/html,hi",
		"data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "ftp://roost.test" + rp, "file:///etc/passwd",
		"gopher://roost.test/alice", "ws://roost.test/alice", "roost.test" + rp, "/alice/status/" + s.image, "//roost.test" + rp,
		"alice", "http:/roost.test/alice", "http:roost.test/alice", "http://", "https:///alice", "mailto:a@roost.test",
		"http://roost.test" + rp + "\"onmouseover=alert(1)", "https://x.com/<script>", "http://roost.test/alice`",
		"http://roost.test./alice", "https://x.com." + xp, "https://x..com" + xp, "https://x_y.example/@a/1", "https://xn--x-com.example" + xp,
		"http://roost.test/alice?" + strings.Repeat("a", 3000), "http://" + strings.Repeat("a", 64) + ".example/@a/1"} {
		bad("form "+u[:min(len(u), 40)], u)
	}
	for _, u := range []string{"https://x.com/XUser/status/" + xPostID + "abc", "https://x.com/XUser/status/0" + xPostID,
		"https://x.com/XUser/status/-1", "https://x.com/XUser/status/99999999999999999999", "https://x.com/XUser/likes",
		"https://x.com/XUser", "https://x.com/XUser/status/" + xPostID + "/photo/1", "https://x.com/someoneelse/status/" + xPostID,
		"https://x.com/alice/status/" + s.image, "https://mastodon.example/@masto/" + xPostID, "https://mastodon.example/@other/" + mastoID,
		"https://mastodon.example/@masto@evil.example/" + mastoID, "https://mastodon.example/users/masto/statuses/" + mastoID + "/activity",
		"https://mastodon.example/web/statuses/" + mastoID, "https://x.com/masto/status/" + mastoID, "https://evil.example/@anna/" + idnPostID,
		"https://bücher.example/@other/" + idnPostID, "http://roost.test/alice/status/abc", "http://roost.test/alice/status/",
		"http://roost.test/", "http://roost.test", "http://roost.test/embed", "http://roost.test/embed/button/share",
		"http://roost.test/publish", "http://roost.test/api/v1/posts/" + s.image, "http://roost.test/oembed",
		"http://roost.test/status/status/" + s.image, "http://roost.test/a-b/status/" + s.image,
		"http://roost.test/" + strings.Repeat("a", 31), "http://roost.test/embed/hashtag/123", "http://roost.test/embed/hashtag/a-b",
		"http://roost.test/embed/list/abc", "http://roost.test/alice/status/" + s.image + "/extra"} {
		unknown("path "+u, u)
	}
	return out
}
