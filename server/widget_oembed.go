package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// oEmbed constants. cache_age tells consumers how long they may keep an
// answer: an hour bounds how long a deleted post's fallback text can stay
// in a consumer's cache (the loader shows the tombstone at once anyway).
const (
	providerName       = "Roost"
	oembedCacheAge     = 3600
	oembedJSONType     = "application/json"
	oembedXMLType      = "text/xml; charset=utf-8"
	plainContentType   = "text/plain; charset=utf-8"
	defaultTimelineW   = 550
	defaultTimelineH   = 600
	oembedFormatJSON   = "json"
	oembedFormatXML    = "xml"
	xmlDeclaration     = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n"
	oembedURLBadReason = "url must be an absolute http(s) URL of a Roost, X or Mastodon post, profile, list, hashtag, search or collection"
)

// oembedResponse is one oEmbed answer (oembed.com §2.3), type rich. Width
// and height are always integers; the thumbnail fields come all or none.
type oembedResponse struct {
	XMLName         xml.Name `json:"-" xml:"oembed"`
	Type            string   `json:"type" xml:"type"`
	Version         string   `json:"version" xml:"version"`
	Title           string   `json:"title,omitempty" xml:"title,omitempty"`
	URL             string   `json:"url" xml:"url"`
	AuthorName      string   `json:"author_name" xml:"author_name"`
	AuthorURL       string   `json:"author_url" xml:"author_url"`
	ProviderName    string   `json:"provider_name" xml:"provider_name"`
	ProviderURL     string   `json:"provider_url" xml:"provider_url"`
	CacheAge        int      `json:"cache_age" xml:"cache_age"`
	ThumbnailURL    string   `json:"thumbnail_url,omitempty" xml:"thumbnail_url,omitempty"`
	ThumbnailWidth  int      `json:"thumbnail_width,omitempty" xml:"thumbnail_width,omitempty"`
	ThumbnailHeight int      `json:"thumbnail_height,omitempty" xml:"thumbnail_height,omitempty"`
	HTML            string   `json:"html" xml:"html"`
	Width           int      `json:"width" xml:"width"`
	Height          int      `json:"height" xml:"height"`
}

// oembedOptions are the normalised options of one oEmbed request: the card
// or timeline options (the same parsers as the widget routes, so unknown
// parameters are dropped) and the two oEmbed-only switches.
type oembedOptions struct {
	post       widgets.PostOptions
	timeline   widgets.TimelineOptions
	omitScript bool
	iframe     bool
	grid       bool // layout=grid, for a collection
}

func parseOEmbedOptions(get func(string) string) oembedOptions {
	o := oembedOptions{
		post:       widgets.ParsePostOptions(get),
		timeline:   widgets.ParseTimelineOptions(get),
		omitScript: isTrue(get("omit_script")),
		iframe:     isTrue(get("iframe")),
		grid:       strings.EqualFold(strings.TrimSpace(get("layout")), "grid"),
	}
	o.timeline.Before = 0 // an embed always starts at the newest post
	return o
}

// key returns the options' part of a cache key for a target kind.
func (o oembedOptions) key(kind targetKind) string {
	k := "s=" + boolKey(o.omitScript) + ";f=" + boolKey(o.iframe) + ";g=" + boolKey(o.grid) + ";"
	if kind == targetPost {
		return k + o.post.Key()
	}
	return k + o.timeline.Key()
}

func isTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "on", "yes":
		return true
	}
	return false
}

