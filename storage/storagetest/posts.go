package storagetest

import (
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

func testPostRoundTrip(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a := mustUser(t, s, "author")
	m1, m2, m3 := mustMedia(t, s, a.ID), mustMedia(t, s, a.ID), mustMedia(t, s, a.ID)
	parent := mustPost(t, s, a.ID, "parent")
	quoted := mustPost(t, s, a.ID, "quoted")
	p := &storage.Post{AuthorID: a.ID, Text: "hi @bob see https://e.example", Lang: "en",
		CreatedAt: t0(), EditedAt: t0().Add(time.Minute), ReplyTo: parent.ID, QuoteOf: quoted.ID,
		MediaIDs: []int64{m3.ID, m1.ID, m2.ID}, LikeCount: 5, RepostCount: 2, ReplyCount: 1,
		Sensitive: true, Summary: "cw", OriginalURL: "https://x.com/author/status/1",
		Entities: []storage.Entity{
			{Kind: storage.EntityMention, Start: 3, End: 7, Value: "bob"},
			{Kind: storage.EntityURL, Start: 12, End: 29, Value: "https://e.example"},
		}}
	tagged("Go")(p)
	c, err := s.CreatePost(ctx, p)
	ok(t, "CreatePost", err)
	if p.ID == 0 {
		t.Fatal("CreatePost left ID zero")
	}
	wantContains(t, "change posts", c.Posts, p.ID, parent.ID, quoted.ID)
	wantContains(t, "change users", c.Users, a.ID)
	wantContains(t, "change tags", c.Tags, "go")
	got, err := s.PostByID(ctx, p.ID)
	ok(t, "PostByID", err)
	samePost(t, got, p)

	bare := mustPost(t, s, a.ID, "bare")
	if bare.CreatedAt.IsZero() {
		t.Error("CreatePost left CreatedAt zero")
	}
	got, err = s.PostByID(ctx, bare.ID)
	ok(t, "PostByID bare", err)
	samePost(t, got, bare)
	_, err = s.PostByID(ctx, 987654)
	wantNotFound(t, "PostByID", err)
}

func testPostIDConflict(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "a")
	mustPost(t, s, a.ID, "first", func(p *storage.Post) { p.ID = 1000 })
	_, err := s.CreatePost(t.Context(), &storage.Post{ID: 1000, AuthorID: a.ID, Text: "second"})
	wantField(t, err, storage.ErrConflict, "id")
	got, err := s.PostByID(t.Context(), 1000)
	ok(t, "PostByID", err)
	if got.Text != "first" {
		t.Errorf("text = %q after a conflicting create, want first", got.Text)
	}
}

func testPostInvalidReferences(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "a")
	m := mustMedia(t, s, a.ID)
	tests := map[string]struct {
		post  storage.Post
		field string
	}{
		"unknown author":   {storage.Post{AuthorID: 999}, "author"},
		"no author":        {storage.Post{}, "author"},
		"unknown reply_to": {storage.Post{AuthorID: a.ID, ReplyTo: 999}, "reply_to"},
		"unknown quote_of": {storage.Post{AuthorID: a.ID, QuoteOf: 999}, "quote_of"},
		"unknown media":    {storage.Post{AuthorID: a.ID, MediaIDs: []int64{m.ID, 999}}, "media_ids"},
		"five media":       {storage.Post{AuthorID: a.ID, MediaIDs: []int64{m.ID, m.ID, m.ID, m.ID, m.ID}}, "media_ids"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tc.post.Text = name
			_, err := s.CreatePost(t.Context(), &tc.post)
			wantField(t, err, storage.ErrInvalid, tc.field)
			tl, err := s.UserTimeline(t.Context(), a.ID, storage.TimelineQuery{IncludeReplies: true})
			ok(t, "UserTimeline", err)
			if len(tl) != 0 {
				t.Errorf("an invalid post was stored: %v", postIDs(tl))
			}
		})
	}
}

