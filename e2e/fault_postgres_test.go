package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Shape of the outage: how many clients, for how long, and the bounds the
// issue sets (generous ones: the client side may run under -race).
const (
	outageClients  = 6
	outageLoadFor  = 3500 * time.Millisecond
	coldBound      = 3 * time.Second // a miss must fail fast, never hang
	recoveryBound  = 5 * time.Second // everything normal again after this
	listenSettle   = 5 * time.Second // the LISTEN connection drops, or appears at start
	outageWarm     = 4
	outageCold     = 60
	outageClientTO = 15 * time.Second // a hang shows as a transport error
)

// listenBackoffCap is follow.maxBackoff: the LISTEN connection retries at
// most this long apart, so after the database is back it may take up to
// that long (plus a connect) to listen again. Freshness does not wait for
// it: the follower polls the log every 150 ms while not listening.
const listenBackoffCap = 5 * time.Second

// TestFaultPostgresOutageUnderLoad takes the instance's PostgreSQL
// database away for real (new connections refused, every backend
// terminated, the LISTEN connection included) while clients hammer warm
// and cold cards: warm cards keep answering 200, cold ones a quick 503,
// /readyz 503. Once connections are allowed again the same process is
// ready within 5 s, renders cold cards and accepts writes, and listens
// for changes again.
func TestFaultPostgresOutageUnderLoad(t *testing.T) {
	started := time.Now()
	db := freshPostgresDB(t)
	pg := newOutageDB(t, db)
	token := strings.TrimSpace(roostCLI(t, &instance{DB: db}, "token", "create", "--name", "e2e", "--scope", "admin"))
	nd := startCluster(t, 1, func(int) string { return db })[0]
	in := &instance{URL: nd.url(), DB: db, Token: token}
	warm, cold := seedOutagePosts(t, in)
	for _, id := range warm {
		if st, _, _ := in.get(t, "/embed/post/"+id); st != 200 {
			t.Fatalf("warming card %s: status %d", id, st)
		}
	}
	waitFor(t, "a LISTEN connection before the outage", listenSettle, func() bool {
		return pg.listeners(t) == 1 && metric(in.URL, "roost_follow_listening") == "1"
	})

	killed := pg.down(t)
	waitFor(t, "every backend of the database to go", listenSettle, func() bool { return pg.backends(t) == 0 })
	waitFor(t, "the instance to notice the LISTEN connection dropped", listenSettle, func() bool {
		return metric(in.URL, "roost_follow_listening") == "0"
	})
	load := runOutageLoad(in.URL, warm, cold)
	load.check(t)

	pg.up(t)
	restored := time.Now()
	recovery := checkRecovery(t, in, cold[0], warm[0])
	waitFor(t, "the LISTEN connection after recovery", listenBackoffCap+2*time.Second, func() bool {
		return pg.listeners(t) == 1 && metric(in.URL, "roost_follow_listening") == "1"
	})
	listenBack := time.Since(restored)
	if gaps := metric(in.URL, "roost_follow_gaps_total"); gaps == "" || gaps == "0" {
		// The follower could not read the log for longer than its
		// threshold, so this process must have flushed its cache once.
		t.Errorf("roost_follow_gaps_total after the outage: %q, want ≥ 1 (same process, cache flushed)", gaps)
	}
	t.Logf("terminated %d backends; outage %v under %d clients: %s", killed, outageLoadFor, outageClients, load)
	t.Logf("after restore: ready, cold card and write+card in %v; listening again after %v; stale served %s; test took %v",
		recovery.Round(time.Millisecond), listenBack.Round(time.Millisecond),
		metric(in.URL, "roost_cache_stale_served_total"), time.Since(started).Round(time.Millisecond))
}

// outageDB switches connections to one test database off and on through
// the admin connection of ROOST_TEST_POSTGRES (another database, so the
// switch does not lock the admin out).
type outageDB struct {
	admin, name string
}

func newOutageDB(t *testing.T, dsn string) *outageDB {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	o := &outageDB{admin: os.Getenv("ROOST_TEST_POSTGRES"), name: strings.TrimPrefix(u.Path, "/")}
	// Runs before freshPostgresDB's drop (cleanups run last-first), so the
	// database is never left refusing connections, even on a failure.
	t.Cleanup(func() { pgAdmin(t, o.admin, "ALTER DATABASE "+o.name+" ALLOW_CONNECTIONS true") })
	return o
}

