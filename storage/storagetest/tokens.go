package storagetest

import (
	"bytes"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

func testTokens(t *testing.T, s storage.Store) {
	ctx := t.Context()
	h1, h2 := sha256.Sum256([]byte("rst_one")), sha256.Sum256([]byte("rst_two"))
	t1 := &storage.Token{Name: "ci", Scope: storage.ScopeWrite, Hash: h1[:]}
	t2 := &storage.Token{Name: "admin", Scope: storage.ScopeAdmin, Hash: h2[:]}
	ok(t, "CreateToken", s.CreateToken(ctx, t1))
	ok(t, "CreateToken", s.CreateToken(ctx, t2))
	if t1.ID == 0 || t1.CreatedAt.IsZero() {
		t.Fatalf("CreateToken left id or time zero: %+v", t1)
	}
	err := s.CreateToken(ctx, &storage.Token{Name: "dup", Scope: storage.ScopeWrite, Hash: h1[:]})
	wantField(t, err, storage.ErrConflict, "hash")

	got, err := s.TokenByHash(ctx, h1[:])
	ok(t, "TokenByHash", err)
	if got.ID != t1.ID || got.Name != "ci" || got.Scope != storage.ScopeWrite || !bytes.Equal(got.Hash, h1[:]) || got.Revoked() {
		t.Errorf("TokenByHash = %+v, want %+v", got, t1)
	}
	missing := sha256.Sum256([]byte("nope"))
	_, err = s.TokenByHash(ctx, missing[:])
	wantNotFound(t, "TokenByHash", err)

	used := t0()
	ok(t, "TouchToken", s.TouchToken(ctx, t1.ID, used))
	ok(t, "RevokeToken", s.RevokeToken(ctx, t2.ID))
	all, err := s.Tokens(ctx)
	ok(t, "Tokens", err)
	if len(all) != 2 {
		t.Fatalf("Tokens returned %d, want 2", len(all))
	}
	byID := map[int64]*storage.Token{all[0].ID: all[0], all[1].ID: all[1]}
	if !byID[t1.ID].LastUsedAt.Equal(used) || byID[t1.ID].Revoked() {
		t.Errorf("touched token = %+v, want LastUsedAt %v and not revoked", byID[t1.ID], used)
	}
	if r := byID[t2.ID]; !r.Revoked() || time.Since(r.RevokedAt) > time.Minute {
		t.Errorf("revoked token = %+v, want RevokedAt about now", r)
	}
	revoked, err := s.TokenByHash(ctx, h2[:])
	ok(t, "TokenByHash finds revoked tokens", err)
	if !revoked.Revoked() {
		t.Error("TokenByHash lost the revocation")
	}
	wantNotFound(t, "RevokeToken", s.RevokeToken(ctx, 999))
	wantNotFound(t, "TouchToken", s.TouchToken(ctx, 999, used))
}

func testIdempotency(t *testing.T, s storage.Store) {
	ctx := t.Context()
	rec := &storage.Idempotency{TokenID: 1, Key: "k1", RequestHash: "h1"}
	prior, err := s.BeginIdempotent(ctx, rec)
	ok(t, "BeginIdempotent new", err)
	if prior != nil {
		t.Fatalf("BeginIdempotent on a new key = %+v, want nil", prior)
	}
	prior, err = s.BeginIdempotent(ctx, &storage.Idempotency{TokenID: 1, Key: "k1", RequestHash: "h2"})
	ok(t, "BeginIdempotent running", err)
	if prior == nil || prior.Status != 0 || prior.RequestHash != "h1" {
		t.Fatalf("BeginIdempotent on a running key = %+v, want status 0 and hash h1", prior)
	}
	other, err := s.BeginIdempotent(ctx, &storage.Idempotency{TokenID: 2, Key: "k1", RequestHash: "h1"})
	ok(t, "BeginIdempotent other token", err)
	if other != nil {
		t.Errorf("keys must be per token; got %+v", other)
	}
	ok(t, "FinishIdempotent", s.FinishIdempotent(ctx, 1, "k1", 201, []byte(`{"data":1}`)))
	prior, err = s.BeginIdempotent(ctx, &storage.Idempotency{TokenID: 1, Key: "k1", RequestHash: "h1"})
	ok(t, "BeginIdempotent finished", err)
	if prior == nil || prior.Status != 201 || string(prior.Body) != `{"data":1}` || prior.CreatedAt.IsZero() {
		t.Fatalf("BeginIdempotent on a finished key = %+v, want status 201 and the body", prior)
	}
	ok(t, "AbortIdempotent finished", s.AbortIdempotent(ctx, 1, "k1"))
	prior, err = s.BeginIdempotent(ctx, &storage.Idempotency{TokenID: 1, Key: "k1", RequestHash: "h1"})
	ok(t, "BeginIdempotent after aborting a finished key", err)
	if prior == nil || prior.Status != 201 {
		t.Fatalf("aborting a finished key forgot its answer: %+v", prior)
	}
	ok(t, "AbortIdempotent", s.AbortIdempotent(ctx, 2, "k1"))
	prior, err = s.BeginIdempotent(ctx, &storage.Idempotency{TokenID: 2, Key: "k1", RequestHash: "h3"})
	ok(t, "BeginIdempotent after abort", err)
	if prior != nil {
		t.Errorf("an aborted key is still reserved: %+v", prior)
	}
	wantNotFound(t, "FinishIdempotent unknown", s.FinishIdempotent(ctx, 9, "none", 200, nil))
}

// testIdempotencyExpiry checks that a key older than IdempotencyTTL is free
// again (its old answer is not replayed), that a younger one still
// replays, and that the sweep deletes only records older than its bound.
func testIdempotencyExpiry(t *testing.T, s storage.Store) {
	ctx := t.Context()
	now := time.Now().UTC().Truncate(time.Millisecond)
	old := now.Add(-storage.IdempotencyTTL - time.Minute)
	for _, key := range []string{"old", "sweep1", "sweep2"} {
		_, err := s.BeginIdempotent(ctx, &storage.Idempotency{TokenID: 1, Key: key, RequestHash: "h", CreatedAt: old})
		ok(t, "BeginIdempotent "+key, err)
		ok(t, "FinishIdempotent "+key, s.FinishIdempotent(ctx, 1, key, 201, []byte("old answer")))
	}
	_, err := s.BeginIdempotent(ctx, &storage.Idempotency{TokenID: 1, Key: "young", RequestHash: "h",
		CreatedAt: now.Add(-storage.IdempotencyTTL + time.Minute)})
	ok(t, "BeginIdempotent young", err)

	prior, err := s.BeginIdempotent(ctx, &storage.Idempotency{TokenID: 1, Key: "old", RequestHash: "new", CreatedAt: now})
	ok(t, "BeginIdempotent on an expired key", err)
	if prior != nil {
		t.Fatalf("an expired key replayed %+v, want a fresh reservation", prior)
	}
	prior, err = s.BeginIdempotent(ctx, &storage.Idempotency{TokenID: 1, Key: "old", RequestHash: "again", CreatedAt: now})
	ok(t, "BeginIdempotent on the renewed key", err)
	if prior == nil || prior.RequestHash != "new" || prior.Status != 0 || len(prior.Body) != 0 {
		t.Fatalf("renewed key = %+v, want the new running reservation", prior)
	}

	n, err := s.SweepIdempotency(ctx, now.Add(-storage.IdempotencyTTL))
	ok(t, "SweepIdempotency", err)
	if n != 2 {
		t.Errorf("SweepIdempotency deleted %d records, want 2 (sweep1, sweep2)", n)
	}
	for key, wantKept := range map[string]bool{"old": true, "young": true, "sweep1": false} {
		prior, err := s.BeginIdempotent(ctx, &storage.Idempotency{TokenID: 1, Key: key, RequestHash: "probe", CreatedAt: now})
		ok(t, "BeginIdempotent "+key+" after sweep", err)
		if kept := prior != nil; kept != wantKept {
			t.Errorf("after the sweep, key %q kept = %v, want %v", key, kept, wantKept)
		}
	}
}
