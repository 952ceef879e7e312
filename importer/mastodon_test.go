package importer

import (
	"context"
	"os"
	"strings"
	"testing"
)

const (
	mActorID  = "https://social.example/users/alice"
	mFollower = "https://social.example/users/alice/followers"
)

// mCreate builds one Create activity of a Note with id n.
func mCreate(n string, to, cc []string, note map[string]any) map[string]any {
	obj := map[string]any{
		"id":        mActorID + "/statuses/" + n,
		"type":      "Note",
		"url":       "https://social.example/@alice/" + n,
		"published": "2023-04-05T06:07:08Z",
		"to":        to, "cc": cc,
		"summary":    nil,
		"inReplyTo":  nil,
		"content":    "<p>post " + n + "</p>",
		"contentMap": map[string]string{"en": "x"},
	}
	for k, v := range note {
		obj[k] = v
	}
	return map[string]any{"type": "Create", "actor": mActorID, "to": to, "cc": cc, "object": obj}
}

// mastodonArchive returns a synthetic Mastodon export covering the
// visibilities, a content warning, rich and hostile HTML and media.
func mastodonArchive(t testing.TB) files {
	pub, unl := []string{asPublic}, []string{mFollower}
	rich := `<p>Hi <span class="h-card"><a href="https://other.example/@bob" class="u-url mention">@<span>bob</span></a></span> ` +
		`and <span class="h-card"><a href="https://social.example/@carol" class="u-url mention">@<span>carol@social.example</span></a></span>! ` +
		`<a href="https://social.example/tags/GoLang" class="mention hashtag" rel="tag">#<span>GoLang</span></a></p>` +
		`<p>read <a href="https://blog.example/a/very/long/path?x=1&amp;y=2" rel="nofollow"><span class="invisible">https://</span>` +
		`<span class="ellipsis">blog.example/a/very/lo</span><span class="invisible">ng/path?x=1&amp;y=2</span></a><br>line two &lt;3</p>`
	hostile := `<p>safe<script>alert("x")</script><img src=x onerror="alert(1)">` +
		`<a href="javascript:alert(2)">click</a><style>p{}</style><b onclick="evil()">bold</b></p>`
	items := []any{
		mCreate("1001", pub, []string{mFollower}, map[string]any{"content": rich}),
		mCreate("1002", unl, pub, map[string]any{"content": "<p>unlisted</p>"}),
		mCreate("1003", []string{mFollower}, nil, map[string]any{"content": "<p>followers only</p>"}),
		mCreate("1004", []string{"https://other.example/users/bob"}, nil, map[string]any{"content": "<p>secret</p>"}),
		map[string]any{"type": "Announce", "actor": mActorID, "to": pub, "object": "https://other.example/users/bob/statuses/9"},
		mCreate("1005", pub, nil, map[string]any{"summary": "spoilers", "sensitive": true, "content": "<p>the end</p>"}),
		mCreate("1006", pub, nil, map[string]any{"content": hostile}),
		mCreate("1007", pub, nil, map[string]any{"content": "<p>pics</p>", "attachment": []any{
			map[string]any{"type": "Document", "mediaType": "image/png", "url": "/media_attachments/files/110/000/001/original/a.png",
				"name": "A cat on a mat", "blurhash": "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH", "width": 4, "height": 3},
			map[string]any{"type": "Document", "mediaType": "video/mp4", "url": "/media_attachments/files/110/000/002/original/b.mp4"},
		}}),
		mCreate("1008", pub, nil, map[string]any{"content": "<p>replying to myself</p>", "inReplyTo": mActorID + "/statuses/1001"}),
		mCreate("1009", pub, nil, map[string]any{"content": "<p>replying to bob</p>", "inReplyTo": "https://other.example/users/bob/statuses/5"}),
		mCreate("1010", pub, nil, map[string]any{"content": "<p>reply to a private one</p>", "inReplyTo": mActorID + "/statuses/1003"}),
	}
	outbox := map[string]any{"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
		"type": "OrderedCollection", "totalItems": len(items), "orderedItems": items}
	actor := map[string]any{"id": mActorID, "type": "Person", "preferredUsername": "alice", "name": "Alice M",
		"summary": `<p>Bio with <a href="https://alice.example">link</a></p>`, "url": "https://social.example/@alice",
		"published": "2022-01-01T00:00:00Z", "icon": map[string]any{"type": "Image", "mediaType": "image/png", "url": "avatar.png"}}
	return files{
		"actor.json":  mustJSON(t, actor),
		"outbox.json": mustJSON(t, outbox),
		"avatar.png":  pngOf(t, 40),
		"likes.json":  []byte(`{}`),
		"media_attachments/files/110/000/001/original/a.png": pngOf(t, 41),
		"media_attachments/files/110/000/002/original/b.mp4": []byte("mp4"),
	}
}

