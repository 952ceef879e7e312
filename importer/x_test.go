package importer

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// tweet builds one archived tweet. full is the escaped full_text; indices
// are computed on its unescaped form, in code points, as X does.
func tweet(id, full string, extra map[string]any) map[string]any {
	t := map[string]any{
		"id_str":         id,
		"id":             id,
		"full_text":      full,
		"created_at":     "Wed Oct 10 20:19:24 +0000 2018",
		"lang":           "en",
		"favorite_count": "7",
		"retweet_count":  "2",
		"entities":       map[string]any{"hashtags": []any{}, "user_mentions": []any{}, "urls": []any{}, "symbols": []any{}},
	}
	for k, v := range extra {
		t[k] = v
	}
	return map[string]any{"tweet": t}
}

func unesc(s string) string { return xUnescape.Replace(s) }

func urlEnt(full, tco, expanded string) map[string]any {
	return map[string]any{"url": tco, "expanded_url": expanded, "display_url": "x", "indices": indices(unesc(full), tco)}
}

func photo(full, tco, file string) map[string]any {
	return map[string]any{"url": tco, "type": "photo", "media_url_https": "https://pbs.twimg.com/media/" + file,
		"indices": indices(unesc(full), tco)}
}

// xArchive returns a synthetic X archive covering the cases.
func xArchive(t testing.TB) files {
	t1 := "Fish &amp; chips &lt;3 #food https://t.co/aaa"
	t2 := "🎉👍🏽 𝕏 @Bob see https://t.co/bbb #Go $TSLA"
	t3 := "@alice_x replying to myself"
	t4 := "Look at this https://t.co/ccc"
	t5 := "Old news https://t.co/eee"
	t7 := "four pics https://t.co/ddd"
	t8 := "a clip https://t.co/vvv"
	t9 := "no poster https://t.co/www"
	ents := func(m map[string]any) map[string]any {
		base := map[string]any{"hashtags": []any{}, "user_mentions": []any{}, "urls": []any{}, "symbols": []any{}}
		for k, v := range m {
			base[k] = v
		}
		return base
	}
	pics := []any{}
	for _, f := range []string{"p1.png", "p2.png", "p3.png", "p4.png"} {
		pics = append(pics, photo(t7, "https://t.co/ddd", f))
	}
	video := map[string]any{"url": "https://t.co/vvv", "type": "video", "indices": indices(t8, "https://t.co/vvv"),
		"media_url_https": "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/thumb.png"}
	noPoster := map[string]any{"url": "https://t.co/www", "type": "animated_gif", "indices": indices(t9, "https://t.co/www"),
		"media_url_https": "https://pbs.twimg.com/tweet_video_thumb/gone.png"}
	part0 := ytd(t, "tweets",
		// A reply that comes before its parent (the archive is newest first).
		tweet("103", t3, map[string]any{"in_reply_to_status_id_str": "102",
			"entities": ents(map[string]any{"user_mentions": []any{map[string]any{"screen_name": "alice_x", "indices": indices(t3, "@alice_x")}}})}),
		tweet("102", t2, map[string]any{"entities": ents(map[string]any{
			"user_mentions": []any{map[string]any{"screen_name": "bob", "indices": indices(t2, "@Bob")}},
			"urls":          []any{urlEnt(t2, "https://t.co/bbb", "https://example.org/😀")},
			"hashtags":      []any{map[string]any{"text": "Go", "indices": indices(t2, "#Go")}},
			"symbols":       []any{map[string]any{"text": "TSLA", "indices": indices(t2, "$TSLA")}},
		})}),
		tweet("101", t1, map[string]any{"entities": ents(map[string]any{
			"hashtags": []any{map[string]any{"text": "food", "indices": indices(unesc(t1), "#food")}},
			"urls":     []any{urlEnt(t1, "https://t.co/aaa", "https://example.com/fish?a=1&b=2")},
		})}),
		tweet("104", t4, map[string]any{"entities": ents(map[string]any{
			"urls": []any{urlEnt(t4, "https://t.co/ccc", "https://twitter.com/alice_x/status/101")}})}),
		tweet("105", t5, map[string]any{"entities": ents(map[string]any{
			"urls": []any{urlEnt(t5, "https://t.co/eee", "https://twitter.com/someone/status/5555")}})}),
		tweet("106", "RT @bob: not mine", nil),
		tweet("107", t7, map[string]any{"extended_entities": map[string]any{"media": pics},
			"entities": ents(map[string]any{"media": pics[:1]})}),
		tweet("108", t8, map[string]any{"extended_entities": map[string]any{"media": []any{video}}}),
		tweet("109", t9, map[string]any{"extended_entities": map[string]any{"media": []any{noPoster}}}),
		tweet("110", "to a stranger", map[string]any{"in_reply_to_status_id_str": "999999"}),
	)
	fs := files{
		"data/account.js": ytd(t, "account", map[string]any{"account": map[string]any{
			"username": "alice_x", "accountId": "1001", "accountDisplayName": "Alice X", "createdAt": "2010-01-02T03:04:05.000Z"}}),
		"data/profile.js": ytd(t, "profile", map[string]any{"profile": map[string]any{
			"description":    map[string]any{"bio": "I write", "website": "https://alice.example", "location": "Lisbon"},
			"avatarMediaUrl": "https://pbs.twimg.com/profile_images/1/avatar.png"}}),
		"data/tweets.js":                        part0,
		"data/tweets-part1.js":                  ytd(t, "tweets", tweet("111", "from part one", nil)),
		"data/deleted-tweets.js":                ytd(t, "deleted_tweets", tweet("112", "deleted", nil)),
		"data/profile_media/1001-avatar.png":    pngOf(t, 1),
		"data/tweets_media/108-thumb.png":       pngOf(t, 9),
		"data/tweets_media/107-p1.png":          pngOf(t, 11),
		"data/tweets_media/107-p2.png":          pngOf(t, 12),
		"data/tweets_media/107-p3.png":          pngOf(t, 13),
		"data/tweets_media/107-p4.png":          pngOf(t, 14),
		"data/tweets_media/108-clip.mp4":        []byte("not an image"),
		"data/tweets_media/102-unrelated.jpg":   []byte("stray"),
		"data/direct-messages.js":               []byte("window.YTD.direct_messages.part0 = []"),
		"data/tweets_media/109-tweet_video.mp4": []byte("mp4"),
	}
	return fs
}

