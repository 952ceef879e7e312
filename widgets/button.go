package widgets

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"
)

// NoCount is the follower count of a follow button that shows none (the
// option is off, or the account is unknown or not public).
const NoCount = -1

// buttonDoc is the template model of a button document. Every string is
// computed here; the template only places them and escapes them.
type buttonDoc struct {
	Lang, Dir, Class string
	NoReferrer       bool
	Title            string
	CSS              template.CSS
	Href, Rel        string
	Label, Aria      string
	Count, CountHref string
	Icon             bool
}

// ButtonDocument renders the complete, minified document of a button.
// followers is the count a follow button shows with show_count, or
// NoCount. Options with an empty Kind render the 404 document (the server
// answers 404 with it). Links go to Roost's own intents, which hand off to
// wherever the action can happen; no script is needed or included.
func (r *Renderer) ButtonDocument(o ButtonOptions, followers int64) ([]byte, error) {
	d := r.buttonDoc(o, followers)
	buf := r.bufs.Get().(*bytes.Buffer)
	defer r.putBuf(buf)
	if err := r.kit.tmpl.ExecuteTemplate(buf, "button", d); err != nil {
		return nil, fmt.Errorf("widgets: rendering %s button: %w", o.Kind, err)
	}
	return r.min.html(buf.Bytes())
}

// buttonDoc builds the model of one button.
func (r *Renderer) buttonDoc(o ButtonOptions, followers int64) *buttonDoc {
	ui, bt := r.langs[supportedLang(o.Lang)], r.kit.text(supportedLang(o.Lang))
	d := &buttonDoc{Lang: ui.Code, Dir: "ltr", Class: o.Theme, NoReferrer: o.DNT, CSS: r.kit.buttonCSS, Rel: rel(o.DNT), Icon: true}
	if ui.RTL {
		d.Dir = "rtl"
	}
	if o.Size == SizeLarge {
		d.Class += " lg"
	}
	switch o.Kind {
	case ButtonShare:
		d.Label, d.Href = bt.Post, r.links.intentQuery("post", o.Share.Values())
	case ButtonFollow:
		r.followButton(d, o, ui, bt, followers)
	case ButtonMention:
		d.Label = phrase(bt.Mention, isolate("@"+o.ScreenName))
		d.Href = r.links.intentQuery("post", mentionValues(o))
	case ButtonHashtag:
		d.Label = phrase(bt.Hashtag, isolate("#"+o.Hashtag))
		d.Href = r.links.intentQuery("post", ShareFields{Text: o.Share.Text, URL: o.Share.URL, Hashtags: nonEmpty(o.Hashtag)}.Values())
	case ButtonMessage:
		d.Label = phrase(bt.Message, isolate("@"+o.ScreenName))
		d.Href = r.links.intentQuery("post", messageValues(o))
	default:
		d.Title, d.Icon = bt.NotFound, false
		return d
	}
	if o.Kind != ButtonShare && o.ScreenName == "" && o.Hashtag == "" {
		// A follow, mention or message button without a valid screen name
		// (or a hashtag button without a tag) has nowhere to go.
		d.Label, d.Href, d.Aria, d.Count = bt.NotFound, "", "", ""
	}
	d.Title = strings.NewReplacer("\u2068", "", "\u2069", "").Replace(d.Label)
	if d.Aria != "" {
		d.Title = d.Aria
	}
	return d
}

// followButton fills the label, link and count of a follow button.
func (r *Renderer) followButton(d *buttonDoc, o ButtonOptions, ui *uiLang, bt *buttonText, followers int64) {
	name := "@" + o.ScreenName
	d.Href = r.links.intentQuery("follow", url.Values{"screen_name": {o.ScreenName}})
	d.Label = phrase(bt.FollowName, isolate(name))
	if !o.ShowScreenName {
		d.Label, d.Aria = bt.Follow, strings.Replace(bt.FollowName, "%s", name, 1)
	}
	if o.ShowCount && followers >= 0 {
		d.Count = ui.countCompact(bt.Followers, followers)
		d.CountHref = r.links.intentQuery("user", url.Values{"screen_name": {o.ScreenName}})
	}
}

// Values is the query of a post intent carrying the share fields (also
// what X's intent/tweet reads: text, url, hashtags, via, related).
func (f ShareFields) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("text", f.Text)
	set("url", f.URL)
	set("hashtags", strings.Join(f.Hashtags, ","))
	set("via", f.Via)
	set("related", strings.Join(f.Related, ","))
	return v
}

// mentionValues is the post intent of a mention button: the text starts
// with the mention, and screen_name lets the intent find the account's
// platform.
func mentionValues(o ButtonOptions) url.Values {
	v := url.Values{"screen_name": {o.ScreenName}, "text": {strings.TrimSpace("@" + o.ScreenName + " " + o.Share.Text)}}
	return v
}

// messageValues is the post intent of a message button: a direct message
// to recipient.
func messageValues(o ButtonOptions) url.Values {
	v := url.Values{"recipient": {o.ScreenName}}
	if o.Share.Text != "" {
		v.Set("text", o.Share.Text)
	}
	return v
}

// intentQuery returns {public}/intent/{action}?{query}, the query encoded
// by net/url (sorted keys, so equal options give equal bytes).
func (l links) intentQuery(action string, q url.Values) string {
	u := l.base + "/intent/" + action
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// rel is the rel of every link that opens a new tab: never an opener, and
// no referrer either when the publisher asked for dnt.
func rel(dnt bool) string {
	if dnt {
		return "noopener noreferrer"
	}
	return "noopener"
}

// phrase fills the %s of a localised phrase.
func phrase(format, value string) string { return strings.Replace(format, "%s", value, 1) }

// isolate wraps s in Unicode first-strong isolates, so "@name" or "#tag"
// keeps its own direction inside a right-to-left phrase.
func isolate(s string) string { return "\u2068" + s + "\u2069" }

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
