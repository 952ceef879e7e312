package server

import (
	"errors"
	"strings"
	"testing"
)

// TestPurgeAPI checks POST /api/v1/purge: admin only, validated, logged as
// a "purge" change that this instance applies before answering.
func TestPurgeAPI(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice"}`)
	post := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"hello"}`)
	tests := map[string]struct {
		token, body string
		status      int
		want        string // in the body
	}{
		"post and user":  {f.admin, `{"posts":["` + post + `"],"users":["Alice"]}`, 200, `"posts":["` + post + `"]`},
		"all":            {f.admin, `{"all":true}`, 200, `"all":true`},
		"write scope":    {f.write, `{"all":true}`, 403, "forbidden"},
		"no token":       {"", `{"all":true}`, 401, "unauthorized"},
		"nothing named":  {f.admin, `{}`, 422, "name posts, users or all"},
		"unknown handle": {f.admin, `{"users":["nobody"]}`, 404, "not_found"},
		"bad post id":    {f.admin, `{"posts":["x"]}`, 422, "posts"},
		"unknown field":  {f.admin, `{"post":["1"]}`, 422, "unknown field"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			before := f.changeCount()
			h := map[string]string{"Content-Type": "application/json"}
			if tc.token != "" {
				h["Authorization"] = "Bearer " + tc.token
			}
			r := f.do(t, "POST", "/api/v1/purge", h, strings.NewReader(tc.body))
			if r.status != tc.status || !strings.Contains(r.body, tc.want) {
				t.Fatalf("status %d body %s, want %d with %q", r.status, r.body, tc.status, tc.want)
			}
			wantChanges := before
			if tc.status == 200 {
				wantChanges++
			}
			if got := f.changeCount(); got != wantChanges {
				t.Errorf("OnChange saw %d changes, want %d", got, wantChanges)
			}
		})
	}
	// The cases run in map order: look for the purge of everything among
	// all the changes rather than expecting it last.
	found := false
	for _, c := range f.changes {
		found = found || c.Kind == "purge" && c.All && c.Seq != 0
	}
	if !found {
		t.Errorf("changes %+v hold no logged purge of everything", f.changes)
	}
}

// TestPurgeDropsCachedCard checks that a purge makes the next request for
// a cached card render again.
func TestPurgeDropsCachedCard(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"bob"}`)
	post := f.mustCreate(t, "/api/v1/posts", `{"author":"bob","text":"cached"}`)
	f.do(t, "GET", "/embed/post/"+post, nil, nil)
	f.srv.cache.Wait()
	fills := f.srv.cache.Stats().Fills
	f.do(t, "POST", "/api/v1/purge", map[string]string{"Authorization": "Bearer " + f.admin,
		"Content-Type": "application/json"}, strings.NewReader(`{"posts":["`+post+`"]}`))
	f.do(t, "GET", "/embed/post/"+post, nil, nil)
	if got := f.srv.cache.Stats().Fills; got != fills+1 {
		t.Errorf("fills %d → %d after a purge, want one new render", fills, got)
	}
}

// TestReadyzReportsFreshness checks that a follower behind the log makes
// /readyz answer 503 with the reason.
func TestReadyzReportsFreshness(t *testing.T) {
	f := newFixture(t, Config{})
	var behind error
	f.srv.CheckFreshness(func() error { return behind })
	if r := f.do(t, "GET", "/readyz", nil, nil); r.status != 200 {
		t.Fatalf("readyz %d %s, want 200 while current", r.status, r.body)
	}
	behind = errors.New("change log behind by 3s")
	if r := f.do(t, "GET", "/readyz", nil, nil); r.status != 503 || !strings.Contains(r.body, "catching up: change log behind") {
		t.Errorf("readyz %d %q, want 503 catching up", r.status, r.body)
	}
}
