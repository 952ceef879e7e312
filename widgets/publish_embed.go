package widgets

import (
	"errors"
	"html"
	"strconv"
	"strings"
)

// Frame is an iframe of a widget document: the configurator's preview and
// the landing page's showcase use it, and the plain-iframe snippet is
// written from it.
type Frame struct {
	Src    string `json:"src"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Title  string `json:"title"`
}

// Snippet is one form of embed code the configurator offers for copying.
type Snippet struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Note  string `json:"note"`
	Code  string `json:"code"`
}

// Embed is everything the configurator shows for one state: the preview
// frame and the code in every form that applies to the widget. It is built
// once on the server; the page renders it and the live update receives the
// same value as JSON, so there is one source of truth.
type Embed struct {
	Widget   string    `json:"widget"`
	Preview  Frame     `json:"preview"`
	Snippets []Snippet `json:"snippets"`
}

// ErrWidgetNeedsTarget is returned when the chosen widget needs something
// the pasted URL did not give (a post card without a post).
var ErrWidgetNeedsTarget = errors.New("widgets: the widget needs a post, timeline or page URL")

// Default sizes of embeds whose options leave them open.
const (
	defaultTimelineWidth  = 550
	defaultTimelineHeight = 600
	buttonFrameWidth      = 220
	sharebarFrameHeight   = 48
)

// frameSandboxSnippet is what a pasted plain iframe may do; the same rights
// the oEmbed iframe gets.
const frameSandboxSnippet = frameSandbox

// PublishEmbed builds the preview and the snippets for a target and state.
func (r *Renderer) PublishEmbed(t PublishTarget, o PublishOptions) (*Embed, error) {
	if !t.Supports(o.Widget) {
		return nil, ErrWidgetNeedsTarget
	}
	switch o.Widget {
	case WidgetPost:
		return r.postEmbed(t, o)
	case WidgetTimeline:
		return r.timelineEmbed(t, o)
	case WidgetSharebar:
		return r.sharebarEmbed(o), nil
	}
	return r.buttonEmbed(o), nil
}

// postEmbed is a post card's code: the loader markup is the oEmbed html,
// built by the same function.
func (r *Renderer) postEmbed(t PublishTarget, o PublishOptions) (*Embed, error) {
	v := t.Post
	h := r.EstimatePostHeight(v, o.Post)
	loader, err := r.PostEmbedHTML(v, o.Post, EmbedForm{OmitScript: o.OmitScript, Width: o.Post.Width, Height: h})
	if err != nil {
		return nil, err
	}
	f := Frame{Src: withQuery(r.links.base+"/embed/post/"+strconv.FormatInt(v.Post.ID, 10), postParams(o.Post)),
		Width: o.Post.Width, Height: h, Title: r.builder(o.Post).base(v, false).Label}
	e := &Embed{Widget: o.Widget, Preview: f}
	e.Snippets = append([]Snippet{loaderSnippet(loader), r.iframeSnippet(f)}, r.oembedSnippets(t.PageURL, oembedParams(postParams(o.Post), o.OmitScript))...)
	return e, nil
}

// timelineEmbed is a timeline's code, again through the oEmbed html.
func (r *Renderer) timelineEmbed(t PublishTarget, o PublishOptions) (*Embed, error) {
	form := EmbedForm{OmitScript: o.OmitScript, Width: o.Timeline.Width, Height: o.Timeline.Height}
	if form.Width == 0 {
		form.Width = defaultTimelineWidth
	}
	if form.Height == 0 {
		form.Height = defaultTimelineHeight
	}
	loader, err := r.TimelineEmbedHTML(*t.Timeline, o.Timeline, form)
	if err != nil {
		return nil, err
	}
	_, _, label, err := r.timelineLinks(*t.Timeline, o.Timeline.Lang)
	if err != nil {
		return nil, err
	}
	f := Frame{Src: withQuery(r.timelinePath(*t.Timeline), timelineParams(o.Timeline)),
		Width: form.Width, Height: form.Height, Title: label}
	e := &Embed{Widget: o.Widget, Preview: f}
	e.Snippets = append([]Snippet{loaderSnippet(loader), r.iframeSnippet(f)}, r.oembedSnippets(t.PageURL, oembedParams(timelineParams(o.Timeline), o.OmitScript))...)
	return e, nil
}

// buttonEmbed is a button's code: X-style anchor markup the loader turns
// into the button (and a working link to Roost's intent without it), or a
// plain iframe. Buttons have no oEmbed form.
func (r *Renderer) buttonEmbed(o PublishOptions) *Embed {
	b := o.Button
	d := r.buttonDoc(b, NoCount)
	params := buttonParams(b)
	var m strings.Builder
	m.WriteString(`<a class="roost-` + b.Kind + `-button"`)
	writeAttr(&m, "href", d.Href)
	for _, p := range params {
		writeAttr(&m, "data-"+strings.ReplaceAll(p[0], "_", "-"), p[1])
	}
	m.WriteString(">" + html.EscapeString(d.Title) + "</a>")
	r.writeTail(&m, EmbedForm{OmitScript: o.OmitScript}, "", nil, "")
	h := 20
	if b.Size == SizeLarge {
		h = 28
	}
	f := Frame{Src: withQuery(r.links.base+"/embed/button/"+b.Kind, params), Width: buttonFrameWidth, Height: h, Title: d.Title}
	return &Embed{Widget: o.Widget, Preview: f, Snippets: []Snippet{loaderSnippet(m.String()), r.iframeSnippet(f)}}
}

// sharebarEmbed is the share bar's code: a div the loader fills, holding a
// plain share link for readers without script, or a plain iframe.
func (r *Renderer) sharebarEmbed(o PublishOptions) *Embed {
	s := o.Sharebar
	params := sharebarParams(s)
	bt := r.kit.text(s.Lang)
	var m strings.Builder
	m.WriteString(`<div class="roost-sharebar"`)
	for _, p := range params {
		writeAttr(&m, "data-"+p[0], p[1])
	}
	m.WriteString("><a")
	writeAttr(&m, "href", r.links.intentQuery("post", ShareFields{Text: s.Title, URL: s.URL}.Values()))
	m.WriteString(">" + html.EscapeString(bt.Share) + "</a></div>")
	r.writeTail(&m, EmbedForm{OmitScript: o.OmitScript}, "", nil, "")
	f := Frame{Src: withQuery(r.links.base+"/embed/sharebar", params), Width: MaxPostWidth, Height: sharebarFrameHeight, Title: bt.Share}
	return &Embed{Widget: o.Widget, Preview: f, Snippets: []Snippet{loaderSnippet(m.String()), r.iframeSnippet(f)}}
}

func loaderSnippet(code string) Snippet {
	return Snippet{ID: "loader", Label: "Loader markup (recommended)", Code: code,
		Note: "Readable without JavaScript; widgets.js turns it into the widget, sizes it and follows dark mode. Load the script once per page."}
}

// iframeSnippet is a plain iframe of the widget document, sized ahead.
func (r *Renderer) iframeSnippet(f Frame) Snippet {
	var b strings.Builder
	b.WriteString("<iframe")
	writeAttr(&b, "src", f.Src)
	writeAttr(&b, "width", strconv.Itoa(f.Width))
	writeAttr(&b, "height", strconv.Itoa(f.Height))
	writeAttr(&b, "title", f.Title)
	writeAttr(&b, "sandbox", frameSandboxSnippet)
	b.WriteString(` style="border:0;max-width:100%" loading="lazy"></iframe>`)
	return Snippet{ID: "iframe", Label: "Plain iframe", Code: b.String(),
		Note: "No script at all. The height is reserved from an estimate; the frame cannot resize itself without widgets.js."}
}

// oembedParams renames widget options to the oEmbed endpoint's names.
func oembedParams(params [][2]string, omitScript bool) [][2]string {
	out := make([][2]string, 0, len(params)+1)
	for _, p := range params {
		switch p[0] {
		case "width":
			p[0] = "maxwidth"
		case "height":
			p[0] = "maxheight"
		}
		out = append(out, p)
	}
	if omitScript {
		out = append(out, [2]string{"omit_script", "true"})
	}
	return out
}

// oembedSnippets are the forms built on the oEmbed endpoint: its URL, a
// WordPress provider and a Hugo shortcode.
func (r *Renderer) oembedSnippets(pageURL string, params [][2]string) []Snippet {
	base := r.links.base
	endpoint := withQuery(base+"/oembed", append([][2]string{{"url", pageURL}}, params...))
	var usage strings.Builder
	usage.WriteString(`{{< roost url="` + pageURL + `"`)
	for _, p := range params {
		usage.WriteString(" " + p[0] + `="` + strings.ReplaceAll(p[1], `"`, "") + `"`)
	}
	usage.WriteString(" >}}")
	return []Snippet{
		{ID: "oembed", Label: "oEmbed URL", Code: endpoint,
			Note: "For CMSs and tools that speak oEmbed: JSON by default, add &format=xml for XML."},
		{ID: "wordpress", Label: "WordPress provider (PHP)", Code: wordpressSnippet(base),
			Note: "Add once to your theme's functions.php or a small plugin, then paste the URL below on a line of its own."},
		{ID: "wordpress-url", Label: "URL to paste in WordPress", Code: pageURL,
			Note: "WordPress asks Roost's oEmbed endpoint and embeds the widget with the site's defaults."},
		{ID: "hugo", Label: "Hugo shortcode (in your content)", Code: usage.String(),
			Note: "Uses the shortcode file below; Hugo fetches the embed code once, at build time."},
		{ID: "hugo-shortcode", Label: "Hugo shortcode file: layouts/shortcodes/roost.html", Code: hugoShortcode(base),
			Note: "Save once in your site. It passes only Roost's option names on to the oEmbed endpoint."},
	}
}

// wordpressSnippet registers Roost as a trusted oEmbed provider.
func wordpressSnippet(base string) string {
	return "<?php\n// Let WordPress embed links to this Roost server.\n" +
		"wp_oembed_add_provider( '" + phpString(base) + "/*', '" + phpString(base) + "/oembed', false );\n"
}

// phpString escapes s for a single-quoted PHP string.
func phpString(s string) string {
	return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s)
}

