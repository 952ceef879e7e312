package widgets

import (
	"encoding/json"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/roost-embed/roost/storage"
)

// What link-card consumers (metascraper's rules, open-graph-scraper,
// unfurl.js, chat apps) read beyond Open Graph: the author as meta and as
// schema.org JSON-LD, the date, the content's own language, the account on
// X. Only visible posts and profiles get any of it.

// ldPerson is a schema.org Person.
type ldPerson struct {
	Type          string   `json:"@type"`
	Name          string   `json:"name"`
	AlternateName string   `json:"alternateName"`
	Identifier    string   `json:"identifier,omitempty"`
	URL           string   `json:"url"`
	Description   string   `json:"description,omitempty"`
	Image         string   `json:"image,omitempty"`
	SameAs        []string `json:"sameAs,omitempty"`
	Stats         []ldStat `json:"interactionStatistic,omitempty"`
}

// ldStat is a schema.org InteractionCounter.
type ldStat struct {
	Type  string `json:"@type"`
	Kind  string `json:"interactionType"`
	Count int64  `json:"userInteractionCount"`
}

func stat(kind string, n int64) ldStat {
	return ldStat{Type: "InteractionCounter", Kind: "https://schema.org/" + kind, Count: max(n, 0)}
}

// ldJSON marshals v for a <script type="application/ld+json">: json.Marshal
// escapes <, > and & as \u003c…, so no text can close the element.
func ldJSON(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

// person is the JSON-LD author of a page.
func (r *Renderer) person(u *storage.User, avatar *imageView) ldPerson {
	p := ldPerson{Type: "Person", Name: displayName(u), AlternateName: "@" + u.Handle, URL: r.links.profile(u.Handle)}
	if avatar != nil {
		p.Image = avatar.Src
	}
	if isWebURL(u.ProfileURL) {
		p.SameAs = []string{u.ProfileURL}
	}
	return p
}

// xCreator is the twitter:creator of an account imported from X: its
// handle there (from its X profile URL), else its Roost handle.
func xCreator(u *storage.User) string {
	if u.Platform != storage.PlatformX {
		return ""
	}
	if p, err := url.Parse(u.ProfileURL); err == nil && p.Path != "" {
		if h := strings.Trim(p.Path, "/"); validXHandle(h) {
			return "@" + h
		}
	}
	return "@" + u.Handle
}

func validXHandle(h string) bool {
	if h == "" || len(h) > 15 {
		return false
	}
	for _, c := range h {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// ogLocale turns a BCP 47 tag into Open Graph's form (pt-BR → pt_BR).
func ogLocale(lang string) string { return strings.ReplaceAll(lang, "-", "_") }

// postMeta fills the link-card meta of a visible post's page.
func (r *Renderer) postMeta(h *pageHead, v *PostView, c *cardView, uiLang string) {
	p, u := v.Post, v.Author
	h.Author, h.AuthorURL = displayName(u), r.links.profile(u.Handle)
	h.Published = p.CreatedAt.UTC().Format(time.RFC3339)
	lang := firstSet(c.TextLang, uiLang) // the card's checked tag, not the stored one
	h.Locale = ogLocale(lang)
	h.TwitterCreator = xCreator(u)
	if h.Image != nil && h.Image.Alt == "" {
		h.Image.Alt = h.Author
	}
	author := r.person(u, r.avatarImage(v.Avatar))
	ld := map[string]any{"@context": "https://schema.org", "@type": "SocialMediaPosting",
		"@id": c.Permalink, "url": c.Permalink, "headline": h.Description, "datePublished": h.Published,
		"inLanguage": lang, "author": author,
		"interactionStatistic": []ldStat{stat("LikeAction", p.LikeCount), stat("ShareAction", p.RepostCount), stat("CommentAction", p.ReplyCount)}}
	if !p.EditedAt.IsZero() {
		ld["dateModified"] = p.EditedAt.UTC().Format(time.RFC3339)
	}
	if h.Image != nil {
		ld["image"] = h.Image.Src
	}
	h.JSONLD = ldJSON(ld)
}

// profileMeta fills the link-card meta of a visible profile page.
func (r *Renderer) profileMeta(h *pageHead, u *storage.User, avatar *imageView, uiLang string) {
	h.Author, h.AuthorURL = displayName(u), ""
	h.Locale = ogLocale(uiLang)
	h.TwitterCreator = xCreator(u)
	if h.Image != nil && h.Image.Alt == "" {
		h.Image.Alt = h.Author
	}
	p := r.person(u, avatar)
	p.Identifier, p.Description = u.Handle, strings.TrimSpace(u.Bio)
	p.Stats = []ldStat{stat("FollowAction", u.FollowersCount)}
	ld := map[string]any{"@context": "https://schema.org", "@type": "ProfilePage",
		"url": r.links.profile(u.Handle), "inLanguage": uiLang, "mainEntity": p}
	if !u.CreatedAt.IsZero() {
		ld["dateCreated"] = u.CreatedAt.UTC().Format(time.RFC3339)
	}
	h.JSONLD = ldJSON(ld)
}