func TestImportX(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	path := writeZip(t, e.dir, "x.zip", xArchive(t))
	var calls int
	st, err := ImportX(ctx, e.st, e.lib, path, Options{Progress: func(Stats) { calls++ }})
	if err != nil {
		t.Fatalf("ImportX: %v", err)
	}
	if st.Posts != 10 || st.Created != 10 || st.Users != 1 || st.Skipped["retweet"] != 1 ||
		st.Skipped["video without poster"] != 1 || st.Notes["reply to unknown post"] != 1 ||
		st.Notes["quote of unknown post"] != 1 || st.Replies != 1 || st.Media != 6 || calls == 0 {
		t.Fatalf("stats = %+v (progress calls %d)", st, calls)
	}
	if _, err := e.st.PostByID(ctx, 112); err == nil {
		t.Error("a deleted tweet was imported")
	}
	if _, err := e.st.PostByID(ctx, 106); err == nil {
		t.Error("a retweet was imported")
	}

	u, err := e.st.UserByHandle(ctx, "alice_x")
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != 1001 || u.Name != "Alice X" || u.Bio != "I write" || u.URL != "https://alice.example" ||
		u.Location != "Lisbon" || u.Platform != storage.PlatformX || u.ProfileURL != "https://x.com/alice_x" || u.AvatarMediaID == 0 {
		t.Errorf("user = %+v", u)
	}

	texts := map[int64]string{
		101: "Fish & chips <3 #food https://example.com/fish?a=1&b=2",
		102: "🎉👍🏽 𝕏 @Bob see https://example.org/😀 #Go $TSLA",
		103: "@alice_x replying to myself",
		104: "Look at this",
		105: "Old news https://twitter.com/someone/status/5555",
		107: "four pics",
		108: "a clip",
		111: "from part one",
	}
	for id, want := range texts {
		if p := e.post(t, id); p.Text != want {
			t.Errorf("post %d text = %q, want %q", id, p.Text, want)
		}
	}
	checkEntities(t, e.post(t, 101), "hashtag:#food", "url:https://example.com/fish?a=1&b=2")
	checkEntities(t, e.post(t, 102), "mention:@Bob", "url:https://example.org/😀", "hashtag:#Go", "cashtag:$TSLA")
	checkEntities(t, e.post(t, 103), "mention:@alice_x")
	if p := e.post(t, 102); p.LikeCount != 7 || p.RepostCount != 2 || p.Lang != "en" ||
		p.OriginalURL != "https://x.com/alice_x/status/102" || p.CreatedAt.Unix() != 1539202764 {
		t.Errorf("post 102 = %+v", p)
	}
	if p := e.post(t, 103); p.ReplyTo != 102 {
		t.Errorf("reply 103 ReplyTo = %d, want 102", p.ReplyTo)
	}
	if p := e.post(t, 110); p.ReplyTo != 0 || p.Text != "to a stranger" {
		t.Errorf("reply to unknown post = %+v", p)
	}
	if p := e.post(t, 104); p.QuoteOf != 101 || len(p.Entities) != 0 {
		t.Errorf("quote 104 = %+v, want QuoteOf 101 and no entities", p)
	}
	checkXMedia(t, e)
	if originals, decodes := countOriginals(t, e.lib.Dir()), e.lib.Stats().Decodes; decodes != uint64(originals) {
		t.Errorf("%d decodes for %d media files: want one each, the check and write passes sharing it", decodes, originals)
	}

	// A second import changes nothing.
	before := e.seq(t)
	st2, err := ImportX(ctx, e.st, e.lib, path, Options{})
	if err != nil {
		t.Fatalf("second ImportX: %v", err)
	}
	if st2.Unchanged != st2.Posts || st2.Posts != 10 || st2.Created != 0 || st2.Updated != 0 {
		t.Errorf("second import stats = %+v", st2)
	}
	if after := e.seq(t); after != before {
		t.Errorf("second import wrote %d changes", after-before)
	}
}

