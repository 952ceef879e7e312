package server

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// intentSubject is what an intent acts on: the post (like, repost, reply)
// and the account whose platform decides where the visitor continues.
type intentSubject struct {
	view  *widgets.PostView // nil unless the intent names a post
	user  *storage.User     // the post's author or the named account; nil for a plain share
	state widgets.State
}

// intent serves GET /intent/{action}: it validates the parameters, finds
// the post or account, and hands off to where the action can happen (X,
// the account's Mastodon server, the operator's --intent-url) with a 302 to
// an allowed host only; otherwise it shows a chooser page. Intents are
// pages for people: never framed, never cached, no cookies, no script.
func (s *Server) intent(c *fiber.Ctx) error {
	intentHeaders(c, s.widgets.IntentCSP())
	o, ok := widgets.ParseIntentOptions(strings.Clone(c.Params("action")), ownedQuery(c))
	if !ok {
		return c.Status(fiber.StatusNotFound).SendString("Unknown intent: use post, follow, like, repost or user.\n")
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeReadTimeout)
	defer cancel()
	subj, err := s.intentSubject(ctx, o)
	if err != nil {
		return err
	}
	if subj.state == widgets.StateVisible && o.Instance == "" && !o.BadInstance {
		if loc, hosts, ok := s.handoff(o, subj); ok && hosts.permit(loc) {
			c.Set(fiber.HeaderLocation, loc.String())
			return c.SendStatus(fiber.StatusFound)
		}
	}
	body, err := s.widgets.IntentPage(widgets.IntentView{Options: o, State: subj.state, Post: subj.view, User: subj.user})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, htmlContentType)
	return c.Status(intentStatus(subj.state)).Send(body)
}

// intentHeaders is the header profile of intent pages.
func intentHeaders(c *fiber.Ctx, csp string) {
	c.Set(fiber.HeaderContentSecurityPolicy, csp)
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set(fiber.HeaderCacheControl, "no-store")
}

// intentStatus is the status of a chooser page: the post or account's state.
func intentStatus(st widgets.State) int {
	if st == widgets.StateVisible {
		return fiber.StatusOK
	}
	return st.HTTPStatus()
}

// intentSubject loads what the intent names. A missing required id or
// handle is a 404 state; a store failure is an error.
func (s *Server) intentSubject(ctx context.Context, o widgets.IntentOptions) (intentSubject, error) {
	switch o.Action {
	case widgets.IntentLike, widgets.IntentRepost:
		return s.intentPost(ctx, o.PostID)
	case widgets.IntentFollow, widgets.IntentUser:
		return s.intentUser(ctx, o.ScreenName, true)
	}
	switch {
	case o.InReplyTo != 0:
		return s.intentPost(ctx, o.InReplyTo)
	case o.Recipient != "":
		return s.intentUser(ctx, o.Recipient, false)
	case o.ScreenName != "":
		return s.intentUser(ctx, o.ScreenName, false)
	}
	return intentSubject{state: widgets.StateVisible}, nil
}

// intentPost loads a post with its author; id 0 (absent or malformed) is
// a deleted post.
func (s *Server) intentPost(ctx context.Context, id int64) (intentSubject, error) {
	if id == 0 {
		return intentSubject{state: widgets.StateDeleted}, nil
	}
	l := &viewLoader{st: s.st}
	v, err := l.post(ctx, id, 1)
	if err != nil {
		return intentSubject{}, err
	}
	return intentSubject{view: v, user: v.Author, state: v.State}, nil
}

// intentUser loads an account. When required (follow, user) an unknown or
// hidden account is the page's state; otherwise (a mention or a message)
// the post is written without an account to hand off to.
func (s *Server) intentUser(ctx context.Context, handle string, required bool) (intentSubject, error) {
	missing := intentSubject{state: widgets.StateVisible}
	if required {
		missing.state = widgets.StateDeleted
	}
	if handle == "" {
		return missing, nil
	}
	u, err := s.st.UserByHandle(ctx, handle)
	if isNotFound(err) {
		return missing, nil
	} else if err != nil {
		return intentSubject{}, err
	}
	switch {
	case u.Suspended && required:
		return intentSubject{state: widgets.StateSuspended}, nil
	case u.Protected && required:
		return intentSubject{state: widgets.StateProtected}, nil
	case u.Suspended || u.Protected:
		return missing, nil
	}
	return intentSubject{user: u, state: widgets.StateVisible}, nil
}
