package main

import (
	"context"
	"fmt"
	roost "github.com/roost-embed/roost"
	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/widgets"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/roost-embed/roost/demo"
	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/server"
	"github.com/roost-embed/roost/storage"
)

// shutdownTimeout is how long in-flight requests get to finish after a
// stop signal.
const shutdownTimeout = 10 * time.Second

// runServe runs the server until ctx is cancelled, then shuts it down
// gracefully.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newFlags("serve")
	pos, err := f.parse(args, getenv)
	if err != nil {
		return err
	}
	if err := noPositional("serve", pos); err != nil {
		return err
	}
	cfg := &f.cfg
	log := newLogger(cfg.LogFormat, stderr)
	limitMemory(cfg, getenv)
	defer startBenchPprof(getenv, log)()
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	lib, err := openMedia(cfg)
	if err != nil {
		return err
	}
	lib.SetVideoLimits(videoLimits(cfg))
	go backfillVariants(ctx, lib, log)
	sample, err := seedDemo(ctx, cfg, st, lib, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close() // on an error before Serve owns it
	if cfg.PublicURLDefault {
		cfg.PublicURL = localURL(ln.Addr())
	}
	parts, err := buildParts(cfg, st, lib, log, getenv)
	if err != nil {
		return err
	}
	defer parts.Cache.Close()
	srv := server.New(serverConfig(cfg, lib), parts)
	stopFollowing, err := startFollowing(ctx, cfg, st, srv, parts.Cache, log)
	if err != nil {
		return err
	}
	defer stopFollowing()
	printURLs(stdout, cfg, ln.Addr(), sample)
	log.Info("serving", "addr", ln.Addr().String(), "public_url", cfg.PublicURL, "db", storeName(cfg))
	return serveUntilDone(ctx, srv, ln, log)
}

// serverConfig maps the program's settings to the server's.
func serverConfig(cfg *config, lib *media.Library) server.Config {
	return server.Config{
		PublicURL:      cfg.PublicURL,
		MediaDir:       cfg.MediaDir,
		EdgeTTL:        cfg.EdgeTTL,
		IntentURL:      cfg.IntentURL,
		TrustedProxies: cfg.TrustedProxies,
		PurgeURL:       cfg.PurgeURL,
		MediaMaxBytes:  lib.MaxBytes(),
		// Room for the largest video plus a poster and multipart framing.
		BodyLimit: int(max(int64(server.DefaultBodyLimit), lib.MaxVideoBytes()+int64(server.DefaultBodyLimit))),
	}
}

// videoLimits maps the video flags to the media library's limits.
func videoLimits(cfg *config) media.VideoLimits {
	return media.VideoLimits{MaxBytes: int64(cfg.MaxVideoMB) << 20, MaxDuration: cfg.MaxVideoLength}
}

// serveUntilDone serves on ln until ctx ends, then lets in-flight requests
// finish within shutdownTimeout.
func serveUntilDone(ctx context.Context, srv *server.Server, ln net.Listener, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// samplePost is a demo post to point the operator at.
type samplePost struct {
	id     int64
	handle string
}

// seedDemo fills an empty store with the demo set when --demo is on, and
// returns a post to show. It returns no sample when nothing was seeded.
func seedDemo(ctx context.Context, cfg *config, st storage.Store, lib *media.Library, log *slog.Logger) (*samplePost, error) {
	if !cfg.Demo {
		return nil, nil
	}
	empty, err := st.Empty(ctx)
	if err != nil || !empty {
		return nil, err
	}
	sum, err := demo.Seed(ctx, st, lib)
	if err != nil {
		return nil, fmt.Errorf("seed demo data: %w", err)
	}
	log.Info("seeded demo data", "users", sum.Users, "posts", sum.Posts, "media", sum.Media, "lists", sum.Lists)
	id, ok := sum.SamplePostIDs["plain"]
	if !ok {
		return nil, nil
	}
	p, err := st.PostByID(ctx, id)
	if err != nil {
		return nil, err
	}
	u, err := st.UserByID(ctx, p.AuthorID)
	if err != nil {
		return nil, err
	}
	return &samplePost{id: id, handle: u.Handle}, nil
}

// printURLs tells the operator where Roost listens and what to open. The
// first line, "listening on http://HOST:PORT", is the real bound address
// (tests read it to find a port chosen by the kernel).
func printURLs(w io.Writer, cfg *config, addr net.Addr, sample *samplePost) {
	fmt.Fprintf(w, "listening on http://%s\n", dialable(addr))
	base := cfg.PublicURL
	fmt.Fprintf(w, "  landing    %s/\n", base)
	if sample != nil {
		id := strconv.FormatInt(sample.id, 10)
		fmt.Fprintf(w, "  post card  %s/embed/post/%s\n", base, id)
		fmt.Fprintf(w, "  permalink  %s/%s/status/%s\n", base, sample.handle, id)
	}
	fmt.Fprintf(w, "  API        %s/api/v1/\n", base)
}

// localURL is the public URL when --public-url is left at its default:
// the bound address, so `--addr :9000` (or port 0) prints and embeds URLs
// that work. A wildcard host is written localhost, as in the default.
func localURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || tcp.IP == nil || tcp.IP.IsUnspecified() {
		_, port, _ := net.SplitHostPort(addr.String())
		return "http://" + net.JoinHostPort("localhost", port)
	}
	return "http://" + tcp.String()
}