// down refuses new connections and terminates every backend of the
// database; it returns how many were terminated.
func (o *outageDB) down(t *testing.T) int {
	t.Helper()
	pgAdmin(t, o.admin, "ALTER DATABASE "+o.name+" ALLOW_CONNECTIONS false")
	var n int
	pgAdmin(t, o.admin, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = '`+o.name+`' AND pid <> pg_backend_pid()`, &n)
	return n
}

// up allows connections again.
func (o *outageDB) up(t *testing.T) {
	t.Helper()
	pgAdmin(t, o.admin, "ALTER DATABASE "+o.name+" ALLOW_CONNECTIONS true")
}

// backends counts the connections to the database.
func (o *outageDB) backends(t *testing.T) int {
	var n int
	pgAdmin(t, o.admin, "SELECT count(*)::int FROM pg_stat_activity WHERE datname = '"+o.name+"'", &n)
	return n
}

// listeners counts the follower's LISTEN connections to the database.
func (o *outageDB) listeners(t *testing.T) int {
	var n int
	pgAdmin(t, o.admin, `SELECT count(*)::int FROM pg_stat_activity WHERE datname = '`+o.name+`'
		AND application_name = 'roost-listen' AND query LIKE 'LISTEN%'`, &n)
	return n
}

// seedOutagePosts creates one author with a few posts to warm and many
// that nobody fetches before the outage.
func seedOutagePosts(t *testing.T, in *instance) (warm, cold []string) {
	t.Helper()
	if st := in.api(t, "POST", "/api/v1/users", map[string]any{"handle": "outage", "name": "Outage"}, nil); st != 201 {
		t.Fatalf("create user: status %d", st)
	}
	ids := make([]string, outageWarm+outageCold)
	for i := range ids {
		var p struct{ ID string }
		if st := in.api(t, "POST", "/api/v1/posts", map[string]any{"author": "outage", "text": fmt.Sprintf("post %d", i)}, &p); st != 201 {
			t.Fatalf("create post %d: status %d", i, st)
		}
		ids[i] = p.ID
	}
	return ids[:outageWarm], ids[outageWarm:]
}

// outageLoad is what the clients saw while the database was away.
type outageLoad struct {
	total, ok, unavailable, other atomic.Int64 // every request, by status
	warmBad, stale, coldBad       atomic.Int64
	coldSlow, readyOK, readyN     atomic.Int64

	mu       sync.Mutex
	coldTook []time.Duration
	problems []string // the first few unexpected answers
}

// outageClient may wait long: a hung request must show as one, not be cut
// short by a client timeout under the bound being checked.
var outageClient = &http.Client{Timeout: outageClientTO, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * outageClients}}

// runOutageLoad runs the clients (each alternating a warm and a cold card)
// and a /readyz prober for outageLoadFor.
func runOutageLoad(base string, warm, cold []string) *outageLoad {
	l := &outageLoad{}
	stop := time.Now().Add(outageLoadFor)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range outageClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; time.Now().Before(stop); i++ {
				l.warmCard(base + "/embed/post/" + warm[i%len(warm)])
				l.coldCard(base + "/embed/post/" + cold[int(next.Add(1))%len(cold)])
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for time.Now().Before(stop) {
			l.readyz(base + "/readyz")
			time.Sleep(100 * time.Millisecond)
		}
	}()
	wg.Wait()
	return l
}

// do GETs u and counts the answer by status; status 0 is a transport error.
func (l *outageLoad) do(u string) (int, http.Header, time.Duration) {
	start := time.Now()
	resp, err := outageClient.Get(u)
	l.total.Add(1)
	if err != nil {
		l.other.Add(1)
		l.problem("GET %s: %v after %v", u, err, time.Since(start))
		return 0, nil, time.Since(start)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	switch resp.StatusCode {
	case 200:
		l.ok.Add(1)
	case 503:
		l.unavailable.Add(1)
	default:
		l.other.Add(1)
	}
	return resp.StatusCode, resp.Header, took
}

func (l *outageLoad) warmCard(u string) {
	st, h, _ := l.do(u)
	switch {
	case st != 200:
		l.warmBad.Add(1)
		l.problem("warm %s: status %d", u, st)
	case h.Get("X-Roost-Stale") != "":
		l.stale.Add(1)
	}
}

func (l *outageLoad) coldCard(u string) {
	st, h, took := l.do(u)
	l.mu.Lock()
	l.coldTook = append(l.coldTook, took)
	l.mu.Unlock()
	if st != 503 || h.Get("Retry-After") == "" {
		l.coldBad.Add(1)
		l.problem("cold %s: status %d, Retry-After %q", u, st, h.Get("Retry-After"))
	}
	if took > coldBound {
		l.coldSlow.Add(1)
		l.problem("cold %s: answered after %v", u, took)
	}
}

func (l *outageLoad) readyz(u string) {
	l.readyN.Add(1)
	if st, _, _ := l.do(u); st != 503 {
		l.readyOK.Add(1)
		l.problem("/readyz with the database away: status %d, want 503", st)
	}
}

func (l *outageLoad) problem(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.problems) < 10 {
		l.problems = append(l.problems, fmt.Sprintf(format, args...))
	}
}

// coldMedian returns the median and the slowest cold answer.
func (l *outageLoad) coldMedian() (median, slowest time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.coldTook) == 0 {
		return 0, 0
	}
	d := slices.Clone(l.coldTook)
	slices.Sort(d)
	return d[len(d)/2], d[len(d)-1]
}

// check asserts the promises for the time of the outage.
func (l *outageLoad) check(t *testing.T) {
	t.Helper()
	if l.warmBad.Load() != 0 || l.coldBad.Load() != 0 || l.coldSlow.Load() != 0 || l.readyOK.Load() != 0 || l.other.Load() != 0 {
		t.Errorf("during the outage: %s; first problems:\n  %s", l, strings.Join(l.problems, "\n  "))
	}
	if l.ok.Load() == 0 || l.unavailable.Load() == 0 || l.readyN.Load() == 0 {
		t.Errorf("the load did not exercise every path: %s", l)
	}
}

func (l *outageLoad) String() string {
	median, slowest := l.coldMedian()
	return fmt.Sprintf("%d requests: %d × 200 (%d stale), %d × 503, %d other; warm failures %d; "+
		"cold not-503 %d, cold over %v %d, cold median %v max %v; /readyz %d probes, %d not 503",
		l.total.Load(), l.ok.Load(), l.stale.Load(), l.unavailable.Load(), l.other.Load(), l.warmBad.Load(),
		l.coldBad.Load(), coldBound, l.coldSlow.Load(), median.Round(time.Microsecond), slowest.Round(time.Microsecond),
		l.readyN.Load(), l.readyOK.Load())
}

// checkRecovery asserts that within recoveryBound of the database coming
// back, /readyz is 200, a card never rendered before renders, a write
// succeeds and its card shows it, and a warm card still answers. It
// returns how long that took.
func checkRecovery(t *testing.T, in *instance, coldID, warmID string) time.Duration {
	t.Helper()
	back := time.Now()
	var ready, card int
	for {
		ready, _, _ = fetch(in.URL + "/readyz")
		card, _, _ = fetch(in.URL + "/embed/post/" + coldID)
		if ready == 200 && card == 200 {
			break
		}
		if time.Since(back) > recoveryBound {
			t.Fatalf("%v after the database came back: /readyz %d, cold card %d", recoveryBound, ready, card)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var p struct{ ID string }
	if st := in.api(t, "POST", "/api/v1/posts", map[string]any{"author": "outage", "text": "written after the outage"}, &p); st != 201 {
		t.Fatalf("write after recovery: status %d", st)
	}
	if st, body, err := fetch(in.URL + "/embed/post/" + p.ID); st != 200 || !strings.Contains(body, "written after the outage") {
		t.Errorf("card of the post written after recovery: status %d, err %v, text shown %v", st, err,
			strings.Contains(body, "written after the outage"))
	}
	if st, _, err := fetch(in.URL + "/embed/post/" + warmID); st != 200 {
		t.Errorf("warm card after recovery: status %d, err %v", st, err)
	}
	took := time.Since(back)
	if took > recoveryBound {
		t.Errorf("recovery (ready, cold card, write and its card) took %v, want ≤ %v", took, recoveryBound)
	}
	return took
}

// metric returns the value of an unlabelled metric on /metrics, "" when
// it is missing or /metrics fails.
func metric(base, name string) string {
	st, body, err := fetch(base + "/metrics")
	if err != nil || st != 200 {
		return ""
	}
	for line := range strings.Lines(body) {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// waitFor polls cond every 50 ms until it holds, failing the test after
// bound; it returns how long it waited.
func waitFor(t *testing.T, what string, bound time.Duration, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > bound {
			t.Fatalf("waited %v for %s", bound, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Since(start)
}