func checkXMedia(t *testing.T, e *env) {
	ctx := context.Background()
	p := e.post(t, 107)
	if len(p.MediaIDs) != 4 {
		t.Fatalf("post 107 media = %v, want 4", p.MediaIDs)
	}
	ms, _ := e.st.MediaByIDs(ctx, p.MediaIDs)
	paths := map[string]bool{}
	for _, id := range p.MediaIDs {
		m := ms[id]
		if m == nil || m.Kind != "image" || m.Width != 4 || m.Height != 3 || m.ContentType != "image/png" {
			t.Errorf("media %d = %+v", id, m)
			continue
		}
		paths[m.Path] = true
	}
	if len(paths) != 4 {
		t.Errorf("4 photos stored as %d files", len(paths))
	}
	v := e.post(t, 108)
	if len(v.MediaIDs) != 1 {
		t.Fatalf("video post media = %v", v.MediaIDs)
	}
	if m, _ := e.st.MediaByID(ctx, v.MediaIDs[0]); m == nil || m.Kind != "video" {
		t.Errorf("video poster = %+v, want kind video", m)
	}
	if p := e.post(t, 109); len(p.MediaIDs) != 0 || p.Text != "no poster" {
		t.Errorf("video without poster = %+v", p)
	}
}

func TestImportXNewerArchiveUpdates(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	fs := xArchive(t)
	if _, err := ImportX(ctx, e.st, e.lib, writeZip(t, e.dir, "old.zip", fs), Options{}); err != nil {
		t.Fatal(err)
	}
	fs["data/tweets-part1.js"] = ytd(t, "tweets", tweet("111", "from part one, edited", nil), tweet("120", "brand new", nil))
	st, err := ImportX(ctx, e.st, e.lib, writeZip(t, e.dir, "new.zip", fs), Options{Handle: "alice_renamed"})
	if err != nil {
		t.Fatal(err)
	}
	// The new handle changes every OriginalURL, so all old posts update.
	if st.Created != 1 || st.Posts != 11 || st.Updated != 10 {
		t.Errorf("stats = %+v", st)
	}
	if p := e.post(t, 111); p.Text != "from part one, edited" || p.OriginalURL != "https://x.com/alice_renamed/status/111" {
		t.Errorf("edited post = %+v", p)
	}
	if u, err := e.st.UserByID(ctx, 1001); err != nil || u.Handle != "alice_renamed" {
		t.Errorf("user = %+v, %v", u, err)
	}
}

