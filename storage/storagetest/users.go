package storagetest

import (
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

func testUserCreateAndLookup(t *testing.T, s storage.Store) {
	ctx := t.Context()
	u := &storage.User{Handle: "Alice_1", Name: "Alice", Bio: "bio", URL: "https://a.example", Location: "Lyon",
		Verified: true, FollowersCount: 10, FollowingCount: 3, Platform: storage.PlatformX,
		ProfileURL: "https://x.com/Alice_1", CreatedAt: t0(), UpdatedAt: t0().Add(time.Hour)}
	c, err := s.CreateUser(ctx, u)
	ok(t, "CreateUser", err)
	if u.ID == 0 {
		t.Fatal("CreateUser left ID zero")
	}
	wantIDs(t, "change users", c.Users, []int64{u.ID})
	got, err := s.UserByID(ctx, u.ID)
	ok(t, "UserByID", err)
	sameUser(t, got, u)
	for _, h := range []string{"Alice_1", "alice_1", "ALICE_1"} {
		got, err := s.UserByHandle(ctx, h)
		ok(t, "UserByHandle "+h, err)
		sameUser(t, got, u)
	}
	bob := mustUser(t, s, "bob")
	if bob.CreatedAt.IsZero() || bob.UpdatedAt.IsZero() {
		t.Errorf("CreateUser left times zero: %+v", bob)
	}
	m, err := s.UsersByIDs(ctx, []int64{u.ID, bob.ID, 424242})
	ok(t, "UsersByIDs", err)
	if len(m) != 2 || m[u.ID] == nil || m[bob.ID] == nil {
		t.Fatalf("UsersByIDs = %v, want alice and bob only", m)
	}
	sameUser(t, m[bob.ID], bob)
}

func testUserHandleConflict(t *testing.T, s storage.Store) {
	ctx := t.Context()
	alice := mustUser(t, s, "alice")
	bob := mustUser(t, s, "bob")
	for _, h := range []string{"alice", "ALICE", "Alice"} {
		_, err := s.CreateUser(ctx, &storage.User{Handle: h})
		wantField(t, err, storage.ErrConflict, "handle")
	}
	bob.Handle = "aLiCe"
	_, err := s.UpdateUser(ctx, bob)
	wantField(t, err, storage.ErrConflict, "handle")
	alice.Handle = "ALICE" // a user may change the case of their own handle
	_, err = s.UpdateUser(ctx, alice)
	ok(t, "UpdateUser own handle", err)
	got, err := s.UserByHandle(ctx, "alice")
	ok(t, "UserByHandle", err)
	if got.Handle != "ALICE" {
		t.Errorf("Handle = %q, want ALICE as written", got.Handle)
	}
}

func testUserIDConflict(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "a")
	_, err := s.CreateUser(t.Context(), &storage.User{ID: a.ID, Handle: "other"})
	wantField(t, err, storage.ErrConflict, "id")
}

func testUserInvalid(t *testing.T, s storage.Store) {
	tests := map[string]struct {
		user  storage.User
		field string
	}{
		"empty handle":   {storage.User{Handle: ""}, "handle"},
		"unknown avatar": {storage.User{Handle: "x", AvatarMediaID: 999}, "avatar_media_id"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := s.CreateUser(t.Context(), &tc.user)
			wantField(t, err, storage.ErrInvalid, tc.field)
		})
	}
}

func testUserUpdate(t *testing.T, s storage.Store) {
	ctx := t.Context()
	u := mustUser(t, s, "carol")
	owner := mustUser(t, s, "owner")
	l := mustList(t, s, owner.ID, u.ID)
	avatar := mustMedia(t, s, u.ID)
	u.Name, u.Bio, u.Protected, u.Suspended, u.AvatarMediaID = "Carol C", "new bio", true, true, avatar.ID
	u.UpdatedAt = t0().Add(48 * time.Hour)
	c, err := s.UpdateUser(ctx, u)
	ok(t, "UpdateUser", err)
	if c.Kind == "" || c.Seq == 0 {
		t.Errorf("change = %+v, want a kind and a seq", c)
	}
	wantIDs(t, "change users", c.Users, []int64{u.ID})
	wantContains(t, "change lists", c.Lists, l.ID)
	got, err := s.UserByID(ctx, u.ID)
	ok(t, "UserByID", err)
	sameUser(t, got, u)
}

func testUserNotFound(t *testing.T, s storage.Store) {
	ctx := t.Context()
	_, err := s.UserByID(ctx, 12345)
	wantNotFound(t, "UserByID", err)
	_, err = s.UserByHandle(ctx, "nobody")
	wantNotFound(t, "UserByHandle", err)
	_, err = s.UpdateUser(ctx, &storage.User{ID: 12345, Handle: "nobody"})
	wantNotFound(t, "UpdateUser", err)
	_, err = s.DeleteUser(ctx, 12345)
	wantNotFound(t, "DeleteUser", err)
}