func boolKey(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// oembed serves GET /oembed?url=…: the url is parsed strictly and looked
// up in the store, never fetched. Answers are cached like widgets, keyed by
// the parsed target, the normalised options and the format, with the ids
// they show as dependencies, so a delete is visible on the next request.
func (s *Server) oembed(c *fiber.Ctx) error {
	format := strings.ToLower(strings.TrimSpace(c.Query("format")))
	if format == "" {
		format = oembedFormatJSON
	}
	if format != oembedFormatJSON && format != oembedFormatXML {
		return sendPlain(c, fiber.StatusNotImplemented, "format must be json or xml")
	}
	p, err := newEmbedURLParser(s.cfg.PublicURL)
	if err != nil {
		return err
	}
	t, err := p.parse(c.Query("url"))
	switch {
	case errors.Is(err, errBadEmbedURL):
		return sendPlain(c, fiber.StatusBadRequest, oembedURLBadReason)
	case err != nil:
		return sendPlain(c, fiber.StatusNotFound, "no embeddable post, profile, list, hashtag, search or collection at this url")
	}
	o := parseOEmbedOptions(queryGetter(c))
	key := "oembed/" + format + "/" + t.key() + "?" + o.key(t.kind)
	return s.serveWidget(c, key, func(ctx context.Context) (cache.Rendered, error) {
		return s.renderOEmbed(ctx, p, t, o, format)
	})
}

// sendPlain answers with a short plain-text error body.
func sendPlain(c *fiber.Ctx, status int, msg string) error {
	c.Set(fiber.HeaderContentType, plainContentType)
	return c.Status(status).SendString(msg + "\n")
}

// renderOEmbed builds the answer for one target: the response, or a
// cacheable 404/401 whose dependencies make it stale when the target appears.
func (s *Server) renderOEmbed(ctx context.Context, p embedURLParser, t embedTarget, o oembedOptions, format string) (cache.Rendered, error) {
	l := &viewLoader{st: s.st}
	var resp *oembedResponse
	var status int
	var err error
	if t.kind == targetPost {
		resp, status, err = s.oembedPost(ctx, l, p, t, o)
	} else {
		resp, status, err = s.oembedTimeline(ctx, l, t, o)
	}
	if err != nil {
		return cache.Rendered{}, err
	}
	if resp == nil {
		return plainRendered(status, l.deps), nil
	}
	return encodeOEmbed(resp, format, l.deps)
}

// plainRendered is a cacheable error answer.
func plainRendered(status int, deps cache.Deps) cache.Rendered {
	msg := "not found"
	if status == fiber.StatusUnauthorized {
		msg = "this account's posts are protected"
	}
	r := cache.Rendered{Body: []byte(msg + "\n"), ContentType: plainContentType, Status: status, Deps: deps}
	if len(deps.Posts)+len(deps.Users)+len(deps.Lists)+len(deps.Tags) == 0 {
		r.TTL = unknownNameTTL // nothing the fence could watch for the name's creation
	}
	return r
}

// encodeOEmbed writes resp as JSON or XML (values escaped by the encoders).
func encodeOEmbed(resp *oembedResponse, format string, deps cache.Deps) (cache.Rendered, error) {
	if format == oembedFormatXML {
		b, err := xml.Marshal(resp)
		if err != nil {
			return cache.Rendered{}, err
		}
		return cache.Rendered{Body: append([]byte(xmlDeclaration), b...), ContentType: oembedXMLType,
			Status: fiber.StatusOK, Deps: deps}, nil
	}
	b, err := json.Marshal(resp)
	if err != nil {
		return cache.Rendered{}, err
	}
	return cache.Rendered{Body: b, ContentType: oembedJSONType, Status: fiber.StatusOK, Deps: deps}, nil
}

// newOEmbedResponse fills the fields every answer shares.
func (s *Server) newOEmbedResponse(html string, width, height int) *oembedResponse {
	return &oembedResponse{Type: "rich", Version: "1.0", ProviderName: providerName,
		ProviderURL: s.cfg.PublicURL, CacheAge: oembedCacheAge, HTML: html, Width: width, Height: height}
}

// oembedPost answers for a post: 404 when it does not exist, its author is
// suspended or the URL's origin does not match the post's; 401 when the
// author is protected. A nil response with a status is an error answer.
func (s *Server) oembedPost(ctx context.Context, l *viewLoader, p embedURLParser, t embedTarget, o oembedOptions) (*oembedResponse, int, error) {
	l.deps.Posts = append(l.deps.Posts, t.id)
	post, err := s.st.PostByID(ctx, t.id)
	if isNotFound(err) {
		return nil, fiber.StatusNotFound, nil
	} else if err != nil {
		return nil, 0, err
	}
	l.deps.Users = append(l.deps.Users, post.AuthorID)
	author, err := l.user(ctx, post.AuthorID) // the render's one view of the author
	if isNotFound(err) {
		return nil, fiber.StatusNotFound, nil
	} else if err != nil {
		return nil, 0, err
	}
	if !claims(p, t, post, author) {
		return nil, fiber.StatusNotFound, nil
	}
	switch authorState(author) {
	case widgets.StateProtected:
		return nil, fiber.StatusUnauthorized, nil
	case widgets.StateSuspended:
		return nil, fiber.StatusNotFound, nil
	}
	v, err := l.post(ctx, t.id, 1)
	if err != nil {
		return nil, 0, err
	}
	switch v.State {
	case widgets.StateVisible:
	case widgets.StateProtected: // cannot differ from above: same author view
		return nil, fiber.StatusUnauthorized, nil
	default:
		return nil, fiber.StatusNotFound, nil // deleted between the two reads
	}
	return s.postResponse(v, o)
}

// postResponse builds a visible post's answer.
func (s *Server) postResponse(v *widgets.PostView, o oembedOptions) (*oembedResponse, int, error) {
	form := widgets.EmbedForm{OmitScript: o.omitScript, IFrame: o.iframe,
		Width: o.post.Width, Height: s.widgets.EstimatePostHeight(v, o.post)}
	html, err := s.widgets.PostEmbedHTML(v, o.post, form)
	if err != nil {
		return nil, 0, err
	}
	r := s.newOEmbedResponse(html, form.Width, form.Height)
	r.URL = s.permalink(v.Author.Handle, v.Post.ID)
	r.AuthorName = displayName(v.Author)
	r.AuthorURL = s.cfg.PublicURL + "/" + v.Author.Handle
	if m := thumbnail(v); m != nil {
		r.ThumbnailURL, r.ThumbnailWidth, r.ThumbnailHeight = s.mediaURL(m), m.Width, m.Height
	}
	return r, fiber.StatusOK, nil
}

// thumbnail is the post's first image with a known size, unless the post
// hides its media behind a warning (unfurlers would show it unasked).
func thumbnail(v *widgets.PostView) *storage.Media {
	if v.Post.Sensitive || strings.TrimSpace(v.Post.Summary) != "" {
		return nil
	}
	for _, m := range v.Media {
		if m != nil && m.Playable() {
			m = v.Posters[m.PosterMediaID] // a video's thumbnail is its poster
		}
		if m != nil && m.Path != "" && m.Width > 0 && m.Height > 0 {
			return m
		}
	}
	if m := v.CardImage; m != nil && m.Path != "" && m.Width > 0 && m.Height > 0 && !m.Playable() {
		return m // a post without images of its own shows its link card's
	}
	return nil
}

// displayName is the name a person sees: the display name, or the handle.
func displayName(u *storage.User) string {
	if n := strings.TrimSpace(u.Name); n != "" {
		return n
	}
	return u.Handle
}

// claims reports whether a post URL may name post: any Roost permalink
// names the post with its id, but an X or Mastodon URL only names an
// imported post whose original URL (or, lacking one, whose author's
// profile URL) is on the same host and account. So an arbitrary instance
// cannot claim a post by reusing its id.
func claims(p embedURLParser, t embedTarget, post *storage.Post, author *storage.User) bool {
	if t.origin == originRoost {
		return true
	}
	if post.OriginalURL != "" {
		o, err := p.parse(post.OriginalURL)
		return err == nil && o.kind == targetPost && o.origin == t.origin && o.host == t.host &&
			o.id == t.id && (t.user == "" || strings.EqualFold(o.user, t.user))
	}
	return profileClaims(t, author)
}

// profileClaims matches a post URL against its author's profile URL on the
// original platform: https://x.com/{user} or https://{instance}/@{user}.
func profileClaims(t embedTarget, author *storage.User) bool {
	if author.ProfileURL == "" || t.user == "" {
		return false
	}
	u, err := (embedURLParser{}).parseURL(author.ProfileURL)
	if err != nil {
		return false
	}
	host, err := asciiHost(u.Hostname())
	if err != nil {
		return false
	}
	if p := u.Port(); p != "" && !isDefaultPort(u.Scheme, p) {
		host += ":" + p
	}
	user := strings.TrimPrefix(strings.Trim(u.Path, "/"), "@")
	user = strings.TrimPrefix(user, "users/")
	if !strings.EqualFold(user, t.user) {
		return false
	}
	if t.origin == originX {
		return isXHost(host) && author.Platform == storage.PlatformX
	}
	return host == t.host && author.Platform == storage.PlatformMastodon
}
