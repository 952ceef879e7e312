package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// program is a running `roost serve` started through run.
type program struct {
	base   string      // http://127.0.0.1:PORT
	lines  chan string // stdout, line by line
	cancel context.CancelFunc
	done   chan error
}

// noEnv is a getenv with nothing set.
func noEnv(string) string { return "" }

// startServe runs `roost serve args…` in a goroutine and waits until it
// prints the address it listens on.
func startServe(t *testing.T, args ...string) *program {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	p := &program{lines: make(chan string, 100), cancel: cancel, done: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	var stderr bytes.Buffer
	go func() {
		err := run(ctx, append([]string{"serve"}, args...), noEnv, strings.NewReader(""), pw, &stderr)
		pw.Close()
		p.done <- err
	}()
	t.Cleanup(func() { p.stop(t) })
	select {
	case line := <-p.lines:
		base, ok := strings.CutPrefix(line, "listening on ")
		if !ok {
			t.Fatalf("first stdout line %q, want listening on …", line)
		}
		p.base = base
	case err := <-p.done:
		t.Fatalf("serve ended before listening: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not print its address within 60 s")
	}
	return p
}

// stop cancels the program and checks that it shut down cleanly.
func (p *program) stop(t *testing.T) {
	t.Helper()
	if p.cancel == nil {
		return
	}
	p.cancel()
	p.cancel = nil
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("run returned %v after cancel, want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Error("run did not return within 15 s of cancel")
	}
}

// call sends one request and returns the status and body.
func call(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// createToken runs `roost token create` on db and returns the secret.
func createToken(t *testing.T, db string) string {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), []string{"token", "create", "--name", "t", "--db", db}, noEnv, nil, &out, io.Discard)
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	secret := strings.TrimSpace(out.String())
	if !strings.HasPrefix(secret, "rst_") || strings.Contains(secret, "\n") {
		t.Fatalf("token create printed %q, want one rst_ token", out.String())
	}
	return secret
}

func TestServeIngestReadDelete(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "r.db")
	p := startServe(t, "--addr", "127.0.0.1:0", "--db", db, "--media-dir", filepath.Join(dir, "media"), "--demo=false")
	token := createToken(t, db)

	if code, body := call(t, "POST", p.base+"/api/v1/users", token, `{"handle":"wren","name":"Wren"}`); code != 201 {
		t.Fatalf("create user: %d %s", code, body)
	}
	code, body := call(t, "POST", p.base+"/api/v1/posts", token, `{"author":"wren","text":"first light over the marsh"}`)
	if code != 201 {
		t.Fatalf("create post: %d %s", code, body)
	}
	var created struct{ Data struct{ ID string } }
	if err := json.Unmarshal([]byte(body), &created); err != nil || created.Data.ID == "" {
		t.Fatalf("create post answer %s: %v", body, err)
	}
	card := p.base + "/embed/post/" + created.Data.ID
	if code, body := call(t, "GET", card, "", ""); code != 200 || !strings.Contains(body, "first light over the marsh") {
		t.Fatalf("GET card: %d %s", code, body)
	}
	if code, body := call(t, "DELETE", p.base+"/api/v1/posts/"+created.Data.ID, token, ""); code != 204 {
		t.Fatalf("DELETE: %d %s", code, body)
	}
	if code, _ := call(t, "GET", card, "", ""); code != 404 {
		t.Errorf("GET card after delete: %d, want 404", code)
	}
	p.stop(t)
}

func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	p := startServe(t, "--addr", "127.0.0.1:0", "--db", "sqlite:"+filepath.Join(dir, "r.db"),
		"--media-dir", filepath.Join(dir, "media"), "--public-url", "http://roost.example")
	var cardPath string
	for line := range p.lines {
		if _, url, ok := strings.Cut(line, "post card  "); ok {
			cardPath = strings.TrimPrefix(url, "http://roost.example")
		}
		if strings.Contains(line, "API ") {
			break
		}
	}
	if cardPath == "" {
		t.Fatal("serve --demo printed no post card URL")
	}
	if code, body := call(t, "GET", p.base+cardPath, "", ""); code != 200 {
		t.Errorf("GET demo card %s: %d %s", cardPath, code, body)
	}
}

// TestServeDefaultPublicURLFollowsAddr: with --public-url left at its
// default, the printed URLs and the widgets' absolute URLs use the bound
// port, not :8080.
func TestServeDefaultPublicURLFollowsAddr(t *testing.T) {
	dir := t.TempDir()
	p := startServe(t, "--addr", "127.0.0.1:0", "--db", "sqlite:"+filepath.Join(dir, "r.db"),
		"--media-dir", filepath.Join(dir, "media"))
	want := p.base
	var card string
	for line := range p.lines {
		if _, url, ok := strings.Cut(line, "post card  "); ok {
			card = url
		}
		if _, url, ok := strings.Cut(line, "API        "); ok {
			if url != want+"/api/v1/" {
				t.Errorf("printed API URL %q, want %s/api/v1/", url, want)
			}
			break
		}
	}
	if !strings.HasPrefix(card, want+"/embed/post/") {
		t.Fatalf("printed card URL %q, want it under %s", card, want)
	}
	code, body := call(t, "GET", card, "", "")
	if code != 200 || !strings.Contains(body, want+"/") || strings.Contains(body, "localhost:8080") {
		t.Errorf("GET %s: %d; want absolute URLs under %s and none under :8080", card, code, want)
	}
}

func TestTokenListAndRevoke(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "r.db")
	secret := createToken(t, db)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"token", "list", "--db", db}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), secret) {
		t.Fatal("token list shows the secret")
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], " t ") || !strings.Contains(lines[1], "write") {
		t.Fatalf("token list:\n%s", out.String())
	}
	id := strings.Fields(lines[1])[0]
	out.Reset()
	if err := run(context.Background(), []string{"token", "revoke", id, "--db", db}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	out.Reset()
	run(context.Background(), []string{"token", "list", "--db", db}, noEnv, nil, &out, io.Discard)
	if row := strings.Split(strings.TrimSpace(out.String()), "\n")[1]; strings.HasSuffix(strings.TrimSpace(row), "-") {
		t.Errorf("revoked token shows no revocation time: %q", row)
	}
}

func TestMigrateAndHelp(t *testing.T) {
	var out bytes.Buffer
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	if err := run(context.Background(), []string{"migrate", "--db", db}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"help"}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"token create", "--public-url", "ROOST_PUBLIC_URL"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q", want)
		}
	}
}