func TestImportXOldLayout(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	old := map[string]any{"id_str": "7", "full_text": "old &amp; plain #tbt", "created_at": "Sat Jan 05 10:00:00 +0000 2013",
		"entities": map[string]any{"hashtags": []any{map[string]any{"text": "tbt", "indices": []int{16, 20}}}}} // indices counted on the escaped text
	fs := files{
		"archive/data/account.js": ytd(t, "account", map[string]any{"account": map[string]any{"username": "old_one", "accountId": "77"}}),
		"archive/data/tweet.js":   append([]byte("window.YTD.tweet.part0 = "), mustJSON(t, []any{old})...),
	}
	st, err := ImportX(ctx, e.st, e.lib, writeZip(t, e.dir, "old.zip", fs), Options{})
	if err != nil || st.Posts != 1 {
		t.Fatalf("ImportX = %+v, %v", st, err)
	}
	p := e.post(t, 7)
	if p.Text != "old & plain #tbt" {
		t.Errorf("text = %q", p.Text)
	}
	checkEntities(t, p, "hashtag:#tbt")
}

func TestImportXRefusesBadArchives(t *testing.T) {
	ctx := context.Background()
	good := xArchive(t)
	cases := map[string]struct {
		mutate func(files) files
		want   string
	}{
		"foreign zip": {func(f files) files { return files{"hello.txt": []byte("hi")} }, "not an X archive: data/account.js missing"},
		"broken tweets.js": {func(f files) files {
			f["data/tweets-part1.js"] = []byte("window.YTD.tweets.part1 = [\n  {\"tweet\": {\"id_str\": \"5\",, }}\n]")
			return f
		}, "data/tweets-part1.js: line 2: invalid character ','"},
		"truncated tweets.js": {func(f files) files {
			f["data/tweets.js"] = f["data/tweets.js"][:len(f["data/tweets.js"])/2]
			return f
		}, "data/tweets.js: line "},
		"not YTD": {func(f files) files { f["data/tweets.js"] = []byte("[]"); return f }, `data/tweets.js: line 1: not a "window.YTD.`},
		"bad date": {func(f files) files {
			f["data/tweets-part1.js"] = ytd(t, "tweets", map[string]any{"tweet": map[string]any{"id_str": "9", "created_at": "yesterday"}})
			return f
		}, `tweet 9: created_at "yesterday"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			fs := tc.mutate(cloneFiles(good))
			before := e.seq(t)
			_, err := ImportX(ctx, e.st, e.lib, writeZip(t, e.dir, "bad.zip", fs), Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			t.Logf("error: %v", err)
			if after := e.seq(t); after != before {
				t.Errorf("store changed (%d → %d)", before, after)
			}
		})
	}
}

func TestImportXTruncatedZip(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	path := writeZip(t, e.dir, "x.zip", xArchive(t))
	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)*2/3], 0o600)
	before := e.seq(t)
	_, err := ImportX(ctx, e.st, e.lib, path, Options{})
	if err == nil || !strings.Contains(err.Error(), "x.zip") {
		t.Fatalf("err = %v, want an error naming x.zip", err)
	}
	t.Logf("error: %v", err)
	if after := e.seq(t); after != before {
		t.Errorf("store changed (%d → %d)", before, after)
	}
}

func TestImportXHandleTaken(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	if _, err := e.st.CreateUser(ctx, &storage.User{Handle: "alice_x", Platform: storage.PlatformNative}); err != nil {
		t.Fatal(err)
	}
	path := writeZip(t, e.dir, "x.zip", xArchive(t))
	_, err := ImportX(ctx, e.st, e.lib, path, Options{})
	if err == nil || !strings.Contains(err.Error(), "--handle") {
		t.Fatalf("err = %v, want a handle clash naming --handle", err)
	}
	if _, err := ImportX(ctx, e.st, e.lib, path, Options{Handle: "alice_archive"}); err != nil {
		t.Fatalf("with --handle: %v", err)
	}
}

func cloneFiles(f files) files {
	out := files{}
	for k, v := range f {
		out[k] = v
	}
	return out
}
