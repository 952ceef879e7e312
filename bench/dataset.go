package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/roost-embed/roost/entity"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlite"
)

// Handles of the generated users the endpoints name.
const (
	bigHandle   = "big"   // owns most posts: the long timeline
	smallHandle = "small" // owns smallPosts posts: the short timeline
	otherUsers  = 48      // more authors, so cards differ in who wrote them
	mediaPool   = 200     // image rows shared by posts
	batchSize   = 500     // posts per WritePosts transaction
	snowEpochMs = 1288834974657
)

// dataset is what the generator wrote and the endpoints need.
type dataset struct {
	Posts      int     `json:"posts"`
	BigPosts   int     `json:"big_posts"`
	SmallPosts int     `json:"small_posts"`
	TypicalID  int64   `json:"typical_post"` // a post by big with one image
	IDs        []int64 `json:"-"`            // every post id, oldest first
}

// generate writes users, media and n posts (with images, quotes and
// replies) into a new SQLite file through the Store, in batches of one
// transaction each, as an archive import would.
func generate(ctx context.Context, path string, n int) (*dataset, error) {
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	authors, err := createUsers(ctx, st)
	if err != nil {
		return nil, err
	}
	media, err := createMedia(ctx, st, authors[0])
	if err != nil {
		return nil, err
	}
	g := &generator{n: n, authors: authors, media: media, small: min(1000, max(n/4, 10)),
		start: time.Now().Add(-time.Duration(n+10) * time.Second)}
	return g.write(ctx, st)
}

// createUsers makes big, small and the other authors; it returns their
// ids with big first and small second.
func createUsers(ctx context.Context, st storage.Store) ([]int64, error) {
	handles := []string{bigHandle, smallHandle}
	for i := range otherUsers {
		handles = append(handles, "author"+strconv.Itoa(i))
	}
	ids := make([]int64, 0, len(handles))
	for i, h := range handles {
		u := &storage.User{Handle: h, Name: "Author " + h, Bio: "Generated for the load benchmark.",
			Verified: i%3 == 0, FollowersCount: int64(1000 * (i + 1)), Platform: storage.PlatformNative}
		if _, err := st.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("create user %s: %w", h, err)
		}
		ids = append(ids, u.ID)
	}
	return ids, nil
}

// createMedia makes the shared pool of image rows. The files need not
// exist: cards only link to them.
func createMedia(ctx context.Context, st storage.Store, owner int64) ([]int64, error) {
	ids := make([]int64, 0, mediaPool)
	for i := range mediaPool {
		m := &storage.Media{OwnerID: owner, Path: fmt.Sprintf("bench/%03d.jpg", i), ContentType: "image/jpeg",
			Kind: "image", Width: 1200, Height: 800, Bytes: 150_000, Alt: "A generated picture " + strconv.Itoa(i),
			Color: "#7a8b9c"}
		if _, err := st.CreateMedia(ctx, m); err != nil {
			return nil, fmt.Errorf("create media %d: %w", i, err)
		}
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// generator lays out the posts: who wrote each, what it quotes or
// answers, which images it shows.
type generator struct {
	n       int
	authors []int64
	media   []int64
	small   int
	start   time.Time
}

// write creates the n posts in batches and reports the dataset.
func (g *generator) write(ctx context.Context, st storage.Store) (*dataset, error) {
	ds := &dataset{Posts: g.n, IDs: make([]int64, 0, g.n)}
	batch := make([]*storage.Post, 0, batchSize)
	for i := range g.n {
		p := g.post(i, ds.IDs)
		ds.IDs = append(ds.IDs, p.ID)
		switch p.AuthorID {
		case g.authors[0]:
			ds.BigPosts++
			if ds.TypicalID == 0 && len(p.MediaIDs) == 1 && p.QuoteOf == 0 && p.ReplyTo == 0 {
				ds.TypicalID = p.ID
			}
		case g.authors[1]:
			ds.SmallPosts++
		}
		if batch = append(batch, p); len(batch) == batchSize || i == g.n-1 {
			if _, err := st.WritePosts(ctx, batch); err != nil {
				return nil, fmt.Errorf("write posts up to #%d: %w", i, err)
			}
			batch = batch[:0]
		}
	}
	if ds.TypicalID == 0 {
		return nil, fmt.Errorf("no typical post among %d posts", g.n)
	}
	return ds, nil
}

// post builds post number i; ids holds the ids of the posts before it.
func (g *generator) post(i int, ids []int64) *storage.Post {
	at := g.start.Add(time.Duration(i) * time.Second)
	p := &storage.Post{ID: (at.UnixMilli() - snowEpochMs) << 22, AuthorID: g.author(i), Lang: "en",
		CreatedAt: at, LikeCount: int64(i % 977), RepostCount: int64(i % 131), ReplyCount: int64(i % 17)}
	p.Text = postText(i)
	p.Entities = entity.Find(p.Text)
	if i%4 == 0 {
		p.MediaIDs = []int64{g.media[i%len(g.media)]}
		if i%16 == 0 {
			p.MediaIDs = append(p.MediaIDs, g.media[(i+7)%len(g.media)])
		}
	}
	if i > 20 && i%10 == 5 {
		p.ReplyTo = ids[i-3]
	}
	if i > 20 && i%7 == 2 {
		p.QuoteOf = ids[i-11]
	}
	return p
}

// author spreads the posts: every fourth goes to small until it has its
// share, every third of the rest to one of the others, the rest to big.
func (g *generator) author(i int) int64 {
	switch {
	case i%4 == 1 && i/4 < g.small:
		return g.authors[1]
	case i%3 == 0:
		return g.authors[2+i%otherUsers]
	}
	return g.authors[0]
}

// postText is post i's text, in one of a few shapes: links, mentions,
// tags and plain sentences, roughly a real post's length.
func postText(i int) string {
	texts := [...]string{
		"Shipping the new release today: faster embeds and a smaller loader. Notes at https://example.com/blog/release-%d #roost",
		"@small thanks for the report, fixed in build %d. The cards now reserve their height before they load.",
		"Reading list for the weekend, item %d: how CDNs cache by surrogate keys https://example.org/cdn/keys #web #caching",
		"A quiet morning at the harbour. Photo %d of the series, taken before the ferries started running.",
	}
	return fmt.Sprintf(texts[i%len(texts)], i)
}
