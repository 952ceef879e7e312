package storagetest

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// t0 is a fixed time at the millisecond precision every backend keeps.
func t0() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 123e6, time.UTC) }

// mustUser creates a user with handle, after applying opts.
func mustUser(t *testing.T, s storage.Store, handle string, opts ...func(*storage.User)) *storage.User {
	t.Helper()
	u := &storage.User{Handle: handle, Name: "Name of " + handle, Platform: storage.PlatformNative}
	for _, o := range opts {
		o(u)
	}
	if _, err := s.CreateUser(t.Context(), u); err != nil {
		t.Fatalf("CreateUser(%q): %v", handle, err)
	}
	return u
}

func protected(u *storage.User) { u.Protected = true }
func suspended(u *storage.User) { u.Suspended = true }

// mustPost creates a post by author with text, after applying opts.
func mustPost(t *testing.T, s storage.Store, author int64, text string, opts ...func(*storage.Post)) *storage.Post {
	t.Helper()
	p := &storage.Post{AuthorID: author, Text: text}
	for _, o := range opts {
		o(p)
	}
	if _, err := s.CreatePost(t.Context(), p); err != nil {
		t.Fatalf("CreatePost(%q): %v", text, err)
	}
	return p
}

// replyTo makes the post a reply to id.
func replyTo(id int64) func(*storage.Post) { return func(p *storage.Post) { p.ReplyTo = id } }

// tagged appends " #tag" to the text for each tag, with its entity.
func tagged(tags ...string) func(*storage.Post) {
	return func(p *storage.Post) {
		for _, tag := range tags {
			p.Text += " "
			start := len(p.Text)
			p.Text += "#" + tag
			p.Entities = append(p.Entities, storage.Entity{Kind: storage.EntityHashtag, Start: start, End: len(p.Text), Value: tag})
		}
	}
}

// mustMedia creates an image owned by owner.
func mustMedia(t *testing.T, s storage.Store, owner int64) *storage.Media {
	t.Helper()
	m := &storage.Media{OwnerID: owner, Path: "ab/cdef.jpg", ContentType: "image/jpeg", Kind: "image", Width: 640, Height: 480}
	if _, err := s.CreateMedia(t.Context(), m); err != nil {
		t.Fatalf("CreateMedia: %v", err)
	}
	return m
}

// mustList creates a list owned by owner with members in order.
func mustList(t *testing.T, s storage.Store, owner int64, members ...int64) *storage.List {
	t.Helper()
	l := &storage.List{OwnerID: owner, Name: "list", Description: "a list"}
	if _, err := s.CreateList(t.Context(), l); err != nil {
		t.Fatalf("CreateList: %v", err)
	}
	if _, err := s.SetListMembers(t.Context(), l.ID, members); err != nil {
		t.Fatalf("SetListMembers: %v", err)
	}
	return l
}

// wantField fails unless err is a *storage.FieldError of kind on field.
func wantField(t *testing.T, err, kind error, field string) {
	t.Helper()
	var fe *storage.FieldError
	if !errors.Is(err, kind) || !errors.As(err, &fe) || fe.Field != field {
		t.Fatalf("err = %v, want a %v FieldError on %q", err, kind, field)
	}
}

// wantNotFound fails unless err wraps storage.ErrNotFound.
func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("%s: err = %v, want ErrNotFound", what, err)
	}
}

// ok fails the test at once on err.
func ok(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// postIDs lists the ids of posts in order.
func postIDs(posts []*storage.Post) []int64 {
	ids := make([]int64, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	return ids
}

// newestFirst returns the ids of posts from the last created to the first.
func newestFirst(posts ...*storage.Post) []int64 {
	ids := postIDs(posts)
	slices.Reverse(ids)
	return ids
}

// wantIDs fails unless got equals want (nil and empty are equal).
func wantIDs(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if len(got) != 0 || len(want) != 0 {
		if !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
}

// wantContains fails unless every one of want is in got.
func wantContains[T comparable](t *testing.T, what string, got []T, want ...T) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s = %v, missing %v", what, got, w)
		}
	}
}

// samePost fails unless got and want hold the same post. Times compare
// by instant; nil and empty slices are equal.
func samePost(t *testing.T, got, want *storage.Post) {
	t.Helper()
	g, w := *got, *want
	for _, pair := range [][2]*time.Time{{&g.CreatedAt, &w.CreatedAt}, {&g.EditedAt, &w.EditedAt}} {
		if !pair[0].Equal(*pair[1]) {
			t.Errorf("post %d: time %v, want %v", w.ID, *pair[0], *pair[1])
		}
		*pair[0], *pair[1] = time.Time{}, time.Time{}
	}
	for _, p := range []*storage.Post{&g, &w} {
		if len(p.MediaIDs) == 0 {
			p.MediaIDs = nil
		}
		if len(p.Entities) == 0 {
			p.Entities = nil
		}
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("post:\n got %+v\nwant %+v", g, w)
	}
}

// sameUser fails unless got and want hold the same user.
func sameUser(t *testing.T, got, want *storage.User) {
	t.Helper()
	g, w := *got, *want
	if !g.CreatedAt.Equal(w.CreatedAt) || !g.UpdatedAt.Equal(w.UpdatedAt) {
		t.Errorf("user %d: times %v/%v, want %v/%v", w.ID, g.CreatedAt, g.UpdatedAt, w.CreatedAt, w.UpdatedAt)
	}
	g.CreatedAt, g.UpdatedAt, w.CreatedAt, w.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if g != w {
		t.Errorf("user:\n got %+v\nwant %+v", g, w)
	}
}
