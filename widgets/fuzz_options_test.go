package widgets

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// optionSeeds are query strings for the option fuzzers: the documented
// parameters with good, edge and hostile values.
var optionSeeds = []string{
	"theme=dark&lang=ar&width=325&align=center&link_color=%23abc&border_color=%23A1B2C3",
	"width=99999999999999999999&maxwidth=-1&limit=0&height=1e9&chrome=noheader+nofooter+transparent",
	"link_color=javascript:alert(1)&border_color=red;background:url(x)&theme=%3Cscript%3E",
	"text=%22%3E%3Cimg+src%3Dx+onerror%3D__xss()%3E&url=javascript:__xss()&hashtags=a,b,%3Cb%3E,c,d,e,f&via=@ada&related=x:y,z",
	"screen_name=%40ada%22onmouseover%3D&button_hashtag=%23go%E2%80%AE&size=LARGE&show_count=TRUE&show_screen_name=0",
	"lang=%ff%fe&dnt=1&hide_media=yes&cards=hidden&conversation=none&aria_polite=assertive&before=-5",
	"url=https://example.com/%0d%0aSet-Cookie:x&title=\u202e&networks=x,x,mastodon,evil",
}

// queryGetter parses raw as a query string; an unparsable one reads as
// whatever ParseQuery kept, as Fiber's parser would.
func queryGetter(raw string) func(string) string {
	v, _ := url.ParseQuery(raw)
	return v.Get
}

var colorForm = regexp.MustCompile(`^(|#[0-9a-f]{3}|#[0-9a-f]{6})$`)

// FuzzParsePostOptions: no panic; colours are empty or lower-case hex;
// the key is a function of the options; the card rendered with them
// passes the structural checker.
func FuzzParsePostOptions(f *testing.F) {
	for _, s := range optionSeeds {
		f.Add(s)
	}
	r := newTestRenderer(f)
	v := typicalPost(f)
	f.Fuzz(func(t *testing.T, raw string) {
		o := ParsePostOptions(queryGetter(raw))
		if !colorForm.MatchString(o.LinkColor) || !colorForm.MatchString(o.BorderColor) {
			t.Fatalf("colours %q %q not normalised from %q", o.LinkColor, o.BorderColor, raw)
		}
		if again := ParsePostOptions(queryGetter(raw)); again.Key() != o.Key() {
			t.Fatalf("key not stable: %q then %q", o.Key(), again.Key())
		}
		if !utf8.ValidString(o.Key()) || strings.ContainsAny(o.Key(), "\n\r\x00") {
			t.Fatalf("key %q carries raw input", o.Key())
		}
		doc, err := r.PostDocument(v, o)
		if err != nil {
			t.Fatalf("rendering with %q: %v", raw, err)
		}
		checkSafe(t, r, doc)
	})
}

// FuzzParseTimelineOptions: no panic; limit and colours bounded; the
// timeline rendered with the options passes the timeline checker.
func FuzzParseTimelineOptions(f *testing.F) {
	for _, s := range optionSeeds {
		f.Add(s)
	}
	r := newTestRenderer(f)
	tv := profileTimeline(f)
	f.Fuzz(func(t *testing.T, raw string) {
		o := ParseTimelineOptions(queryGetter(raw))
		if o.Limit < MinTimelineLimit || o.Limit > MaxTimelineLimit {
			t.Fatalf("limit %d out of bounds from %q", o.Limit, raw)
		}
		if !colorForm.MatchString(o.LinkColor) || !colorForm.MatchString(o.BorderColor) {
			t.Fatalf("colours %q %q not normalised from %q", o.LinkColor, o.BorderColor, raw)
		}
		if o.Width < 0 || o.Height < 0 || o.Width > 10000 || o.Height > 100000 {
			t.Fatalf("size %dx%d unbounded from %q", o.Width, o.Height, raw)
		}
		if again := ParseTimelineOptions(queryGetter(raw)); again.Key() != o.Key() {
			t.Fatalf("key not stable: %q then %q", o.Key(), again.Key())
		}
		doc, err := r.TimelineDocument(tv, o)
		if err != nil {
			t.Fatalf("rendering with %q: %v", raw, err)
		}
		checkTimelineSafe(t, r, doc)
	})
}

var handleForm = regexp.MustCompile(`^[A-Za-z0-9_]{0,30}$`)

// FuzzParseButtonOptions: no panic; free-form values validated (handles,
// http(s) URLs, bounded text and tag lists); the button document holds no
// handler, no script but the frame script and only safe URLs.
func FuzzParseButtonOptions(f *testing.F) {
	for _, kind := range []string{ButtonShare, ButtonFollow, ButtonMention, ButtonHashtag, ButtonMessage, "TWEET"} {
		for _, s := range optionSeeds {
			f.Add(kind, s)
		}
	}
	r := newTestRenderer(f)
	f.Fuzz(func(t *testing.T, kind, raw string) {
		o, ok := ParseButtonOptions(kind, queryGetter(raw))
		if !ok && o.Kind != "" {
			t.Fatalf("unknown kind %q kept as %q", kind, o.Kind)
		}
		for _, h := range append([]string{o.ScreenName, o.Share.Via}, o.Share.Related...) {
			if !handleForm.MatchString(h) {
				t.Fatalf("handle %q not validated from %q", h, raw)
			}
		}
		if u := strings.ToLower(o.Share.URL); u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			t.Fatalf("share URL %q is not http(s)", o.Share.URL)
		}
		if utf8.RuneCountInString(o.Share.Text) > MaxShareText || len(o.Share.Hashtags) > maxHashtags {
			t.Fatalf("text of %d characters or %d hashtags kept", utf8.RuneCountInString(o.Share.Text), len(o.Share.Hashtags))
		}
		if again, _ := ParseButtonOptions(kind, queryGetter(raw)); again.Key() != o.Key() {
			t.Fatalf("key not stable: %q then %q", o.Key(), again.Key())
		}
		doc, err := r.ButtonDocument(o, 12)
		if err != nil {
			t.Fatalf("rendering %q with %q: %v", kind, raw, err)
		}
		p := parseDoc(t, doc)
		for _, sc := range p.scripts {
			if sc != string(r.ButtonFrameScript()) {
				t.Fatalf("button document carries a script other than the button frame script: %q", sc)
			}
		}
		for _, e := range p.elems {
			for _, a := range e.attrs {
				if strings.HasPrefix(a[0], "on") || (a[0] == "href" || a[0] == "src" || a[0] == "action") && !safeURL(a[1]) {
					t.Fatalf("<%s %s=%q> from %q %q", e.tag, a[0], a[1], kind, raw)
				}
			}
			switch e.tag {
			case "iframe", "object", "embed", "form", "base", "img", "svg", "math":
				t.Fatalf("button document holds <%s> from %q %q", e.tag, kind, raw)
			}
		}
	})
}
