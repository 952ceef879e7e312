package widgets

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/roost-embed/roost/storage"
)

// builder turns a PostView into the template model for one language and
// set of options. It is cheap and lives for one render.
type builder struct {
	r  *Renderer
	ui *uiLang
	o  PostOptions
	// iconRefs makes every card built draw its icons by reference (cardView.IconRefs).
	iconRefs bool
}

// card builds the model of a full card; nested quoted and parent posts
// become compact cards, one level deep.
func (b *builder) card(v *PostView) *cardView {
	c := b.base(v, false)
	if c.Tomb != "" {
		return c
	}
	if v.Quoted != nil {
		c.Quote = b.base(v.Quoted, true)
	}
	if v.Parent != nil && !b.o.HideThread {
		c.Parent = b.base(v.Parent, true)
	}
	return c
}

// base builds a card without its nested posts; compact cards show at most
// one image and the date without the time.
func (b *builder) base(v *PostView, compact bool) *cardView {
	c := &cardView{UI: b.ui, Compact: compact, IconRefs: b.iconRefs}
	if s := v.state(); s != StateVisible {
		c.Tomb = b.tombstone(s)
		c.Label = c.Tomb
		return c
	}
	p, u := v.Post, v.Author
	b.author(c, u, v.Avatar)
	c.Label = strings.Replace(b.ui.PostBy, "%s", c.Name, 1)
	c.Permalink = b.r.links.permalink(u.Handle, p.ID)
	c.Text = b.r.text.HTML(p.Text, p.Entities)
	c.TextLang, c.TextDir = textLang(p.Lang)
	b.media(c, v, compact)
	b.rich(c, v, compact)
	b.warning(c, p)
	b.dates(c, p)
	b.counts(c, p)
	return c
}

func (b *builder) tombstone(s State) string {
	switch s {
	case StateProtected:
		return b.ui.Protected
	case StateSuspended:
		return b.ui.Suspended
	}
	return b.ui.Unavailable
}

// author fills the header: a display name falls back to the handle, and a
// missing avatar to a coloured initial picked from the user id.
func (b *builder) author(c *cardView, u *storage.User, avatar *storage.Media) {
	c.Handle = u.Handle
	c.Name = strings.TrimSpace(u.Name)
	if c.Name == "" {
		c.Name = u.Handle
	}
	c.Profile = b.r.links.profile(u.Handle)
	c.Verified = u.Verified
	if avatar != nil && avatar.Path != "" {
		c.Avatar = &imageView{Src: b.r.links.mediaVariant(avatar, avatarVariant), Width: 48, Height: 48, Style: placeholder(avatar.Color)}
		return
	}
	r, _ := utf8.DecodeRuneInString(c.Name)
	c.Initial = string(unicode.ToUpper(r))
	c.InitialClass = "c" + strconv.FormatInt((u.ID%avatarColours+avatarColours)%avatarColours, 10)
}

// avatarColours is the number of .c0… initial-avatar classes in card.css.
const avatarColours = 6

// maxMedia is the most images a card shows, as on X.
const maxMedia = 4

// media fills the image grid unless media is hidden; a compact card shows
// its first image only.
func (b *builder) media(c *cardView, v *PostView, compact bool) {
	if b.o.HideMedia {
		c.MediaNote = b.hiddenVideos(v.Media)
		return
	}
	limit := maxMedia
	if compact {
		limit = 1
	}
	for _, m := range v.Media {
		if m == nil || m.Path == "" || len(c.Media) == limit {
			continue
		}
		if m.Playable() {
			if iv, ok := b.video(m, v.Posters[m.PosterMediaID], compact); ok {
				c.Media = append(c.Media, iv)
			}
			continue
		}
		c.Media = append(c.Media, b.image(m))
	}
}

func (b *builder) image(m *storage.Media) imageView {
	w, h := m.Width, m.Height
	if w <= 0 || h <= 0 {
		w, h = 16, 9 // unknown size: reserve a common shape rather than nothing
	}
	alt := strings.TrimSpace(m.Alt)
	if alt == "" {
		alt = b.ui.Image
	}
	style := "aspect-ratio:" + strconv.Itoa(w) + "/" + strconv.Itoa(h)
	if p := placeholder(m.Color); p != "" {
		style += ";" + string(p)
	}
	return imageView{Src: b.r.links.mediaVariant(m, imageVariant), Alt: alt, Width: w, Height: h, Style: cssValue(style)}
}

// warning decides what hides behind a click: a content warning (Summary)
// hides text and media, a sensitive flag hides the media only.
func (b *builder) warning(c *cardView, p *storage.Post) {
	summary := strings.TrimSpace(p.Summary)
	switch {
	case summary != "":
		c.CW, c.CWText = summary, true
	case p.Sensitive && (len(c.Media) > 0 || c.Link != nil):
		c.CW = b.ui.Sensitive
	}
}

func (b *builder) dates(c *cardView, p *storage.Post) {
	t := p.CreatedAt
	if t.IsZero() {
		t = storage.IDTime(p.ID)
	}
	c.TimeISO = t.UTC().Format(time.RFC3339)
	local := t.In(zoneLocation(b.o.TZ))
	c.Time = b.ui.dates.stamp(local)
	c.Day = b.ui.dates.day(local)
	c.Edited = !p.EditedAt.IsZero()
}

func (b *builder) counts(c *cardView, p *storage.Post) {
	l := b.r.links
	c.Reply = b.action(l.intent("post", "in_reply_to", p.ID), b.ui.Replies, p.ReplyCount)
	c.Repost = b.action(l.intent("repost", "post_id", p.ID), b.ui.Reposts, p.RepostCount)
	c.Like = b.action(l.intent("like", "post_id", p.ID), b.ui.Likes, p.LikeCount)
	if p.ReplyCount > 0 {
		c.ReadReplies = b.ui.countCompact(b.ui.ReadReplies, p.ReplyCount)
	}
}

// action labels a counted link with the full number ("1,234 likes") and
// shows the compact one ("1.2K"); a zero count shows no number, as on X.
func (b *builder) action(url string, forms plural, n int64) action {
	a := action{URL: url, Label: b.ui.count(forms, n, b.ui.numbers.grouped(max(n, 0)))}
	if n > 0 {
		a.Count = b.ui.numbers.compact(n)
	}
	return a
}

// textLang returns the lang and dir attributes of post text: right-to-left
// languages get dir=rtl, everything else dir=auto so mixed text works.
func textLang(lang string) (string, string) {
	lang = strings.TrimSpace(lang)
	if !validLangTag(lang) {
		return "", "auto"
	}
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch primary {
	case "ar", "he", "iw", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug":
		return lang, "rtl"
	}
	return lang, "auto"
}

// validLangTag accepts the shape of a BCP 47 tag (letters, digits, hyphens).
func validLangTag(s string) bool {
	if s == "" || len(s) > 35 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