func TestImportMastodon(t *testing.T) {
	for _, format := range []string{"zip", "tar.gz"} {
		t.Run(format, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t)
			fs := mastodonArchive(t)
			path := writeZip(t, e.dir, "m.zip", fs)
			if format == "tar.gz" {
				path = writeTarGz(t, e.dir, "m.tar.gz", fs)
			}
			st, err := ImportMastodon(ctx, e.st, e.lib, path, Options{})
			if err != nil {
				t.Fatalf("ImportMastodon: %v", err)
			}
			if st.Posts != 8 || st.Skipped["private"] != 1 || st.Skipped["direct"] != 1 || st.Skipped["boost"] != 1 ||
				st.Skipped["video unreadable"] != 1 || st.Replies != 1 || st.Notes["reply to unknown post"] != 2 {
				t.Errorf("stats = %+v", st)
			}
			checkMastodonPosts(t, e)
			before := e.seq(t)
			st2, err := ImportMastodon(ctx, e.st, e.lib, path, Options{})
			if err != nil || st2.Unchanged != st2.Posts || st2.Posts != 8 {
				t.Errorf("second import = %+v, %v", st2, err)
			}
			if after := e.seq(t); after != before {
				t.Errorf("second import wrote %d changes", after-before)
			}
		})
	}
}

func checkMastodonPosts(t *testing.T, e *env) {
	ctx := context.Background()
	u, err := e.st.UserByHandle(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Alice M" || u.Bio != "Bio with https://alice.example" || u.Platform != "mastodon" ||
		u.ProfileURL != "https://social.example/@alice" || u.AvatarMediaID == 0 {
		t.Errorf("user = %+v", u)
	}
	for _, id := range []int64{1003, 1004} {
		if _, err := e.st.PostByID(ctx, id); err == nil {
			t.Errorf("non-public post %d entered the store", id)
		}
	}
	p := e.post(t, 1001)
	want := "Hi @bob@other.example and @carol@social.example! #GoLang\n\nread https://blog.example/a/very/long/path?x=1&y=2\nline two <3"
	if p.Text != want || p.OriginalURL != "https://social.example/@alice/1001" || p.Lang != "en" {
		t.Errorf("post 1001 = %q (%s), want %q", p.Text, p.OriginalURL, want)
	}
	checkEntities(t, p, "mention:@bob@other.example", "mention:@carol@social.example", "hashtag:#GoLang",
		"url:https://blog.example/a/very/long/path?x=1&y=2")
	if p := e.post(t, 1005); p.Summary != "spoilers" || !p.Sensitive || p.Text != "the end" {
		t.Errorf("content warning post = %+v", p)
	}
	h := e.post(t, 1006)
	for _, bad := range []string{"<", "alert", "javascript", "evil", "onerror", "p{}"} {
		if strings.Contains(h.Text, bad) {
			t.Errorf("hostile post text %q contains %q", h.Text, bad)
		}
	}
	if h.Text != "safeclickbold" || len(h.Entities) != 0 {
		t.Errorf("hostile post = %q %v", h.Text, h.Entities)
	}
	m := e.post(t, 1007)
	if len(m.MediaIDs) != 1 {
		t.Fatalf("media post = %+v", m)
	}
	md, _ := e.st.MediaByID(ctx, m.MediaIDs[0])
	if md.Alt != "A cat on a mat" || md.Blurhash == "" || md.Width != 4 || md.Height != 3 || md.Kind != "image" {
		t.Errorf("media = %+v", md)
	}
	if r := e.post(t, 1008); r.ReplyTo != 1001 {
		t.Errorf("self reply = %+v", r)
	}
	for _, id := range []int64{1009, 1010} {
		if r := e.post(t, id); r.ReplyTo != 0 {
			t.Errorf("reply %d links to %d, which is not a public post of the archive", id, r.ReplyTo)
		}
	}
}

func TestImportMastodonTruncated(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"m.zip", "m.tar.gz"} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			var path string
			if strings.HasSuffix(name, ".zip") {
				path = writeZip(t, e.dir, name, mastodonArchive(t))
			} else {
				path = writeTarGz(t, e.dir, name, mastodonArchive(t))
			}
			data, _ := os.ReadFile(path)
			os.WriteFile(path, data[:len(data)/2], 0o600)
			before := e.seq(t)
			_, err := ImportMastodon(ctx, e.st, e.lib, path, Options{})
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Fatalf("err = %v, want an error naming %s", err, name)
			}
			t.Logf("error: %v", err)
			if after := e.seq(t); after != before {
				t.Errorf("store changed (%d → %d)", before, after)
			}
		})
	}
}

func TestImportMastodonBrokenOutbox(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	fs := mastodonArchive(t)
	fs["outbox.json"] = []byte("{\"orderedItems\": [\n {\"type\": \"Create\", \"object\": {\"type\": \"Note\", \"id\": \"x\", \"to\": \"" + asPublic + "\", \"published\": \"soon\"}}\n]}")
	before := e.seq(t)
	_, err := ImportMastodon(ctx, e.st, e.lib, writeZip(t, e.dir, "m.zip", fs), Options{})
	if err == nil || !strings.Contains(err.Error(), `outbox.json: line 2: status x: published "soon"`) {
		t.Fatalf("err = %v", err)
	}
	if after := e.seq(t); after != before {
		t.Errorf("store changed (%d → %d)", before, after)
	}
}
