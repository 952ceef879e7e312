package importer

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/roost-embed/roost/storage"
)

// xCreatedAt is the layout of created_at in X archives.
const xCreatedAt = "Mon Jan 02 15:04:05 -0700 2006"

// xElement is one element of tweets.js: {"tweet": {…}} in current archives,
// the tweet object itself in older ones (tweet.js).
type xElement struct {
	Tweet *xTweet `json:"tweet"`
	xTweet
}

// xTweet holds the fields of an archived tweet that Roost keeps.
type xTweet struct {
	IDStr            string          `json:"id_str"`
	ID               flexInt         `json:"id"`
	FullText         string          `json:"full_text"`
	Text             string          `json:"text"`
	CreatedAt        string          `json:"created_at"`
	Lang             string          `json:"lang"`
	FavoriteCount    flexInt         `json:"favorite_count"`
	RetweetCount     flexInt         `json:"retweet_count"`
	InReplyTo        string          `json:"in_reply_to_status_id_str"`
	RetweetedStatus  json.RawMessage `json:"retweeted_status"`
	Sensitive        bool            `json:"possibly_sensitive"`
	Entities         xEntities       `json:"entities"`
	ExtendedEntities *struct {
		Media []xMedia `json:"media"`
	} `json:"extended_entities"`
}

type xEntities struct {
	Hashtags []xTag     `json:"hashtags"`
	Symbols  []xTag     `json:"symbols"`
	Mentions []xMention `json:"user_mentions"`
	URLs     []xURL     `json:"urls"`
	Media    []xMedia   `json:"media"`
}

type xTag struct {
	Text    string    `json:"text"`
	Indices []flexInt `json:"indices"`
}

type xMention struct {
	ScreenName string    `json:"screen_name"`
	Indices    []flexInt `json:"indices"`
}

type xURL struct {
	URL         string    `json:"url"`
	ExpandedURL string    `json:"expanded_url"`
	Indices     []flexInt `json:"indices"`
}

type xMedia struct {
	URL           string    `json:"url"`
	MediaURLHTTPS string    `json:"media_url_https"`
	MediaURL      string    `json:"media_url"`
	Type          string    `json:"type"` // photo, video, animated_gif
	AltText       string    `json:"ext_alt_text"`
	Indices       []flexInt `json:"indices"`
	VideoInfo     *struct {
		Variants []struct {
			ContentType string  `json:"content_type"`
			URL         string  `json:"url"`
			Bitrate     flexInt `json:"bitrate"`
		} `json:"variants"`
	} `json:"video_info"`
}

// decodeXTweet decodes the next tweets.js element.
func decodeXTweet(dec *json.Decoder) (*xTweet, error) {
	var el xElement
	if err := dec.Decode(&el); err != nil {
		return nil, err
	}
	if el.Tweet != nil {
		return el.Tweet, nil
	}
	return &el.xTweet, nil
}

// xStatusURL matches a link to a post on X, capturing its id.
var xStatusURL = regexp.MustCompile(`^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?:[A-Za-z0-9_]+|i/web)/status(?:es)?/([0-9]{1,19})(?:[/?#].*)?$`)

// xRecord converts an archived tweet of handle into a record.
func xRecord(t *xTweet, handle string) (*record, error) {
	id, err := xID(t)
	if err != nil {
		return nil, err
	}
	full := t.FullText
	if full == "" {
		full = t.Text
	}
	r := &record{quoteCut: -1}
	r.post.ID = id
	if len(t.RetweetedStatus) > 0 && string(t.RetweetedStatus) != "null" || strings.HasPrefix(full, "RT @") {
		r.skip = "retweet"
		return r, nil
	}
	created, err := time.Parse(xCreatedAt, t.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("tweet %d: created_at %q is not in X's format", id, t.CreatedAt)
	}
	r.post.CreatedAt = created.UTC()
	r.post.Lang = xLang(t.Lang)
	r.post.LikeCount, r.post.RepostCount = int64(t.FavoriteCount), int64(t.RetweetCount)
	r.post.Sensitive = t.Sensitive
	r.post.OriginalURL = "https://x.com/" + handle + "/status/" + strconv.FormatInt(id, 10)
	r.replyTo, _ = strconv.ParseInt(t.InReplyTo, 10, 64)
	media := t.Entities.Media
	if t.ExtendedEntities != nil && len(t.ExtendedEntities.Media) > 0 {
		media = t.ExtendedEntities.Media
	}
	xText(r, full, &t.Entities, media)
	r.media = xMediaRefs(id, media)
	return r, nil
}

func xID(t *xTweet) (int64, error) {
	if t.IDStr == "" {
		if t.ID > 0 {
			return int64(t.ID), nil
		}
		return 0, fmt.Errorf("tweet without id_str")
	}
	id, err := strconv.ParseInt(t.IDStr, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("tweet id_str %q is not a positive 64-bit number", t.IDStr)
	}
	return id, nil
}

// xLang drops X's pseudo-languages ("und", "zxx", "qme"…), which are not
// BCP 47 tags a reader's browser understands.
func xLang(l string) string {
	if l == "und" || l == "zxx" || (len(l) == 3 && l[0] == 'q') {
		return ""
	}
	return l
}

// xMediaRefs names the archive files of a tweet's media. The archive keeps
// photos as data/tweets_media/<tweet id>-<file name of media_url_https>; for
// videos and GIFs that name is the poster image, which some archives hold.
func xMediaRefs(id int64, media []xMedia) []mediaRef {
	var refs []mediaRef
	for _, m := range media {
		u := m.MediaURLHTTPS
		if u == "" {
			u = m.MediaURL
		}
		kind := "image"
		if m.Type == "video" || m.Type == "animated_gif" {
			kind = "video"
		}
		name := ""
		if base := path.Base(u); u != "" && base != "." && base != "/" {
			name = "data/tweets_media/" + strconv.FormatInt(id, 10) + "-" + base
		}
		ref := mediaRef{name: name, kind: kind, alt: m.AltText}
		if kind == "video" {
			ref.video = xVideoFile(id, m)
			if m.Type == "animated_gif" {
				ref.kind = storage.MediaGIF
			}
		}
		refs = append(refs, ref)
	}
	return refs
}

// xVideoFile names a video's or GIF's MP4 in the archive: tweets_media
// keeps it as <tweet id>-<file name of the best MP4 variant's URL>; with no
// variants listed, a pattern loadVideo resolves against the archive.
func xVideoFile(id int64, m xMedia) string {
	prefix := "data/tweets_media/" + strconv.FormatInt(id, 10) + "-"
	best, rate := "", int64(-1)
	if m.VideoInfo != nil {
		for _, v := range m.VideoInfo.Variants {
			if v.ContentType == "video/mp4" && int64(v.Bitrate) > rate {
				best, rate = v.URL, int64(v.Bitrate)
			}
		}
	}
	if u, err := url.Parse(best); best != "" && err == nil && path.Base(u.Path) != "." {
		return prefix + path.Base(u.Path)
	}
	return prefix + "*.mp4"
}