func testPostUpdate(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a := mustUser(t, s, "a")
	m1, m2 := mustMedia(t, s, a.ID), mustMedia(t, s, a.ID)
	p := mustPost(t, s, a.ID, "draft", tagged("old"), func(p *storage.Post) { p.MediaIDs = []int64{m1.ID} })
	reply := mustPost(t, s, a.ID, "reply", replyTo(p.ID))
	p.Text, p.Entities, p.MediaIDs = "final", nil, []int64{m2.ID, m1.ID}
	tagged("New")(p)
	p.EditedAt, p.LikeCount = t0(), 7
	c, err := s.UpdatePost(ctx, p)
	ok(t, "UpdatePost", err)
	wantContains(t, "change posts", c.Posts, p.ID, reply.ID)
	wantContains(t, "change tags", c.Tags, "old", "new")
	got, err := s.PostByID(ctx, p.ID)
	ok(t, "PostByID", err)
	samePost(t, got, p)
	old, err := s.HashtagTimeline(ctx, "old", storage.TimelineQuery{})
	ok(t, "HashtagTimeline old", err)
	wantIDs(t, "#old after edit", postIDs(old), nil)
	cur, err := s.HashtagTimeline(ctx, "new", storage.TimelineQuery{})
	ok(t, "HashtagTimeline new", err)
	wantIDs(t, "#new after edit", postIDs(cur), []int64{p.ID})

	_, err = s.UpdatePost(ctx, &storage.Post{ID: 555, AuthorID: a.ID})
	wantNotFound(t, "UpdatePost unknown", err)
	p.QuoteOf = 999
	_, err = s.UpdatePost(ctx, p)
	wantField(t, err, storage.ErrInvalid, "quote_of")
}

func testPostDelete(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a, b := mustUser(t, s, "a"), mustUser(t, s, "b")
	p := mustPost(t, s, a.ID, "target", tagged("gone"))
	reply := mustPost(t, s, b.ID, "reply", replyTo(p.ID))
	quote := mustPost(t, s, b.ID, "quote", func(q *storage.Post) { q.QuoteOf = p.ID })
	c, err := s.DeletePost(ctx, p.ID)
	ok(t, "DeletePost", err)
	wantContains(t, "change posts", c.Posts, p.ID, reply.ID, quote.ID)
	wantContains(t, "change users", c.Users, a.ID)
	wantContains(t, "change tags", c.Tags, "gone")
	_, err = s.PostByID(ctx, p.ID)
	wantNotFound(t, "PostByID deleted", err)
	_, err = s.DeletePost(ctx, p.ID)
	wantNotFound(t, "DeletePost twice", err)
	tl, err := s.HashtagTimeline(ctx, "gone", storage.TimelineQuery{})
	ok(t, "HashtagTimeline", err)
	wantIDs(t, "#gone after delete", postIDs(tl), nil)
	got, err := s.PostByID(ctx, reply.ID)
	ok(t, "reply survives its parent", err)
	if got.ReplyTo != p.ID {
		t.Errorf("reply.ReplyTo = %d, want %d (renders a tombstone)", got.ReplyTo, p.ID)
	}
}

func testPostsByIDs(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "a")
	m := mustMedia(t, s, a.ID)
	p1 := mustPost(t, s, a.ID, "one", func(p *storage.Post) { p.MediaIDs = []int64{m.ID} })
	p2 := mustPost(t, s, a.ID, "two", tagged("x"))
	got, err := s.PostsByIDs(t.Context(), []int64{p1.ID, p2.ID, 31337})
	ok(t, "PostsByIDs", err)
	if len(got) != 2 {
		t.Fatalf("PostsByIDs returned %d posts, want 2", len(got))
	}
	samePost(t, got[p1.ID], p1)
	samePost(t, got[p2.ID], p2)
	empty, err := s.PostsByIDs(t.Context(), nil)
	ok(t, "PostsByIDs(nil)", err)
	if len(empty) != 0 {
		t.Errorf("PostsByIDs(nil) = %v", empty)
	}
}
