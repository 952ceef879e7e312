package widgets

import (
	"net/url"
	"strconv"
	"strings"
)

// Widget kinds the configurator (GET /publish) builds code for. Buttons use
// their button kind (ButtonShare…) as the widget name.
const (
	WidgetPost     = "post"
	WidgetTimeline = "timeline"
	WidgetSharebar = "sharebar"
)

// PublishWidgets lists every widget the configurator offers, in the order
// its menu shows them.
func PublishWidgets() []string {
	return []string{WidgetPost, WidgetTimeline, ButtonShare, ButtonFollow, ButtonMention, ButtonHashtag, ButtonMessage, WidgetSharebar}
}

// PublishWidgetLabel names a widget in the configurator's menu.
func PublishWidgetLabel(widget string) string {
	switch widget {
	case WidgetPost:
		return "Post card"
	case WidgetTimeline:
		return "Timeline"
	case ButtonShare:
		return "Share button"
	case ButtonFollow:
		return "Follow button"
	case ButtonMention:
		return "Mention button"
	case ButtonHashtag:
		return "Hashtag button"
	case ButtonMessage:
		return "Message button"
	case WidgetSharebar:
		return "Share bar"
	}
	return widget
}

// PublishTarget is what a pasted URL resolved to: the server fills it from
// the store, only with content a logged-out visitor may see. Every field
// may be empty; Supports says which widgets it is enough for.
type PublishTarget struct {
	Post       *PostView    // a visible post (post card)
	Timeline   *TimelineRef // the profile, list or hashtag timeline it names (a post names its author's)
	PageURL    string       // the canonical public URL: oEmbed url, WordPress paste, what share widgets share
	ScreenName string       // the account follow, mention and message buttons name
	Hashtag    string       // the tag a hashtag button names, without '#'
}

// Supports reports whether the target holds what widget needs. Buttons
// that name an account or a tag can also get it typed into the form, so
// they are always offered.
func (t PublishTarget) Supports(widget string) bool {
	switch widget {
	case WidgetPost:
		return t.Post != nil && t.Post.visible()
	case WidgetTimeline:
		return t.Timeline != nil
	case ButtonShare, WidgetSharebar:
		return t.PageURL != ""
	case ButtonFollow, ButtonMention, ButtonMessage, ButtonHashtag:
		return true
	}
	return false
}

// PublishOptions are the configurator's normalised state: the widget and
// the options of every kind, each parsed by the same parser as its widget
// route, so the preview, the snippets and the route agree.
type PublishOptions struct {
	Widget     string
	Post       PostOptions
	Timeline   TimelineOptions
	Button     ButtonOptions
	Sharebar   SharebarOptions
	OmitScript bool
}

// ParsePublishOptions reads the configurator's query through get. The
// widget is the one asked for when the target supports it, else the most
// natural one for the target. Share widgets share the target's page; the
// screen name and hashtag default to the target's.
func ParsePublishOptions(get func(string) string, t PublishTarget) PublishOptions {
	o := PublishOptions{Widget: pickWidget(strings.ToLower(strings.TrimSpace(get("widget"))), t)}
	o.Post = ParsePostOptions(get)
	o.Timeline = ParseTimelineOptions(get)
	o.Timeline.Before = 0 // an embed starts at the newest post
	o.OmitScript = parseBool(get("omit_script"))
	bget := func(k string) string {
		switch k {
		case "url":
			return t.PageURL
		case "screen_name":
			return firstSet(get(k), t.ScreenName)
		case "button_hashtag":
			return firstSet(get(k), t.Hashtag)
		}
		return get(k)
	}
	kind := ButtonShare
	if isButton(o.Widget) {
		kind = o.Widget
	}
	o.Button, _ = ParseButtonOptions(kind, bget)
	o.Sharebar = ParseSharebarOptions(bget)
	return o
}

// pickWidget keeps the requested widget when the target supports it.
func pickWidget(asked string, t PublishTarget) string {
	for _, w := range PublishWidgets() {
		if w == asked && t.Supports(w) {
			return w
		}
	}
	for _, w := range []string{WidgetPost, WidgetTimeline, ButtonShare} {
		if t.Supports(w) {
			return w
		}
	}
	return ButtonFollow
}

func isButton(widget string) bool {
	switch widget {
	case ButtonShare, ButtonFollow, ButtonMention, ButtonHashtag, ButtonMessage:
		return true
	}
	return false
}

