package storagetest

import (
	"slices"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// linkPost is a post whose text carries one link, with its url entity.
func linkPost(author int64, url string) *storage.Post {
	text := "read " + url
	return &storage.Post{AuthorID: author, Text: text,
		Entities: []storage.Entity{{Kind: storage.EntityURL, Start: 5, End: len(text), Value: url}}}
}

func testPollAndCardRoundTrip(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a := mustUser(t, s, "a")
	img := mustMedia(t, s, a.ID)
	p := linkPost(a.ID, "https://news.example/story")
	p.Poll = &storage.Poll{Options: []storage.PollOption{{Label: "Tea", Votes: 3}, {Label: "Coffee", Votes: 5}, {Label: "شاي", Votes: 0}}, EndsAt: t0().Add(time.Hour)}
	p.Card = &storage.LinkCard{URL: "https://news.example/story", Title: "A story", Description: "What happened",
		ImageMediaID: img.ID, SiteName: "News"}
	_, err := s.CreatePost(ctx, p)
	ok(t, "CreatePost", err)
	got, err := s.PostByID(ctx, p.ID)
	ok(t, "PostByID", err)
	sameRich(t, got, p)

	// A new count is an update like any other, and a removed poll is gone.
	p.Poll.Options[0].Votes, p.Poll.Closed = 4, true
	_, err = s.UpdatePost(ctx, p)
	ok(t, "UpdatePost", err)
	got, _ = s.PostByID(ctx, p.ID)
	sameRich(t, got, p)
	p.Poll, p.Card = nil, nil
	_, err = s.UpdatePost(ctx, p)
	ok(t, "UpdatePost clearing", err)
	got, _ = s.PostByID(ctx, p.ID)
	sameRich(t, got, p)

	// Batches carry them too, and timelines read them back.
	q := linkPost(a.ID, "https://b.example/")
	q.Poll = &storage.Poll{Options: []storage.PollOption{{Label: "Yes", Votes: 1}, {Label: "No", Votes: 2}}, Closed: true}
	q.Card = &storage.LinkCard{URL: "https://b.example", Title: "B"}
	_, err = s.WritePosts(ctx, []*storage.Post{q})
	ok(t, "WritePosts", err)
	tl, err := s.UserTimeline(ctx, a.ID, storage.TimelineQuery{Limit: 1})
	ok(t, "UserTimeline", err)
	if len(tl) != 1 {
		t.Fatalf("timeline has %d posts, want 1", len(tl))
	}
	sameRich(t, tl[0], q)
}

// sameRich fails unless got carries want's poll and card.
func sameRich(t *testing.T, got, want *storage.Post) {
	t.Helper()
	switch {
	case (got.Poll == nil) != (want.Poll == nil):
		t.Fatalf("post %d: poll %+v, want %+v", want.ID, got.Poll, want.Poll)
	case got.Poll != nil:
		g, w := *got.Poll, *want.Poll
		if !g.EndsAt.Equal(w.EndsAt) || g.Closed != w.Closed || len(g.Options) != len(w.Options) {
			t.Errorf("post %d: poll %+v, want %+v", want.ID, g, w)
		}
		for i := range min(len(g.Options), len(w.Options)) {
			if g.Options[i] != w.Options[i] {
				t.Errorf("post %d: option %d = %+v, want %+v", want.ID, i, g.Options[i], w.Options[i])
			}
		}
	}
	switch {
	case (got.Card == nil) != (want.Card == nil):
		t.Fatalf("post %d: card %+v, want %+v", want.ID, got.Card, want.Card)
	case got.Card != nil && *got.Card != *want.Card:
		t.Errorf("post %d: card %+v, want %+v", want.ID, *got.Card, *want.Card)
	}
}

func testPollAndCardInvalid(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a := mustUser(t, s, "a")
	video := &storage.Media{OwnerID: a.ID, Path: "vv/clip.mp4", ContentType: "video/mp4", Kind: storage.MediaVideo, Width: 640, Height: 360}
	_, err := s.CreateMedia(ctx, video)
	ok(t, "CreateMedia video", err)
	opts := func(n int) []storage.PollOption {
		o := make([]storage.PollOption, n)
		for i := range o {
			o[i] = storage.PollOption{Label: "option", Votes: 1}
		}
		return o
	}
	cases := []struct {
		name, field string
		set         func(p *storage.Post)
	}{
		{"one option", "poll.options", func(p *storage.Post) { p.Poll = &storage.Poll{Options: opts(1)} }},
		{"five options", "poll.options", func(p *storage.Post) { p.Poll = &storage.Poll{Options: opts(5)} }},
		{"negative votes", "poll.options[1].votes", func(p *storage.Post) {
			p.Poll = &storage.Poll{Options: opts(2)}
			p.Poll.Options[1].Votes = -1
		}},
		{"long label", "poll.options[0].label", func(p *storage.Post) {
			p.Poll = &storage.Poll{Options: opts(2)}
			p.Poll.Options[0].Label = "twenty-six characters long"
		}},
		{"empty label", "poll.options[0].label", func(p *storage.Post) {
			p.Poll = &storage.Poll{Options: opts(2)}
			p.Poll.Options[0].Label = " "
		}},
		{"card url not in text", "card.url", func(p *storage.Post) {
			p.Card = &storage.LinkCard{URL: "https://elsewhere.example/", Title: "t"}
		}},
		{"card image is a video", "card.image_media_id", func(p *storage.Post) {
			p.Card = &storage.LinkCard{URL: "https://a.example/x", Title: "t", ImageMediaID: video.ID}
		}},
		{"card image missing", "card.image_media_id", func(p *storage.Post) {
			p.Card = &storage.LinkCard{URL: "https://a.example/x", Title: "t", ImageMediaID: 4242}
		}},
	}
	before, err := s.LastChangeSeq(ctx)
	ok(t, "LastChangeSeq", err)
	for _, tc := range cases {
		p := linkPost(a.ID, "https://a.example/x")
		tc.set(p)
		_, err := s.CreatePost(ctx, p)
		wantField(t, err, storage.ErrInvalid, tc.field)
		_, err = s.PostByID(ctx, p.ID)
		wantNotFound(t, tc.name+": the refused post", err)
		q := linkPost(a.ID, "https://a.example/x")
		tc.set(q)
		_, err = s.WritePosts(ctx, []*storage.Post{linkPost(a.ID, "https://a.example/ok"), q})
		wantField(t, err, storage.ErrInvalid, "posts[1]."+tc.field)
	}
	after, err := s.LastChangeSeq(ctx)
	ok(t, "LastChangeSeq", err)
	if after != before {
		t.Errorf("refused writes moved the change log from %d to %d", before, after)
	}
}

func testMediaVideo(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a := mustUser(t, s, "a")
	poster := mustMedia(t, s, a.ID)
	for _, kind := range []string{storage.MediaVideo, storage.MediaGIF} {
		m := &storage.Media{OwnerID: a.ID, Path: "vv/clip.mp4", ContentType: "video/mp4", Kind: kind, Width: 1280, Height: 720,
			Bytes: 1 << 20, Alt: "a clip", DurationMS: 12345, PosterMediaID: poster.ID, CreatedAt: t0()}
		_, err := s.CreateMedia(ctx, m)
		ok(t, "CreateMedia "+kind, err)
		got, err := s.MediaByID(ctx, m.ID)
		ok(t, "MediaByID", err)
		if got.Kind != kind || got.DurationMS != 12345 || got.PosterMediaID != poster.ID || !got.Playable() {
			t.Errorf("%s: read back %+v", kind, got)
		}
	}
}

// testDeleteMediaKeepsWhatIsShown: DeleteMedia deletes only rows nothing
// shows (a post's media, an avatar, a listed video's poster are kept), and
// MediaPathInUse follows the rows.
func testDeleteMediaKeepsWhatIsShown(t *testing.T, s storage.Store) {
	ctx := t.Context()
	a := mustUser(t, s, "a")
	poster := mustMedia(t, s, a.ID)
	video := &storage.Media{OwnerID: a.ID, Path: "vv/gone.mp4", ContentType: "video/mp4", Kind: storage.MediaVideo,
		Width: 16, Height: 9, PosterMediaID: poster.ID}
	_, err := s.CreateMedia(ctx, video)
	ok(t, "CreateMedia", err)
	avatar := mustMedia(t, s, a.ID)
	a.AvatarMediaID = avatar.ID
	_, err = s.UpdateUser(ctx, a)
	ok(t, "UpdateUser", err)
	p := mustPost(t, s, a.ID, "clip", func(p *storage.Post) { p.MediaIDs = []int64{video.ID} })
	gone, _, err := s.DeleteMedia(ctx, []int64{video.ID, poster.ID, avatar.ID})
	ok(t, "DeleteMedia while shown", err)
	if len(gone) != 0 {
		t.Fatalf("DeleteMedia deleted %v while a post and a user show them", gone)
	}
	_, err = s.DeletePost(ctx, p.ID)
	ok(t, "DeletePost", err)
	gone, c, err := s.DeleteMedia(ctx, []int64{video.ID, poster.ID, avatar.ID})
	ok(t, "DeleteMedia", err)
	if !slices.Contains(gone, video.ID) || !slices.Contains(gone, poster.ID) || slices.Contains(gone, avatar.ID) || c.Seq == 0 {
		t.Errorf("DeleteMedia deleted %v (change %d), want the video and its poster, not the avatar", gone, c.Seq)
	}
	_, err = s.MediaByID(ctx, video.ID)
	wantNotFound(t, "deleted video", err)
	if used, err := s.MediaPathInUse(ctx, "vv/gone.mp4"); err != nil || used {
		t.Errorf("MediaPathInUse(deleted) = %v, %v", used, err)
	}
	if used, err := s.MediaPathInUse(ctx, avatar.Path); err != nil || !used {
		t.Errorf("MediaPathInUse(avatar) = %v, %v", used, err)
	}
}
