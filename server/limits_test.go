package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// rawRequest writes req on a new connection to addr and returns the
// status line of the answer ("" when the server closed the connection).
func rawRequest(t *testing.T, addr, req string) string {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		return ""
	}
	line, _ := bufio.NewReader(conn).ReadString('\n')
	return strings.TrimSpace(line)
}

// TestLimitsRequestSizes checks the read buffer (headers beyond 16 KB →
// 431), the JSON body limit (413) and that the largest allowed query
// still gets a normal answer.
func TestLimitsRequestSizes(t *testing.T) {
	f := newFixture(t, Config{})
	post, _ := seedSecurity(t, f)
	addr := strings.TrimPrefix(f.listen(t), "http://")
	tests := map[string]struct {
		req  string
		want string
	}{
		"small headers": {"GET /embed/post/" + post + " HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("a", 8<<10) + "\r\n\r\n", "200"},
		"20 KB header":  {"GET /embed/post/" + post + " HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("a", 20<<10) + "\r\n\r\n", "431"},
		"20 KB query":   {"GET /embed/post/" + post + "?text=" + strings.Repeat("a", 20<<10) + " HTTP/1.1\r\nHost: x\r\n\r\n", "431"},
		"10 KB query":   {"GET /embed/post/" + post + "?text=" + strings.Repeat("a", 10<<10) + " HTTP/1.1\r\nHost: x\r\n\r\n", "200"},
		"many headers":  {"GET /livez HTTP/1.1\r\nHost: x\r\n" + strings.Repeat("X-A: b\r\n", 3000) + "\r\n", "431"},
	}
	for name, tc := range tests {
		if got := rawRequest(t, addr, tc.req); !strings.Contains(got, " "+tc.want+" ") {
			t.Errorf("%s: answer %q, want status %s", name, got, tc.want)
		}
	}
	big := `{"author":"ada","text":"` + strings.Repeat("a", 300<<10) + `"}`
	if r := f.writeJSON(t, "POST", "/api/v1/posts", big); r.status != 413 {
		t.Errorf("a 300 KB JSON body: status %d, want 413", r.status)
	}
	// Only the headers are sent: the declared length alone must be refused.
	if got := rawRequest(t, addr, "POST /api/v1/media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+f.write+
		"\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: "+fmt.Sprint(DefaultBodyLimit+1024)+"\r\n\r\n"); !strings.Contains(got, " 413 ") {
		t.Errorf("a body over the body limit: answer %q, want 413", got)
	}
}

// TestLimitsOptionBounds asks for absurd limits and widths: the answers
// are normal documents within the documented bounds, never errors.
func TestLimitsOptionBounds(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"ada","name":"Ada"}`)
	var last string
	for i := 0; i < 30; i++ {
		last = f.mustCreate(t, "/api/v1/posts", fmt.Sprintf(`{"author":"ada","text":"post %d"}`, i))
	}
	for _, q := range []string{"limit=1000000", "limit=-1", "limit=99999999999999999999", "width=1e9&height=-5", "maxwidth=0&maxheight=99999999"} {
		r := f.do(t, "GET", "/embed/timeline/ada?"+q, nil, nil)
		if r.status != 200 {
			t.Errorf("timeline?%s: status %d", q, r.status)
		}
		if n := strings.Count(r.body, "<article"); n > 20 {
			t.Errorf("timeline?%s: %d posts, more than the maximum 20", q, n)
		}
		r = f.do(t, "GET", "/embed/post/"+last+"?"+q, nil, nil)
		if r.status != 200 {
			t.Errorf("post?%s: status %d", q, r.status)
		}
		r = f.do(t, "GET", "/api/v1/users/ada/posts?"+q, nil, nil)
		if r.status != 200 && r.status != 400 && r.status != 422 {
			t.Errorf("api posts?%s: status %d", q, r.status)
		}
	}
}

// TestLimitsTokenRateLimit: a token past its burst gets 429 with a
// Retry-After, and another token is not affected.
func TestLimitsTokenRateLimit(t *testing.T) {
	f := newFixture(t, Config{RateLimit: 0.5, RateBurst: 3})
	f.mustCreate(t, "/api/v1/users", `{"handle":"ada","name":"Ada"}`)
	var limited response
	for i := 0; i < 5; i++ {
		if r := f.writeJSON(t, "POST", "/api/v1/posts", `{"author":"ada","text":"x"}`); r.status == 429 {
			limited = r
			break
		}
	}
	if limited.status != 429 || limited.header.Get("Retry-After") == "" {
		t.Fatalf("no 429 with Retry-After after the burst: %+v", limited)
	}
	r := f.do(t, "POST", "/api/v1/posts", map[string]string{"Authorization": "Bearer " + f.admin,
		"Content-Type": "application/json"}, strings.NewReader(`{"author":"ada","text":"y"}`))
	if r.status != 201 {
		t.Errorf("another token was limited too: status %d", r.status)
	}
}

// TestLimitsTrustedProxies: X-Forwarded-For is ignored unless the peer is
// in a configured range; then the rightmost untrusted hop is the client.
func TestLimitsTrustedProxies(t *testing.T) {
	tests := map[string]struct {
		trusted []netip.Prefix
		xff     string
		want    string
	}{
		"default ignores XFF":   {nil, "1.2.3.4", "127.0.0.1"},
		"untrusted peer":        {[]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, "1.2.3.4", "127.0.0.1"},
		"trusted peer":          {[]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, "1.2.3.4", "1.2.3.4"},
		"spoofed leftmost":      {[]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, "6.6.6.6, 1.2.3.4", "1.2.3.4"},
		"chain of trusted":      {[]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}, "1.2.3.4, 10.0.0.7", "1.2.3.4"},
		"garbage falls to peer": {[]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, "not-an-ip", "127.0.0.1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, Config{TrustedProxies: tc.trusted})
			f.srv.App().Get("/__test/ip", func(c *fiber.Ctx) error { return c.SendString(f.srv.clientIP(c)) })
			base := f.listen(t)
			req, _ := http.NewRequest("GET", base+"/__test/ip", nil)
			req.Header.Set("X-Forwarded-For", tc.xff)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(b) != tc.want {
				t.Errorf("client IP %q, want %q", b, tc.want)
			}
		})
	}
}

// TestLimitsSlowlorisClosed opens a connection that sends its headers one
// byte a second: the server's ReadTimeout (15 s) closes it, while a normal
// client keeps getting answers throughout.
func TestLimitsSlowlorisClosed(t *testing.T) {
	if testing.Short() {
		t.Skip("takes the 15 s read timeout")
	}
	f := newFixture(t, Config{})
	base := f.listen(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	closed := make(chan time.Duration, 1)
	start := time.Now()
	go func() {
		req := "GET /livez HTTP/1.1\r\nHost: x\r\nX-Slow: " + strings.Repeat("a", 60)
		for i := 0; i < len(req); i++ {
			if _, err := conn.Write([]byte{req[i]}); err != nil {
				closed <- time.Since(start)
				return
			}
			time.Sleep(time.Second)
		}
		closed <- 0
	}()
	go func() { // a read returning means the server closed (it never answers a partial request)
		conn.SetReadDeadline(time.Now().Add(40 * time.Second))
		io.Copy(io.Discard, conn)
		closed <- time.Since(start)
	}()
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	served := 0
	for {
		select {
		case d := <-closed:
			if d == 0 || d > 25*time.Second {
				t.Fatalf("the slow connection lived %v: no read timeout closed it", d)
			}
			if served < 10 {
				t.Errorf("only %d normal requests answered while the slow client was connected", served)
			}
			t.Logf("slow client closed after %v; %d normal requests answered meanwhile", d.Round(time.Second), served)
			return
		case <-tick.C:
			resp, err := http.Get(base + "/livez")
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("a normal client failed while the slow one was connected: %v", err)
			}
			resp.Body.Close()
			served++
		}
	}
}
