package storagetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// testChangeLogEveryWrite checks that each content write appends exactly
// one change, with a Seq above every earlier one, that reads back as
// returned.
func testChangeLogEveryWrite(t *testing.T, s storage.Store) {
	ctx := t.Context()
	var (
		u    = &storage.User{Handle: "u"}
		p    = &storage.Post{Text: "p #tag", Entities: []storage.Entity{{Kind: storage.EntityHashtag, Start: 2, End: 6, Value: "tag"}}}
		m    = &storage.Media{Path: "m.png"}
		l    = &storage.List{Name: "l"}
		last int64
	)
	writes := []struct {
		name  string
		write func() (storage.Change, error)
	}{
		{"CreateUser", func() (storage.Change, error) { return s.CreateUser(ctx, u) }},
		{"UpdateUser", func() (storage.Change, error) { u.Name = "U"; return s.UpdateUser(ctx, u) }},
		{"CreateMedia", func() (storage.Change, error) { m.OwnerID = u.ID; return s.CreateMedia(ctx, m) }},
		{"CreatePost", func() (storage.Change, error) { p.AuthorID = u.ID; return s.CreatePost(ctx, p) }},
		{"UpdatePost", func() (storage.Change, error) { p.LikeCount = 3; return s.UpdatePost(ctx, p) }},
		{"CreateList", func() (storage.Change, error) { l.OwnerID = u.ID; return s.CreateList(ctx, l) }},
		{"SetListMembers", func() (storage.Change, error) { return s.SetListMembers(ctx, l.ID, []int64{u.ID}) }},
		{"AppendChange", func() (storage.Change, error) { return s.AppendChange(ctx, storage.Change{Kind: "purge", All: true}) }},
		{"DeletePost", func() (storage.Change, error) { return s.DeletePost(ctx, p.ID) }},
		{"DeleteUser", func() (storage.Change, error) { return s.DeleteUser(ctx, u.ID) }},
	}
	for _, w := range writes {
		c, err := w.write()
		ok(t, w.name, err)
		if c.Seq <= last {
			t.Errorf("%s: Seq %d, want > %d", w.name, c.Seq, last)
		}
		if c.Kind == "" || c.At.IsZero() {
			t.Errorf("%s: change %+v lacks a kind or a time", w.name, c)
		}
		logged, err := s.ChangesSince(ctx, last, 100)
		ok(t, "ChangesSince", err)
		if len(logged) != 1 {
			t.Fatalf("%s appended %d changes, want 1: %+v", w.name, len(logged), logged)
		}
		sameChange(t, logged[0], c)
		seq, err := s.LastChangeSeq(ctx)
		ok(t, "LastChangeSeq", err)
		if seq != c.Seq {
			t.Errorf("%s: LastChangeSeq = %d, want %d", w.name, seq, c.Seq)
		}
		last = c.Seq
	}
}

// sameChange fails unless the logged change equals the returned one.
func sameChange(t *testing.T, got, want storage.Change) {
	t.Helper()
	if got.Seq != want.Seq || got.Kind != want.Kind || got.All != want.All || !got.At.Equal(want.At) ||
		!slices.Equal(got.Posts, want.Posts) || !slices.Equal(got.Users, want.Users) ||
		!slices.Equal(got.Lists, want.Lists) || !slices.Equal(got.Tags, want.Tags) {
		t.Errorf("logged change\n %+v\nwant the returned\n %+v", got, want)
	}
}

func testChangesSinceAndTrim(t *testing.T, s storage.Store) {
	ctx := t.Context()
	for i := 0; i < 5; i++ {
		mustUser(t, s, "user"+string(rune('a'+i)))
	}
	all, err := s.ChangesSince(ctx, 0, 100)
	ok(t, "ChangesSince", err)
	if len(all) != 5 {
		t.Fatalf("ChangesSince(0) = %d changes, want 5", len(all))
	}
	page, err := s.ChangesSince(ctx, all[1].Seq, 2)
	ok(t, "ChangesSince page", err)
	if len(page) != 2 || page[0].Seq != all[2].Seq || page[1].Seq != all[3].Seq {
		t.Errorf("ChangesSince(%d, 2) = %+v, want changes 3 and 4", all[1].Seq, page)
	}
	ok(t, "TrimChanges past", s.TrimChanges(ctx, time.Now().Add(-time.Hour)))
	kept, err := s.ChangesSince(ctx, 0, 100)
	ok(t, "ChangesSince", err)
	if len(kept) != 5 {
		t.Errorf("trimming before an hour ago dropped recent changes: %d left", len(kept))
	}
	ok(t, "TrimChanges future", s.TrimChanges(ctx, time.Now().Add(time.Hour)))
	left, err := s.ChangesSince(ctx, 0, 100)
	ok(t, "ChangesSince", err)
	if len(left) != 0 {
		t.Errorf("%d changes left after trimming everything", len(left))
	}
	seq, err := s.LastChangeSeq(ctx)
	ok(t, "LastChangeSeq", err)
	if seq != all[4].Seq {
		t.Errorf("LastChangeSeq after a trim = %d, want it kept at %d", seq, all[4].Seq)
	}
	c, err := s.CreateUser(ctx, &storage.User{Handle: "after"})
	ok(t, "CreateUser", err)
	if c.Seq <= seq {
		t.Errorf("Seq after a trim = %d, want > %d", c.Seq, seq)
	}
}

