package demo

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlite"
)

// seeded opens a fresh SQLite store and media library and seeds them,
// checking that seeding has not become pathologically slow. An idle 2-core
// machine seeds in about half a second (BenchmarkSeed measures it); the
// budget leaves room for a machine busy with other tests, and the race
// detector slows the pixel loops several times over.
func seeded(t *testing.T) (*sqlite.Store, *media.Library, Summary) {
	t.Helper()
	st, lib := fresh(t)
	start := time.Now()
	sum, err := Seed(context.Background(), st, lib)
	if err != nil {
		t.Fatalf("Seed: %v", err)
	}
	budget := 5 * time.Second
	if raceEnabled {
		budget = 30 * time.Second
	}
	d := time.Since(start)
	t.Logf("Seed took %v", d)
	if d > budget {
		t.Errorf("Seed took %v, budget %v", d, budget)
	}
	return st, lib, sum
}

// TestSeed seeds one store and checks it from every side; seeding is the
// slow part, so the checks share it.
func TestSeed(t *testing.T) {
	st, lib, sum := seeded(t)
	checks := map[string]func(*testing.T, *sqlite.Store, Summary){
		"counts":        checkCounts,
		"post kinds":    checkPostKinds,
		"users":         checkUsers,
		"list":          checkList,
		"ids are times": checkIDsAreTimes,
		"media decode":  func(t *testing.T, st *sqlite.Store, sum Summary) { checkAllMedia(t, st, lib, sum) },
	}
	for name, check := range checks {
		t.Run(name, func(t *testing.T) { check(t, st, sum) })
	}
	// Last, since it would spoil the others if it wrote anything.
	t.Run("refuses a non-empty store", func(t *testing.T) { checkRefusesNonEmpty(t, st, lib) })
}

// TestSeedIsDeterministic seeds two stores and compares what they hold.
func TestSeedIsDeterministic(t *testing.T) {
	_, _, first := seeded(t)
	_, _, second := seeded(t)
	if !reflect.DeepEqual(first, second) {
		t.Errorf("two seeds differ:\n%+v\n%+v", first, second)
	}
}

func checkRefusesNonEmpty(t *testing.T, st *sqlite.Store, lib *media.Library) {
	ctx := context.Background()
	before, err := st.LastChangeSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Seed(ctx, st, lib); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("second Seed = %v, want ErrNotEmpty", err)
	}
	if after, _ := st.LastChangeSeq(ctx); after != before {
		t.Errorf("refused Seed still wrote: change seq %d → %d", before, after)
	}
}

// fresh opens an empty SQLite store and library in a temporary directory.
func fresh(t testing.TB) (*sqlite.Store, *media.Library) {
	t.Helper()
	dir := t.TempDir()
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "roost.db"))
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := media.NewLibrary(filepath.Join(dir, "media"), 0)
	if err != nil {
		t.Fatalf("NewLibrary: %v", err)
	}
	return st, lib
}

func checkCounts(t *testing.T, _ *sqlite.Store, sum Summary) {
	if sum.Users != 5 || sum.Posts < 24 || sum.Posts != len(posts()) || sum.Lists != 1 {
		t.Errorf("seeded %d users, %d posts, %d lists; want 5, %d (≥ 24), 1", sum.Users, sum.Posts, sum.Lists, len(posts()))
	}
	// Four avatars (the suspended account has none), 1+2+3+4+1 pictures
	// and a link card's image.
	// and two videos with their posters.
	if sum.Media != 20 {
		t.Errorf("seeded %d media, want 20", sum.Media)
	}
	want := []string{"roost", "ada", "layla", "secret", "bulkdeals"}
	if !reflect.DeepEqual(sum.Handles, want) {
		t.Errorf("handles %v, want %v", sum.Handles, want)
	}
	if len(sum.SamplePostIDs) != sum.Posts {
		t.Errorf("%d sample ids for %d posts: every post has a key", len(sum.SamplePostIDs), sum.Posts)
	}
}

func checkPostKinds(t *testing.T, st *sqlite.Store, sum Summary) {
	ctx := context.Background()
	tests := map[string]struct {
		media            int
		lang             string
		reply, quote     bool
		sensitive, count bool
		entities         int
	}{
		"plain":        {},
		"images1":      {media: 1},
		"images2":      {media: 2},
		"images3":      {media: 3, lang: "ar"},
		"images4":      {media: 4},
		"sensitive":    {media: 1, sensitive: true},
		"reply":        {reply: true},
		"quote":        {quote: true},
		"replytoquote": {reply: true},
		"arabic":       {lang: "ar"},
		"emoji":        {},
		"markdown":     {},
		"mentions":     {entities: 4},
		"cafe":         {entities: 2},
		"japanese":     {lang: "ja", entities: 2},
		"counts":       {count: true},
		"linkcard":     {entities: 1},
		"pollopen":     {entities: 1},
		"pollclosed":   {lang: "ar"},
		"video":        {media: 1, entities: 1},
		"gif":          {media: 1},
	}
	for key, tt := range tests {
		t.Run(key, func(t *testing.T) {
			id, ok := sum.SamplePostIDs[key]
			if !ok {
				t.Fatalf("no sample post %q", key)
			}
			p, err := st.PostByID(ctx, id)
			if err != nil {
				t.Fatalf("PostByID(%d): %v", id, err)
			}
			if len(p.MediaIDs) != tt.media || (tt.lang != "" && p.Lang != tt.lang) || p.Sensitive != tt.sensitive {
				t.Errorf("post %q: %d media, lang %q, sensitive %v; want %d, %q, %v", key, len(p.MediaIDs), p.Lang, p.Sensitive, tt.media, tt.lang, tt.sensitive)
			}
			if tt.count && (p.LikeCount == 0 || p.RepostCount == 0 || p.ReplyCount == 0) {
				t.Errorf("post %q: counts %d/%d/%d, want all set", key, p.LikeCount, p.RepostCount, p.ReplyCount)
			}
			if len(p.Entities) < tt.entities {
				t.Errorf("post %q: %d entities, want at least %d (found at write time)", key, len(p.Entities), tt.entities)
			}
			checkLink(t, st, "reply_to", p, p.ReplyTo, tt.reply)
			checkLink(t, st, "quote_of", p, p.QuoteOf, tt.quote)
		})
	}
}

