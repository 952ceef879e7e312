package server

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// postOver sends one create-post call to a real listener.
func postOver(client *http.Client, base, token, body string) (int, error) {
	req, err := http.NewRequest("POST", base+"/api/v1/posts", strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

func TestConcurrentWriters(t *testing.T) {
	const writers, perWriter = 50, 4
	f := newFixture(t, Config{RateLimit: 1e6, RateBurst: 1e6})
	base := f.listen(t)
	f.mustCreate(t, "/api/v1/users", `{"handle":"busy"}`)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: writers}}
	var wg sync.WaitGroup
	statuses := make(chan int, writers*perWriter)
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				code, err := postOver(client, base, f.write, fmt.Sprintf(`{"author":"busy","text":"post %d-%d"}`, w, i))
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
				}
				statuses <- code
			}
		})
	}
	wg.Wait()
	close(statuses)
	for code := range statuses {
		if code != 201 {
			t.Errorf("status %d, want 201", code)
		}
	}
	if n := f.countPosts(t, "busy"); n != 100 { // the page limit; count the rest below
		t.Errorf("first page has %d posts, want 100", n)
	}
	u, err := f.st.UserByHandle(t.Context(), "busy")
	if err != nil {
		t.Fatal(err)
	}
	posts, err := f.st.UserTimeline(t.Context(), u.ID, storage.TimelineQuery{Limit: 200, IncludeReplies: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != writers*perWriter {
		t.Errorf("stored posts = %d, want %d", len(posts), writers*perWriter)
	}
}

func BenchmarkCreatePostHTTP(b *testing.B) {
	f := newFixture(b, Config{RateLimit: 1e9, RateBurst: 1e9})
	base := f.listen(b)
	f.mustCreate(b, "/api/v1/users", `{"handle":"bench"}`)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			code, err := postOver(client, base, f.write, `{"author":"bench","text":"benchmark post #bench"}`)
			if err != nil || code != 201 {
				b.Errorf("status %d, err %v", code, err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
}
