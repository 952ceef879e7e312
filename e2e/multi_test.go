package e2e

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// node is one `roost serve` process of a multi-instance test, on a fixed
// loopback address so that it can be restarted where it was.
type node struct {
	name, addr, db, media string

	mu      sync.Mutex
	upSince time.Time
	stop    func()
	stderr  *lockedBuffer
}

// url returns the node's base URL.
func (n *node) url() string { return "http://" + n.addr }

// since returns when the node last started listening.
func (n *node) since() time.Time {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.upSince
}

// start runs the process and waits until it listens.
func (n *node) start(t *testing.T) {
	t.Helper()
	args := []string{"serve", "--addr", n.addr, "--public-url", n.url(), "--db", n.db,
		"--media-dir", n.media, "--demo=false", "--log-format", "json"}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, roostBin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan struct{}, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if listeningLine.MatchString(sc.Text()) {
				found <- struct{}{}
			}
		}
	}()
	select {
	case <-found:
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatalf("%s did not start; stderr:\n%s", n.name, stderr.String())
	}
	var once sync.Once
	n.mu.Lock()
	n.upSince, n.stderr = time.Now(), stderr
	n.stop = func() { once.Do(func() { cancel(); _ = cmd.Wait() }) }
	n.mu.Unlock()
}

// halt stops the process (SIGINT, graceful) and waits for it.
func (n *node) halt() {
	n.mu.Lock()
	stop := n.stop
	n.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// startCluster starts n instances on one store (db: a --db value; dbFor may
// give each instance its own spelling of it) sharing one media directory.
// They stop with the test.
func startCluster(t *testing.T, count int, dbFor func(i int) string) []*node {
	t.Helper()
	media := filepath.Join(t.TempDir(), "media")
	nodes := make([]*node, count)
	for i := range nodes {
		nodes[i] = &node{name: fmt.Sprintf("roost-%d", i+1), addr: freeAddr(t), db: dbFor(i), media: media}
		nodes[i].start(t)
		nd := nodes[i]
		t.Cleanup(func() {
			nd.halt()
			if t.Failed() {
				t.Logf("%s stderr (tail):\n%s", nd.name, tail(nd.stderr.String(), 3000))
			}
		})
	}
	return nodes
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// freshPostgresDB creates a database for one test on the ROOST_TEST_POSTGRES
// server, drops it when the test ends, and returns its URL. It skips the
// test when the variable is unset.
func freshPostgresDB(t *testing.T) string {
	t.Helper()
	base := os.Getenv("ROOST_TEST_POSTGRES")
	if base == "" {
		t.Skip("ROOST_TEST_POSTGRES is not set; set it to a PostgreSQL URL to run the multi-instance Postgres test")
	}
	var b [5]byte
	rand.Read(b[:])
	name := "roost_e2e_" + hex.EncodeToString(b[:])
	pgAdmin(t, base, "CREATE DATABASE "+name)
	t.Cleanup(func() { pgAdmin(t, base, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("ROOST_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// withParam adds a query parameter to a postgres URL.
func withParam(dsn, key, value string) string {
	u, _ := url.Parse(dsn)
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// pgAdmin runs one statement on its own connection; with out it scans one
// integer into it.
func pgAdmin(t *testing.T, dsn, sql string, out ...*int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to postgres: %v", err)
	}
	defer conn.Close(ctx)
	if len(out) > 0 {
		err = conn.QueryRow(ctx, sql).Scan(out[0])
	} else {
		_, err = conn.Exec(ctx, sql)
	}
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// changeCount is the length of the stream: 1,000 changes, 300 with -short.
func changeCount() int {
	if testing.Short() {
		return 300
	}
	return 1000
}

// TestMultiInstanceSQLite runs two processes on one SQLite file: a stream
// of random changes through the first, pollers on both.
func TestMultiInstanceSQLite(t *testing.T) {
	if raceEnabled {
		t.Skip("timing stream test: runs without -race (scripts/test has a pass for it)")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "roost.db")
	token := strings.TrimSpace(roostCLI(t, &instance{DB: db}, "token", "create", "--name", "e2e", "--scope", "admin"))
	nodes := startCluster(t, 2, func(int) string { return db })
	n := changeCount()
	r := runStream(t, nodes, token, n, map[int]func(){
		n / 2: func() { restart(t, nodes[1]) },
	}, []string{"steady", "instance restarted"})
	r.check(t)
}

// TestMultiInstancePostgres runs three processes on one PostgreSQL
// database. A third of the way in, one instance's LISTEN connection is
// killed (it must catch up from the table); two thirds in, another
// instance is restarted.
func TestMultiInstancePostgres(t *testing.T) {
	if raceEnabled {
		t.Skip("timing stream test: runs without -race (scripts/test has a pass for it)")
	}
	db := freshPostgresDB(t)
	token := strings.TrimSpace(roostCLI(t, &instance{DB: db}, "token", "create", "--name", "e2e", "--scope", "admin"))
	nodes := startCluster(t, 3, func(i int) string { return withParam(db, "application_name", fmt.Sprintf("roost-e2e-%d", i+1)) })
	n := changeCount()
	r := runStream(t, nodes, token, n, map[int]func(){
		n / 3:     func() { killListen(t, db, "roost-e2e-2") },
		2 * n / 3: func() { restart(t, nodes[2]) },
	}, []string{"steady", "LISTEN killed", "instance restarted"})
	r.check(t)
}

// killListen terminates the LISTEN backend of the instance whose
// connections carry app as application_name.
func killListen(t *testing.T, dsn, app string) {
	var killed int
	pgAdmin(t, dsn, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = '`+app+`' AND query LIKE 'LISTEN%'`, &killed)
	if killed != 1 {
		t.Errorf("terminated %d LISTEN backends of %s, want 1", killed, app)
	}
	t.Logf("killed the LISTEN connection of %s", app)
}

// restart stops a node gracefully and starts it again on its address.
func restart(t *testing.T, n *node) {
	n.halt()
	n.start(t)
	t.Logf("restarted %s", n.name)
}

// httpClient is shared by pollers and the writer: keep-alive, bounded.
var httpClient = &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// fetch GETs a URL and returns status and body; err on transport failure.
func fetch(u string) (int, string, error) {
	resp, err := httpClient.Get(u)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}
