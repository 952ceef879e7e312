package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// errStoreDown is what downStore answers while it is down.
var errStoreDown = errors.New("store down (test)")

// downStore is the real store with a switch that makes every read the
// widget path and /readyz use fail at once, as a lost database would.
type downStore struct {
	storage.Store
	down atomic.Bool
}

func (s *downStore) Ping(ctx context.Context) error {
	if s.down.Load() {
		return errStoreDown
	}
	return s.Store.Ping(ctx)
}

func (s *downStore) PostByID(ctx context.Context, id int64) (*storage.Post, error) {
	if s.down.Load() {
		return nil, errStoreDown
	}
	return s.Store.PostByID(ctx, id)
}

func (s *downStore) UserByHandle(ctx context.Context, h string) (*storage.User, error) {
	if s.down.Load() {
		return nil, errStoreDown
	}
	return s.Store.UserByHandle(ctx, h)
}

// TestFaultStoreDownUnderLoad takes the store down while clients hammer a
// cached card and an uncached one: the cached card keeps answering 200,
// the miss answers 503 fast, /readyz fails; once the store is back, all is
// normal within 5 s without a restart.
func TestFaultStoreDownUnderLoad(t *testing.T) {
	var st *downStore
	f := newFixture(t, Config{}, fixtureOptions{wrap: func(s storage.Store) storage.Store {
		st = &downStore{Store: s}
		return st
	}})
	f.mustCreate(t, "/api/v1/users", `{"handle":"ada","name":"Ada"}`)
	cached := f.mustCreate(t, "/api/v1/posts", `{"author":"ada","text":"warm"}`)
	cold := f.mustCreate(t, "/api/v1/posts", `{"author":"ada","text":"cold"}`)
	base := f.listen(t)
	get := func(path string) (int, time.Duration) {
		start := time.Now()
		resp, err := http.Get(base + path)
		if err != nil {
			return 0, time.Since(start)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, time.Since(start)
	}
	if code, _ := get("/embed/post/" + cached); code != 200 {
		t.Fatalf("warming the cache: %d", code)
	}
	st.down.Store(true)
	var (
		wg                            sync.WaitGroup
		hits, hitFails, miss503, slow atomic.Int64
		stop                          = time.Now().Add(2 * time.Second)
	)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				if code, _ := get("/embed/post/" + cached); code == 200 {
					hits.Add(1)
				} else {
					hitFails.Add(1)
				}
				code, d := get("/embed/post/" + cold)
				if code == 503 {
					miss503.Add(1)
				}
				if d > time.Second {
					slow.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if code, _ := get("/readyz"); code != 503 {
		t.Errorf("/readyz with the store down: %d, want 503", code)
	}
	if hitFails.Load() != 0 || hits.Load() == 0 {
		t.Errorf("cached card with the store down: %d answers, %d failures", hits.Load(), hitFails.Load())
	}
	if miss503.Load() == 0 || slow.Load() != 0 {
		t.Errorf("uncached card with the store down: %d 503s, %d answers slower than 1 s", miss503.Load(), slow.Load())
	}
	st.down.Store(false)
	recovered := time.Now()
	for {
		a, _ := get("/embed/post/" + cold)
		b, _ := get("/readyz")
		if a == 200 && b == 200 {
			break
		}
		if time.Since(recovered) > 5*time.Second {
			t.Fatalf("5 s after the store came back: card %d, /readyz %d", a, b)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("store down 2 s under 8 clients: %d cached answers, 0 failed; %d fast 503s on misses; recovered in %v",
		hits.Load(), miss503.Load(), time.Since(recovered).Round(time.Millisecond))
}

// TestOutageLogIsSampledWithCause: during an outage every miss answers 503,
// but the log gets at most one line a second, naming the store's error and
// how many 503s it stands for.
func TestOutageLogIsSampledWithCause(t *testing.T) {
	var st *downStore
	f := newFixture(t, Config{}, fixtureOptions{wrap: func(s storage.Store) storage.Store {
		st = &downStore{Store: s}
		return st
	}})
	var buf lockedBuffer
	f.srv.log = slog.New(slog.NewJSONHandler(&buf, nil))
	f.mustCreate(t, "/api/v1/users", `{"handle":"ada","name":"Ada"}`)
	var ids []string
	for i := range 21 {
		ids = append(ids, f.mustCreate(t, "/api/v1/posts", fmt.Sprintf(`{"author":"ada","text":"cold %d"}`, i)))
	}
	st.down.Store(true)
	for _, id := range ids[:20] {
		if r := f.do(t, "GET", "/embed/post/"+id, nil, nil); r.status != 503 {
			t.Fatalf("cold card while down: %d", r.status)
		}
	}
	time.Sleep(1100 * time.Millisecond)
	if r := f.do(t, "GET", "/embed/post/"+ids[20], nil, nil); r.status != 503 {
		t.Fatalf("cold card while down: %d", r.status)
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] == "store unavailable" {
			lines = append(lines, m)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("%d 'store unavailable' lines for 21 503s over ~1 s, want 2:\n%s", len(lines), buf.String())
	}
	if !strings.Contains(fmt.Sprint(lines[0]["cause"]), errStoreDown.Error()) || lines[0]["level"] != "WARN" {
		t.Errorf("first line lacks the cause or is not a warning: %v", lines[0])
	}
	if got := lines[1]["not_logged_since"]; got != float64(19) {
		t.Errorf("second line: not_logged_since %v, want 19", got)
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent log writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
