package widgets

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"
)

// Networks the share bar knows, in the order the docs list them.
const (
	NetX          = "x"
	NetMastodon   = "mastodon"
	NetBluesky    = "bluesky"
	NetThreads    = "threads"
	NetLinkedIn   = "linkedin"
	NetFacebook   = "facebook"
	NetReddit     = "reddit"
	NetHackerNews = "hackernews"
	NetEmail      = "email"
	NetCopy       = "copy"
	NetNative     = "native"
)

// defaultNetworks is the bar of a request without networks.
func defaultNetworks() []string {
	return []string{NetX, NetMastodon, NetBluesky, NetLinkedIn, NetFacebook, NetEmail, NetCopy, NetNative}
}

// SharebarOptions are the normalised options of a share bar.
type SharebarOptions struct {
	Theme    string
	Lang     string
	DNT      bool
	URL      string   // http(s) or ""
	Title    string   // at most MaxTitle characters
	Networks []string // known names, no duplicates, in the requested order
}

// ParseSharebarOptions normalises url, title (or its alias text), networks,
// theme, lang and dnt. Unknown networks are dropped; none left means the
// default bar.
func ParseSharebarOptions(get func(string) string) SharebarOptions {
	title := get("title")
	if title == "" {
		title = get("text")
	}
	o := SharebarOptions{
		Theme: parseTheme(get("theme")), Lang: supportedLang(get("lang")), DNT: parseBool(get("dnt")),
		URL: ParseShareURL(get("url")), Title: parseText(strings.ReplaceAll(title, "\n", " "), MaxTitle),
		Networks: parseList(strings.ToLower(get("networks")), len(shareNetworks()), parseNetwork),
	}
	if len(o.Networks) == 0 {
		o.Networks = defaultNetworks()
	}
	return o
}

// Key returns the canonical cache-key form of the options.
func (o SharebarOptions) Key() string {
	return "t=" + o.Theme + ";l=" + o.Lang + ";d=" + boolDigit(o.DNT) + ";n=" + strings.Join(o.Networks, ",") +
		";u=" + url.QueryEscape(o.URL) + ";x=" + url.QueryEscape(o.Title)
}

func parseNetwork(s string) string {
	s = strings.TrimSpace(s)
	if _, ok := shareNetworks()[s]; ok {
		return s
	}
	return ""
}

// network is how one network shares: its display name, brand colour class
// and the function building its public share URL from a title and a URL.
type network struct {
	Name  string
	share func(title, link string) string
}

// shareNetworks is the table of networks with public share URLs. Mastodon,
// copy and native are built by the bar itself (they need the visitor).
func shareNetworks() map[string]network {
	joined := func(title, link string) string { return strings.TrimSpace(title + " " + link) }
	q := func(base string, kv ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] != "" {
				v.Set(kv[i], kv[i+1])
			}
		}
		return base + "?" + v.Encode()
	}
	return map[string]network{
		NetX:          {"X", func(t, l string) string { return q("https://x.com/intent/post", "text", t, "url", l) }},
		NetMastodon:   {"Mastodon", nil},
		NetBluesky:    {"Bluesky", func(t, l string) string { return q("https://bsky.app/intent/compose", "text", joined(t, l)) }},
		NetThreads:    {"Threads", func(t, l string) string { return q("https://www.threads.net/intent/post", "text", t, "url", l) }},
		NetLinkedIn:   {"LinkedIn", func(t, l string) string { return q("https://www.linkedin.com/sharing/share-offsite/", "url", l) }},
		NetFacebook:   {"Facebook", func(t, l string) string { return q("https://www.facebook.com/sharer/sharer.php", "u", l) }},
		NetReddit:     {"Reddit", func(t, l string) string { return q("https://www.reddit.com/submit", "url", l, "title", t) }},
		NetHackerNews: {"Hacker News", func(t, l string) string { return q("https://news.ycombinator.com/submitlink", "u", l, "t", t) }},
		NetEmail:      {"Email", mailto},
		NetCopy:       {"Copy", nil},
		NetNative:     {"Share", nil},
	}
}

// mailto builds a mailto: link with the title as subject and the URL as
// body, percent-encoded (a '+' would stay a plus sign in a mail client).
func mailto(title, link string) string {
	enc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	var parts []string
	if title != "" {
		parts = append(parts, "subject="+enc(title))
	}
	if link != "" {
		parts = append(parts, "body="+enc(link))
	}
	return "mailto:?" + strings.Join(parts, "&")
}

// shareItem is one entry of the bar.
type shareItem struct {
	Net, Name, Label, Href string
	Button                 bool   // copy and native: a <button> shown by the script
	Data                   string // copy/native: the URL; mastodon: the text to post
	Done                   string // copy: what the button says once copied
}

// sharebarDoc is the template model of the share bar document.
type sharebarDoc struct {
	Lang, Dir, Class string
	NoReferrer       bool
	Title, Rel       string
	CSS              template.CSS
	Script           template.JS
	Items            []shareItem
	T                *buttonText
}

// SharebarDocument renders the complete, minified share bar: plain links to
// each network's public share URL, inline SVG icons, no counts, nothing
// loaded from anywhere before a click. Mastodon, copy and native need the
// one inline script; without it Mastodon links to Roost's post intent
// (which asks for the visitor's server) and copy/native stay hidden.
func (r *Renderer) SharebarDocument(o SharebarOptions) ([]byte, error) {
	bt, ui := r.kit.text(o.Lang), r.langs[supportedLang(o.Lang)]
	d := &sharebarDoc{Lang: ui.Code, Dir: "ltr", Class: o.Theme, NoReferrer: o.DNT, Title: bt.Share, Rel: rel(o.DNT),
		CSS: r.kit.barCSS, Script: r.kit.barScript, T: bt}
	if ui.RTL {
		d.Dir = "rtl"
	}
	nets := shareNetworks()
	for _, name := range o.Networks {
		if it, ok := r.shareItem(name, nets[name], o, bt); ok {
			d.Items = append(d.Items, it)
		}
	}
	buf := r.bufs.Get().(*bytes.Buffer)
	defer r.putBuf(buf)
	if err := r.kit.tmpl.ExecuteTemplate(buf, "sharebar", d); err != nil {
		return nil, fmt.Errorf("widgets: rendering share bar: %w", err)
	}
	return r.min.html(buf.Bytes())
}

// shareItem builds one entry; copy and native need a URL to share.
func (r *Renderer) shareItem(name string, n network, o SharebarOptions, bt *buttonText) (shareItem, bool) {
	it := shareItem{Net: name, Name: n.Name, Label: phrase(bt.ShareOn, n.Name)}
	switch name {
	case NetMastodon:
		it.Data = strings.TrimSpace(o.Title + " " + o.URL)
		it.Href = r.links.intentQuery("post", ShareFields{Text: o.Title, URL: o.URL}.Values())
	case NetCopy:
		it.Name, it.Label, it.Button, it.Data, it.Done = bt.Copy, bt.Copy, true, o.URL, bt.Copied
		return it, o.URL != ""
	case NetNative:
		it.Name, it.Label, it.Button, it.Data = bt.Share, bt.Share, true, o.URL
		return it, o.URL != ""
	case NetEmail:
		it.Name, it.Label = bt.Email, bt.Email
		it.Href = n.share(o.Title, o.URL)
	default:
		it.Href = n.share(o.Title, o.URL)
	}
	return it, true
}
