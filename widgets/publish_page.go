package widgets

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// publishKit renders Roost's two pages for people that carry a script: the
// configurator and the landing page. Their stylesheet and script are inline
// and allowed by hash, so the pages load nothing but Roost's own frames.
type publishKit struct {
	tmpl    *template.Template
	css     template.CSS
	script  template.JS
	csp     string
	landCSP string
}

// maxPublishScript is the budget of the pages' inline script, minified.
const maxPublishScript = 4096

// newPublishKit parses publish.html and landing.html and minifies
// publish.css and publish.js once.
func newPublishKit(cfg Config, m *minifier, l links) (*publishKit, error) {
	files := []string{"publish.html", "landing.html"}
	t, err := template.New("publish").Funcs(publishFuncs()).ParseFS(cfg.Templates, files...)
	if err != nil {
		return nil, fmt.Errorf("widgets: parsing publish templates: %w", err)
	}
	for _, name := range []string{"publish", "landing", "pub_head", "pub_nav"} {
		if t.Lookup(name) == nil {
			return nil, fmt.Errorf("widgets: template %q is not defined in %v", name, files)
		}
	}
	k := &publishKit{tmpl: t}
	css, err := m.asset(cfg.Assets, "publish.css", "text/css")
	if err != nil {
		return nil, err
	}
	js, err := m.asset(cfg.Assets, "publish.js", "application/javascript")
	if err != nil {
		return nil, err
	}
	if len(js) > maxPublishScript {
		return nil, fmt.Errorf("widgets: publish.js is %d bytes minified, over its %d-byte budget", len(js), maxPublishScript)
	}
	k.css, k.script = template.CSS(css), template.JS(js) //nolint:gosec // our own assets
	base := "default-src 'none'; script-src " + hashSource(string(js)) + "; style-src " + hashSource(string(css)) +
		"; img-src " + l.origin + " data:; frame-src " + l.origin + "; base-uri 'none'; frame-ancestors 'none'"
	k.csp = base + "; connect-src 'self' " + l.origin + "; form-action 'self' " + l.origin
	k.landCSP = base + "; form-action 'none'"
	return k, nil
}

// publishFuncs are the helpers the page templates call: dict3 builds a
// checkbox's model, join writes a list as the comma-separated value the
// option parsers read back.
func publishFuncs() template.FuncMap {
	return template.FuncMap{
		"dict3": func(name, label string, on bool) map[string]any {
			return map[string]any{"Name": name, "Label": label, "On": on}
		},
		"join": func(list []string) string { return strings.Join(list, ",") },
	}
}

// PublishCSP returns the Content-Security-Policy of the configurator: its
// one stylesheet and script by hash, frames and fetches of Roost only,
// never framed itself.
func (r *Renderer) PublishCSP() string { return r.pub.csp }

// LandingCSP returns the Content-Security-Policy of the landing page.
func (r *Renderer) LandingCSP() string { return r.pub.landCSP }

// PublishAssets returns the pages' minified stylesheet and script, whose
// hashes the CSPs allow.
func (r *Renderer) PublishAssets() (template.CSS, template.JS) { return r.pub.css, r.pub.script }

// Choice is one option of a select or one checkbox of the configurator.
type Choice struct {
	Value, Label       string
	Selected, Disabled bool
}

// PublishPage is the template model of the configurator. Message and
// State say what became of the pasted URL ("ok", "malformed", "unknown",
// "deleted", "protected", "suspended", "foreign", "notimported", or "" when
// nothing was pasted).
type PublishPage struct {
	URL      string
	State    string
	Message  string
	Summary  string
	Opts     PublishOptions
	Widgets  []Choice
	Embed    *Embed
	DeepLink string
	Examples []Choice // Value is a URL to try, Label what it is
}

// pageModel adds what the template needs beyond the caller's model.
type pageModel struct {
	*PublishPage
	CSS      template.CSS
	Script   template.JS
	Base     string
	Themes   []Choice
	Langs    []Choice
	Aligns   []Choice
	Chrome   []Choice
	Polite   []Choice
	Networks []Choice
	Sizes    []Choice
	Active   map[string]bool // fieldset name → shown for the widget
	TLWidth  string
	TLHeight string
}

