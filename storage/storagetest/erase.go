package storagetest

import (
	"testing"

	"github.com/roost-embed/roost/storage"
)

func testDeleteUserErasesEverything(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a, b := mustUser(t, s, "erased"), mustUser(t, s, "stays")
	m := mustMedia(t, s, a.ID)
	p1 := mustPost(t, s, a.ID, "one", tagged("mine"), func(p *storage.Post) { p.MediaIDs = []int64{m.ID} })
	p2 := mustPost(t, s, a.ID, "two", tagged("shared"))
	reply := mustPost(t, s, b.ID, "reply", replyTo(p1.ID), tagged("shared"))
	owned := mustList(t, s, a.ID, b.ID)
	other := mustList(t, s, b.ID, a.ID, b.ID)

	c, err := s.DeleteUser(ctx, a.ID)
	ok(t, "DeleteUser", err)
	wantContains(t, "change posts", c.Posts, p1.ID, p2.ID, reply.ID)
	wantContains(t, "change users", c.Users, a.ID)
	wantContains(t, "change lists", c.Lists, owned.ID, other.ID)
	wantContains(t, "change tags", c.Tags, "mine", "shared")

	_, err = s.UserByID(ctx, a.ID)
	wantNotFound(t, "UserByID", err)
	_, err = s.UserByHandle(ctx, "erased")
	wantNotFound(t, "UserByHandle", err)
	for _, id := range []int64{p1.ID, p2.ID} {
		_, err = s.PostByID(ctx, id)
		wantNotFound(t, "PostByID", err)
	}
	_, err = s.MediaByID(ctx, m.ID)
	wantNotFound(t, "MediaByID", err)
	_, err = s.ListByID(ctx, owned.ID)
	wantNotFound(t, "ListByID owned", err)
	members, err := s.ListMembers(ctx, other.ID)
	ok(t, "ListMembers", err)
	wantIDs(t, "members of the other list", members, []int64{b.ID})
	tl, err := s.HashtagTimeline(ctx, "shared", storage.TimelineQuery{IncludeReplies: true})
	ok(t, "HashtagTimeline", err)
	wantIDs(t, "#shared", postIDs(tl), []int64{reply.ID})
	_, err = s.PostByID(ctx, reply.ID)
	ok(t, "another user's reply stays", err)
	_, err = s.CreateUser(ctx, &storage.User{Handle: "ERASED"})
	ok(t, "the erased handle is free again", err)
}
