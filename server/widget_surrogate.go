package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/storage"
)

// CDN headers naming what a response was rendered from: Fastly and Varnish
// read space-separated Surrogate-Key, Cloudflare comma-separated Cache-Tag.
const (
	HeaderSurrogateKey = "Surrogate-Key"
	HeaderCacheTag     = "Cache-Tag"
)

// Purge hook limits: the hook must never hold up a response, so changes
// wait in a small queue (dropped with a log line when it is full; the CDN
// then drops the content at the edge TTL) and each request is bounded.
const (
	purgeQueueSize = 256
	purgeTimeout   = 5 * time.Second
	purgeBatch     = 2000 // bytes of keys per request, under common header limits
)

// setSurrogateHeaders names the entry's dependencies for a CDN, in both
// spellings the entry holds precomputed.
func setSurrogateHeaders(c *fiber.Ctx, e *cache.Entry) {
	if e.SurrogateKeys == "" {
		return
	}
	setHeader(c, hdrSurrogateKey, e.SurrogateKeys)
	setHeader(c, hdrCacheTag, e.CacheTags)
}

// Purger calls the operator's --purge-url for changes, so a CDN in front
// drops what they touched at once instead of at the edge TTL. It is the
// only outbound HTTP Roost makes, and it goes only to that URL.
//
// Who calls it: the process that appended the change. An instance purges
// for the writes and API purges it handled (register Enqueue with
// Server.OnChange); `roost purge` purges itself. Followers never do, so N
// instances do not send N purges for one change.
type Purger struct {
	template string
	client   *http.Client
	queue    chan string
	log      *slog.Logger
}

// NewPurger returns a purger for the URL template: "{keys}" in it is
// replaced by the space-separated keys, URL-escaped; the keys are also
// sent as Surrogate-Key and Cache-Tag headers of a PURGE request.
func NewPurger(template string, log *slog.Logger) *Purger {
	return &Purger{
		template: template,
		client:   &http.Client{Timeout: purgeTimeout},
		queue:    make(chan string, purgeQueueSize),
		log:      log,
	}
}

// Enqueue queues a purge of what c touched without blocking: it is an
// OnChange hook, run before a write's response.
func (p *Purger) Enqueue(c storage.Change) {
	keys := cache.ChangeSurrogateKeys(c)
	if keys == "" {
		return
	}
	select {
	case p.queue <- keys:
	default:
		p.log.Warn("purge queue full: CDN keeps these keys until the edge TTL", "keys", keys, "seq", c.Seq)
	}
}

// Run sends queued purges until ctx ends.
func (p *Purger) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case keys := <-p.queue:
			if err := p.Purge(ctx, keys); err != nil && ctx.Err() == nil {
				p.log.Warn("CDN purge failed: content stays at the edge until the edge TTL", "keys", keys, "err", err)
			}
		}
	}
}

// Purge sends the purge of keys now, in batches that fit in a header.
func (p *Purger) Purge(ctx context.Context, keys string) error {
	for _, batch := range batchKeys(keys, purgeBatch) {
		if err := p.send(ctx, batch); err != nil {
			return err
		}
	}
	return nil
}

// send makes one purge request.
func (p *Purger) send(ctx context.Context, keys string) error {
	u := strings.ReplaceAll(p.template, "{keys}", url.PathEscape(keys))
	req, err := http.NewRequestWithContext(ctx, "PURGE", u, nil)
	if err != nil {
		return fmt.Errorf("purge request: %w", err)
	}
	req.Header.Set(HeaderSurrogateKey, keys)
	req.Header.Set(HeaderCacheTag, strings.ReplaceAll(keys, " ", ","))
	resp, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("purge: %s answered %s", req.URL.Redacted(), resp.Status)
	}
	return nil
}

// batchKeys splits space-separated keys into groups of at most n bytes
// (a single longer key forms its own group).
func batchKeys(keys string, n int) []string {
	var out []string
	for len(keys) > n {
		cut := strings.LastIndexByte(keys[:n+1], ' ')
		if cut <= 0 {
			cut = strings.IndexByte(keys, ' ')
			if cut < 0 {
				break
			}
		}
		out = append(out, keys[:cut])
		keys = keys[cut+1:]
	}
	if keys != "" {
		out = append(out, keys)
	}
	return out
}
