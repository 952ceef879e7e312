// Package storage holds Roost's domain types, the Store interface every
// backend implements, and the typed errors that the server maps to HTTP
// statuses. It imports nothing of Roost's own: everything else depends on it.
package storage

import (
	"strings"
	"time"
)

// Platform names where a user's account lives; it decides where follow
// buttons and intents send a visitor.
const (
	PlatformNative   = "native"
	PlatformX        = "x"
	PlatformMastodon = "mastodon"
)

// Token scopes. Admin implies write.
const (
	ScopeWrite = "write"
	ScopeAdmin = "admin"
)

// User is an account whose posts Roost serves. Handle is unique
// case-insensitively; HandleKey holds its lower-case form for lookups.
type User struct {
	ID             int64
	Handle         string
	Name           string
	Bio            string
	URL            string
	Location       string
	AvatarMediaID  int64 // 0 = no avatar
	Verified       bool
	Protected      bool
	Suspended      bool
	FollowersCount int64
	FollowingCount int64
	Platform       string // PlatformNative, PlatformX or PlatformMastodon
	ProfileURL     string // the account on its original platform, if any
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Post is one post. Text is stored as written; Entities are found once at
// write time so renderers never re-parse text.
type Post struct {
	ID          int64
	AuthorID    int64
	Text        string
	Lang        string // BCP 47 tag, "" when unknown
	CreatedAt   time.Time
	EditedAt    time.Time // zero when never edited
	ReplyTo     int64     // 0 = not a reply
	QuoteOf     int64     // 0 = quotes nothing
	MediaIDs    []int64   // in display order, at most 4
	LikeCount   int64
	RepostCount int64
	ReplyCount  int64
	Sensitive   bool
	Summary     string // content warning text, shown before sensitive content
	OriginalURL string // the post's URL on the platform it was imported from
	Entities    []Entity
	Poll        *Poll     // nil = no poll
	Card        *LinkCard // nil = no link preview card
}

// EntityKind names what an entity in post text is.
type EntityKind string

// The entity kinds Roost links in post text.
const (
	EntityURL     EntityKind = "url"
	EntityMention EntityKind = "mention"
	EntityHashtag EntityKind = "hashtag"
	EntityCashtag EntityKind = "cashtag"
)

// Entity is a linkable span of post text. Start and End are byte offsets
// into Post.Text (Text[Start:End] is exactly the span as typed, including
// its '@', '#' or '$'). Value is the normalised target: the full URL for a
// link, the handle without '@', the tag without '#' or '$'.
type Entity struct {
	Kind  EntityKind `json:"kind"`
	Start int        `json:"start"`
	End   int        `json:"end"`
	Value string     `json:"value"`
}

// Media kinds. A video or GIF is a playable file (MP4 or WebM) with a
// poster image of its own (PosterMediaID); "gif" is an animated GIF as X
// and Mastodon store it: a short, silent, looping video.
const (
	MediaImage = "image"
	MediaVideo = "video"
	MediaGIF   = "gif"
)

// Media is an uploaded or imported image, video or animated GIF.
type Media struct {
	ID            int64
	OwnerID       int64  // the user it belongs to; 0 while unattached
	Path          string // relative to the media dir, content-addressed
	ContentType   string // image/jpeg, image/png, image/gif, image/webp, video/mp4, video/webm
	Kind          string // MediaImage, MediaVideo or MediaGIF ("" is read as an image)
	Width         int
	Height        int
	Bytes         int64
	Alt           string
	Color         string // placeholder colour "#rrggbb", "" when unknown
	Blurhash      string
	DurationMS    int64 // videos and GIFs: the running time, 0 when unknown
	PosterMediaID int64 // videos and GIFs: the image shown before playing, 0 = none
	CreatedAt     time.Time
}

// Playable reports whether m is a video or an animated GIF file. Imports
// before videos were playable stored a video's poster image alone with kind
// "video": such a row is an image.
func (m *Media) Playable() bool {
	return (m.Kind == MediaVideo || m.Kind == MediaGIF) && strings.HasPrefix(m.ContentType, "video/")
}

// List is a curated set of users whose posts form a list timeline.
type List struct {
	ID          int64
	OwnerID     int64
	Name        string
	Description string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Token is an API credential. Only the SHA-256 of the secret is stored.
type Token struct {
	ID         int64
	Name       string
	Scope      string // ScopeWrite or ScopeAdmin
	Hash       []byte // sha256 of the full token string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time // zero while valid
}

// Revoked reports whether the token may no longer be used.
func (t *Token) Revoked() bool { return !t.RevokedAt.IsZero() }

// Allows reports whether the token's scope covers the needed scope.
func (t *Token) Allows(scope string) bool {
	return t.Scope == ScopeAdmin || t.Scope == scope
}

// Change is one entry of the change log: what a write touched. Every
// instance follows the log and drops cached renders that depend on any of
// these ids, so the sets include dependants (posts that quote or reply to a
// changed post, the lists an author belongs to, the hashtags of a post).
type Change struct {
	Seq   int64
	At    time.Time
	Kind  string // e.g. "post.create", "post.delete", "user.update", "purge"
	Posts []int64
	Users []int64
	Lists []int64
	Tags  []string // lower-cased hashtags
	All   bool     // purge everything
	// Collections names the collections whose entries or details changed.
	Collections []int64
}

// TouchesPosts reports whether the change may alter which posts a search
// matches: a write of a post, or of a user (whose state shows or hides
// their posts), or a purge. Search renderings depend on every such change
// (cache.Deps.Search). Writes that name a user without changing what
// anyone may see of their posts (a new user, their lists and media) do
// not count; any other kind does, so a new kind errs on the safe side.
func (c *Change) TouchesPosts() bool {
	if c.All || len(c.Posts) > 0 {
		return true
	}
	switch c.Kind {
	case "user.create", "list.create", "list.members", "media.create":
		return false
	}
	return len(c.Users) > 0
}

// TimelineQuery pages through a timeline, newest first.
type TimelineQuery struct {
	Before         int64 // only posts with ID < Before; 0 = from the newest
	Limit          int   // at most this many; backends cap it at 200
	IncludeReplies bool
}

// IdempotencyTTL is how long an Idempotency-Key is remembered: a retry
// within it replays the first answer; after it the key is free again and
// its record is swept (as Stripe does, 24 hours).
const IdempotencyTTL = 24 * time.Hour

// Idempotency records the outcome of a create call made with an
// Idempotency-Key, so that a retry replays the first answer.
type Idempotency struct {
	TokenID     int64
	Key         string
	RequestHash string // sha256 of method, path and body: a reused key with another body is a conflict
	Status      int    // 0 while the first request is still running
	Body        []byte
	CreatedAt   time.Time
}

// Collection is a curated, ordered set of posts owned by a user, embedded
// as a timeline or a grid.
type Collection struct {
	ID          int64
	OwnerID     int64
	Name        string
	Description string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// CollectionEntry is one post of a collection with its optional note; a
// collection's entries are kept in the order they were set.
type CollectionEntry struct {
	PostID int64
	Note   string
}

// CollectionItem is a visible entry of a collection as a timeline shows
// it: its place in the collection (the paging cursor), the post, its note.
type CollectionItem struct {
	Position int
	Post     *Post
	Note     string
}

// MaxCollectionEntries is how many posts one collection may hold; a longer
// list is refused (Invalid on "posts"), not cut.
const MaxCollectionEntries = 500
