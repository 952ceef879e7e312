package storagetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// searchRareHits is how many posts of a search fixture hold the rare word,
// whatever its size: a selective query's cost should not grow with n.
const searchRareHits = 20

// BenchSearches runs the search queries on fixtures of 10k and 100k posts
// (100k skipped in -short mode), each built through WritePosts on a fresh
// store from open. Compare each query's ns/op across the sizes.
func BenchSearches(b *testing.B, open func(b *testing.B) storage.Store) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			if testing.Short() && n > 10_000 {
				b.Skip("100k-post fixture skipped in -short mode")
			}
			s := open(b)
			defer s.Close()
			start := time.Now()
			if err := FillSearch(context.Background(), s, n); err != nil {
				b.Fatalf("fill %d posts: %v", n, err)
			}
			b.Logf("%d posts written and indexed in %s", n, time.Since(start).Round(time.Millisecond))
			if a, ok := s.(interface{ Analyze(context.Context) error }); ok {
				if err := a.Analyze(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			for _, q := range []struct{ name, query string }{
				{"rare word", "kestrel"},
				{"rare phrase", `"kestrel sighting"`},
				{"common word", "w3"},
				{"two common words", "w3 w7"},
				{"common minus common", "w3 -w7"},
				{"from and word", "from:author7 w3"},
				{"hashtag and word", "#tag3 w5"},
				{"cjk", "東京"},
			} {
				b.Run(q.name, func(b *testing.B) { benchSearch(b, s, q.query) })
			}
		})
	}
}

// benchSearch runs one query for a 20-post page per iteration.
func benchSearch(b *testing.B, s storage.Store, query string) {
	ctx := context.Background()
	sq := storage.ParseSearch(query)
	q := storage.TimelineQuery{Limit: 20}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Search(ctx, sq, q); err != nil {
			b.Fatal(err)
		}
	}
}

// FillSearch writes n posts by 100 authors in batches of 500: a dozen words
// each from a skewed vocabulary of 5,000 (w0 is the most common), a tag in
// one post of ten, Japanese text in one of fifty, and the rare word
// "kestrel" in exactly searchRareHits posts spread over the whole range.
func FillSearch(ctx context.Context, s storage.Store, n int) error {
	authors := make([]int64, 100)
	for i := range authors {
		u := &storage.User{Handle: fmt.Sprintf("author%d", i)}
		if _, err := s.CreateUser(ctx, u); err != nil {
			return err
		}
		authors[i] = u.ID
	}
	r := rand.New(rand.NewPCG(1, 2))
	batch := make([]*storage.Post, 0, 500)
	for i := 0; i < n; i++ {
		p := &storage.Post{AuthorID: authors[i%len(authors)], Text: searchText(r, i, n)}
		if i%10 == 0 {
			tagged(fmt.Sprintf("tag%d", i/10%10))(p)
		}
		batch = append(batch, p)
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := s.WritePosts(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return nil
}

// searchText is one post of the fixture.
func searchText(r *rand.Rand, i, n int) string {
	var b strings.Builder
	for range 12 {
		fmt.Fprintf(&b, "w%d ", min(int(r.ExpFloat64()*300), 4999))
	}
	if i%50 == 0 {
		b.WriteString("東京都に行きました ")
	}
	if i%(n/searchRareHits) == 0 {
		b.WriteString("kestrel sighting")
	}
	return b.String()
}