// hugoShortcode is a Hugo shortcode that fetches the oEmbed html at build
// time, passing on only the option names Roost knows.
func hugoShortcode(base string) string {
	return `{{- /* Roost embed: {{< roost url="…" theme="dark" >}} */ -}}
{{- $q := slice "url" (.Get "url") -}}
{{- range $k := slice "theme" "lang" "dnt" "maxwidth" "maxheight" "align" "hide_media" "hide_thread" "limit" "chrome" "show_replies" "border_color" "link_color" "aria_polite" "omit_script" -}}
  {{- with $.Get $k }}{{ $q = $q | append $k . }}{{ end -}}
{{- end -}}
{{- $u := printf "%s?%s" "` + base + `/oembed" (querify $q) -}}
{{- with resources.GetRemote $u -}}
  {{- with .Err }}{{ warnf "roost: %s" . }}{{ else }}{{ (transform.Unmarshal .).html | safeHTML }}{{ end -}}
{{- else -}}
  {{- warnf "roost: no answer from %s" $u -}}
{{- end -}}
`
}

// PublishURL is the configurator's URL with target filled in: the landing
// page's "Configure" links and the pages' "Embed" action.
func (r *Renderer) PublishURL(target string, widget string, params [][2]string) string {
	q := append([][2]string{{"url", target}, {"widget", widget}}, params...)
	return r.links.base + "/publish?" + encodeParams(q)
}
