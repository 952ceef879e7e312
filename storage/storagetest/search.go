package storagetest

import (
	"strings"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// withLang, withMedia and linked set a post's language, media and a link
// entity (as the ingestion API finds them).
func withLang(lang string) func(*storage.Post) { return func(p *storage.Post) { p.Lang = lang } }
func withMedia(ids ...int64) func(*storage.Post) {
	return func(p *storage.Post) { p.MediaIDs = ids }
}
func linked(url string) func(*storage.Post) {
	return func(p *storage.Post) {
		p.Text += " "
		start := len(p.Text)
		p.Text += url
		p.Entities = append(p.Entities, storage.Entity{Kind: storage.EntityURL, Start: start, End: len(p.Text), Value: url})
	}
}

// searchIDs runs a query and returns the ids found.
func searchIDs(t *testing.T, s storage.Store, query string, q storage.TimelineQuery) []int64 {
	t.Helper()
	got, err := s.Search(t.Context(), storage.ParseSearch(query), q)
	ok(t, "Search("+query+")", err)
	return postIDs(got)
}

// testSearch is the query table both backends must answer identically.
func testSearch(t *testing.T, s storage.Store) {
	a, b := mustUser(t, s, "alice"), mustUser(t, s, "Bob")
	prot, susp := mustUser(t, s, "prot", protected), mustUser(t, s, "susp", suspended)
	img := mustMedia(t, s, a.ID)
	vid := &storage.Media{OwnerID: a.ID, Path: "cd/vid.mp4", ContentType: "video/mp4", Kind: "video", Width: 640, Height: 360}
	_, err := s.CreateMedia(t.Context(), vid)
	ok(t, "CreateMedia(video)", err)

	fox := mustPost(t, s, a.ID, "The quick brown fox jumps", withLang("en"))
	dog := mustPost(t, s, b.ID, "A lazy brown dog, quick to sleep", withLang("en-GB"))
	cafe := mustPost(t, s, a.ID, "Un CAFÉ crème à Paris", withLang("fr"), withMedia(img.ID))
	tokyo := mustPost(t, s, b.ID, "東京都庁に行きました", withLang("ja"))
	arabic := mustPost(t, s, a.ID, "زرتُ المَكْتَبَة مع أحمد", withLang("ar"))
	video := mustPost(t, s, b.ID, "watch this clip", withMedia(vid.ID), withLang("pt-BR"))
	link := mustPost(t, s, a.ID, "read the docs", linked("https://example.com/fox"), tagged("Go"))
	reply := mustPost(t, s, b.ID, "quick reply about the fox", replyTo(fox.ID), tagged("go"))
	mustPost(t, s, prot.ID, "quick brown fox, but protected")
	mustPost(t, s, susp.ID, "quick brown fox, but suspended")

	none := []int64(nil)
	tests := []struct {
		query string
		q     storage.TimelineQuery
		want  []int64
	}{
		{"quick", storage.TimelineQuery{}, newestFirst(fox, dog)},
		{"QUICK brown", storage.TimelineQuery{}, newestFirst(fox, dog)},
		{`"quick brown"`, storage.TimelineQuery{}, newestFirst(fox)},
		{`"brown quick"`, storage.TimelineQuery{}, none},
		{"quick -lazy", storage.TimelineQuery{}, newestFirst(fox)},
		{`quick -"lazy brown"`, storage.TimelineQuery{}, newestFirst(fox)},
		{"quick", storage.TimelineQuery{IncludeReplies: true}, newestFirst(fox, dog, reply)},
		{"quick", storage.TimelineQuery{Before: dog.ID}, newestFirst(fox)},
		{"quick", storage.TimelineQuery{Limit: 1}, newestFirst(dog)},
		{"from:alice", storage.TimelineQuery{}, newestFirst(fox, cafe, arabic, link)},
		{"from:@BOB quick", storage.TimelineQuery{}, newestFirst(dog)},
		{"quick -from:bob", storage.TimelineQuery{}, newestFirst(fox)},
		{"from:alice from:bob", storage.TimelineQuery{}, none},
		{"#GO", storage.TimelineQuery{IncludeReplies: true}, newestFirst(link, reply)},
		{"fox -#go", storage.TimelineQuery{IncludeReplies: true}, newestFirst(fox)},
		{"lang:en", storage.TimelineQuery{}, newestFirst(fox, dog)},
		{"lang:pt", storage.TimelineQuery{}, newestFirst(video)},
		{"lang:pt-br", storage.TimelineQuery{}, newestFirst(video)},
		{"has:media", storage.TimelineQuery{}, newestFirst(cafe, video)},
		{"has:video", storage.TimelineQuery{}, newestFirst(video)},
		{"has:link", storage.TimelineQuery{}, newestFirst(link)},
		{"fox has:link", storage.TimelineQuery{}, newestFirst(link)},
		{"fox -has:link", storage.TimelineQuery{}, newestFirst(fox)},
		{"from:alice -has:media -has:link", storage.TimelineQuery{}, newestFirst(fox, arabic)},
		{"cafe creme", storage.TimelineQuery{}, newestFirst(cafe)},
		{"Café", storage.TimelineQuery{}, newestFirst(cafe)},
		{"paris", storage.TimelineQuery{}, newestFirst(cafe)},
		{"東京", storage.TimelineQuery{}, newestFirst(tokyo)},
		{"都庁", storage.TimelineQuery{}, newestFirst(tokyo)},
		{"東京都庁", storage.TimelineQuery{}, newestFirst(tokyo)},
		{"庁", storage.TimelineQuery{}, newestFirst(tokyo)},
		{"大阪", storage.TimelineQuery{}, none},
		{"مكتبة", storage.TimelineQuery{}, newestFirst(arabic)},
		{"المكتبه", storage.TimelineQuery{}, newestFirst(arabic)},
		{"احمد", storage.TimelineQuery{}, newestFirst(arabic)},
		{"example.com", storage.TimelineQuery{}, newestFirst(link)},
		// Nothing positive, or nothing at all: an empty timeline.
		{"", storage.TimelineQuery{}, none},
		{"-quick", storage.TimelineQuery{}, none},
		{`"`, storage.TimelineQuery{}, none},
		{"has:nothing", storage.TimelineQuery{}, none},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			wantIDs(t, "search "+tc.query, searchIDs(t, s, tc.query, tc.q), tc.want)
		})
	}
}

