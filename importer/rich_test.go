package importer

import (
	"context"
	"os"
	"testing"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

func clipFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../media/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// xVideoMedia is an X media entry of kind (video or animated_gif) whose best
// MP4 variant is file.
func xVideoMedia(full, tco, kind, thumb, file string) map[string]any {
	return map[string]any{"url": tco, "type": kind, "media_url_https": "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/" + thumb,
		"indices": indices(unesc(full), tco), "video_info": map[string]any{"variants": []any{
			map[string]any{"content_type": "application/x-mpegURL", "url": "https://video.twimg.com/x.m3u8"},
			map[string]any{"content_type": "video/mp4", "bitrate": "256000", "url": "https://video.twimg.com/ext_tw_video/1/pu/vid/320x180/low.mp4?tag=12"},
			map[string]any{"content_type": "video/mp4", "bitrate": "832000", "url": "https://video.twimg.com/ext_tw_video/1/pu/vid/640x360/" + file + "?tag=12"},
		}}}
}

// TestImportXVideosAndGIFs: an X archive's tweets_media MP4s become a
// playable video (with the archive's thumbnail as poster) and a GIF (with
// a made poster); the counts say so, and a re-import changes nothing.
func TestImportXVideosAndGIFs(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	v, g := "a clip https://t.co/vvv", "a gif https://t.co/ggg"
	tweets := ytd(t, "tweets",
		tweet("201", v, map[string]any{"extended_entities": map[string]any{"media": []any{xVideoMedia(v, "https://t.co/vvv", "video", "thumb.png", "best.mp4")}}}),
		tweet("202", g, map[string]any{"extended_entities": map[string]any{"media": []any{xVideoMedia(g, "https://t.co/ggg", "animated_gif", "gthumb.jpg", "loop.mp4")}}}))
	fs := files{
		"data/account.js": ytd(t, "account", map[string]any{"account": map[string]any{"accountId": "1001", "username": "vid_x",
			"accountDisplayName": "Vid", "createdAt": "2010-01-01T00:00:00.000Z"}}),
		"data/tweets.js":                  tweets,
		"data/tweets_media/201-thumb.png": pngOf(t, 5),
		"data/tweets_media/201-best.mp4":  clipFile(t, "clip.mp4"),
		"data/tweets_media/202-loop.mp4":  clipFile(t, "gif.mp4"),
	}
	path := writeZip(t, e.dir, "x.zip", fs)
	st, err := ImportX(ctx, e.st, e.lib, path, Options{})
	if err != nil {
		t.Fatalf("ImportX: %v", err)
	}
	made := "video poster: " + media.PosterDrawn
	if media.FFmpegAvailable() {
		made = "video poster: " + media.PosterFFmpeg
	}
	if st.Videos != 1 || st.GIFs != 1 || st.Notes["video poster: archive"] != 1 || st.Notes[made] != 1 {
		t.Errorf("stats = %+v", st)
	}
	for id, kind := range map[int64]string{201: storage.MediaVideo, 202: storage.MediaGIF} {
		p := e.post(t, id)
		if len(p.MediaIDs) != 1 {
			t.Fatalf("post %d: media %v", id, p.MediaIDs)
		}
		m, err := e.st.MediaByID(ctx, p.MediaIDs[0])
		if err != nil || m.Kind != kind || !m.Playable() || m.PosterMediaID == 0 || m.DurationMS == 0 {
			t.Fatalf("post %d: media %+v, %v", id, m, err)
		}
		if poster, err := e.st.MediaByID(ctx, m.PosterMediaID); err != nil || poster.Playable() {
			t.Errorf("post %d: poster %+v, %v", id, poster, err)
		}
	}
	before := e.seq(t)
	st2, err := ImportX(ctx, e.st, e.lib, path, Options{})
	if err != nil || st2.Unchanged != 2 || e.seq(t) != before {
		t.Errorf("re-import: %+v %v; log moved %d → %d", st2, err, before, e.seq(t))
	}
}

// TestImportMastodonVideosGIFsAndPolls: video and gifv attachments become
// playable media (alt text and blurhash kept), Question objects polls; a
// poll Roost cannot show is skipped with its reason.
func TestImportMastodonVideosGIFsAndPolls(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	pub := []string{asPublic}
	opt := func(name string, n int) map[string]any {
		return map[string]any{"type": "Note", "name": name, "replies": map[string]any{"type": "Collection", "totalItems": n}}
	}
	items := []any{
		mCreate("2001", pub, nil, map[string]any{"content": "<p>clip</p>", "attachment": []any{
			map[string]any{"type": "Document", "mediaType": "video/mp4", "url": "/media_attachments/files/1/original/v.mp4",
				"name": "A test pattern", "blurhash": "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH"}}}),
		mCreate("2002", pub, nil, map[string]any{"content": "<p>gifv</p>", "attachment": []any{
			map[string]any{"type": "Document", "mediaType": "video/mp4", "url": "/media_attachments/files/2/original/g.mp4"}}}),
		mCreate("2003", pub, nil, map[string]any{"type": "Question", "content": "<p>tea?</p>", "endTime": "2023-04-06T06:07:08Z",
			"closed": "2023-04-06T06:07:08Z", "oneOf": []any{opt("Tea", 5), opt("Coffee", 7)}}),
		mCreate("2004", pub, nil, map[string]any{"type": "Question", "content": "<p>open</p>", "endTime": "2099-01-01T00:00:00Z",
			"anyOf": []any{opt("A", 1), opt("B", 2), opt("C", 0)}}),
		mCreate("2005", pub, nil, map[string]any{"type": "Question", "content": "<p>too many</p>",
			"oneOf": []any{opt("1", 1), opt("2", 1), opt("3", 1), opt("4", 1), opt("5", 1)}}),
	}
	outbox := map[string]any{"type": "OrderedCollection", "totalItems": len(items), "orderedItems": items}
	actor := map[string]any{"id": mActorID, "type": "Person", "preferredUsername": "alice", "published": "2022-01-01T00:00:00Z"}
	path := writeZip(t, e.dir, "m.zip", files{
		"actor.json": mustJSON(t, actor), "outbox.json": mustJSON(t, outbox),
		"media_attachments/files/1/original/v.mp4": clipFile(t, "clip.mp4"),
		"media_attachments/files/2/original/g.mp4": clipFile(t, "gif.mp4"),
	})
	st, err := ImportMastodon(ctx, e.st, e.lib, path, Options{})
	if err != nil {
		t.Fatalf("ImportMastodon: %v", err)
	}
	if st.Videos != 1 || st.GIFs != 1 || st.Polls != 2 || st.Skipped["poll: not 2 to 4 options"] != 1 || st.Posts != 5 {
		t.Errorf("stats = %+v", st)
	}
	v, _ := e.st.MediaByID(ctx, e.post(t, 2001).MediaIDs[0])
	if v.Kind != storage.MediaVideo || v.Alt != "A test pattern" || v.Blurhash == "" || v.PosterMediaID == 0 {
		t.Errorf("video %+v", v)
	}
	closed, open := e.post(t, 2003).Poll, e.post(t, 2004).Poll
	if closed == nil || !closed.Closed || closed.Total() != 12 || open == nil || open.Closed || len(open.Options) != 3 || open.EndsAt.Year() != 2099 {
		t.Errorf("polls %+v, %+v", closed, open)
	}
	if p := e.post(t, 2005); p.Poll != nil {
		t.Errorf("a 5-option poll was stored: %+v", p.Poll)
	}
	st2, err := ImportMastodon(ctx, e.st, e.lib, path, Options{})
	if err != nil || st2.Unchanged != 5 {
		t.Errorf("re-import: %+v %v", st2, err)
	}
}
