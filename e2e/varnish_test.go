package e2e

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestVarnishPurgedOnDelete runs Debian's varnishd with deploy/varnish.vcl
// in front of one Roost whose --purge-url points at it: a card cached by
// Varnish must be gone from Varnish right after the post is deleted, long
// before the edge TTL.
func TestVarnishPurgedOnDelete(t *testing.T) {
	varnishd, err := exec.LookPath("varnishd")
	if err != nil {
		t.Skip("varnishd is not installed (Debian package varnish); skipping the Varnish test")
	}
	vAddr := freeAddr(t)
	in := startRoost(t, "--purge-url", "http://"+vAddr+"/", "--edge-ttl", "300s")
	startVarnish(t, varnishd, vAddr, strings.TrimPrefix(in.URL, "http://"))
	edge := "http://" + vAddr

	if st := in.api(t, "POST", "/api/v1/users", map[string]any{"handle": "vera"}, nil); st != 201 {
		t.Fatalf("create user: %d", st)
	}
	var post struct{ ID string }
	if st := in.api(t, "POST", "/api/v1/posts", map[string]any{"author": "vera", "text": "cached at the edge"}, &post); st != 201 {
		t.Fatalf("create post: %d", st)
	}
	card := edge + "/embed/post/" + post.ID
	if h := edgeGet(t, card, 200); h.Get("X-Cache") != "MISS" {
		t.Fatalf("first request X-Cache %q, want MISS", h.Get("X-Cache"))
	}
	h := edgeGet(t, card, 200)
	if h.Get("X-Cache") != "HIT" || len(strings.Fields(h.Get("X-Varnish"))) != 2 {
		t.Fatalf("second request X-Cache %q X-Varnish %q, want a Varnish hit", h.Get("X-Cache"), h.Get("X-Varnish"))
	}
	if h.Get("Surrogate-Key") != "" {
		t.Errorf("Varnish leaks Surrogate-Key %q to visitors", h.Get("Surrogate-Key"))
	}
	if st := in.api(t, "DELETE", "/api/v1/posts/"+post.ID, nil, nil); st >= 300 {
		t.Fatalf("delete: %d", st)
	}
	// The purge is sent asynchronously; it must land within a second.
	deadline := time.Now().Add(time.Second)
	for {
		resp, err := http.Get(card)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == 404 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Varnish still serves the deleted post (status %d, X-Cache %s) a second after the delete",
				resp.StatusCode, resp.Header.Get("X-Cache"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A purge from elsewhere than the purgers ACL is refused; a malformed key too.
	req, _ := http.NewRequest("PURGE", edge+"/", nil)
	req.Header.Set("Surrogate-Key", "p1|.*")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("PURGE with a regex in Surrogate-Key: status %d, want 400", resp.StatusCode)
	}
}

// edgeGet fetches through Varnish, wants status, returns the headers.
func edgeGet(t *testing.T, u string, want int) http.Header {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d", u, resp.StatusCode, want)
	}
	return resp.Header
}

// startVarnish runs varnishd in the foreground on addr with the shipped
// VCL and a backends file pointing at backend; it stops with the test.
func startVarnish(t *testing.T, varnishd, addr, backend string) {
	t.Helper()
	_, self, _, _ := runtime.Caller(0)
	deploy := filepath.Join(filepath.Dir(self), "..", "deploy")
	// varnishd drops root privileges: its workers must be able to reach
	// this directory, so it cannot live under t.TempDir's private parent.
	dir, err := os.MkdirTemp("", "roost-varnish-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	host, port, _ := strings.Cut(backend, ":")
	backends := "backend roost1 { .host = \"" + host + "\"; .port = \"" + port + "\"; }\n" +
		"sub roost_backend { set req.backend_hint = roost1; }\n"
	if err := os.WriteFile(filepath.Join(dir, "roost-backends.vcl"), []byte(backends), 0o644); err != nil {
		t.Fatal(err)
	}
	// The shipped VCL, next to our backends file (an include resolves
	// against the including file's directory first).
	vcl, err := os.ReadFile(filepath.Join(deploy, "varnish.vcl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "varnish.vcl"), vcl, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, varnishd, "-F", "-a", addr, "-f", filepath.Join(dir, "varnish.vcl"),
		"-p", "vcl_path="+dir, "-n", filepath.Join(dir, "varnish"), "-s", "malloc,32m",
		"-p", "ban_lurker_sleep=0.01")
	out, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = cmd.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logs := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case logs <- sc.Text():
			default:
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})
	for deadline := time.Now().Add(15 * time.Second); ; {
		resp, err := http.Get("http://" + addr + "/livez")
		if err == nil {
			resp.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			var lines []string
			for len(logs) > 0 {
				lines = append(lines, <-logs)
			}
			t.Fatalf("varnishd did not start on %s: %v\n%s", addr, err, strings.Join(lines, "\n"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
