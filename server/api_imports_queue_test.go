package server

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// bigImportZip is an X archive of @heron_x with n text posts (ids 5000…).
func bigImportZip(t *testing.T, n int) []byte {
	t.Helper()
	tweets := make([]any, n)
	for i := range tweets {
		tweets[i] = map[string]any{"tweet": map[string]any{"id_str": fmt.Sprint(5000 + i), "full_text": fmt.Sprintf("post %d of the queue test", i),
			"created_at": "Wed Oct 10 20:19:24 +0000 2018", "lang": "en"}}
	}
	files := map[string][]byte{
		"data/account.js": importYTD(t, "account", map[string]any{"account": map[string]any{"username": "heron_x", "accountId": "3001"}}),
		"data/tweets.js":  importYTD(t, "tweets", tweets...),
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range files {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Imports run one at a time: uploads made while one runs wait, with their
// place in the queue in their status, run in upload order, and a full
// queue answers 429; cards are served all along.
func TestImportAPIQueue(t *testing.T) {
	f := newFixture(t, Config{})
	f.waitImport(t, f.startImport(t, importZip(t)).Data.URL) // posts 1001 and 1002 exist
	hold := make(chan struct{})
	f.srv.imports.hold = hold // the worker is idle: no goroutine reads it yet
	big := f.startImport(t, bigImportZip(t, 300))
	if big.Data.Status != "running" {
		t.Fatalf("first upload: %s, want running", big.Data.Status)
	}
	var queued []importJobJSON
	for i := range maxQueuedImports {
		job := f.startImport(t, importZip(t))
		if job.Data.Status != "queued" || job.Data.Position != i+1 {
			t.Fatalf("upload %d behind a running import: status %s position %d, want queued at %d", i+2, job.Data.Status, job.Data.Position, i+1)
		}
		queued = append(queued, job)
	}
	if r := f.postImport(t, f.admin, "x", importZip(t)); r.status != 429 || r.header.Get("Retry-After") == "" {
		t.Errorf("upload with %d waiting: %d %s, want 429 with Retry-After", maxQueuedImports, r.status, r.body)
	}
	if card := f.do(t, "GET", "/embed/post/1001", nil, nil); card.status != 200 || !strings.Contains(card.body, "Fish") {
		t.Errorf("card while an import runs: %d", card.status)
	}
	go func() { // let each import start in turn
		for range maxQueuedImports + 1 {
			hold <- struct{}{}
		}
	}()
	prev := f.waitImport(t, big.Data.URL)
	if prev.Data.Status != "done" || prev.Data.Stats.Created != 300 {
		t.Fatalf("big import: %+v", prev.Data)
	}
	for i, q := range queued {
		job := f.waitImport(t, q.Data.URL)
		if job.Data.Status != "done" || job.Data.Stats.Unchanged != 2 {
			t.Fatalf("queued import %d: %+v", i+1, job.Data)
		}
		if job.Data.StartedAt == nil || job.Data.StartedAt.Before(*prev.Data.FinishedAt) {
			t.Errorf("queued import %d started %v, before the one ahead of it finished (%v)", i+1, job.Data.StartedAt, prev.Data.FinishedAt)
		}
		prev = job
	}
}

// An archive over an import limit fails its job with the importer's
// message, and the store is unchanged.
func TestImportAPIOverLimitFails(t *testing.T) {
	f := newFixture(t, Config{})
	seq, err := f.st.LastChangeSeq(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("data/account.js")
	w.Write(importYTD(t, "account", map[string]any{"account": map[string]any{"username": "long_x", "accountId": "4001"}}))
	w, _ = zw.Create("data/tweets.js")
	w.Write(importYTD(t, "tweets", map[string]any{"tweet": map[string]any{"id_str": "7001", "full_text": strings.Repeat("a", 100<<10)}}))
	zw.Close()
	job := f.waitImport(t, f.startImport(t, buf.Bytes()).Data.URL)
	if job.Data.Status != "failed" || !strings.Contains(job.Data.Error, "data/tweets.js: record 1: full_text is over 64 KiB") {
		t.Errorf("import of a 100 KiB full_text: %+v", job.Data)
	}
	if after, _ := f.st.LastChangeSeq(t.Context()); after != seq {
		t.Errorf("a refused import moved the change log from %d to %d", seq, after)
	}
}
