package importer

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// asPublic is the ActivityStreams audience that means "everyone".
const asPublic = "https://www.w3.org/ns/activitystreams#Public"

// mActivity is one item of outbox.json.
type mActivity struct {
	Type   string          `json:"type"`
	Object json.RawMessage `json:"object"`
	To     flexStrings     `json:"to"`
	CC     flexStrings     `json:"cc"`
}

// mNote is the object of a Create activity.
type mNote struct {
	ID         string            `json:"id"`
	Type       string            `json:"type"`
	URL        flexURL           `json:"url"`
	Summary    string            `json:"summary"`
	Content    string            `json:"content"`
	ContentMap map[string]string `json:"contentMap"`
	InReplyTo  flexURL           `json:"inReplyTo"`
	Published  string            `json:"published"`
	Updated    string            `json:"updated"`
	To         flexStrings       `json:"to"`
	CC         flexStrings       `json:"cc"`
	Sensitive  bool              `json:"sensitive"`
	Attachment []mAttachment     `json:"attachment"`
	// A Question's poll: its options, end time and closing time.
	OneOf   []mPollOption `json:"oneOf"`
	AnyOf   []mPollOption `json:"anyOf"`
	EndTime string        `json:"endTime"`
	Closed  string        `json:"closed"`
}

// mPollOption is one option of a Question, with its vote count.
type mPollOption struct {
	Name    string `json:"name"`
	Replies struct {
		TotalItems int64 `json:"totalItems"`
	} `json:"replies"`
}

type mAttachment struct {
	MediaType string  `json:"mediaType"`
	URL       flexURL `json:"url"`
	Name      string  `json:"name"`
	Blurhash  string  `json:"blurhash"`
}

// eachOutboxItem streams the orderedItems array of an OrderedCollection,
// skipping the collection's other properties.
func eachOutboxItem(r io.Reader, decode func(dec *json.Decoder) error) error {
	dec := json.NewDecoder(newJSONLimiter(bufio.NewReaderSize(r, 64<<10), shapeOutbox))
	if err := expectDelim(dec, '{'); err != nil {
		return at(0, dec, err)
	}
	found := false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return at(0, dec, err)
		}
		if key != "orderedItems" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return at(0, dec, err)
			}
			continue
		}
		found = true
		if err := eachElement(dec, decode); err != nil {
			return at(0, dec, err)
		}
	}
	if !found {
		return errors.New("no orderedItems: not an outbox")
	}
	return at(0, dec, expectDelim(dec, '}'))
}

func eachElement(dec *json.Decoder, decode func(dec *json.Decoder) error) error {
	if err := expectDelim(dec, '['); err != nil {
		return err
	}
	for dec.More() {
		if err := decode(dec); err != nil {
			return err
		}
	}
	return expectDelim(dec, ']')
}

// mRecord converts one outbox activity of the actor into a record.
func mRecord(act *mActivity, actorID string, conv *htmlText) (*record, error) {
	r := &record{quoteCut: -1}
	switch act.Type {
	case "Announce":
		r.skip = "boost"
		return r, nil
	case "Create":
	default:
		r.skip = "activity " + act.Type
		return r, nil
	}
	var note mNote
	if len(act.Object) == 0 || act.Object[0] != '{' {
		r.skip = "not a note"
		return r, nil
	}
	if err := json.Unmarshal(act.Object, &note); err != nil {
		return nil, err
	}
	if note.Type != "Note" && note.Type != "Question" && note.Type != "Article" {
		r.skip = "not a note"
		return r, nil
	}
	r.post.ID = mastodonID(note.ID)
	if v := visibility(note, act); v != "" {
		r.skip = v
		return r, nil
	}
	return r, mFill(r, &note, actorID, conv)
}

// mFill sets the post fields of a public or unlisted note.
func mFill(r *record, n *mNote, actorID string, conv *htmlText) error {
	p := &r.post
	created, err := time.Parse(time.RFC3339, n.Published)
	if err != nil {
		return fmt.Errorf("status %s: published %q is not an RFC 3339 time", n.ID, n.Published)
	}
	p.CreatedAt = created.UTC().Truncate(time.Millisecond)
	if t, err := time.Parse(time.RFC3339, n.Updated); err == nil {
		p.EditedAt = t.UTC().Truncate(time.Millisecond)
	}
	p.Text, p.Entities = conv.convert(n.Content)
	p.Summary, _ = conv.convert(n.Summary)
	p.Sensitive = p.Summary != "" || n.Sensitive
	p.OriginalURL = string(n.URL)
	if p.OriginalURL == "" {
		p.OriginalURL = n.ID
	}
	if len(n.ContentMap) == 1 {
		for lang := range n.ContentMap {
			p.Lang = lang
		}
	}
	mReply(r, string(n.InReplyTo), actorID)
	mPoll(r, n)
	for _, a := range n.Attachment {
		r.media = append(r.media, mMedia(a))
	}
	return nil
}

// mReply links replies to the actor's own posts; a reply to anyone else's
// cannot be linked (their post is not in the archive) and is only noted.
func mReply(r *record, parent, actorID string) {
	if parent == "" {
		return
	}
	if actorID != "" && strings.HasPrefix(parent, actorID+"/statuses/") {
		r.replyTo = mastodonID(parent)
		return
	}
	r.replyTo = -1 // an id no post has: the writer notes "reply to unknown post"
}

// mMedia names an attachment's archive file. Mastodon exports keep
// files under media_attachments/; videos (and gifv, which ActivityPub
// sends as video/mp4) come without a poster image.
func mMedia(a mAttachment) mediaRef {
	ref := mediaRef{kind: "image", alt: a.Name, blurhash: a.Blurhash}
	switch {
	case strings.HasPrefix(a.MediaType, "image/"):
		ref.name = archiveName(string(a.URL))
	case strings.HasPrefix(a.MediaType, "video/"):
		ref.kind, ref.video, ref.maybeGIF = "video", archiveName(string(a.URL)), true
	default:
		ref.kind = "video"
	}
	return ref
}

// archiveName maps an attachment URL (absolute or "/media_attachments/…")
// to its path inside the archive.
func archiveName(u string) string {
	if pu, err := url.Parse(u); err == nil {
		u = pu.Path
	}
	if i := strings.Index(u, "media_attachments/"); i >= 0 {
		return u[i:]
	}
	return strings.TrimPrefix(u, "/")
}

// visibility returns "" for public and unlisted notes and the skip reason
// ("private", "direct") for the others.
func visibility(n mNote, act *mActivity) string {
	to, cc := n.To, n.CC
	if len(to) == 0 && len(cc) == 0 {
		to, cc = act.To, act.CC
	}
	if anyPublic(to) || anyPublic(cc) {
		return ""
	}
	for _, a := range to {
		if strings.HasSuffix(a, "/followers") {
			return "private"
		}
	}
	return "direct"
}

func anyPublic(audience []string) bool {
	for _, a := range audience {
		if a == asPublic || a == "as:Public" || a == "Public" {
			return true
		}
	}
	return false
}

// mastodonID is the id of a status URL: its last path segment when that is
// a number (Mastodon ids are 64-bit snowflakes), else a 63-bit hash of the
// URL, so software with other id schemes still gets stable ids.
func mastodonID(u string) int64 {
	seg := u[strings.LastIndex(u, "/")+1:]
	if id, err := strconv.ParseInt(seg, 10, 64); err == nil && id > 0 {
		return id
	}
	h := fnv.New64a()
	h.Write([]byte(u))
	if id := int64(h.Sum64() &^ (1 << 63)); id != 0 {
		return id
	}
	return 1
}
