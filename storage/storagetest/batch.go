package storagetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// batchOf returns n new posts by author, each tagged #batch and #bN.
func batchOf(author int64, n int) []*storage.Post {
	posts := make([]*storage.Post, n)
	for i := range posts {
		p := &storage.Post{AuthorID: author, Text: fmt.Sprintf("batch post %d", i), CreatedAt: t0().Add(time.Duration(i) * time.Second)}
		tagged("batch", fmt.Sprintf("b%d", i))(p)
		posts[i] = p
	}
	return posts
}

// lastSeq returns the store's last change seq.
func lastSeq(t *testing.T, s storage.Store) int64 {
	t.Helper()
	seq, err := s.LastChangeSeq(t.Context())
	ok(t, "LastChangeSeq", err)
	return seq
}

// wantStored fails unless each post reads back exactly as given.
func wantStored(t *testing.T, s storage.Store, posts ...*storage.Post) {
	t.Helper()
	for _, p := range posts {
		got, err := s.PostByID(t.Context(), p.ID)
		ok(t, fmt.Sprintf("PostByID(%d)", p.ID), err)
		samePost(t, got, p)
	}
}

// wantOneEntry fails unless the log grew by exactly one entry, c.
func wantOneEntry(t *testing.T, s storage.Store, before int64, c storage.Change) {
	t.Helper()
	if after := lastSeq(t, s); after != before+1 || c.Seq != after {
		t.Errorf("one batch moved LastChangeSeq %d → %d with change seq %d, want exactly one entry", before, after, c.Seq)
	}
}

func testBatchCreates(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "a")
	m := mustMedia(t, s, a.ID)
	posts := batchOf(a.ID, 5)
	posts[1].MediaIDs = []int64{m.ID}
	posts[3].CreatedAt = time.Time{}
	posts[4].ID = 4242
	before := lastSeq(t, s)
	c, err := s.WritePosts(t.Context(), posts)
	ok(t, "WritePosts", err)
	wantOneEntry(t, s, before, c)
	for i, p := range posts {
		if p.ID == 0 || p.CreatedAt.IsZero() {
			t.Errorf("posts[%d]: ID %d, CreatedAt %v: want both set", i, p.ID, p.CreatedAt)
		}
	}
	if posts[4].ID != 4242 {
		t.Errorf("a given id became %d, want 4242", posts[4].ID)
	}
	wantStored(t, s, posts...)
	wantContains(t, "change posts", c.Posts, postIDs(posts)...)
	wantContains(t, "change users", c.Users, a.ID)
	wantContains(t, "change tags", c.Tags, "batch", "b0", "b4")
	got, err := s.HashtagTimeline(t.Context(), "BATCH", storage.TimelineQuery{Limit: 10})
	ok(t, "HashtagTimeline", err)
	if len(got) != len(posts) {
		t.Errorf("hashtag timeline of #batch has %d posts, want %d", len(got), len(posts))
	}
	one, err := s.HashtagTimeline(t.Context(), "b2", storage.TimelineQuery{Limit: 10})
	ok(t, "HashtagTimeline b2", err)
	wantIDs(t, "hashtag timeline of #b2", postIDs(one), []int64{posts[2].ID})
}

func testBatchUpdatesAndMixed(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "a")
	b := mustUser(t, s, "b")
	stored := mustPost(t, s, a.ID, "old text", tagged("old"), func(p *storage.Post) { p.CreatedAt = t0() })
	edited := &storage.Post{ID: stored.ID, AuthorID: b.ID, Text: "new text", LikeCount: 9} // CreatedAt zero: kept
	tagged("new")(edited)
	fresh := &storage.Post{AuthorID: a.ID, Text: "fresh", ReplyTo: stored.ID}
	before := lastSeq(t, s)
	c, err := s.WritePosts(t.Context(), []*storage.Post{edited, fresh})
	ok(t, "WritePosts", err)
	wantOneEntry(t, s, before, c)
	if !edited.CreatedAt.Equal(t0()) {
		t.Errorf("update with zero CreatedAt got %v, want the stored %v", edited.CreatedAt, t0())
	}
	wantStored(t, s, edited, fresh)
	wantContains(t, "change tags (old and new)", c.Tags, "old", "new")
	wantContains(t, "change users (old and new author)", c.Users, a.ID, b.ID)
	old, err := s.HashtagTimeline(t.Context(), "old", storage.TimelineQuery{Limit: 10})
	ok(t, "HashtagTimeline old", err)
	wantIDs(t, "posts still tagged #old", postIDs(old), nil)
	again, err := s.WritePosts(t.Context(), []*storage.Post{edited})
	ok(t, "WritePosts of an unchanged post", err)
	wantContains(t, "change posts of a rewrite", again.Posts, edited.ID)
	wantStored(t, s, edited)
}

