// Package entity finds links, @mentions, #hashtags and $cashtags in post
// text. It runs once per write; renderers use the stored result.
package entity

import "github.com/roost-embed/roost/storage"

// Find returns the entities of text in order. PLACEHOLDER: being written.
func Find(text string) []storage.Entity { return nil }
