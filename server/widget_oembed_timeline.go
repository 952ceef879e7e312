package server

import (
	"context"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// oembedTimeline answers for a profile, list or hashtag timeline. A
// profile of a protected account is 401, of a suspended one 404, like its
// posts; a list follows its owner; a hashtag timeline always exists (it may
// be empty until someone posts the tag).
func (s *Server) oembedTimeline(ctx context.Context, l *viewLoader, t embedTarget, o oembedOptions) (*oembedResponse, int, error) {
	ref := widgets.TimelineRef{Tag: t.tag, ListID: t.id}
	var authorName, authorURL, pageURL string
	switch t.kind {
	case targetProfile:
		u, err := s.st.UserByHandle(ctx, t.user)
		if isNotFound(err) {
			return nil, fiber.StatusNotFound, nil
		} else if err != nil {
			return nil, 0, err
		}
		l.deps.Users = append(l.deps.Users, u.ID)
		if st := stateStatus(authorState(u)); st != fiber.StatusOK {
			return nil, st, nil
		}
		ref.Kind, ref.Handle, ref.Name = widgets.TimelineProfile, u.Handle, displayName(u)
		authorName, authorURL = ref.Name, s.cfg.PublicURL+"/"+u.Handle
		pageURL = authorURL
	case targetList:
		l.deps.Lists = append(l.deps.Lists, t.id)
		list, err := s.st.ListByID(ctx, t.id)
		if isNotFound(err) {
			return nil, fiber.StatusNotFound, nil
		} else if err != nil {
			return nil, 0, err
		}
		owner, st, err := s.timelineOwner(ctx, l, list.OwnerID)
		if owner == nil {
			return nil, st, err
		}
		ref.Kind, ref.Name = widgets.TimelineList, list.Name
		authorName, authorURL = displayName(owner), s.cfg.PublicURL+"/"+owner.Handle
		pageURL = s.cfg.PublicURL + "/embed/list/" + strconv.FormatInt(t.id, 10)
	case targetCollection:
		l.deps.Collections = append(l.deps.Collections, t.id)
		col, err := s.st.CollectionByID(ctx, t.id)
		if isNotFound(err) {
			return nil, fiber.StatusNotFound, nil
		} else if err != nil {
			return nil, 0, err
		}
		owner, st, err := s.timelineOwner(ctx, l, col.OwnerID)
		if owner == nil {
			return nil, st, err
		}
		ref.Kind, ref.Name, ref.CollectionID = widgets.TimelineCollection, col.Name, col.ID
		ref.Grid = o.grid
		authorName, authorURL = displayName(owner), s.cfg.PublicURL+"/"+owner.Handle
		pageURL = s.widgets.PageURL(&widgets.TimelineView{Kind: widgets.TimelineCollection, Collection: col})
	case targetSearch:
		ref.Kind, ref.Query, ref.Name = widgets.TimelineSearch, t.query, t.query
		pageURL = s.widgets.PageURL(&widgets.TimelineView{Kind: widgets.TimelineSearch, Query: t.query})
		authorName, authorURL = t.query, pageURL
	default:
		l.deps.Tags = append(l.deps.Tags, t.tag)
		ref.Kind, ref.Name = widgets.TimelineHashtag, "#"+t.tag
		authorName, authorURL = "#"+t.tag, s.cfg.PublicURL+"/embed/hashtag/"+url.PathEscape(t.tag)
		pageURL = authorURL
	}
	return s.timelineResponse(ref, o, authorName, authorURL, pageURL)
}

// timelineOwner reads the owner of a list or collection: nil with the
// oEmbed status when the owner is gone or hidden (their timelines follow
// them, as their posts do).
func (s *Server) timelineOwner(ctx context.Context, l *viewLoader, id int64) (*storage.User, int, error) {
	l.deps.Users = append(l.deps.Users, id)
	owner, err := s.st.UserByID(ctx, id)
	if isNotFound(err) {
		return nil, fiber.StatusNotFound, nil
	} else if err != nil {
		return nil, 0, err
	}
	if st := stateStatus(authorState(owner)); st != fiber.StatusOK {
		return nil, st, nil
	}
	return owner, fiber.StatusOK, nil
}

// stateStatus maps an author's state to the oEmbed status of their content.
func stateStatus(st widgets.State) int {
	switch st {
	case widgets.StateProtected:
		return fiber.StatusUnauthorized
	case widgets.StateVisible:
		return fiber.StatusOK
	}
	return fiber.StatusNotFound
}

// timelineResponse builds a timeline's answer. Width is the clamped
// maxwidth (550 when none was given); height is maxheight, or 600.
func (s *Server) timelineResponse(ref widgets.TimelineRef, o oembedOptions, authorName, authorURL, pageURL string) (*oembedResponse, int, error) {
	form := widgets.EmbedForm{OmitScript: o.omitScript, IFrame: o.iframe,
		Width: o.timeline.Width, Height: o.timeline.Height}
	if form.Width == 0 {
		form.Width = defaultTimelineW
	}
	if form.Height == 0 {
		form.Height = defaultTimelineH
	}
	html, err := s.widgets.TimelineEmbedHTML(ref, o.timeline, form)
	if err != nil {
		return nil, 0, err
	}
	r := s.newOEmbedResponse(html, form.Width, form.Height)
	r.URL, r.AuthorName, r.AuthorURL = pageURL, authorName, authorURL
	return r, fiber.StatusOK, nil
}
