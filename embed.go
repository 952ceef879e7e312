// Package roost holds only the files compiled into the binary: the HTML
// templates and the static assets. Everything else lives in subpackages.
package roost

import (
	"embed"
	"io/fs"
)

//go:embed templates assets locales
var files embed.FS

// Templates returns the html/template sources (templates/).
func Templates() fs.FS { return mustSub("templates") }

// Locales returns the message catalogs (one JSON file per UI language)
// and the CLDR number and date data (cldr.json).
func Locales() fs.FS { return mustSub("locales") }

// Assets returns the static files: CSS, scripts, icons (assets/).
func Assets() fs.FS { return mustSub("assets") }

func mustSub(dir string) fs.FS {
	sub, err := fs.Sub(files, dir)
	if err != nil {
		panic(err) // the directory is embedded above; this cannot fail
	}
	return sub
}