// dialable turns a listener address into one a browser on this machine can
// open: a wildcard host becomes 127.0.0.1.
func dialable(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
	}
	return tcp.String()
}

// buildParts makes the renderer (templates parsed once; a missing one
// fails here, at start) and the render cache with the --cache-mb budget.
func buildParts(cfg *config, st storage.Store, lib *media.Library, log *slog.Logger, getenv func(string) string) (server.Parts, error) {
	w, err := widgets.NewRenderer(widgets.Config{PublicURL: cfg.PublicURL,
		Templates: roost.Templates(), Assets: roost.Assets(), Locales: roost.Locales()})
	if err != nil {
		return server.Parts{}, fmt.Errorf("templates: %w", err)
	}
	// Entries are recompressed at brotli quality 11 in the background: ~15%
	// fewer bytes per card for visitors, never on the request path.
	c, err := cache.New(benchCacheConfig(getenv, cache.Config{MaxBytes: int64(cfg.CacheMB) << 20, UpgradeBrotli: true}))
	if err != nil {
		return server.Parts{}, fmt.Errorf("render cache: %w", err)
	}
	return server.Parts{Store: st, Media: lib, Widgets: w, Cache: c, Log: log}, nil
}

// openMedia opens the media directory with the --image-memory-mb budget.
func openMedia(cfg *config) (*media.Library, error) {
	return media.Open(cfg.MediaDir, media.Options{DecodeBudget: int64(cfg.ImageMemoryMB) << 20})
}

// backfillVariants has the variants of originals stored without them
// (before variants were made at upload) made in the background, so their
// first requests find them; requests meanwhile get stand-ins, never a
// decode of their own.
func backfillVariants(ctx context.Context, lib *media.Library, log *slog.Logger) {
	st, err := lib.Backfill(ctx)
	if err != nil && ctx.Err() == nil {
		log.Warn("media backfill stopped", "err", err)
		return
	}
	if st.Queued > 0 {
		log.Info("media backfill queued originals missing variants", "originals", st.Originals, "queued", st.Queued)
	}
}

// memoryHeadroom is what the process needs besides the render cache:
// store page caches, request buffers, renders in flight.
const memoryHeadroom = 64 << 20

// limitMemory sets a soft Go memory limit of the cache budget, the image
// decode budget and headroom, unless GOMEMLIMIT says otherwise. Without it the heap grows to
// about twice the live cache before the collector runs, so a 64 MiB cache
// made a 300 MiB process under a million distinct keys.
func limitMemory(cfg *config, getenv func(string) string) {
	if getenv("GOMEMLIMIT") != "" {
		return // the runtime already read it
	}
	debug.SetMemoryLimit(int64(cfg.CacheMB)<<20 + int64(cfg.ImageMemoryMB)<<20 + memoryHeadroom)
}
