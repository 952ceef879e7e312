package main

import (
	"embed"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// luaFiles are wrk's request scripts.
//
//go:embed lua/*.lua
var luaFiles embed.FS

// writeScripts copies the Lua scripts into dir and returns dir.
func writeScripts(dir string) error {
	for _, name := range []string{"paths.lua", "unique.lua", "keys.lua"} {
		b, err := luaFiles.ReadFile("lua/" + name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// zipfExponent makes a few posts very popular and most rarely asked for,
// like embeds across a news site's archive.
const zipfExponent = 1.1

// writeZipfPaths writes n card paths whose posts follow a Zipf
// distribution over every post id (popularity in a random order, not by
// age), one per line.
func writeZipfPaths(path string, ids []int64, n int, rng *rand.Rand) error {
	perm := rng.Perm(len(ids))
	z := rand.NewZipf(rng, zipfExponent, 1, uint64(len(ids)-1))
	var b strings.Builder
	for range n {
		b.WriteString("/embed/post/")
		b.WriteString(strconv.FormatInt(ids[perm[z.Uint64()]], 10))
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// writeCardPaths writes the card path of up to n posts, one per line,
// for the distinct-keys run.
func writeCardPaths(path string, ids []int64, n int) error {
	var b strings.Builder
	for _, id := range ids[:min(n, len(ids))] {
		fmt.Fprintf(&b, "/embed/post/%d\n", id)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
