package server

import (
	"strings"
	"testing"
)

// TestTombstoneStatusInsideFrames: a tombstone document answers 200 when a
// browser loads it into a frame (no "Failed to load resource" in the
// publisher's console; the document says noindex) and keeps its 404 or 403
// everywhere else (crawlers, curl, CDNs' checks), with Vary so a shared
// cache keeps the two apart. A visible card is unchanged.
func TestTombstoneStatusInsideFrames(t *testing.T) {
	f := newFixture(t, Config{})
	post, _, _ := seedThread(t, f)
	f.mustCreate(t, "/api/v1/users", `{"handle":"carol","name":"Carol","protected":true}`)
	hidden := f.mustCreate(t, "/api/v1/posts", `{"author":"carol","text":"private"}`)
	framed := map[string]string{"Sec-Fetch-Dest": "iframe"}
	for _, tc := range []struct {
		path          string
		header        map[string]string
		status        int
		vary, noindex bool
	}{
		{"/embed/post/999999", framed, 200, true, true},
		{"/embed/post/999999", nil, 404, true, true},
		{"/embed/post/" + hidden, framed, 200, true, true},
		{"/embed/post/" + hidden, nil, 403, true, true},
		{"/embed/timeline/nobody", framed, 200, true, true},
		{"/embed/timeline/nobody", map[string]string{"Sec-Fetch-Dest": "document"}, 404, true, true},
		{"/embed/post/" + post, framed, 200, false, true},
		{"/oembed?url=http://roost.test/alice/status/999999", framed, 404, false, false},
	} {
		r := f.do(t, "GET", tc.path, tc.header, nil)
		if r.status != tc.status {
			t.Errorf("%s %v: status %d, want %d", tc.path, tc.header, r.status, tc.status)
		}
		if vary := r.header.Get("Vary") == "Accept-Encoding, Sec-Fetch-Dest"; vary != tc.vary {
			t.Errorf("%s: Vary %q", tc.path, r.header.Get("Vary"))
		}
		if tc.noindex && !strings.Contains(r.body, "noindex") {
			t.Errorf("%s: no noindex in the document", tc.path)
		}
	}
}
