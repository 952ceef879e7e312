package server

import (
	"context"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// timelineLoader reads what a timeline shows and records every id it
// depends on: the account or list (and its members) or the tag, and each
// post shown with its quoted post, reply parent and their authors. A new
// post reaches the timeline on the next request because the store's Change
// for it names its author, the author's lists and its tags.
type timelineLoader struct {
	viewLoader
	opts widgets.TimelineOptions
}

// query asks for one post more than the page shows, to know whether there
// is a next page without a second query.
func (l *timelineLoader) query() storage.TimelineQuery {
	return storage.TimelineQuery{Before: l.opts.Before, Limit: l.opts.Limit + 1, IncludeReplies: l.opts.ShowReplies}
}

// profile loads the timeline of the user with handle (lower-cased). An
// unknown handle is a 404 that depends on every change, so an account
// created with that handle shows at once; a protected or suspended
// account is its tombstone.
func (l *timelineLoader) profile(ctx context.Context, handle string) (*widgets.TimelineView, error) {
	tv := &widgets.TimelineView{Kind: widgets.TimelineProfile}
	u, err := l.st.UserByHandle(ctx, handle)
	if isNotFound(err) {
		l.deps.All = true
		tv.State = widgets.StateDeleted
		return tv, nil
	} else if err != nil {
		return nil, err
	}
	l.deps.Users = append(l.deps.Users, u.ID)
	l.remember(u)
	if tv.State = authorState(u); tv.State != widgets.StateVisible {
		return tv, nil
	}
	tv.Owner = u
	if tv.Avatar, err = l.avatar(ctx, u); err != nil {
		return nil, err
	}
	posts, err := l.st.UserTimeline(ctx, u.ID, l.query())
	if err != nil {
		return nil, err
	}
	return tv, l.items(ctx, tv, posts)
}

// list loads a list timeline: the list, its members (a member's change of
// state changes what the list shows), its owner when visible, and the
// posts the store returns, which already leave out protected and
// suspended members.
func (l *timelineLoader) list(ctx context.Context, id int64) (*widgets.TimelineView, error) {
	tv := &widgets.TimelineView{Kind: widgets.TimelineList}
	l.deps.Lists = append(l.deps.Lists, id)
	lst, err := l.st.ListByID(ctx, id)
	if isNotFound(err) {
		tv.State = widgets.StateDeleted
		return tv, nil
	} else if err != nil {
		return nil, err
	}
	tv.List = lst
	members, err := l.st.ListMembers(ctx, id)
	if err != nil {
		return nil, err
	}
	l.deps.Users = append(l.deps.Users, members...)
	if err := l.owner(ctx, tv, tv.List.OwnerID); err != nil {
		return nil, err
	}
	posts, err := l.st.ListTimeline(ctx, id, l.query())
	if err != nil {
		return nil, err
	}
	return tv, l.items(ctx, tv, posts)
}

// owner shows a list's or collection's owner in the header when the owner
// is visible; a protected or suspended owner's list still shows, unsigned.
func (l *timelineLoader) owner(ctx context.Context, tv *widgets.TimelineView, ownerID int64) error {
	l.deps.Users = append(l.deps.Users, ownerID)
	u, err := l.st.UserByID(ctx, ownerID)
	if isNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	if authorState(u) != widgets.StateVisible {
		return nil
	}
	tv.Owner = u
	tv.Avatar, err = l.avatar(ctx, u)
	return err
}

// hashtag loads the newest visible posts tagged tag (lower-cased).
func (l *timelineLoader) hashtag(ctx context.Context, tag string) (*widgets.TimelineView, error) {
	tv := &widgets.TimelineView{Kind: widgets.TimelineHashtag, Tag: tag}
	l.deps.Tags = append(l.deps.Tags, tag)
	posts, err := l.st.HashtagTimeline(ctx, tag, l.query())
	if err != nil {
		return nil, err
	}
	return tv, l.items(ctx, tv, posts)
}

// items loads the card view of each post of the page through viewLoader
// (quotes, reply parents, media, all recorded as dependencies) and keeps
// the visible ones; the post past the page only sets the next cursor.
func (l *timelineLoader) items(ctx context.Context, tv *widgets.TimelineView, posts []*storage.Post) error {
	limit := l.opts.Limit
	if len(posts) > limit {
		tv.NextBefore = posts[limit-1].ID
		posts = posts[:limit]
	}
	for _, p := range posts {
		v, err := l.post(ctx, p.ID, 1)
		if err != nil {
			return err
		}
		if v.State == widgets.StateVisible {
			tv.Items = append(tv.Items, v)
		}
	}
	return nil
}

// avatar loads a user's avatar row; a missing one is no avatar.
func (l *timelineLoader) avatar(ctx context.Context, u *storage.User) (*storage.Media, error) {
	if u.AvatarMediaID == 0 {
		return nil, nil
	}
	m, err := l.st.MediaByID(ctx, u.AvatarMediaID)
	if isNotFound(err) {
		return nil, nil
	}
	return m, err
}
