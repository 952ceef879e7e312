package server

import (
	"net/http"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
)

// embedLink serves GET /embed/link/{id}?url=U: a redirect to U, only when U
// is a link that the visible post {id} itself contains. A frame sandboxed
// without pop-ups (WordPress's sandbox="allow-scripts") cannot open a link
// in a new tab, and wp-embed.js follows a frame's {message: "link"} only to
// the frame's own host; this Roost-host URL is what the frame script hands
// it, so every link of an embed still leads where it says. It is never an
// open redirect: U must equal a stored URL entity (or the imported post's
// original URL) of a post anyone may see, compared byte for byte with what
// the card rendered.
func (s *Server) embedLink(c *fiber.Ctx) error {
	id, ok := parseID(c.Params("id"))
	target := c.Query("url")
	if !ok || target == "" {
		return errorf(http.StatusBadRequest, "url", "need a post id in the path and the url of one of its links in ?url=")
	}
	p, err := s.st.PostByID(c.UserContext(), id)
	if err != nil && !isNotFound(err) {
		return err
	}
	if p == nil || !s.linkVisible(c, p) || !postLinks(p, target) {
		return errorf(http.StatusNotFound, "url", "no visible post %d links to this url", id)
	}
	setHeader(c, hdrReferrer, "no-referrer")
	c.Set(fiber.HeaderLocation, target)
	return c.SendStatus(http.StatusFound)
}

// linkVisible reports whether p's author is shown to everyone.
func (s *Server) linkVisible(c *fiber.Ctx, p *storage.Post) bool {
	u, err := s.st.UserByID(c.UserContext(), p.AuthorID)
	return err == nil && !u.Suspended && !u.Protected
}

// postLinks reports whether target is an http(s) link the post shows.
func postLinks(p *storage.Post, target string) bool {
	if !httpURL(target) {
		return false
	}
	if target == p.OriginalURL {
		return true
	}
	for _, e := range p.Entities {
		if e.Kind == storage.EntityURL && e.Value == target {
			return true
		}
	}
	return false
}

// httpURL reports whether raw is an absolute http or https URL with a host:
// the redirect never sends a reader to "javascript:" or a relative path.
func httpURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