// checkLink asserts that a reply or quote points at an existing, older
// post, and that other posts point nowhere.
func checkLink(t *testing.T, st storage.Store, field string, p *storage.Post, target int64, want bool) {
	t.Helper()
	if !want {
		if target != 0 {
			t.Errorf("post %d: %s = %d, want 0", p.ID, field, target)
		}
		return
	}
	parent, err := st.PostByID(context.Background(), target)
	if err != nil {
		t.Fatalf("post %d: %s %d: %v", p.ID, field, target, err)
	}
	if !parent.CreatedAt.Before(p.CreatedAt) || parent.ID >= p.ID {
		t.Errorf("post %d (%v): %s %d (%v) is not older", p.ID, p.CreatedAt, field, parent.ID, parent.CreatedAt)
	}
}

func checkUsers(t *testing.T, st *sqlite.Store, _ Summary) {
	ctx := context.Background()
	tests := map[string]struct {
		protected, suspended, verified, avatar bool
		posts                                  int
	}{
		"roost":     {verified: true, avatar: true, posts: 13},
		"ada":       {avatar: true, posts: 13},
		"layla":     {avatar: true, posts: 4},
		"secret":    {protected: true, avatar: true, posts: 1},
		"bulkdeals": {suspended: true, posts: 1},
	}
	for handle, tt := range tests {
		u, err := st.UserByHandle(ctx, handle)
		if err != nil {
			t.Fatalf("UserByHandle(%q): %v", handle, err)
		}
		if u.Protected != tt.protected || u.Suspended != tt.suspended || u.Verified != tt.verified || (u.AvatarMediaID != 0) != tt.avatar {
			t.Errorf("@%s: protected %v suspended %v verified %v avatar %d; want %+v", handle, u.Protected, u.Suspended, u.Verified, u.AvatarMediaID, tt)
		}
		ps, err := st.UserTimeline(ctx, u.ID, storage.TimelineQuery{Limit: 100, IncludeReplies: true})
		if err != nil || len(ps) != tt.posts {
			t.Errorf("@%s: %d posts (%v), want %d", handle, len(ps), err, tt.posts)
		}
	}
}

func checkList(t *testing.T, st *sqlite.Store, sum Summary) {
	ctx := context.Background()
	l, err := st.ListByID(ctx, sum.ListID)
	if err != nil || l.Name != "Newsroom" {
		t.Fatalf("ListByID(%d) = %+v, %v; want Newsroom", sum.ListID, l, err)
	}
	members, err := st.ListMembers(ctx, sum.ListID)
	if err != nil {
		t.Fatalf("ListMembers: %v", err)
	}
	var handles []string
	for _, id := range members {
		u, err := st.UserByID(ctx, id)
		if err != nil {
			t.Fatalf("member %d: %v", id, err)
		}
		handles = append(handles, u.Handle)
	}
	if want := []string{"roost", "ada", "layla"}; !reflect.DeepEqual(handles, want) {
		t.Errorf("members %v, want %v", handles, want)
	}
	ps, err := st.ListTimeline(ctx, sum.ListID, storage.TimelineQuery{Limit: 10})
	if err != nil || len(ps) != 10 {
		t.Errorf("list timeline: %d posts (%v), want a full page of 10", len(ps), err)
	}
}

func checkIDsAreTimes(t *testing.T, st *sqlite.Store, sum Summary) {
	for key, id := range sum.SamplePostIDs {
		p, err := st.PostByID(context.Background(), id)
		if err != nil {
			t.Fatalf("post %q: %v", key, err)
		}
		if got := storage.IDTime(id); !got.Equal(p.CreatedAt) || p.CreatedAt.Before(Base()) {
			t.Errorf("post %q: id time %v, created %v; want equal and not before %v", key, got, p.CreatedAt, Base())
		}
	}
}

// BenchmarkSeed measures one whole seed into a fresh store: the target is
// well under a second, so a fresh `roost serve` starts at once.
func BenchmarkSeed(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		st, lib := fresh(b)
		b.StartTimer()
		if _, err := Seed(context.Background(), st, lib); err != nil {
			b.Fatal(err)
		}
	}
}
