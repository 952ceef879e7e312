package server

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzIngestJSON sends arbitrary bodies to the post and user create routes
// through app.Test on a real SQLite store: the server never answers 5xx,
// every answer is JSON, and a created post is readable and embeddable.
func FuzzIngestJSON(f *testing.F) {
	for _, s := range []string{
		`{"author":"ada","text":"hello #go @bob https://e.com"}`,
		`{"author":"ada","text":"\ud800<script>x</script>\u0000","lang":"ar","sensitive":true,"summary":"cw"}`,
		`{"author":"ada","text":"q","quote_of":"1","reply_to":"99999999999999999999"}`,
		`{"handle":"ze_Ro","name":"\u202e","bio":"<b>","url":"javascript:alert(1)","location":"x"}`,
		`{"author":"ada","text":"x","media_ids":["1","1","1","1","1"],"created_at":"9999-99-99"}`,
		`{"author":"ada","text":"x","like_count":-1,"original_url":"https://x.com/a/status/1"}`,
		`[1,2,3]`, `{"text":` + strings.Repeat("[", 1000), `{"author":"ada","author":"bob","text":"dup"}`,
		`{"author":"ada","text":"x"} trailing`, `null`, `"str"`, `{"handle":"` + strings.Repeat("a", 40) + `"}`,
	} {
		f.Add(s)
	}
	fx := newFixture(f, Config{RateLimit: 1e6, RateBurst: 1e6})
	fx.mustCreate(f, "/api/v1/users", `{"handle":"ada","name":"Ada"}`)
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{"/api/v1/posts", "/api/v1/users"} {
			r := fx.writeJSON(t, "POST", path, body)
			if r.status >= 500 {
				t.Fatalf("POST %s %q: status %d %s", path, body, r.status, r.body)
			}
			if !json.Valid([]byte(r.body)) {
				t.Fatalf("POST %s %q: answer is not JSON: %q", path, body, r.body)
			}
			if r.status != 201 || path != "/api/v1/posts" {
				continue
			}
			var out struct {
				Data struct {
					ID string `json:"id"`
				} `json:"data"`
			}
			json.Unmarshal([]byte(r.body), &out)
			if got := fx.do(t, "GET", "/api/v1/posts/"+out.Data.ID, nil, nil); got.status != 200 {
				t.Fatalf("created post %s from %q: read back %d", out.Data.ID, body, got.status)
			}
			if got := fx.do(t, "GET", "/embed/post/"+out.Data.ID, nil, nil); got.status != 200 || strings.Contains(got.body, "<script>x") {
				t.Fatalf("created post %s from %q: card %d", out.Data.ID, body, got.status)
			}
		}
	})
}
