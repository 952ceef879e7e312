package storagetest

import (
	"testing"

	"github.com/roost-embed/roost/storage"
)

func testMedia(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a := mustUser(t, s, "a")
	m := &storage.Media{OwnerID: a.ID, Path: "aa/bb.webp", ContentType: "image/webp", Kind: "image",
		Width: 1200, Height: 800, Bytes: 34567, Alt: "a cat", Color: "#aabbcc", Blurhash: "LEHV6nWB2y", CreatedAt: t0()}
	c, err := s.CreateMedia(ctx, m)
	ok(t, "CreateMedia", err)
	if m.ID == 0 || c.Seq == 0 {
		t.Fatalf("CreateMedia: id %d, change %+v", m.ID, c)
	}
	got, err := s.MediaByID(ctx, m.ID)
	ok(t, "MediaByID", err)
	if !got.CreatedAt.Equal(m.CreatedAt) {
		t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, m.CreatedAt)
	}
	g, w := *got, *m
	g.CreatedAt = w.CreatedAt // compared by instant above
	if g != w {
		t.Errorf("MediaByID:\n got %+v\nwant %+v", g, w)
	}
	unattached := mustMedia(t, s, 0)
	all, err := s.MediaByIDs(ctx, []int64{m.ID, unattached.ID, 999})
	ok(t, "MediaByIDs", err)
	if len(all) != 2 || all[m.ID] == nil || all[unattached.ID] == nil {
		t.Errorf("MediaByIDs = %v, want both media", all)
	}
	_, err = s.MediaByID(ctx, 999)
	wantNotFound(t, "MediaByID", err)
	_, err = s.CreateMedia(ctx, &storage.Media{OwnerID: 999, Path: "x"})
	wantField(t, err, storage.ErrInvalid, "owner_id")
}

func testListMembers(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a, b, c := mustUser(t, s, "a"), mustUser(t, s, "b"), mustUser(t, s, "c")
	l := &storage.List{OwnerID: a.ID, Name: "Friends", Description: "people", CreatedAt: t0()}
	ch, err := s.CreateList(ctx, l)
	ok(t, "CreateList", err)
	wantContains(t, "change lists", ch.Lists, l.ID)
	got, err := s.ListByID(ctx, l.ID)
	ok(t, "ListByID", err)
	if got.Name != "Friends" || got.Description != "people" || got.OwnerID != a.ID || !got.CreatedAt.Equal(t0()) {
		t.Errorf("ListByID = %+v", got)
	}
	steps := []struct {
		set, want []int64
	}{
		{[]int64{c.ID, a.ID, b.ID}, []int64{c.ID, a.ID, b.ID}},
		{[]int64{b.ID}, []int64{b.ID}},
		{[]int64{a.ID, c.ID, a.ID}, []int64{a.ID, c.ID}},
		{nil, nil},
	}
	for _, st := range steps {
		ch, err := s.SetListMembers(ctx, l.ID, st.set)
		ok(t, "SetListMembers", err)
		wantContains(t, "change lists", ch.Lists, l.ID)
		members, err := s.ListMembers(ctx, l.ID)
		ok(t, "ListMembers", err)
		wantIDs(t, "members", members, st.want)
	}
	_, err = s.SetListMembers(ctx, l.ID, []int64{b.ID})
	ok(t, "SetListMembers", err)
	_, err = s.SetListMembers(ctx, l.ID, []int64{a.ID, 999})
	wantField(t, err, storage.ErrInvalid, "members")
	members, err := s.ListMembers(ctx, l.ID)
	ok(t, "ListMembers", err)
	wantIDs(t, "members after a failed set", members, []int64{b.ID})

	_, err = s.ListByID(ctx, 999)
	wantNotFound(t, "ListByID", err)
	_, err = s.ListMembers(ctx, 999)
	wantNotFound(t, "ListMembers", err)
	_, err = s.SetListMembers(ctx, 999, []int64{a.ID})
	wantNotFound(t, "SetListMembers", err)
	_, err = s.CreateList(ctx, &storage.List{OwnerID: 999, Name: "x"})
	wantField(t, err, storage.ErrInvalid, "owner_id")
}