func testBatchReferencesInside(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "a")
	parent := &storage.Post{ID: 5001, AuthorID: a.ID, Text: "parent, written after its reply"}
	reply := &storage.Post{ID: 5002, AuthorID: a.ID, Text: "reply", ReplyTo: 5001}
	quote := &storage.Post{ID: 5003, AuthorID: a.ID, Text: "quote", QuoteOf: 5002}
	_, err := s.WritePosts(t.Context(), []*storage.Post{reply, quote, parent})
	ok(t, "WritePosts with references inside the batch", err)
	wantStored(t, s, parent, reply, quote)
}

func testBatchAllOrNothing(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "a")
	m := mustMedia(t, s, a.ID)
	kept := mustPost(t, s, a.ID, "kept")
	cases := []struct {
		name  string
		bad   func(p *storage.Post)
		field string
	}{
		{"unknown reply", func(p *storage.Post) { p.ReplyTo = 999 }, "posts[2].reply_to"},
		{"unknown quote", func(p *storage.Post) { p.QuoteOf = 999 }, "posts[2].quote_of"},
		{"unknown author", func(p *storage.Post) { p.AuthorID = 999 }, "posts[2].author"},
		{"missing author", func(p *storage.Post) { p.AuthorID = 0 }, "posts[2].author"},
		{"unknown media", func(p *storage.Post) { p.MediaIDs = []int64{m.ID, 999} }, "posts[2].media_ids"},
		{"too many media", func(p *storage.Post) { p.MediaIDs = []int64{m.ID, m.ID, m.ID, m.ID, m.ID} }, "posts[2].media_ids"},
		{"self reply", func(p *storage.Post) { p.ID = 6000; p.ReplyTo = 6000 }, "posts[2].reply_to"},
		{"twice in the batch", func(p *storage.Post) { p.ID = kept.ID + 1_000_000 }, "posts[3].id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			posts := batchOf(a.ID, 3)
			posts[0].ID = kept.ID
			tc.bad(posts[2])
			if tc.name == "twice in the batch" {
				posts = append(posts, &storage.Post{ID: posts[2].ID, AuthorID: a.ID, Text: "again"})
			}
			before := lastSeq(t, s)
			_, err := s.WritePosts(t.Context(), posts)
			wantField(t, err, storage.ErrInvalid, tc.field)
			if after := lastSeq(t, s); after != before {
				t.Errorf("a failed batch moved LastChangeSeq %d → %d", before, after)
			}
			wantStored(t, s, kept)
			for _, p := range posts[1:] {
				if _, err := s.PostByID(t.Context(), p.ID); err == nil {
					t.Errorf("post %d of a failed batch was stored", p.ID)
				}
			}
			tagged, err := s.HashtagTimeline(t.Context(), "batch", storage.TimelineQuery{Limit: 10})
			ok(t, "HashtagTimeline", err)
			wantIDs(t, "posts tagged by a failed batch", postIDs(tagged), nil)
		})
	}
	_, err := s.WritePosts(t.Context(), nil)
	wantField(t, err, storage.ErrInvalid, "posts")
}

func testBatchNamesDependants(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "a")
	fan := mustUser(t, s, "fan")
	l := mustList(t, s, fan.ID, a.ID)
	target := mustPost(t, s, a.ID, "target")
	reply := mustPost(t, s, fan.ID, "reply", replyTo(target.ID))
	quote := mustPost(t, s, fan.ID, "quote", func(p *storage.Post) { p.QuoteOf = target.ID })
	edited := *target
	edited.Text = "target, edited"
	c, err := s.WritePosts(t.Context(), []*storage.Post{&edited})
	ok(t, "WritePosts", err)
	wantContains(t, "change posts", c.Posts, target.ID, reply.ID, quote.ID)
	wantContains(t, "change lists", c.Lists, l.ID)
	changes, err := s.ChangesSince(t.Context(), c.Seq-1, 10)
	ok(t, "ChangesSince", err)
	if len(changes) != 1 || changes[0].Seq != c.Seq {
		t.Fatalf("ChangesSince(%d) = %+v, want the batch's entry", c.Seq-1, changes)
	}
	wantContains(t, "logged posts", changes[0].Posts, target.ID, reply.ID, quote.ID)
	wantContains(t, "logged lists", changes[0].Lists, l.ID)
}
