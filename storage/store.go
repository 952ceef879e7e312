package storage

import (
	"context"
	"time"
)

// Store is the content store. Every backend (sqlite, postgres) implements
// it and passes the conformance suite in storage/storagetest.
//
// Rules every implementation keeps:
//   - every method honours ctx (deadline, cancellation);
//   - a write either happens completely, with its change-log entry, or not
//     at all (one transaction);
//   - every successful write returns the Change it appended to the log, so
//     the caller can invalidate caches before it answers;
//   - lookups that find nothing return an error wrapping ErrNotFound;
//   - a uniqueness clash returns a FieldError wrapping ErrConflict, an
//     impossible value one wrapping ErrInvalid (e.g. a reply_to or
//     media id that does not exist).
type Store interface {
	// CreateUser inserts u. u.ID is assigned when zero; CreatedAt and
	// UpdatedAt are set when zero. A handle that clashes case-insensitively
	// with another user's is a Conflict on field "handle".
	CreateUser(ctx context.Context, u *User) (Change, error)
	// UpdateUser replaces every field of the user with u.ID. When the
	// user's protected or suspended state changes, the Change also names
	// the collections holding their posts.
	UpdateUser(ctx context.Context, u *User) (Change, error)
	// DeleteUser erases the user, their posts, their media rows, their lists
	// and their list memberships in one transaction (the right to erasure).
	// The Change lists every post, list and tag that disappeared.
	DeleteUser(ctx context.Context, id int64) (Change, error)
	UserByID(ctx context.Context, id int64) (*User, error)
	UserByHandle(ctx context.Context, handle string) (*User, error) // case-insensitive
	UsersByIDs(ctx context.Context, ids []int64) (map[int64]*User, error)

	// CreatePost inserts p (ID assigned when zero, CreatedAt set when zero),
	// its media links and hashtag index rows from p.Entities. An existing
	// id is a Conflict on "id"; an unknown author, reply_to, quote_of or
	// media id is Invalid on that field.
	CreatePost(ctx context.Context, p *Post) (Change, error)
	// UpdatePost replaces the post with p.ID (text, entities, media, counts…).
	UpdatePost(ctx context.Context, p *Post) (Change, error)
	// DeletePost removes the post. The Change also names the posts that
	// quote it or reply to it, and its author.
	DeletePost(ctx context.Context, id int64) (Change, error)
	PostByID(ctx context.Context, id int64) (*Post, error)
	PostsByIDs(ctx context.Context, ids []int64) (map[int64]*Post, error)
	// WritePosts creates or replaces the given posts in ONE transaction
	// with ONE change-log entry (naming every post, author, tag and
	// dependant), so bulk writers such as archive imports pay one commit
	// per batch instead of one per post. A post whose ID exists is
	// updated (a zero CreatedAt keeping the stored one), otherwise created
	// (ID and CreatedAt assigned when zero). A reply_to or quote_of may
	// name another post of the same batch. All-or-nothing: any invalid
	// post fails the whole batch with a FieldError naming
	// "posts[i].field"; an empty batch is Invalid on "posts".
	WritePosts(ctx context.Context, posts []*Post) (Change, error)

	// UserTimeline returns the user's posts, newest first, whatever the
	// user's state (the caller decides what to show).
	UserTimeline(ctx context.Context, userID int64, q TimelineQuery) ([]*Post, error)
	// ListTimeline and HashtagTimeline return only posts whose authors are
	// neither protected nor suspended, newest first. Tags match
	// case-insensitively and without the '#'.
	ListTimeline(ctx context.Context, listID int64, q TimelineQuery) ([]*Post, error)
	HashtagTimeline(ctx context.Context, tag string, q TimelineQuery) ([]*Post, error)
	// Search returns the posts matching sq (see ParseSearch) whose authors
	// are neither protected nor suspended, newest first. A query that is
	// not Positive matches nothing. Both backends return the same posts.
	Search(ctx context.Context, sq SearchQuery, q TimelineQuery) ([]*Post, error)

	// CreateMedia inserts m (ID assigned when zero).
	CreateMedia(ctx context.Context, m *Media) (Change, error)
	MediaByID(ctx context.Context, id int64) (*Media, error)
	MediaByIDs(ctx context.Context, ids []int64) (map[int64]*Media, error)
	// DeleteMedia deletes the rows among ids that nothing shows any more
	// (no post lists them, no user has them as avatar, no listed video as
	// poster) and returns the ids it deleted; the others are left alone.
	DeleteMedia(ctx context.Context, ids []int64) ([]int64, Change, error)
	// MediaPathInUse reports whether any media row names the file path, so
	// a caller deletes a content-addressed file only when none does.
	MediaPathInUse(ctx context.Context, path string) (bool, error)

	// CreateList inserts l (ID assigned when zero).
	CreateList(ctx context.Context, l *List) (Change, error)
	ListByID(ctx context.Context, id int64) (*List, error)
	// SetListMembers replaces the list's members, in the given order.
	SetListMembers(ctx context.Context, listID int64, userIDs []int64) (Change, error)
	ListMembers(ctx context.Context, listID int64) ([]int64, error)

	// CreateCollection inserts c (ID assigned when zero); an unknown owner
	// is Invalid on "owner_id".
	CreateCollection(ctx context.Context, c *Collection) (Change, error)
	CollectionByID(ctx context.Context, id int64) (*Collection, error)
	// SetCollectionEntries replaces the collection's entries, in order. A
	// post named twice, an unknown post or one whose author is protected or
	// suspended is Invalid on "posts[i].id"; more than
	// MaxCollectionEntries is Invalid on "posts".
	SetCollectionEntries(ctx context.Context, id int64, entries []CollectionEntry) (Change, error)
	// CollectionEntries returns every entry, in order.
	CollectionEntries(ctx context.Context, id int64) ([]CollectionEntry, error)
	// CollectionItems returns up to limit visible entries (post present,
	// author neither protected nor suspended) with Position > after, in
	// order: a hidden post leaves no gap.
	CollectionItems(ctx context.Context, id int64, after, limit int) ([]CollectionItem, error)
	// DeleteCollection removes the collection and its entries.
	DeleteCollection(ctx context.Context, id int64) (Change, error)

	CreateToken(ctx context.Context, t *Token) error
	// TokenByHash finds a token by the sha256 of its secret, revoked or not.
	TokenByHash(ctx context.Context, hash []byte) (*Token, error)
	Tokens(ctx context.Context) ([]*Token, error)
	RevokeToken(ctx context.Context, id int64) error
	TouchToken(ctx context.Context, id int64, at time.Time) error

	// BeginIdempotent reserves (tokenID, key). When the pair is new it
	// stores rec with Status 0 and returns (nil, nil); when it exists it
	// returns the stored record (Status 0 = still running).
	BeginIdempotent(ctx context.Context, rec *Idempotency) (*Idempotency, error)
	// FinishIdempotent stores the answer of the first request.
	FinishIdempotent(ctx context.Context, tokenID int64, key string, status int, body []byte) error
	// AbortIdempotent forgets a reservation whose request failed.
	AbortIdempotent(ctx context.Context, tokenID int64, key string) error
	// SweepIdempotency deletes the records created before before (callers
	// pass now − IdempotencyTTL) in small steps that never hold writes up
	// for long, and returns how many it deleted.
	SweepIdempotency(ctx context.Context, before time.Time) (int64, error)

	// AppendChange adds a change that is not a write of content (a purge).
	AppendChange(ctx context.Context, c Change) (Change, error)
	// ChangesSince returns log entries with Seq > after, oldest first.
	ChangesSince(ctx context.Context, after int64, limit int) ([]Change, error)
	LastChangeSeq(ctx context.Context) (int64, error)
	// TrimChanges drops log entries older than before.
	TrimChanges(ctx context.Context, before time.Time) error

	// Empty reports whether the store holds no users (demo seeding).
	Empty(ctx context.Context) (bool, error)
	Ping(ctx context.Context) error
	Close() error
}
