package e2e

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// proc is a `roost serve` process the test controls itself (signals,
// kill -9, restart on the same store), unlike startRoost's.
type proc struct {
	*instance
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	exited chan error // receives cmd.Wait's result once
}

// startProc runs `roost serve` on in's store (a fresh one when in is nil)
// and waits until it listens. The process is killed with the test if it
// is still running.
func startProc(t *testing.T, in *instance) *proc {
	t.Helper()
	if in == nil {
		dir := t.TempDir()
		in = &instance{Dir: dir, DB: "sqlite:" + filepath.Join(dir, "roost.db")}
		in.Token = string(bytes.TrimSpace([]byte(roostCLI(t, in, "token", "create", "--name", "e2e", "--scope", "admin"))))
	}
	addr := freeAddr(t)
	p := &proc{instance: &instance{Dir: in.Dir, DB: in.DB, Token: in.Token}, stderr: &bytes.Buffer{}, exited: make(chan error, 1)}
	p.cmd = exec.Command(roostBin, "serve", "--addr", addr, "--public-url", "http://"+addr, "--db", in.DB,
		"--media-dir", filepath.Join(in.Dir, "media"))
	p.cmd.Stderr = p.stderr
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listeningLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		p.exited <- p.cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		if t.Failed() {
			t.Logf("roost stderr:\n%s", p.stderr.String())
		}
	})
	select {
	case p.URL = <-found:
	case <-time.After(30 * time.Second):
		t.Fatalf("roost did not start; stderr:\n%s", p.stderr.String())
	}
	return p
}

// drainCounts are the outcomes of the keep-alive clients.
type drainCounts struct {
	ok, refused, failed atomic.Int64
	mu                  sync.Mutex
	errs                []string
}

func (d *drainCounts) fail(format string, args ...any) {
	d.failed.Add(1)
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.errs) < 10 {
		d.errs = append(d.errs, fmt.Sprintf(format, args...))
	}
}

// TestFaultDrainKeepAlive: 16 keep-alive clients (8 net/http clients and 8
// raw HTTP/1.1 connections that never retry) hammer a cached card; SIGTERM
// is sent; no request that was sent may fail (a reset, an EOF on a reused
// connection, a non-200); only dials refused after the listener closed are
// allowed. The process must exit 0 within the shutdown timeout.
func TestFaultDrainKeepAlive(t *testing.T) {
	p := startProc(t, nil)
	if st := p.api(t, "POST", "/api/v1/users", map[string]any{"handle": "drainer", "name": "Drainer"}, nil); st != 201 {
		t.Fatalf("create user: %d", st)
	}
	var post struct{ ID string }
	if st := p.api(t, "POST", "/api/v1/posts", map[string]any{"author": "drainer", "text": "drain me"}, &post); st != 201 {
		t.Fatalf("create post: %d", st)
	}
	path := "/embed/post/" + post.ID
	if st, _, _ := p.get(t, path); st != 200 {
		t.Fatalf("warm card: %d", st)
	}
	var d drainCounts
	var signalled atomic.Bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func() { defer wg.Done(); drainHTTPClient(p.URL+path, &d, &signalled, stop) }()
		go func() { defer wg.Done(); drainRawClient(p.URL[len("http://"):], path, &d, &signalled, stop) }()
	}
	time.Sleep(1500 * time.Millisecond)
	before := d.ok.Load()
	signalled.Store(true)
	sent := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var exitErr error
	select {
	case exitErr = <-p.exited:
	case <-time.After(15 * time.Second):
		t.Fatal("roost did not exit within 15 s of SIGTERM (shutdown timeout 10 s)")
	}
	took := time.Since(sent)
	time.Sleep(200 * time.Millisecond) // let clients see the refusal
	close(stop)
	wg.Wait()
	t.Logf("drain: %d requests answered (%d before SIGTERM), %d refused dials after close, %d failed; exit after %v",
		d.ok.Load(), before, d.refused.Load(), d.failed.Load(), took.Round(time.Millisecond))
	if exitErr != nil {
		t.Errorf("roost exit: %v", exitErr)
	}
	if d.ok.Load() < 100 {
		t.Errorf("only %d requests answered: the load did not run", d.ok.Load())
	}
	if n := d.failed.Load(); n > 0 {
		t.Errorf("%d requests failed during the drain, e.g. %q", n, d.errs)
	}
}

// drainHTTPClient loops over url with its own keep-alive net/http client
// until a dial is refused after the signal or stop closes.
func drainHTTPClient(url string, d *drainCounts, signalled *atomic.Bool, stop chan struct{}) {
	tr := &http.Transport{MaxIdleConnsPerHost: 1}
	defer tr.CloseIdleConnections()
	cl := &http.Client{Transport: tr, Timeout: 20 * time.Second}
	for {
		select {
		case <-stop:
			return
		default:
		}
		resp, err := cl.Get(url)
		if err != nil {
			if signalled.Load() && errors.Is(err, syscall.ECONNREFUSED) {
				d.refused.Add(1)
				return
			}
			d.fail("net/http: %v", err)
			return
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			d.fail("net/http: status %d, body %v", resp.StatusCode, err)
			return
		}
		d.ok.Add(1)
	}
}

// drainRawClient sends requests one after another on one HTTP/1.1
// connection, reconnecting only when the server said Connection: close.
// It never retries: an EOF on a connection the server did not announce it
// would close is a failed request.
func drainRawClient(addr, path string, d *drainCounts, signalled *atomic.Bool, stop chan struct{}) {
	var conn net.Conn
	var br *bufio.Reader
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	req := []byte("GET " + path + " HTTP/1.1\r\nHost: " + addr + "\r\nAccept-Encoding: gzip\r\n\r\n")
	for n := 0; ; n++ {
		select {
		case <-stop:
			return
		default:
		}
		if conn == nil {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				if signalled.Load() && errors.Is(err, syscall.ECONNREFUSED) {
					d.refused.Add(1)
					return
				}
				d.fail("raw dial: %v", err)
				return
			}
			conn, br = c, bufio.NewReader(c)
		}
		conn.SetDeadline(time.Now().Add(20 * time.Second))
		if _, err := conn.Write(req); err != nil {
			d.fail("raw write on request %d: %v", n, err)
			return
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			d.fail("raw read on request %d: %v", n, err)
			return
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || len(body) == 0 {
			d.fail("raw: status %d, %d bytes, %v", resp.StatusCode, len(body), err)
			return
		}
		d.ok.Add(1)
		if resp.Close {
			conn.Close()
			conn = nil
		}
	}
}
