package main

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// Which server an endpoint is measured on.
const (
	onBaseline = "baseline"
	onCached   = "roost"       // the normal render cache
	onCold     = "roost-cold"  // cache disabled: every request renders
	onSmall    = "roost-small" // a cache smaller than the working set
)

// Names of the endpoints other phases use.
const (
	epBaseline = "baseline"
	epCard     = "cached card, identity"
	epCold     = "cold cards, distinct keys (no cache)"
	epZipf     = "Zipf mix, small cache"
)

// publicURL is the --public-url of the Roost servers; oEmbed asks for
// post URLs under it.
const publicURL = "http://bench.roost.test"

// endpoint is one thing measured in every round.
type endpoint struct {
	Name    string   `json:"name"`
	Server  string   `json:"server"`
	Path    string   `json:"path"`
	Headers []string `json:"headers,omitempty"`
	Script  string   `json:"-"`    // a Lua script from lua/, "" for none
	Env     []string `json:"-"`    // for the script
	Goal    float64  `json:"goal"` // minimum ratio to the baseline, 0 for none
	// NginxGoal is the minimum ratio to the nginx row of the same
	// encoding (nginxPeer), 0 for none.
	NginxGoal float64 `json:"nginx_goal,omitempty"`
	ETagFrom  string  `json:"-"` // a 304's If-None-Match: this endpoint's ETag (default the card's)
	Status    int     `json:"-"` // what a check request must answer
	Encoding  string  `json:"-"` // Content-Encoding a check must see
}

// endpoints lists what the rounds measure. The 304 endpoint's header
// needs the card's ETag, which check fills in.
func endpoints(ds *dataset, zipfPaths, cardPaths string) []*endpoint {
	id := strconv.FormatInt(ds.TypicalID, 10)
	card := "/embed/post/" + id
	permalink := publicURL + "/" + bigHandle + "/status/" + id
	return []*endpoint{
		{Name: epBaseline, Server: onBaseline, Path: card, Status: 200},
		{Name: epCard, Server: onCached, Path: card, Goal: 1.0, NginxGoal: 0.85, Status: 200},
		{Name: "cached card, gzip", Server: onCached, Path: card, Headers: []string{"Accept-Encoding: gzip"}, Status: 200, Encoding: "gzip"},
		{Name: "cached card, brotli", Server: onCached, Path: card, Headers: []string{"Accept-Encoding: gzip, deflate, br, zstd"}, Goal: 0.95, NginxGoal: 0.85, Status: 200, Encoding: "br"},
		{Name: "304 revalidation", Server: onCached, Path: card, Goal: 1.05, NginxGoal: 0.90, Status: 304},
		{Name: "cached 10-post timeline", Server: onCached, Path: "/embed/timeline/" + bigHandle + "?limit=10", Goal: 0.70, Status: 200},
		{Name: "oEmbed JSON, cached", Server: onCached, Path: "/oembed?url=" + url.QueryEscape(permalink), Goal: 0.85, Status: 200},
		{Name: "widgets.js", Server: onCached, Path: "/widgets.js", Headers: []string{"Accept-Encoding: gzip, deflate, br, zstd"}, Status: 200, Encoding: "br"},
		{Name: "follow button", Server: onCached, Path: "/embed/button/follow?screen_name=" + bigHandle, Status: 200},
		{Name: "JSON API post", Server: onCached, Path: "/api/v1/posts/" + id, Status: 200},
		{Name: "permalink page", Server: onCached, Path: "/" + bigHandle + "/status/" + id, Status: 200},
		{Name: epCold, Server: onCold, Path: card, Script: "unique.lua", Env: []string{"BENCH_PATHS=" + cardPaths, "BENCH_LIMIT=1000000000000"}, Status: 200},
		{Name: epZipf, Server: onSmall, Path: card, Script: "paths.lua", Env: []string{"BENCH_PATHS=" + zipfPaths}, Status: 200},
	}
}

// check requests each endpoint once: it must answer as expected (this
// also fills the cache), and each 304 endpoint learns the ETag of the
// endpoint it revalidates (ETagFrom, by default the card), which must
// come before it in eps.
func check(ctx context.Context, eps []*endpoint, urls map[string]string) error {
	etags := map[string]string{}
	for _, ep := range eps {
		hdr := ep.Headers
		if ep.Status == 304 {
			hdr = []string{"If-None-Match: " + etags[cmp.Or(ep.ETagFrom, epCard)]}
		}
		a, err := fetch(ctx, urls[ep.Server]+ep.Path, hdr)
		if err != nil {
			return err
		}
		if a.Status != ep.Status || a.Header.Get("Content-Encoding") != ep.Encoding {
			return fmt.Errorf("%s: GET %s answered %d %q, want %d %q", ep.Name, ep.Path,
				a.Status, a.Header.Get("Content-Encoding"), ep.Status, ep.Encoding)
		}
		etags[ep.Name] = a.Header.Get("ETag")
		if ep.Status == 304 {
			ep.Headers = hdr
		}
	}
	return nil
}

// endpoint returns the endpoint called name; the names are fixed above.
func (b *bench) endpoint(name string) *endpoint {
	for _, ep := range b.eps {
		if ep.Name == name {
			return ep
		}
	}
	panic("bench: no endpoint " + name)
}
