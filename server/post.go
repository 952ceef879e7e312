package server

import (
	"context"
	"html"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
)

// tombstoneText is what every unavailable post shows, whatever the reason:
// the status code tells machines why, people need not know.
const tombstoneText = "This post is unavailable"

// embedPost serves GET /embed/post/{id}: one post as a small, complete HTML
// document for an iframe. This is the minimal card; the widgets package's
// full card and the render cache replace its body later.
func (s *Server) embedPost(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), storeReadTimeout)
	defer cancel()
	p, author, status, err := s.loadVisiblePost(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	if status != fiber.StatusOK {
		return c.Status(status).SendString(tombstoneDocument())
	}
	return c.SendString(postDocument(p, author, s.permalink(author.Handle, p.ID)))
}

// loadVisiblePost finds a post and its author and decides the status a
// logged-out visitor gets: 200, 404 (unknown or deleted), 403 (protected
// author) or 410 (suspended author). err is only for store failures.
func (s *Server) loadVisiblePost(ctx context.Context, rawID string) (*storage.Post, *storage.User, int, error) {
	id, ok := parseID(rawID)
	if !ok {
		return nil, nil, fiber.StatusNotFound, nil
	}
	p, err := s.st.PostByID(ctx, id)
	if isNotFound(err) {
		return nil, nil, fiber.StatusNotFound, nil
	} else if err != nil {
		return nil, nil, 0, err
	}
	author, err := s.st.UserByID(ctx, p.AuthorID)
	switch {
	case isNotFound(err):
		return nil, nil, fiber.StatusNotFound, nil
	case err != nil:
		return nil, nil, 0, err
	case author.Suspended:
		return nil, nil, fiber.StatusGone, nil
	case author.Protected:
		return nil, nil, fiber.StatusForbidden, nil
	}
	return p, author, fiber.StatusOK, nil
}

// postDocument renders the minimal card. Every value from the store is
// escaped; nothing else is interpolated.
func postDocument(p *storage.Post, author *storage.User, permalink string) string {
	var b strings.Builder
	b.WriteString(documentHead(author.Name + " (@" + author.Handle + ")"))
	b.WriteString(`<article class="roost-post"><header><strong>`)
	b.WriteString(html.EscapeString(author.Name))
	b.WriteString(`</strong> <span>@`)
	b.WriteString(html.EscapeString(author.Handle))
	b.WriteString(`</span></header><p>`)
	b.WriteString(html.EscapeString(p.Text))
	b.WriteString(`</p><footer><a href="`)
	b.WriteString(html.EscapeString(permalink))
	b.WriteString(`" target="_blank" rel="noopener"><time datetime="`)
	b.WriteString(p.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"))
	b.WriteString(`">`)
	b.WriteString(p.CreatedAt.UTC().Format("Jan 2, 2006"))
	b.WriteString("</time></a></footer></article></body></html>")
	return b.String()
}

// tombstoneDocument is the card of a post that cannot be shown.
func tombstoneDocument() string {
	return documentHead(tombstoneText) + `<article class="roost-post roost-tombstone"><p>` +
		tombstoneText + "</p></article></body></html>"
}

// documentHead opens a card document with a title and tiny inline style.
func documentHead(title string) string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width,initial-scale=1">` +
		`<meta name="robots" content="noindex"><title>` + html.EscapeString(title) + `</title>` +
		`<style>body{margin:0;font:15px/1.4 system-ui,sans-serif}article{border:1px solid #ccd;` +
		`border-radius:12px;padding:12px 16px;max-width:550px}p{white-space:pre-wrap}</style></head><body>`
}