// Params lists the options of the chosen widget that differ from its
// defaults, under their query names and in a fixed order: the query of the
// preview iframe and, with the widget and url, of the configurator's deep
// link. Share URLs are left out: they follow from the pasted URL.
func (o PublishOptions) Params() [][2]string {
	switch {
	case o.Widget == WidgetPost:
		return postParams(o.Post)
	case o.Widget == WidgetTimeline:
		return timelineParams(o.Timeline)
	case o.Widget == WidgetSharebar:
		return sharebarParams(o.Sharebar)
	}
	return buttonParams(o.Button)
}

// DeepLink returns the configurator URL that reproduces this state.
func (o PublishOptions) DeepLink(base, pasted string) string {
	q := [][2]string{{"url", pasted}, {"widget", o.Widget}}
	for _, p := range o.Params() {
		if p[0] != "url" {
			q = append(q, p)
		}
	}
	if o.OmitScript {
		q = append(q, [2]string{"omit_script", "true"})
	}
	return base + "/publish?" + encodeParams(q)
}

// buttonParams lists a button's options that differ from the defaults.
func buttonParams(o ButtonOptions) [][2]string {
	p := lookParams(o.Theme, o.Lang, o.DNT)
	add := func(on bool, k, v string) {
		if on {
			p = append(p, [2]string{k, v})
		}
	}
	add(o.Size == SizeLarge, "size", SizeLarge)
	switch o.Kind {
	case ButtonShare:
		add(o.Share.Text != "", "text", o.Share.Text)
		add(o.Share.URL != "", "url", o.Share.URL)
		add(len(o.Share.Hashtags) > 0, "hashtags", strings.Join(o.Share.Hashtags, ","))
		add(o.Share.Via != "", "via", o.Share.Via)
		add(len(o.Share.Related) > 0, "related", strings.Join(o.Share.Related, ","))
	case ButtonFollow:
		add(true, "screen_name", o.ScreenName)
		add(o.ShowCount, "show_count", "true")
		add(!o.ShowScreenName, "show_screen_name", "false")
	case ButtonMention, ButtonMessage:
		add(true, "screen_name", o.ScreenName)
		add(o.Share.Text != "", "text", o.Share.Text)
	case ButtonHashtag:
		add(true, "button_hashtag", o.Hashtag)
		add(o.Share.Text != "", "text", o.Share.Text)
	}
	return p
}

// sharebarParams lists a share bar's options that differ from the defaults.
func sharebarParams(o SharebarOptions) [][2]string {
	p := lookParams(o.Theme, o.Lang, o.DNT)
	if o.URL != "" {
		p = append(p, [2]string{"url", o.URL})
	}
	if o.Title != "" {
		p = append(p, [2]string{"title", o.Title})
	}
	if strings.Join(o.Networks, ",") != strings.Join(defaultNetworks(), ",") {
		p = append(p, [2]string{"networks", strings.Join(o.Networks, ",")})
	}
	return p
}

// lookParams are the options every widget shares.
func lookParams(theme, lang string, dnt bool) [][2]string {
	var p [][2]string
	if theme != ThemeAuto {
		p = append(p, [2]string{"theme", theme})
	}
	if lang != defaultLang {
		p = append(p, [2]string{"lang", lang})
	}
	if dnt {
		p = append(p, [2]string{"dnt", "true"})
	}
	return p
}

// withQuery appends params to a URL as its query.
func withQuery(u string, params [][2]string) string {
	q := encodeParams(params)
	switch {
	case q == "":
		return u
	case strings.Contains(u, "?"): // a search's q, a collection's layout
		return u + "&" + q
	}
	return u + "?" + q
}

// timelinePath is the route of a timeline's iframe document.
func (r *Renderer) timelinePath(t TimelineRef) string {
	switch t.Kind {
	case TimelineSearch, TimelineCollection:
		_, src, _, _ := r.timelineLinks(t, "")
		return src
	case TimelineList:
		return r.links.base + "/embed/list/" + strconv.FormatInt(t.ListID, 10)
	case TimelineHashtag:
		return r.links.base + "/embed/hashtag/" + url.PathEscape(t.Tag)
	}
	return r.links.base + "/embed/timeline/" + url.PathEscape(t.Handle)
}