// testSearchHostile feeds the engines' own syntax and worse: each query
// gives posts or nothing, never an error, and is never read as syntax.
func testSearchHostile(t *testing.T, s storage.Store) {
	a := mustUser(t, s, "alice")
	star := mustPost(t, s, a.ID, "a star * NEAR the fox: it said \"hi\" AND left")
	for _, q := range []string{
		`"unbalanced`, `*`, `fox*`, `NEAR(fox star)`, `fox NEAR star`, `:`, `fox:`, `"`, `""`, `" "`,
		`'; DROP TABLE posts; --`, `') OR 1=1 --`, `fox & !star`, `fox | star`, `fox <-> star`, `'fox':*`,
		`AND`, `OR`, `NOT`, `-`, `--`, `-"`, `#`, `##`, `from:`, `from:!!`, `lang:`, `lang:1`, `has:`,
		"\x00\xff\xfe", "\u200b\u200d", "🦊🦊", "ℌ𝔢𝔩𝔩𝔬", "e\u0301", strings.Repeat("fox ", 400),
		strings.Repeat("東", 2000), strings.Repeat(`"a`, 300), strings.Repeat("-x ", 500),
	} {
		if _, err := s.Search(t.Context(), storage.ParseSearch(q), storage.TimelineQuery{}); err != nil {
			t.Errorf("Search(%.40q): %v", q, err)
		}
	}
	for _, q := range []string{"NEAR", "AND", `"hi"`, "star fox", "fox:"} {
		wantIDs(t, "search "+q, searchIDs(t, s, q, storage.TimelineQuery{}), newestFirst(star))
	}
	wantIDs(t, "search *", searchIDs(t, s, "*", storage.TimelineQuery{}), nil)
}

// testSearchFollowsWrites: an edit that makes a post match or stop
// matching, a deletion, a batch write, a protected author and an erased
// user all show in the next search.
func testSearchFollowsWrites(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a, b := mustUser(t, s, "alice"), mustUser(t, s, "bob")
	p := mustPost(t, s, a.ID, "nothing yet")
	q := mustPost(t, s, b.ID, "kestrel sighting")
	find := func(want ...*storage.Post) {
		t.Helper()
		wantIDs(t, "search kestrel", searchIDs(t, s, "kestrel", storage.TimelineQuery{}), newestFirst(want...))
	}
	find(q)
	p.Text = "a Kestrel, now"
	_, err := s.UpdatePost(ctx, p)
	ok(t, "UpdatePost", err)
	find(p, q)
	q.Text = "a sparrow after all"
	_, err = s.WritePosts(ctx, []*storage.Post{q, {AuthorID: b.ID, Text: "KESTRELS are not kestrel"}})
	ok(t, "WritePosts", err)
	got := searchIDs(t, s, "kestrel", storage.TimelineQuery{})
	if len(got) != 2 || got[1] != p.ID {
		t.Errorf("after the batch: %v, want the new post and %d", got, p.ID)
	}
	_, err = s.DeletePost(ctx, got[0])
	ok(t, "DeletePost", err)
	find(p)
	a.Protected = true
	_, err = s.UpdateUser(ctx, a)
	ok(t, "UpdateUser", err)
	find()
	a.Protected = false
	_, err = s.UpdateUser(ctx, a)
	ok(t, "UpdateUser", err)
	find(p)
	_, err = s.DeleteUser(ctx, a.ID)
	ok(t, "DeleteUser", err)
	find()
	r := mustPost(t, s, b.ID, "kestrel again")
	find(r)
}
