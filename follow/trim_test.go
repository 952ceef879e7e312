package follow

import (
	"context"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlite"
)

// TestHousekeepingSweepsExpiredIdempotencyKeys checks that a running
// follower frees Idempotency-Key records older than IdempotencyTTL and
// keeps younger ones.
func TestHousekeepingSweepsExpiredIdempotencyKeys(t *testing.T) {
	writer, reader, _ := openSQLitePair(t)
	ctx := context.Background()
	old := time.Now().Add(-storage.IdempotencyTTL - time.Hour)
	for key, at := range map[string]time.Time{"expired": old, "fresh": time.Now()} {
		if _, err := writer.BeginIdempotent(ctx, &storage.Idempotency{TokenID: 1, Key: key, CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	cfg := fastConfig
	cfg.TrimEvery = 10 * time.Millisecond
	startFollower(t, reader, nil, cfg, &recorder{})
	db := writer.(*sqlite.Store).Engine().Reader()
	count := func(key string) int {
		var n int
		if err := db.QueryRow(ctx, "SELECT count(*) FROM idempotency WHERE key = ?", key).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := eventually(5*time.Second, func() bool { return count("expired") == 0 }); err != nil {
		t.Fatal("the follower never swept the expired record")
	}
	if n := count("fresh"); n != 1 {
		t.Errorf("%d fresh records left, want 1: the sweep must keep records younger than the TTL", n)
	}
}
