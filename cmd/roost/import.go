package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/roost-embed/roost/importer"
	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// importFunc is the signature both importers share.
type importFunc func(ctx context.Context, st storage.Store, lib *media.Library, path string, opt importer.Options) (importer.Stats, error)

// importerFor returns the importer of a `roost import` kind.
func importerFor(kind string) (importFunc, error) {
	switch kind {
	case "x-archive":
		return importer.ImportX, nil
	case "mastodon-archive":
		return importer.ImportMastodon, nil
	case "":
		return nil, usagef("import: missing archive kind (x-archive or mastodon-archive)")
	}
	return nil, usagef("import: unknown archive kind %q (x-archive or mastodon-archive)", kind)
}

// runImport runs `roost import x-archive|mastodon-archive FILE [--handle H]`:
// progress on stderr (a bar on a terminal, plain lines otherwise), the
// summary on stdout. A running server sees the new posts through the
// store's change log, which its follower reads.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	kind := ""
	if len(args) > 0 {
		kind, args = args[0], args[1:]
	}
	imp, err := importerFor(kind)
	if err != nil {
		return err
	}
	f := newFlags("import " + kind)
	handle := f.fs.String("handle", "", "import under this handle instead of the archive's")
	pos, err := f.parse(args, getenv)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("import %s: want exactly one archive file", kind)
	}
	stats, err := importFile(ctx, &f.cfg, imp, pos[0], *handle, stderr)
	if base := filepath.Base(pos[0]); err != nil && strings.Contains(err.Error(), base) {
		return fmt.Errorf("import %s: %w", kind, err)
	} else if err != nil {
		return fmt.Errorf("import %s %s: %w", kind, base, err)
	}
	return writeSummary(stdout, pos[0], stats)
}

// importFile opens the store and media library of cfg and imports path.
func importFile(ctx context.Context, cfg *config, imp importFunc, path, handle string, progress io.Writer) (importer.Stats, error) {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return importer.Stats{}, err
	}
	defer st.Close()
	lib, err := openMedia(cfg)
	if err != nil {
		return importer.Stats{}, err
	}
	lib.SetVideoLimits(videoLimits(cfg))
	bar := newProgressView(progress)
	stats, err := imp(ctx, st, lib, path, importer.Options{Handle: handle, Progress: bar.update})
	bar.finish()
	return stats, err
}
