package server

import (
	"context"
	"time"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// viewLoader reads what a card shows from the store and records every id
// the rendering depends on, so the cache entry becomes stale the moment any
// of them changes (the post, its author, a quoted post or reply parent and
// their authors).
type viewLoader struct {
	st   storage.Store
	deps cache.Deps
	// users remembers every author read during one render, so all of a
	// render agrees on each author's state: a timeline never shows its
	// owner visible in the header while a write that protects them,
	// landing between two reads, drops their posts from the list.
	users map[int64]*storage.User
	// posts and mediaRows hold what prefetch read in bulk for a timeline
	// page; a post id mapped to nil is known not to exist. With mediaRows
	// set, media come only from it.
	posts     map[int64]*storage.Post
	mediaRows map[int64]*storage.Media
	// ttl is the shortest freshness a shown post asks for (an open poll's
	// time left), 0 for the cache's own.
	ttl time.Duration
}

// prefetch reads, for a page of posts, everything their cards show in a
// fixed number of queries, whatever the page size: the quoted posts and
// reply parents (one query), every author (one) and every image and
// avatar (one). The cards are then built from memory by post, which
// records the same dependencies as when it reads one post at a time.
func (l *viewLoader) prefetch(ctx context.Context, page []*storage.Post) error {
	if l.posts == nil {
		l.posts = make(map[int64]*storage.Post, 2*len(page))
	}
	var refs []int64
	for _, p := range page {
		l.posts[p.ID] = p
	}
	for _, p := range page {
		for _, r := range [2]int64{p.QuoteOf, p.ReplyTo} {
			if _, known := l.posts[r]; r != 0 && !known {
				refs = append(refs, r)
			}
		}
	}
	found, err := l.st.PostsByIDs(ctx, refs)
	if err != nil {
		return err
	}
	for _, r := range refs {
		l.posts[r] = found[r] // nil: known missing
	}
	var authors []int64
	for _, p := range l.posts {
		if _, known := l.users[p.AuthorID]; p != nil && !known {
			authors = append(authors, p.AuthorID)
		}
	}
	users, err := l.st.UsersByIDs(ctx, authors)
	if err != nil {
		return err
	}
	var media []int64
	for _, u := range users {
		l.remember(u)
	}
	for _, u := range l.users {
		if u.AvatarMediaID != 0 {
			media = append(media, u.AvatarMediaID)
		}
	}
	for _, p := range l.posts {
		if p != nil {
			media = append(media, p.MediaIDs...)
			media = append(media, richMediaIDs(p)...) // a link card's image
		}
	}
	l.mediaRows = map[int64]*storage.Media{}
	if len(media) > 0 {
		l.mediaRows, err = l.st.MediaByIDs(ctx, media)
	}
	return err
}

// noteTTL keeps the shortest non-zero freshness asked for.
func (l *viewLoader) noteTTL(d time.Duration) {
	if d > 0 && (l.ttl == 0 || d < l.ttl) {
		l.ttl = d
	}
}

// user reads an author once per render.
func (l *viewLoader) user(ctx context.Context, id int64) (*storage.User, error) {
	if u, ok := l.users[id]; ok {
		return u, nil
	}
	u, err := l.st.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	l.remember(u)
	return u, nil
}

// remember makes u the render's view of that user.
func (l *viewLoader) remember(u *storage.User) {
	if l.users == nil {
		l.users = make(map[int64]*storage.User, 4)
	}
	l.users[u.ID] = u
}

// post loads the view of one post. depth says how many levels of quoted
// post and reply parent to load below it (the card nests one level). A
// missing post or author is a tombstone, not an error: err is only for
// store failures.
func (l *viewLoader) post(ctx context.Context, id int64, depth int) (*widgets.PostView, error) {
	l.deps.Posts = append(l.deps.Posts, id)
	p, err := l.postByID(ctx, id)
	if isNotFound(err) {
		return &widgets.PostView{State: widgets.StateDeleted}, nil
	} else if err != nil {
		return nil, err
	}
	l.deps.Users = append(l.deps.Users, p.AuthorID)
	author, err := l.user(ctx, p.AuthorID)
	if isNotFound(err) {
		return &widgets.PostView{State: widgets.StateDeleted}, nil
	} else if err != nil {
		return nil, err
	}
	if state := authorState(author); state != widgets.StateVisible {
		// Nothing of a hidden post or its author reaches the template.
		return &widgets.PostView{State: state}, nil
	}
	v := &widgets.PostView{State: widgets.StateVisible, Post: p, Author: author}
	l.noteTTL(widgets.PollTTL(p.Poll, time.Now()))
	if err := l.media(ctx, v); err != nil {
		return nil, err
	}
	return v, l.related(ctx, v, depth)
}

// postByID reads a post, from the prefetched ones when it is among them.
func (l *viewLoader) postByID(ctx context.Context, id int64) (*storage.Post, error) {
	if p, known := l.posts[id]; known {
		if p == nil {
			return nil, storage.NotFound("post", id)
		}
		return p, nil
	}
	return l.st.PostByID(ctx, id)
}

// authorState is the state every post of the author is in.
func authorState(u *storage.User) widgets.State {
	switch {
	case u.Suspended:
		return widgets.StateSuspended
	case u.Protected:
		return widgets.StateProtected
	}
	return widgets.StateVisible
}

// media fills the avatar and the post's images, in display order. Media
// rows never change once written; a missing one is simply not shown.
func (l *viewLoader) media(ctx context.Context, v *widgets.PostView) error {
	want := append([]int64(nil), v.Post.MediaIDs...)
	want = append(want, richMediaIDs(v.Post)...)
	if v.Author.AvatarMediaID != 0 {
		want = append(want, v.Author.AvatarMediaID)
	}
	if len(want) == 0 {
		return nil
	}
	found := l.mediaRows
	if found == nil {
		var err error
		if found, err = l.st.MediaByIDs(ctx, want); err != nil {
			return err
		}
	}
	for _, id := range v.Post.MediaIDs {
		if m := found[id]; m != nil {
			v.Media = append(v.Media, m)
		}
	}
	v.Avatar = found[v.Author.AvatarMediaID]
	if c := v.Post.Card; c != nil {
		v.CardImage = found[c.ImageMediaID]
	}
	return l.posters(ctx, v)
}

// posters loads the poster images of the post's videos and GIFs (one more
// read, only for posts that have one).
func (l *viewLoader) posters(ctx context.Context, v *widgets.PostView) error {
	var ids []int64
	for _, m := range v.Media {
		if m.Playable() && m.PosterMediaID != 0 {
			ids = append(ids, m.PosterMediaID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	found, err := l.st.MediaByIDs(ctx, ids)
	v.Posters = found
	return err
}

// related loads the quoted post and the reply parent, one level down.
func (l *viewLoader) related(ctx context.Context, v *widgets.PostView, depth int) error {
	if depth <= 0 {
		return nil
	}
	var err error
	if q := v.Post.QuoteOf; q != 0 {
		if v.Quoted, err = l.post(ctx, q, depth-1); err != nil {
			return err
		}
	}
	if r := v.Post.ReplyTo; r != 0 {
		if v.Parent, err = l.post(ctx, r, depth-1); err != nil {
			return err
		}
	}
	return nil
}
