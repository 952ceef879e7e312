package widgets

import (
	"html/template"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/roost-embed/roost/storage"
)

// pollView is a poll as result bars: every string computed here, the bar
// widths built from numbers only.
type pollView struct {
	Label   string // the accessible name of the list ("Poll")
	Options []pollOptionView
	Total   string // "1,234 votes"
	Status  string // "Final results", "2 days left" or "" (open, no end given)
}

type pollOptionView struct {
	Label   string
	Percent string       // "62%"
	Bar     template.CSS // "width:62%"
	Lead    bool         // the most votes (ties all lead), once any vote is cast
}

// linkView is a link preview card: a large image above the text when the
// image is wide, a small square beside it otherwise, or text alone.
type linkView struct {
	URL, Domain, Title, Description string
	Image                           *imageView
	Large                           bool
}

// wideCard is the aspect ratio from which a card's image shows large, as
// X's summary_large_image (1.91:1) versus summary (1:1).
const wideCard = 1.5

// rich fills the poll and the link card; a compact card (a quote or a
// reply parent) shows neither, and hide_media (cards=hidden) drops the card.
func (b *builder) rich(c *cardView, v *PostView, compact bool) {
	if compact {
		return
	}
	p := v.Post
	if p.Poll != nil && len(p.Poll.Options) > 0 {
		c.Poll = b.poll(p.Poll)
	}
	if p.Card != nil && !b.o.HideMedia {
		c.Link = b.link(p.Card, v.CardImage)
	}
}

func (b *builder) poll(p *storage.Poll) *pollView {
	t := b.ui.rich
	total := p.Total()
	v := &pollView{Label: t.Poll, Total: t.Votes.count(total, b.ui.numbers.grouped(max(total, 0)))}
	var most int64
	for _, o := range p.Options {
		most = max(most, o.Votes)
	}
	for _, o := range p.Options {
		pct := 0
		if total > 0 {
			pct = int((max(o.Votes, 0)*100 + total/2) / total)
		}
		n := strconv.Itoa(pct)
		v.Options = append(v.Options, pollOptionView{Label: o.Label, Percent: n + "%", Bar: cssValue("width:" + n + "%"),
			Lead: total > 0 && o.Votes == most})
	}
	v.Status = b.pollStatus(p)
	return v
}

// pollStatus is "Final results" once the poll is closed or past its end,
// the time left while it runs, nothing for an open poll without an end.
func (b *builder) pollStatus(p *storage.Poll) string {
	now := b.r.now()
	t := b.ui.rich
	switch {
	case p.Final(now):
		return t.FinalResults
	case p.EndsAt.IsZero():
		return ""
	}
	left := p.EndsAt.Sub(now)
	unit, forms := time.Minute, t.MinutesLeft
	switch {
	case left >= 24*time.Hour:
		unit, forms = 24*time.Hour, t.DaysLeft
	case left >= time.Hour:
		unit, forms = time.Hour, t.HoursLeft
	}
	n := max(int64(left/unit), 1)
	return forms.count(n, b.ui.numbers.grouped(n))
}

// PollTTL is how long a render showing poll p stays right: until the time
// left changes its wording (a minute at most), or forever (0) when it
// shows no time.
func PollTTL(p *storage.Poll, now time.Time) time.Duration {
	if p == nil || p.Final(now) || p.EndsAt.IsZero() {
		return 0
	}
	return min(p.EndsAt.Sub(now), time.Minute)
}

func (b *builder) link(c *storage.LinkCard, img *storage.Media) *linkView {
	v := &linkView{URL: c.URL, Domain: cardDomain(c.URL), Title: c.Title, Description: c.Description}
	if !isWebURL(c.URL) {
		return nil // the API and the store allow no other; never link a javascript: URL
	}
	if img != nil && img.Path != "" && !img.Playable() {
		w, h := img.Width, img.Height
		v.Large = w > 0 && h > 0 && float64(w) >= wideCard*float64(h)
		im := b.image(img)
		im.Alt, im.Style = "", placeholder(img.Color) // linkcard.css gives the box its fixed shape
		v.Image = &im
	}
	return v
}

// cardDomain is the host a link card names, without "www.".
func cardDomain(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// richKind is a set of the rich content kinds a document shows; each
// brings its own stylesheet.
type richKind uint8

const (
	richPoll richKind = 1 << iota
	richLink
	richVideo
	richKinds = 3
)

// richAssets are the stylesheets of the kinds, in bit order.
var richAssets = [richKinds]string{"poll.css", "linkcard.css", "video.css"}

// hasRich returns the rich kinds the views (or the posts they nest) show:
// a poll, a link card, a video or GIF.
func hasRich(vs ...*PostView) richKind {
	var k richKind
	for _, v := range vs {
		if v == nil || v.Post == nil {
			continue
		}
		if v.Post.Poll != nil {
			k |= richPoll
		}
		if v.Post.Card != nil {
			k |= richLink
		}
		k |= hasRich(v.Quoted, v.Parent)
		for _, m := range v.Media {
			if m != nil && m.Playable() {
				k |= richVideo
			}
		}
	}
	return k
}

// cssFor is the stylesheet of a document: card.css, plus the stylesheet of
// each rich kind a card in it shows (every combination made at start).
func (r *Renderer) cssFor(k richKind) template.CSS {
	return r.richCSS[k]
}

// loadRichCSS minifies the rich kinds' stylesheets and builds the
// stylesheet of every combination, card.css first.
func (r *Renderer) loadRichCSS(fsys fs.FS, card []byte) error {
	var parts [richKinds][]byte
	for i, name := range richAssets {
		b, err := r.min.asset(fsys, name, "text/css")
		if err != nil {
			return err
		}
		parts[i] = b
	}
	for k := range richKind(1 << richKinds) {
		css := string(card)
		for i := range richKinds {
			if k&(1<<i) != 0 {
				css += string(parts[i])
			}
		}
		r.richCSS[k] = template.CSS(css) //nolint:gosec // our own assets
	}
	return nil
}
