// Package widgets renders Roost's embeddable widgets: pure functions from
// view models and normalised options to minified HTML documents. It knows
// nothing of HTTP or SQL; the server reads the store, builds a PostView and
// caches the bytes this package returns.
package widgets

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"sync"
	"time"

	"github.com/roost-embed/roost/widgets/richtext"
)

// Config is what a Renderer needs: the public URL every link starts with,
// and the template and asset files (roost.Templates(), roost.Assets()).
type Config struct {
	PublicURL string
	Templates fs.FS
	Assets    fs.FS
	Locales   fs.FS // roost.Locales(): the catalogs and CLDR data
}

// Renderer renders cards. It parses templates and minifies its CSS and
// frame script once, at construction; it is safe for concurrent use.
type Renderer struct {
	links links
	tmpl  *template.Template
	text  *richtext.Renderer
	langs map[string]*uiLang
	css   template.CSS
	// richCSS is css followed by the stylesheets of each set of rich
	// kinds (polls, link cards, videos) a document shows (cssFor).
	richCSS [1 << richKinds]template.CSS
	now     func() time.Time // polls' time left; tests fix it
	script  template.JS
	csp     string
	min     *minifier
	bufs    sync.Pool
	loader  *Loader
	kit     *buttonKit  // buttons, share bar, intent pages (button_kit.go)
	pub     *publishKit // the configurator and landing page (publish_page.go)
}

// NewRenderer parses every template and prepares the inline assets. It
// fails if the public URL is not http(s), or a template or asset is missing
// or invalid, or the frame script outgrows its budget.
func NewRenderer(cfg Config) (*Renderer, error) {
	l, err := newLinks(cfg.PublicURL)
	if err != nil {
		return nil, err
	}
	if cfg.Templates == nil || cfg.Assets == nil {
		return nil, errors.New("widgets: Config.Templates and Config.Assets are required")
	}
	r := &Renderer{links: l, min: newMinifier(), now: time.Now}
	if r.langs, err = loadLangs(cfg.Locales); err != nil {
		return nil, err
	}
	r.text = richtext.New(richtext.Links{Mention: l.profile, Hashtag: l.hashtag, Cashtag: l.cashtag})
	r.bufs.New = func() any { return new(bytes.Buffer) }
	if r.tmpl, err = parseTemplates(cfg.Templates); err != nil {
		return nil, err
	}
	if err = r.loadAssets(cfg.Assets); err != nil {
		return nil, err
	}
	if r.kit, err = newButtonKit(cfg, r.min, r.links, r.langs); err != nil {
		return nil, err
	}
	if r.pub, err = newPublishKit(cfg, r.min, r.links); err != nil {
		return nil, err
	}
	return r, nil
}

// parseTemplates parses the template files at start and checks that every
// named template the renderer executes is defined, so a missing one stops
// the program there rather than on the first request.
func parseTemplates(fsys fs.FS) (*template.Template, error) {
	templateFiles := []string{"post.html", "card.html", "icons.html", "page_post.html", "page_profile.html", "page_timeline.html", "timeline.html"}
	requiredTemplates := []string{"post", "card", "body", "media", "mini", "tomb", "avatar", "badge", "icondefs", "page_head", "page_post", "page_profile", "page_timeline", "timeline", "tlhead", "tlfoot", "tlcss", "tile"}
	t, err := template.New("widgets").ParseFS(fsys, templateFiles...)
	if err != nil {
		return nil, fmt.Errorf("widgets: parsing templates: %w", err)
	}
	for _, name := range requiredTemplates {
		if t.Lookup(name) == nil {
			return nil, fmt.Errorf("widgets: template %q is not defined in %v", name, templateFiles)
		}
	}
	return t, nil
}

