package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// The second yardstick: Debian's nginx serving the cached card's exact
// bytes (identity, and Roost's own gzip and brotli bodies as precompressed
// files) with the headers Roost sends for it, as an operator pre-rendering
// embeds onto a static host would. One process, no master, on the
// servers' core: what "send these bytes" costs on this machine.
const (
	onNginx      = "nginx"
	epNginx      = "nginx static, identity"
	epNginxGzip  = "nginx gzip_static"
	epNginxBr    = "nginx brotli_static"
	epNginx304   = "nginx 304"
	nginxBrotliM = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
)

// nginxPackages are Debian's: the light server has gzip_static; the
// brotli_static module is packaged apart.
var nginxPackages = []string{"nginx-light", "libnginx-mod-http-brotli-static"}

// ensureNginx finds nginx and its brotli_static module, installing
// Debian's packages when running as root (CI containers). Without them
// the run goes on without the nginx rows: nginx is a comparison, not a
// harness part.
func ensureNginx(ctx context.Context, log io.Writer) (string, error) {
	if bin, err := nginxBinary(); err == nil {
		return bin, nil
	}
	if os.Geteuid() != 0 {
		return "", errors.New("nginx or its brotli_static module not found: apt-get install " + strings.Join(nginxPackages, " "))
	}
	fmt.Fprintln(log, "bench: nginx not found, installing Debian's packages")
	defer noServiceStarts()()
	for _, args := range [][]string{{"update", "-qq"}, append([]string{"install", "-y", "-qq", "--no-install-recommends"}, nginxPackages...)} {
		cmd := exec.CommandContext(ctx, "apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("apt-get %v: %w", args, err)
		}
	}
	return nginxBinary()
}

// noServiceStarts keeps the package's maintainer scripts from starting a
// system nginx on port 80 (Debian's policy-rc.d convention: exit 101
// means "not allowed"), and returns the undo.
func noServiceStarts() func() {
	const path = "/usr/sbin/policy-rc.d"
	if _, err := os.Stat(path); err == nil {
		return func() {} // the machine has its own policy
	}
	if os.WriteFile(path, []byte("#!/bin/sh\nexit 101\n"), 0o755) != nil {
		return func() {}
	}
	return func() { os.Remove(path) }
}

func nginxBinary() (string, error) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if _, e := os.Stat("/usr/sbin/nginx"); e != nil {
			return "", err
		}
		bin = "/usr/sbin/nginx"
	}
	if _, err := os.Stat(nginxBrotliM); err != nil {
		return "", err
	}
	return bin, nil
}

// staticHeaders are the response headers of Roost's card that a static
// embed host would also send; nginx is configured with Roost's values.
// (Content-Type, ETag, Last-Modified, Content-Length and Vary for the
// encodings nginx writes itself.)
var staticHeaders = []string{"Cache-Control", "Content-Security-Policy", "X-Content-Type-Options",
	"Referrer-Policy", "Access-Control-Allow-Origin", "Cross-Origin-Resource-Policy"}

var nginxConf = template.Must(template.New("nginx").Parse(`daemon off;
master_process off;
worker_processes 1;
pid {{.Dir}}/nginx.pid;
error_log {{.Dir}}/error.log warn;
load_module {{.Brotli}};
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path {{.Dir}}/tmp; proxy_temp_path {{.Dir}}/tmp; fastcgi_temp_path {{.Dir}}/tmp;
  uwsgi_temp_path {{.Dir}}/tmp; scgi_temp_path {{.Dir}}/tmp;
  types { }
  default_type "text/html; charset=utf-8";
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 100000000; keepalive_timeout 75s;
  open_file_cache max=16 inactive=1h; open_file_cache_valid 1h;
  server_tokens off;
  server {
    listen 127.0.0.1:{{.Port}} backlog=4096;
    root {{.Dir}}/www;
    gzip_static on; gzip_vary on;
    brotli_static on;
    etag on;
{{range .Headers}}    add_header {{.Name}} {{printf "%q" .Value}} always;
{{end}}  }
}
`))

type nginxHeader struct{ Name, Value string }

// startNginx writes the card's three bodies under the card's path and
// starts nginx on a free port.
func (b *bench) startNginx(ctx context.Context, bin string) error {
	dir := filepath.Join(b.dir, "nginx")
	path := b.endpoint(epCard).Path
	base := filepath.Join(dir, "www", filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return err
	}
	var headers []nginxHeader
	for suffix, enc := range map[string]string{"": "", ".gz": "gzip", ".br": "br"} {
		var hdr []string
		if enc != "" {
			hdr = []string{"Accept-Encoding: " + enc}
		}
		a, err := fetch(ctx, b.urls[onCached]+path, hdr)
		if err != nil {
			return err
		}
		if a.Header.Get("Content-Encoding") != enc {
			return fmt.Errorf("nginx files: Roost answered %q for Accept-Encoding %q", a.Header.Get("Content-Encoding"), enc)
		}
		if err := os.WriteFile(base+suffix, a.Body, 0o644); err != nil {
			return err
		}
		if enc == "" {
			headers = copyHeaders(a.Header)
		}
	}
	port := freePort()
	conf := filepath.Join(dir, "nginx.conf")
	f, err := os.Create(conf)
	if err != nil {
		return err
	}
	err = nginxConf.Execute(f, map[string]any{"Dir": dir, "Port": port, "Brotli": nginxBrotliM, "Headers": headers})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	url := "http://127.0.0.1:" + strconv.Itoa(port)
	s, err := startProcess(ctx, onNginx, bin, []string{"-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log")}, nil, b.pinSrv, b.dir,
		func(context.Context) (string, bool) { return url, answers(url + path) })
	if err != nil {
		return err
	}
	b.srv[onNginx], b.urls[onNginx] = s, s.url
	return nil
}

// copyHeaders picks staticHeaders out of Roost's answer.
func copyHeaders(h http.Header) []nginxHeader {
	var out []nginxHeader
	for _, name := range staticHeaders {
		if v := h.Get(name); v != "" {
			out = append(out, nginxHeader{name, v})
		}
	}
	return out
}

// answers reports whether a GET of url answers 200.
func answers(url string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	a, err := fetch(ctx, url, nil)
	return err == nil && a.Status == http.StatusOK
}

// nginxEndpoints are nginx's rows; the 304 learns nginx's own ETag in check.
func nginxEndpoints(cardPath string) []*endpoint {
	return []*endpoint{
		{Name: epNginx, Server: onNginx, Path: cardPath, Status: 200},
		{Name: epNginxGzip, Server: onNginx, Path: cardPath, Headers: []string{"Accept-Encoding: gzip"}, Status: 200, Encoding: "gzip"},
		{Name: epNginxBr, Server: onNginx, Path: cardPath, Headers: []string{"Accept-Encoding: gzip, deflate, br, zstd"}, Status: 200, Encoding: "br"},
		{Name: epNginx304, Server: onNginx, Path: cardPath, Status: 304, ETagFrom: epNginx},
	}
}

// nginxPeer is the nginx row a Roost row is compared with: the same
// encoding or status where nginx has it, else the identity file.
func nginxPeer(ep *endpoint) string {
	switch {
	case ep.Status == 304:
		return epNginx304
	case ep.Encoding == "gzip":
		return epNginxGzip
	case ep.Encoding == "br":
		return epNginxBr
	}
	return epNginx
}