// PublishPageHTML renders the configurator page, minified.
func (r *Renderer) PublishPageHTML(p *PublishPage) ([]byte, error) {
	o := p.Opts
	m := &pageModel{PublishPage: p, CSS: r.pub.css, Script: r.pub.script, Base: r.links.base,
		Themes: choices(o.Post.Theme, [][2]string{{ThemeAuto, "Auto (follows the reader)"}, {ThemeLight, "Light"}, {ThemeDark, "Dark"}}),
		Langs:  choices(o.Post.Lang, r.uiLanguages()),
		Aligns: choices(o.Post.Align, [][2]string{{"", "None"}, {"left", "Left"}, {"center", "Center"}, {"right", "Right"}}),
		Polite: choices(o.Timeline.AriaPolite, [][2]string{{AriaPolite, "Polite"}, {AriaAssertive, "Assertive"}, {AriaOff, "Off"}}),
		Sizes:  choices(o.Button.Size, [][2]string{{SizeMedium, "Medium"}, {SizeLarge, "Large"}}),
		Chrome: chromeChoices(o.Timeline.Chrome), Networks: networkChoices(o.Sharebar.Networks),
		Active: ActiveFieldsets(o.Widget)}
	if o.Timeline.Width > 0 {
		m.TLWidth = strconv.Itoa(o.Timeline.Width)
	}
	if o.Timeline.Height > 0 {
		m.TLHeight = strconv.Itoa(o.Timeline.Height)
	}
	return r.publishExec("publish", m)
}

// ActiveFieldsets names the configurator's option groups a widget uses;
// the page shows only those, and the live update toggles them the same way.
func ActiveFieldsets(widget string) map[string]bool {
	a := map[string]bool{"look": true, "code": true}
	switch widget {
	case WidgetPost:
		a["post"], a["colours"] = true, true
	case WidgetTimeline:
		a["timeline"], a["colours"] = true, true
	case WidgetSharebar:
		a["sharebar"] = true
	case ButtonShare:
		a["size"], a["share"], a["text"] = true, true, true
	case ButtonFollow:
		a["size"], a["account"], a["follow"] = true, true, true
	case ButtonMention, ButtonMessage:
		a["size"], a["account"], a["text"] = true, true, true
	case ButtonHashtag:
		a["size"], a["tag"], a["text"] = true, true, true
	}
	return a
}

func (r *Renderer) publishExec(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := r.pub.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("widgets: rendering %s page: %w", name, err)
	}
	return r.min.html(buf.Bytes())
}

func choices(selected string, opts [][2]string) []Choice {
	out := make([]Choice, len(opts))
	for i, o := range opts {
		out[i] = Choice{Value: o[0], Label: o[1], Selected: o[0] == selected}
	}
	return out
}

// uiLanguages are the widget languages, each named in itself (its
// catalog's language.name), in the order of supportedLangs.
func (r *Renderer) uiLanguages() [][2]string {
	out := make([][2]string, len(supportedLangs))
	for i, c := range supportedLangs {
		out[i] = [2]string{c, r.lang(c).Name}
	}
	return out
}

func chromeChoices(c Chrome) []Choice {
	labels := [...]string{"No header", "No footer", "No borders", "No scrollbar", "Transparent"}
	var out []Choice
	for i, name := range chromeNames() {
		out = append(out, Choice{Value: name, Label: labels[i], Selected: c.Has(Chrome(1) << i)})
	}
	return out
}

func networkChoices(selected []string) []Choice {
	on := "," + strings.Join(selected, ",") + ","
	var out []Choice
	for _, n := range []string{NetX, NetMastodon, NetBluesky, NetThreads, NetLinkedIn, NetFacebook, NetReddit, NetHackerNews, NetEmail, NetCopy, NetNative} {
		out = append(out, Choice{Value: n, Label: networkLabel(n), Selected: strings.Contains(on, ","+n+",")})
	}
	return out
}

func networkLabel(n string) string {
	switch n {
	case NetX:
		return "X"
	case NetLinkedIn:
		return "LinkedIn"
	case NetHackerNews:
		return "Hacker News"
	case NetCopy:
		return "Copy link"
	case NetNative:
		return "System share sheet"
	}
	return strings.ToUpper(n[:1]) + n[1:]
}