func testAppendChange(t *testing.T, s storage.Store) {
	ctx := t.Context()
	at := t0()
	c, err := s.AppendChange(ctx, storage.Change{Kind: "purge", At: at, Posts: []int64{3, 1}, Tags: []string{"b", "a"}, All: true})
	ok(t, "AppendChange", err)
	if c.Seq == 0 || !c.At.Equal(at) || !c.All {
		t.Errorf("AppendChange = %+v", c)
	}
	got, err := s.ChangesSince(ctx, c.Seq-1, 10)
	ok(t, "ChangesSince", err)
	if len(got) != 1 {
		t.Fatalf("ChangesSince = %+v, want the purge", got)
	}
	sameChange(t, got[0], c)
	wantIDs(t, "posts", got[0].Posts, []int64{1, 3})
	if !slices.Equal(got[0].Tags, []string{"a", "b"}) {
		t.Errorf("tags = %v, want [a b]", got[0].Tags)
	}
}

// testFailedWriteChangesNothing checks that a rejected write leaves the
// log and the content as they were.
func testFailedWriteChangesNothing(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a := mustUser(t, s, "a")
	p := mustPost(t, s, a.ID, "kept")
	before, err := s.LastChangeSeq(ctx)
	ok(t, "LastChangeSeq", err)
	failures := map[string]func() error{
		"handle conflict": func() error { _, err := s.CreateUser(ctx, &storage.User{Handle: "A", Name: "dup"}); return err },
		"post id conflict": func() error {
			_, err := s.CreatePost(ctx, &storage.Post{ID: p.ID, AuthorID: a.ID, Text: "dup"})
			return err
		},
		"invalid reply": func() error {
			_, err := s.CreatePost(ctx, &storage.Post{ID: 77, AuthorID: a.ID, ReplyTo: 999})
			return err
		},
		"invalid update": func() error {
			_, err := s.UpdatePost(ctx, &storage.Post{ID: p.ID, AuthorID: a.ID, Text: "changed", MediaIDs: []int64{999}})
			return err
		},
		"unknown delete": func() error { _, err := s.DeletePost(ctx, 999); return err },
	}
	for name, fail := range failures {
		if err := fail(); err == nil {
			t.Errorf("%s: succeeded, want an error", name)
		}
	}
	after, err := s.LastChangeSeq(ctx)
	ok(t, "LastChangeSeq", err)
	if after != before {
		t.Errorf("failed writes moved LastChangeSeq from %d to %d", before, after)
	}
	got, err := s.PostByID(ctx, p.ID)
	ok(t, "PostByID", err)
	samePost(t, got, p)
	_, err = s.PostByID(ctx, 77)
	wantNotFound(t, "PostByID of a rejected post", err)
	u, err := s.UserByHandle(ctx, "a")
	ok(t, "UserByHandle", err)
	sameUser(t, u, a)
}

// testChangeSetsTidy checks that change sets come sorted and without
// repeats or zero ids, so followers can merge them cheaply.
func testChangeSetsTidy(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "a")
	mustList(t, s, a.ID, a.ID)
	mustList(t, s, a.ID, a.ID)
	p := &storage.Post{AuthorID: a.ID, Text: "x"}
	tagged("Zeta", "alpha", "ZETA", "mid")(p)
	c, err := s.CreatePost(t.Context(), p)
	ok(t, "CreatePost", err)
	if !slices.Equal(c.Tags, []string{"alpha", "mid", "zeta"}) {
		t.Errorf("tags = %v, want [alpha mid zeta]", c.Tags)
	}
	for name, ids := range map[string][]int64{"posts": c.Posts, "users": c.Users, "lists": c.Lists} {
		if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) || slices.Contains(ids, 0) {
			t.Errorf("%s = %v, want sorted, unique, non-zero", name, ids)
		}
	}
	if len(c.Lists) != 2 {
		t.Errorf("lists = %v, want the author's two lists", c.Lists)
	}
}

func testEmpty(t *testing.T, s storage.Store) {
	ctx := t.Context()
	ok(t, "Ping", s.Ping(ctx))
	empty, err := s.Empty(ctx)
	ok(t, "Empty", err)
	if !empty {
		t.Error("a fresh store is not Empty")
	}
	mustUser(t, s, "someone")
	empty, err = s.Empty(ctx)
	ok(t, "Empty", err)
	if empty {
		t.Error("a store with a user is Empty")
	}
}

func testContextCancelled(t *testing.T, s storage.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	calls := map[string]func() error{
		"CreateUser": func() error { _, err := s.CreateUser(ctx, &storage.User{Handle: "late"}); return err },
		"UserByID":   func() error { _, err := s.UserByID(ctx, 1); return err },
		"HashtagTimeline": func() error {
			_, err := s.HashtagTimeline(ctx, "x", storage.TimelineQuery{})
			return err
		},
		"ChangesSince": func() error { _, err := s.ChangesSince(ctx, 0, 10); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: err = %v, want context.Canceled", name, err)
		}
	}
	empty, err := s.Empty(t.Context())
	ok(t, "Empty", err)
	if !empty {
		t.Error("a write with a cancelled context was stored")
	}
}