// loadAssets reads, minifies and inlines card.css, frame.js and
// frametime.js, and builds
// the CSP whose script hash matches the inlined script byte for byte.
func (r *Renderer) loadAssets(fsys fs.FS) error {
	css, err := r.min.asset(fsys, "card.css", "text/css")
	if err != nil {
		return err
	}
	js, err := r.min.asset(fsys, "frame.js", "application/javascript")
	if err != nil {
		return err
	}
	if len(js) > maxFrameScript {
		return fmt.Errorf("widgets: frame.js is %d bytes minified, over its %d-byte budget", len(js), maxFrameScript)
	}
	times, err := r.min.asset(fsys, "frametime.js", "application/javascript")
	if err != nil {
		return err
	}
	if len(times) > maxTimeScript {
		return fmt.Errorf("widgets: frametime.js is %d bytes minified, over its %d-byte budget", len(times), maxTimeScript)
	}
	js = append(append(js, ';'), times...)
	r.css = template.CSS(css) //nolint:gosec // our own asset
	if err := r.loadRichCSS(fsys, css); err != nil {
		return err
	}
	r.script = template.JS(js) //nolint:gosec // our own asset
	if r.loader, err = newLoader(fsys, r.min); err != nil {
		return err
	}
	sum := sha256.Sum256(js)
	r.csp = "default-src 'none'; img-src " + r.links.origin + " data:; media-src " + r.links.origin + "; style-src 'unsafe-inline'; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; frame-ancestors *; base-uri 'none'; form-action 'none'"
	return nil
}

// Budgets of the inline script of cards and timelines, minified: frame.js
// (the two embedding protocols, links that leave a sandbox without
// pop-ups, the minimum-width guard on heights) and frametime.js (times in
// the reader's zone, relative ages in timelines), which follows it in the
// same script.
const (
	maxFrameScript = 1536
	maxTimeScript  = 512
)

// CSP returns the Content-Security-Policy of widget documents. Styles need
// 'unsafe-inline' for the aspect-ratio attributes that prevent layout shift;
// the one script is allowed by its hash.
func (r *Renderer) CSP() string { return r.csp }

// CardCSS returns the minified card stylesheet, for documents that embed
// cards (timelines, the permalink page).
func (r *Renderer) CardCSS() template.CSS { return r.css }

// FrameScript returns the minified frame script whose hash CSP allows.
func (r *Renderer) FrameScript() template.JS { return r.script }

// PostDocument renders the complete, minified iframe document of a post:
// the card, or a tombstone when v is not visible. The server answers with
// v.State.HTTPStatus().
func (r *Renderer) PostDocument(v *PostView, o PostOptions) ([]byte, error) {
	d := r.document(v, o)
	buf := r.bufs.Get().(*bytes.Buffer)
	defer r.putBuf(buf)
	if err := r.tmpl.ExecuteTemplate(buf, "post", d); err != nil {
		return nil, fmt.Errorf("widgets: rendering post document: %w", err)
	}
	return r.min.html(buf.Bytes())
}

// document builds the template model of a card document.
func (r *Renderer) document(v *PostView, o PostOptions) *docView {
	b := r.builder(o)
	card := b.card(v)
	d := &docView{
		Lang: b.ui.Code, Dir: "ltr", Class: docClass(o), Scheme: colorScheme(o.Theme),
		Vars: docVars(o), Title: card.Label, NoReferrer: o.DNT, CSS: r.cssFor(hasRich(v)), Script: r.script, Card: card,
	}
	if b.ui.RTL {
		d.Dir = "rtl"
	}
	if card.Tomb == "" && card.Permalink != "" {
		d.OEmbedJSON, _ = r.OEmbedDiscovery(card.Permalink)
	}
	return d
}

// PostFragment renders the card alone, unminified, for documents that show
// cards: the permalink and profile pages use the same markup as the iframe
// (timelines too, through cardFragment, with icons by reference).
func (r *Renderer) PostFragment(v *PostView, o PostOptions) (template.HTML, error) {
	return r.cardFragment(r.builder(o).card(v))
}

// cardFragment renders a built card with the "card" template, unminified.
func (r *Renderer) cardFragment(c *cardView) (template.HTML, error) {
	buf := r.bufs.Get().(*bytes.Buffer)
	defer r.putBuf(buf)
	if err := r.tmpl.ExecuteTemplate(buf, "card", c); err != nil {
		return "", fmt.Errorf("widgets: rendering post fragment: %w", err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // produced by html/template
}

func (r *Renderer) builder(o PostOptions) *builder {
	return &builder{r: r, ui: r.lang(o.Lang), o: o}
}

// lang returns a supported language's strings and formats (English for
// any other code).
func (r *Renderer) lang(code string) *uiLang {
	if l, ok := r.langs[code]; ok {
		return l
	}
	return r.langs[defaultLang]
}

// putBuf returns a buffer to the pool unless it grew unusually large.
func (r *Renderer) putBuf(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 {
		return
	}
	buf.Reset()
	r.bufs.Put(buf)
}
