package widgets

import (
	"html/template"
	"strconv"
)

// LandingPage is the template model of the landing page (GET /): every
// widget live on the store's content, grouped in sections. Empty means
// there is nothing to show yet; the page then explains how to add content.
type LandingPage struct {
	Sections []LandingSection
	Empty    bool
}

// LandingSection is one group of showcased widgets.
type LandingSection struct {
	ID, Title, Intro string
	Wide             bool // timelines: fewer, wider columns
	Items            []LandingItem
}

// LandingItem is one live widget: its frame and the configurator link
// that opens it with the same options.
type LandingItem struct {
	Caption   string
	Frame     Frame
	Configure string
	Button    bool // a small frame that takes its width from the button
	Bar       bool // the share bar: a whole row, its height set by the stylesheet (its document sends no height)
}

// landingModel adds the shared assets and the frames' message ids.
type landingModel struct {
	*LandingPage
	CSS    template.CSS
	Script template.JS
	Base   string
}

// LandingPageHTML renders the landing page, minified. Every frame gets a
// "#id=N" fragment so the page script can size it from the frame's height
// messages; its reserved height avoids layout shift until then.
func (r *Renderer) LandingPageHTML(p *LandingPage) ([]byte, error) {
	n := 0
	for si := range p.Sections {
		for ii := range p.Sections[si].Items {
			n++
			f := &p.Sections[si].Items[ii].Frame
			f.Src += "#id=" + strconv.Itoa(n)
		}
	}
	return r.publishExec("landing", &landingModel{LandingPage: p, CSS: r.pub.css, Script: r.pub.script, Base: r.links.base})
}
