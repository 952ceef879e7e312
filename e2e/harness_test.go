// Package e2e runs the real roost binary and drives it over HTTP and
// through Debian's chromium, the way publishers and visitors meet it.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// roostBin is the binary built once by TestMain.
var roostBin string

func TestMain(m *testing.M) {
	if bin := os.Getenv("ROOST_BIN"); bin != "" { // a binary built elsewhere
		roostBin = bin
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "roost-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	roostBin = filepath.Join(dir, "roost")
	build := exec.Command("go", "build", "-o", roostBin, "github.com/roost-embed/roost/cmd/roost")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building roost:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// instance is one running `roost serve` process on a loopback port.
type instance struct {
	URL   string // where it listens, e.g. http://127.0.0.1:41234
	DB    string // the --db value
	Dir   string
	Token string // a write token created through the CLI
	Pid   int    // the serve process, for RSS samples
}

var listeningLine = regexp.MustCompile(`listening on (http://\S+)`)

// startRoost runs `roost serve` on a fresh data dir and waits until it
// listens. Extra flags are appended. The process stops with the test.
func startRoost(t *testing.T, extra ...string) *instance {
	t.Helper()
	dir := t.TempDir()
	in := &instance{Dir: dir, DB: "sqlite:" + filepath.Join(dir, "roost.db")}
	in.Token = roostCLI(t, in, "token", "create", "--name", "e2e", "--scope", "admin")
	addr := freeAddr(t)
	args := append([]string{"serve", "--addr", addr, "--public-url", "http://" + addr, "--db", in.DB,
		"--media-dir", filepath.Join(dir, "media")}, extra...)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, roostBin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in.Pid = cmd.Process.Pid
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("roost stderr:\n%s", stderr.String())
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listeningLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case in.URL = <-found:
	case <-time.After(30 * time.Second):
		t.Fatalf("roost did not start; stderr:\n%s", stderr.String())
	}
	in.Token = strings.TrimSpace(in.Token)
	return in
}

// freeAddr returns a loopback address with a port free right now, so the
// server's --public-url can name the address it will listen on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// roostCLI runs a roost subcommand against the instance's store and
// returns its stdout.
func roostCLI(t *testing.T, in *instance, args ...string) string {
	t.Helper()
	args = append(args, "--db", in.DB)
	out, err := exec.Command(roostBin, args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if ok := asExit(err, &ee); ok {
			t.Fatalf("roost %v: %v: %s", args, err, ee.Stderr)
		}
		t.Fatalf("roost %v: %v", args, err)
	}
	return string(out)
}

func asExit(err error, target **exec.ExitError) bool {
	ee, ok := err.(*exec.ExitError)
	if ok {
		*target = ee
	}
	return ok
}

// api calls the ingestion API with the instance's token and decodes the
// "data" member into out (when out is not nil). It returns the status.
func (in *instance) api(t *testing.T, method, path string, body any, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, in.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+in.Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		env := struct{ Data json.RawMessage }{}
		if err := json.Unmarshal(raw, &env); err != nil {
			t.Fatalf("%s %s: decoding %q: %v", method, path, raw, err)
		}
		if err := json.Unmarshal(env.Data, out); err != nil {
			t.Fatalf("%s %s: decoding data %q: %v", method, path, env.Data, err)
		}
	}
	if resp.StatusCode >= 300 && out != nil {
		t.Logf("%s %s → %d %s", method, path, resp.StatusCode, raw)
	}
	return resp.StatusCode
}

// get fetches a URL of the instance and returns status, headers and body.
func (in *instance) get(t *testing.T, path string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(in.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// lockedBuffer is a bytes.Buffer a process writes while the test reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
