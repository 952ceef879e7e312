package widgets

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io/fs"
)

// buttonKit is what the small documents (buttons, the share bar, intent
// pages) need beyond the card: their own templates, stylesheets, the share
// bar script, the frame script (so buttons and the bar report their size to
// the loader) and the CSPs that allow exactly those inline bytes by hash.
// It is built once with the renderer; button documents carry only their
// own CSS, never the card's.
type buttonKit struct {
	tmpl       *template.Template
	langs      map[string]*uiLang
	buttonCSS  template.CSS
	barCSS     template.CSS
	intentCSS  template.CSS
	barScript  template.JS
	frame      template.JS // assets/frame.js minified: Renderer.FrameScript without frametime.js
	btnFrame   template.JS // assets/buttonframe.js minified: frame.js without WordPress
	buttonCSP  string
	barCSP     string
	intentCSP  string
	publicHost string
}

// Budgets of the inline scripts of the small documents, minified: the
// share bar's own script, and the buttons' frame script (a button is about
// 0.8 KB brotli without it; the goal is 1 KB with it).
const (
	maxSharebarScript    = 2048
	maxButtonFrameScript = 640
)

// newButtonKit minifies button.css, sharebar.css, intent.css, sharebar.js
// and frame.js once, and parses button.html, sharebar.html, intent.html
// (with the shared icons), whose {{frame}} places the frame script.
func newButtonKit(cfg Config, m *minifier, l links, langs map[string]*uiLang) (*buttonKit, error) {
	k := &buttonKit{langs: langs, publicHost: l.origin}
	if err := k.loadAssets(cfg.Assets, m); err != nil {
		return nil, err
	}
	files := []string{"button.html", "sharebar.html", "intent.html", "icons.html"}
	t, err := template.New("buttons").Funcs(template.FuncMap{
		"frame":       func() template.JS { return k.frame },
		"buttonframe": func() template.JS { return k.btnFrame },
	}).
		ParseFS(cfg.Templates, files...)
	if err != nil {
		return nil, fmt.Errorf("widgets: parsing button templates: %w", err)
	}
	for _, name := range []string{"button", "sharebar", "intent", "i-mark"} {
		if t.Lookup(name) == nil {
			return nil, fmt.Errorf("widgets: template %q is not defined in %v", name, files)
		}
	}
	k.tmpl = t
	return k, nil
}

// loadAssets minifies the kit's stylesheets and scripts and builds the
// CSPs. The frame script is minified here again from the same file by the
// same minifier, so its bytes (and hash) equal the card's.
func (k *buttonKit) loadAssets(fsys fs.FS, m *minifier) error {
	css := map[string]*template.CSS{"button.css": &k.buttonCSS, "sharebar.css": &k.barCSS, "intent.css": &k.intentCSS}
	for name, dst := range css {
		b, err := m.asset(fsys, name, "text/css")
		if err != nil {
			return err
		}
		*dst = template.CSS(b) //nolint:gosec // our own asset
	}
	scripts := []struct {
		name   string
		budget int
		dst    *template.JS
	}{
		{"sharebar.js", maxSharebarScript, &k.barScript},
		{"frame.js", maxFrameScript, &k.frame},
		{"buttonframe.js", maxButtonFrameScript, &k.btnFrame},
	}
	for _, s := range scripts {
		js, err := m.asset(fsys, s.name, "application/javascript")
		if err != nil {
			return err
		}
		if len(js) > s.budget {
			return fmt.Errorf("widgets: %s is %d bytes minified, over its %d-byte budget", s.name, len(js), s.budget)
		}
		*s.dst = template.JS(js) //nolint:gosec // our own asset
	}
	const tail = "; frame-ancestors *; base-uri 'none'; form-action 'none'"
	k.buttonCSP = "default-src 'none'; style-src " + hashSource(string(k.buttonCSS)) + "; script-src " + hashSource(string(k.btnFrame)) + tail
	k.barCSP = "default-src 'none'; style-src " + hashSource(string(k.barCSS)) + "; script-src " + hashSource(string(k.barScript)) + " " +
		hashSource(string(k.frame)) + tail
	k.intentCSP = "default-src 'none'; img-src " + k.publicHost + " data:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
	return nil
}

// hashSource is the CSP source expression allowing exactly the inline s.
func hashSource(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// text returns the button strings of a supported language.
func (k *buttonKit) text(lang string) *buttonText {
	if l, ok := k.langs[lang]; ok {
		return &l.Button
	}
	return &k.langs[defaultLang].Button
}

// ButtonCSP returns the Content-Security-Policy of button documents: the
// button frame script and the stylesheet by hash, nothing else, no image,
// frameable by any site.
func (r *Renderer) ButtonCSP() string { return r.kit.buttonCSP }

// SharebarCSP returns the Content-Security-Policy of the share bar: its
// stylesheet, its own script and the frame script by hash, nothing loaded
// from anywhere.
func (r *Renderer) SharebarCSP() string { return r.kit.barCSP }

// IntentCSP returns the Content-Security-Policy of intent pages: never
// framed, no script, images from Roost only, forms posting back to Roost.
func (r *Renderer) IntentCSP() string { return r.kit.intentCSP }

// ButtonFrameScript returns the minified frame script of button documents
// (assets/buttonframe.js) whose hash ButtonCSP allows.
func (r *Renderer) ButtonFrameScript() template.JS { return r.kit.btnFrame }

// SharebarScript returns the minified share bar script whose hash
// SharebarCSP allows.
func (r *Renderer) SharebarScript() template.JS { return r.kit.barScript }
