package storagetest

import (
	"testing"

	"github.com/roost-embed/roost/storage"
)

func testUserTimeline(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a := mustUser(t, s, "a", protected) // state does not hide a user's own timeline
	other := mustUser(t, s, "other")
	mustPost(t, s, other.ID, "not a's")
	p1 := mustPost(t, s, a.ID, "1")
	p2 := mustPost(t, s, a.ID, "2")
	r1 := mustPost(t, s, a.ID, "r1", replyTo(p1.ID))
	p3 := mustPost(t, s, a.ID, "3")
	r2 := mustPost(t, s, a.ID, "r2", replyTo(p2.ID))
	p4 := mustPost(t, s, a.ID, "4")
	tests := map[string]struct {
		q    storage.TimelineQuery
		want []int64
	}{
		"no replies":       {storage.TimelineQuery{}, newestFirst(p1, p2, p3, p4)},
		"with replies":     {storage.TimelineQuery{IncludeReplies: true}, newestFirst(p1, p2, r1, p3, r2, p4)},
		"limit":            {storage.TimelineQuery{Limit: 2}, newestFirst(p3, p4)},
		"before":           {storage.TimelineQuery{Before: p3.ID, Limit: 2}, newestFirst(p1, p2)},
		"before, replies":  {storage.TimelineQuery{Before: p3.ID, IncludeReplies: true}, newestFirst(p1, p2, r1)},
		"before the first": {storage.TimelineQuery{Before: p1.ID}, nil},
		"before a reply":   {storage.TimelineQuery{Before: r2.ID, Limit: 1}, newestFirst(p3)},
		"limit, replies":   {storage.TimelineQuery{Limit: 3, IncludeReplies: true}, newestFirst(p3, r2, p4)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := s.UserTimeline(ctx, a.ID, tc.q)
			ok(t, "UserTimeline", err)
			wantIDs(t, "timeline", postIDs(got), tc.want)
		})
	}
	got, err := s.UserTimeline(ctx, a.ID, storage.TimelineQuery{Limit: 1})
	ok(t, "UserTimeline", err)
	if len(got) == 1 {
		samePost(t, got[0], p4)
	}
	_, err = s.UserTimeline(ctx, 424242, storage.TimelineQuery{})
	wantNotFound(t, "UserTimeline of an unknown user", err)
}

func testTimelineLimitCap(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "prolific")
	for i := 0; i < 205; i++ {
		mustPost(t, s, a.ID, "post")
	}
	for _, limit := range []int{0, 1000} {
		got, err := s.UserTimeline(t.Context(), a.ID, storage.TimelineQuery{Limit: limit})
		ok(t, "UserTimeline", err)
		if len(got) != 200 {
			t.Errorf("Limit %d returned %d posts, want the cap of 200", limit, len(got))
		}
	}
}

func testListTimeline(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a, b := mustUser(t, s, "a"), mustUser(t, s, "b")
	prot, susp := mustUser(t, s, "prot", protected), mustUser(t, s, "susp", suspended)
	outsider := mustUser(t, s, "outsider")
	l := mustList(t, s, outsider.ID, b.ID, a.ID, prot.ID, susp.ID)
	a1 := mustPost(t, s, a.ID, "a1")
	mustPost(t, s, prot.ID, "hidden")
	b1 := mustPost(t, s, b.ID, "b1")
	mustPost(t, s, outsider.ID, "not a member")
	mustPost(t, s, susp.ID, "hidden")
	br := mustPost(t, s, b.ID, "reply", replyTo(a1.ID))
	a2 := mustPost(t, s, a.ID, "a2")
	tests := map[string]struct {
		q    storage.TimelineQuery
		want []int64
	}{
		"all":          {storage.TimelineQuery{}, newestFirst(a1, b1, a2)},
		"with replies": {storage.TimelineQuery{IncludeReplies: true}, newestFirst(a1, b1, br, a2)},
		"page":         {storage.TimelineQuery{Before: a2.ID, Limit: 1}, newestFirst(b1)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := s.ListTimeline(ctx, l.ID, tc.q)
			ok(t, "ListTimeline", err)
			wantIDs(t, "list timeline", postIDs(got), tc.want)
		})
	}
	_, err := s.ListTimeline(ctx, 424242, storage.TimelineQuery{})
	wantNotFound(t, "ListTimeline of an unknown list", err)
}

func testHashtagTimeline(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a := mustUser(t, s, "a")
	prot, susp := mustUser(t, s, "prot", protected), mustUser(t, s, "susp", suspended)
	cafe := mustPost(t, s, a.ID, "coffee", tagged("Café"))
	mustPost(t, s, prot.ID, "hidden", tagged("café"))
	tokyo := mustPost(t, s, a.ID, "tokyo", tagged("東京", "Café"))
	mustPost(t, s, susp.ID, "hidden", tagged("東京"))
	reply := mustPost(t, s, a.ID, "reply", replyTo(cafe.ID), tagged("CAFÉ"))
	plain := mustPost(t, s, a.ID, "other", tagged("cafe"))
	tests := map[string]struct {
		tag  string
		q    storage.TimelineQuery
		want []int64
	}{
		"lower-case query": {"café", storage.TimelineQuery{}, newestFirst(cafe, tokyo)},
		"upper-case query": {"CAFÉ", storage.TimelineQuery{}, newestFirst(cafe, tokyo)},
		"with replies":     {"Café", storage.TimelineQuery{IncludeReplies: true}, newestFirst(cafe, tokyo, reply)},
		"paged":            {"café", storage.TimelineQuery{Before: tokyo.ID}, newestFirst(cafe)},
		"limit":            {"café", storage.TimelineQuery{Limit: 1}, newestFirst(tokyo)},
		"japanese":         {"東京", storage.TimelineQuery{}, newestFirst(tokyo)},
		"accent matters":   {"cafe", storage.TimelineQuery{}, newestFirst(plain)},
		"with a hash":      {"#café", storage.TimelineQuery{}, newestFirst(cafe, tokyo)},
		"unknown tag":      {"nothing", storage.TimelineQuery{}, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := s.HashtagTimeline(ctx, tc.tag, tc.q)
			ok(t, "HashtagTimeline", err)
			wantIDs(t, "#"+tc.tag, postIDs(got), tc.want)
		})
	}
}
