package server

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"testing"
)

// embedIDs are the ids the oEmbed and page tests refer to.
type embedIDs struct {
	image, plain, quote, reply   string // alice's posts: with an image, text only, quoting image, replying to plain
	priv, gone, xpost, mastodon  string
	idn, listID, hostile, cwPost string
}

// X and Mastodon ids of the imported posts: original ids are kept.
const (
	xPostID    = "1234567890123456789"
	mastoID    = "110000000000000001"
	idnPostID  = "110000000000000002"
	mastoHost  = "mastodon.example"
	hostileTxt = `<script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1)`
)

// seedEmbeds creates, through the ingestion API, the accounts and posts
// that every oEmbed url form and page state needs.
func seedEmbeds(t *testing.T, f *fixture) embedIDs {
	t.Helper()
	media := uploadImage(t, f)
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice","name":"Alice Example","bio":"Writes about birds.","location":"Lisbon","url":"https://alice.example/","followers_count":1234}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"hidden","name":"Hidden","protected":true}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"banned","name":"Banned","suspended":true}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"xuser","name":"X User","platform":"x","profile_url":"https://x.com/XUser"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"masto","name":"Masto User","platform":"mastodon","profile_url":"https://mastodon.example/@masto"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"anna","name":"Anna","platform":"mastodon","profile_url":"https://bücher.example/@anna"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"mallory","name":`+jsonString(hostileTxt)+`,"bio":`+jsonString(hostileTxt)+`,"url":"https://mallory.example/?q=\"><script>alert(1)</script>","location":`+jsonString(hostileTxt)+`}`)
	var s embedIDs
	s.image = f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"Look at this bird @masto #Roost https://birds.example/a?b=1","lang":"en","media_ids":["`+media+`"],"reply_count":2}`)
	s.plain = f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"Just text.\nTwo lines.","lang":"en"}`)
	s.quote = f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"Quoting myself","quote_of":"`+s.image+`"}`)
	s.reply = f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"A reply","reply_to":"`+s.plain+`"}`)
	s.cwPost = f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"spoiler text","summary":"Film spoilers","media_ids":["`+media+`"]}`)
	s.priv = f.mustCreate(t, "/api/v1/posts", `{"author":"hidden","text":"private words"}`)
	s.gone = f.mustCreate(t, "/api/v1/posts", `{"author":"banned","text":"banned words"}`)
	s.xpost = f.mustCreate(t, "/api/v1/posts", `{"id":"`+xPostID+`","author":"xuser","text":"from X","original_url":"https://x.com/XUser/status/`+xPostID+`"}`)
	s.mastodon = f.mustCreate(t, "/api/v1/posts", `{"id":"`+mastoID+`","author":"masto","text":"from Mastodon","original_url":"https://mastodon.example/@masto/`+mastoID+`"}`)
	s.idn = f.mustCreate(t, "/api/v1/posts", `{"id":"`+idnPostID+`","author":"anna","text":"from an IDN instance"}`)
	s.hostile = f.mustCreate(t, "/api/v1/posts", `{"author":"mallory","text":`+jsonString(hostileTxt+" #café")+`}`)
	s.listID = f.mustCreate(t, "/api/v1/lists", `{"owner":"alice","name":"Birders","members":["alice","masto"]}`)
	return s
}

// uploadImage uploads a small PNG and returns its media id.
func uploadImage(t *testing.T, f *fixture) string {
	t.Helper()
	ct, body := multipartBody(t, pngBytes(t), map[string]string{"alt": "A small bird"})
	r := f.do(t, "POST", "/api/v1/media", map[string]string{"Authorization": "Bearer " + f.write, "Content-Type": ct}, body)
	if r.status != 201 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	var out struct{ Data mediaJSON }
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(int64(out.Data.ID), 10)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// forbidOutbound makes any outbound HTTP request or DNS lookup by the
// process fail the test: the server must only look URLs up, never fetch
// or resolve them.
func forbidOutbound(t *testing.T) {
	t.Helper()
	transport, resolver := http.DefaultTransport, net.DefaultResolver
	http.DefaultTransport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		t.Errorf("outbound HTTP request to %s", r.URL)
		return nil, errors.New("outbound requests are forbidden in this test")
	})
	net.DefaultResolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
		t.Errorf("outbound DNS dial to %s %s", network, addr)
		return nil, errors.New("outbound dialing is forbidden in this test")
	}}
	t.Cleanup(func() { http.DefaultTransport, net.DefaultResolver = transport, resolver })
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
