package storagetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// mustCollection creates a collection owned by owner with posts in order.
func mustCollection(t *testing.T, s storage.Store, owner int64, posts ...int64) *storage.Collection {
	t.Helper()
	c := &storage.Collection{OwnerID: owner, Name: "Best of", Description: "curated"}
	ch, err := s.CreateCollection(t.Context(), c)
	ok(t, "CreateCollection", err)
	wantIDs(t, "create change collections", ch.Collections, []int64{c.ID})
	_, err = s.SetCollectionEntries(t.Context(), c.ID, entries(posts...))
	ok(t, "SetCollectionEntries", err)
	return c
}

func entries(posts ...int64) []storage.CollectionEntry {
	out := make([]storage.CollectionEntry, len(posts))
	for i, p := range posts {
		out[i] = storage.CollectionEntry{PostID: p}
	}
	return out
}

// itemIDs lists the post ids of collection items.
func itemIDs(items []storage.CollectionItem) []int64 {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.Post.ID
	}
	return ids
}

func testCollections(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a, b := mustUser(t, s, "a"), mustUser(t, s, "b")
	p1, p2, p3 := mustPost(t, s, a.ID, "1"), mustPost(t, s, b.ID, "2"), mustPost(t, s, a.ID, "3")
	c := mustCollection(t, s, a.ID, p3.ID, p1.ID)
	got, err := s.CollectionByID(ctx, c.ID)
	ok(t, "CollectionByID", err)
	if got.Name != "Best of" || got.OwnerID != a.ID || got.Description != "curated" {
		t.Errorf("CollectionByID = %+v", got)
	}
	// Curated order, notes kept, paging by position.
	ch, err := s.SetCollectionEntries(ctx, c.ID, []storage.CollectionEntry{{PostID: p2.ID, Note: "first!"}, {PostID: p3.ID}, {PostID: p1.ID, Note: "last"}})
	ok(t, "SetCollectionEntries", err)
	if !slices.Equal(ch.Collections, []int64{c.ID}) || ch.TouchesPosts() {
		t.Errorf("entries change = %+v, want the collection only", ch)
	}
	logged, err := s.ChangesSince(ctx, ch.Seq-1, 1)
	ok(t, "ChangesSince", err)
	if len(logged) != 1 || !slices.Equal(logged[0].Collections, []int64{c.ID}) {
		t.Errorf("the log holds %+v, want the collection named", logged)
	}
	items, err := s.CollectionItems(ctx, c.ID, -1, 10)
	ok(t, "CollectionItems", err)
	wantIDs(t, "items", itemIDs(items), []int64{p2.ID, p3.ID, p1.ID})
	if len(items) == 3 && (items[0].Note != "first!" || items[2].Note != "last" || items[1].Position != 1) {
		t.Errorf("items = %+v", items)
	}
	items, err = s.CollectionItems(ctx, c.ID, 0, 1)
	ok(t, "CollectionItems page", err)
	wantIDs(t, "second page", itemIDs(items), []int64{p3.ID})
	es, err := s.CollectionEntries(ctx, c.ID)
	ok(t, "CollectionEntries", err)
	if len(es) != 3 || es[0].PostID != p2.ID || es[0].Note != "first!" {
		t.Errorf("entries = %+v", es)
	}
	// A protected author's post leaves no gap; a deleted post leaves.
	b.Protected = true
	ch, err = s.UpdateUser(ctx, b)
	ok(t, "UpdateUser", err)
	wantContains(t, "protecting change collections", ch.Collections, c.ID)
	items, err = s.CollectionItems(ctx, c.ID, -1, 2)
	ok(t, "CollectionItems", err)
	wantIDs(t, "with b protected", itemIDs(items), []int64{p3.ID, p1.ID})
	ch, err = s.DeletePost(ctx, p3.ID)
	ok(t, "DeletePost", err)
	wantContains(t, "delete change collections", ch.Collections, c.ID)
	es, err = s.CollectionEntries(ctx, c.ID)
	ok(t, "CollectionEntries", err)
	if len(es) != 2 || es[1].PostID != p1.ID {
		t.Errorf("after the delete, entries = %+v", es)
	}
	// Delete the collection.
	ch, err = s.DeleteCollection(ctx, c.ID)
	ok(t, "DeleteCollection", err)
	wantIDs(t, "delete change", ch.Collections, []int64{c.ID})
	_, err = s.CollectionByID(ctx, c.ID)
	wantNotFound(t, "deleted collection", err)
	_, err = s.CollectionItems(ctx, c.ID, -1, 10)
	ok(t, "CollectionItems of a deleted collection", err)
	_, err = s.SetCollectionEntries(ctx, c.ID, nil)
	wantNotFound(t, "SetCollectionEntries of a deleted collection", err)
	_, err = s.DeleteCollection(ctx, c.ID)
	wantNotFound(t, "DeleteCollection twice", err)
}

func testCollectionsInvalid(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a, prot := mustUser(t, s, "a"), mustUser(t, s, "prot", protected)
	p, hidden := mustPost(t, s, a.ID, "p"), mustPost(t, s, prot.ID, "hidden")
	_, err := s.CreateCollection(ctx, &storage.Collection{OwnerID: 424242})
	wantField(t, err, storage.ErrInvalid, "owner_id")
	c := mustCollection(t, s, a.ID, p.ID)
	many := make([]storage.CollectionEntry, storage.MaxCollectionEntries+1)
	for _, tc := range []struct {
		name    string
		entries []storage.CollectionEntry
		field   string
	}{
		{"twice", entries(p.ID, p.ID), "posts[1].id"},
		{"unknown", entries(p.ID, 424242), "posts[1].id"},
		{"protected author", entries(hidden.ID), "posts[0].id"},
		{"too many", many, "posts"},
	} {
		_, err := s.SetCollectionEntries(ctx, c.ID, tc.entries)
		wantField(t, err, storage.ErrInvalid, tc.field)
	}
	es, err := s.CollectionEntries(ctx, c.ID)
	ok(t, "CollectionEntries", err)
	if len(es) != 1 || es[0].PostID != p.ID {
		t.Errorf("a failed set changed the entries: %+v", es)
	}
	// Erasing the owner erases the collection; erasing an author empties it.
	b := mustUser(t, s, "b")
	q := mustPost(t, s, b.ID, "q")
	_, err = s.SetCollectionEntries(ctx, c.ID, entries(q.ID, p.ID))
	ok(t, "SetCollectionEntries", err)
	ch, err := s.DeleteUser(ctx, b.ID)
	ok(t, "DeleteUser(b)", err)
	wantContains(t, "erasure change collections", ch.Collections, c.ID)
	es, err = s.CollectionEntries(ctx, c.ID)
	ok(t, "CollectionEntries", err)
	if len(es) != 1 || es[0].PostID != p.ID {
		t.Errorf("after erasing b: %+v", es)
	}
	_, err = s.DeleteUser(ctx, a.ID)
	ok(t, "DeleteUser(a)", err)
	if _, err := s.CollectionByID(ctx, c.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the owner's collection outlived them: %v", err)
	}
}
