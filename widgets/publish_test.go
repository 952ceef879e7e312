package widgets

import (
	"strings"
	"testing"
)

// mapGetter reads options from a map, as a query would.
func mapGetter(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// publishTarget is a resolved post with its author's timeline.
func publishTarget(v *PostView) PublishTarget {
	return PublishTarget{Post: v, Timeline: &TimelineRef{Kind: TimelineProfile, Handle: "ada", Name: "Ada"},
		PageURL: testPublicURL + "/ada/status/7", ScreenName: "ada", Hashtag: "news"}
}

// TestParsePublishOptionsPicksWidget checks that the asked widget is kept
// only when the target can give it, and that button fields default to the
// target's account, tag and page.
func TestParsePublishOptionsPicksWidget(t *testing.T) {
	post := publishTarget(typicalPost(t))
	profile := PublishTarget{Timeline: post.Timeline, PageURL: testPublicURL + "/ada", ScreenName: "ada"}
	cases := map[string]struct {
		t             PublishTarget
		asked, widget string
	}{
		"post asked":               {post, "post", WidgetPost},
		"nothing asked, post":      {post, "", WidgetPost},
		"nothing asked, profile":   {profile, "", WidgetTimeline},
		"post asked of a profile":  {profile, "post", WidgetTimeline},
		"follow of a profile":      {profile, "FOLLOW", ButtonFollow},
		"unknown widget":           {post, "<script>", WidgetPost},
		"share bar of a bare page": {PublishTarget{PageURL: "https://news.example/a"}, "sharebar", WidgetSharebar},
		"timeline of a bare page":  {PublishTarget{PageURL: "https://news.example/a"}, "timeline", ButtonShare},
	}
	for name, tc := range cases {
		o := ParsePublishOptions(mapGetter(map[string]string{"widget": tc.asked}), tc.t)
		if o.Widget != tc.widget {
			t.Errorf("%s: widget = %q, want %q", name, o.Widget, tc.widget)
		}
	}
	o := ParsePublishOptions(mapGetter(map[string]string{"widget": "hashtag", "url": "https://evil.example"}), post)
	if o.Button.Hashtag != "news" || o.Button.Share.URL != post.PageURL {
		t.Errorf("hashtag button = %+v, want the target's tag and page (never the query's url)", o.Button)
	}
}

// TestPublishEmbedForms checks each widget's snippets: which forms exist,
// that the loader markup is the oEmbed html, and the deep link.
func TestPublishEmbedForms(t *testing.T) {
	r := newTestRenderer(t)
	tgt := publishTarget(typicalPost(t))
	cases := map[string]struct {
		q        map[string]string
		ids      string
		contains []string
	}{
		"post": {map[string]string{"widget": "post", "theme": "dark", "width": "333"}, "loader iframe oembed wordpress wordpress-url hugo hugo-shortcode",
			[]string{`class="roost-post"`, `/embed/post/`, `maxwidth=330`, `wp_oembed_add_provider( 'https://roost.example/*', 'https://roost.example/oembed', false );`, `{{< roost url="https://roost.example/ada/status/7" theme="dark" maxwidth="330" >}}`}},
		"timeline": {map[string]string{"widget": "timeline", "limit": "3", "chrome": "noheader"}, "loader iframe oembed wordpress wordpress-url hugo hugo-shortcode",
			[]string{`class="roost-timeline"`, `/embed/timeline/ada?limit=3&amp;chrome=noheader`, `data-limit="3"`}},
		"follow":   {map[string]string{"widget": "follow", "show_count": "1"}, "loader iframe", []string{`class="roost-follow-button"`, `data-show-count="true"`, `/intent/follow?screen_name=ada`}},
		"share":    {map[string]string{"widget": "share", "text": "Read <this>"}, "loader iframe", []string{`class="roost-share-button"`, `data-text="Read &lt;this&gt;"`}},
		"sharebar": {map[string]string{"widget": "sharebar", "omit_script": "true"}, "loader iframe", []string{`class="roost-sharebar"`, `/embed/sharebar?url=`}},
	}
	for name, tc := range cases {
		o := ParsePublishOptions(mapGetter(tc.q), tgt)
		e, err := r.PublishEmbed(tgt, o)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var ids []string
		all := ""
		for _, s := range e.Snippets {
			ids = append(ids, s.ID)
			all += s.Code + "\n"
		}
		if strings.Join(ids, " ") != tc.ids {
			t.Errorf("%s: snippets %v, want %s", name, ids, tc.ids)
		}
		for _, c := range tc.contains {
			if !strings.Contains(all, c) {
				t.Errorf("%s: code lacks %q:\n%s", name, c, all)
			}
		}
		if strings.Contains(all, "widgets.js") == (tc.q["omit_script"] == "true") && name != "sharebar" {
			t.Errorf("%s: omit_script=%q but script tag presence is wrong", name, tc.q["omit_script"])
		}
	}
	if _, err := r.PublishEmbed(PublishTarget{}, PublishOptions{Widget: WidgetPost}); err != ErrWidgetNeedsTarget {
		t.Errorf("post card without a post: err = %v", err)
	}
}

// TestPublishPageHostile renders the configurator with every user field
// of the target and every option set to a payload, and checks the page with
// the card checker's parser: our script only, no handler, only safe URLs,
// and the payload kept as text.
func TestPublishPageHostile(t *testing.T) {
	r := newTestRenderer(t)
	_, script := r.PublishAssets()
	tags := setOf("html", "head", "meta", "title", "style", "body", "a", "header", "nav", "main", "h1", "h2", "form",
		"div", "fieldset", "legend", "label", "input", "p", "select", "option", "textarea", "button", "section", "iframe", "script", "details", "summary", "ul", "li")
	for _, payload := range hostilePayloads() {
		v := hostileView(payload)
		tgt := PublishTarget{Post: v, PageURL: testPublicURL + "/x/status/1", ScreenName: payload, Hashtag: payload}
		for _, w := range PublishWidgets() {
			q := map[string]string{"widget": w, "text": payload, "title": payload, "screen_name": payload, "via": payload, "width": payload, "link_color": payload}
			o := ParsePublishOptions(mapGetter(q), tgt)
			e, _ := r.PublishEmbed(tgt, o)
			page, err := r.PublishPageHTML(&PublishPage{URL: payload, State: "ok", Message: payload, Summary: payload, Opts: o, Embed: e,
				Widgets: []Choice{{Value: payload, Label: payload}}, Examples: []Choice{{Value: payload, Label: payload}}})
			if err != nil {
				t.Fatal(err)
			}
			p := parseDoc(t, page)
			for _, el := range p.elems {
				if !tags[el.tag] {
					t.Errorf("%s/%q: element <%s> not written by the template", w, payload, el.tag)
				}
				for _, a := range el.attrs {
					if strings.HasPrefix(a[0], "on") || (a[0] == "href" || a[0] == "src" || a[0] == "action") && !safeURL(a[1]) && !strings.HasPrefix(a[1], "#") {
						t.Errorf("%s/%q: <%s %s=%q>", w, payload, el.tag, a[0], a[1])
					}
				}
			}
			if len(p.scripts) != 1 || p.scripts[0] != string(script) {
				t.Errorf("%s/%q: scripts %d, want only the page script", w, payload, len(p.scripts))
			}
			if !strings.Contains(p.text, strings.TrimSpace(payload)) {
				t.Errorf("%s/%q: payload not shown as text", w, payload)
			}
		}
	}
}
