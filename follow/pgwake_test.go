package follow

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
)

// TestListenConnectionKilled checks that a follower whose LISTEN backend
// is terminated keeps applying changes (from the table) and that the waker
// reconnects.
func TestListenConnectionKilled(t *testing.T) {
	dsn := freshSchema(t)
	writer, reader := openPostgres(t, dsn), openPostgres(t, dsn)
	w := NewPGWaker(dsn, quietLog())
	r := &recorder{}
	cfg := fastConfig
	cfg.Poll = 100 * time.Millisecond
	startFollower(t, reader, w, cfg, r)
	if err := eventually(5*time.Second, w.Listening); err != nil {
		t.Fatal("the waker never started listening")
	}
	killed := terminateListeners(t, dsn)
	if killed == 0 {
		t.Fatal("found no LISTEN backend to terminate")
	}
	c, err := writer.AppendChange(context.Background(), storage.Change{Kind: "purge", Posts: []int64{9}})
	if err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, time.Second, "change written while LISTEN was down", hasSeq(c.Seq))
	if err := eventually(5*time.Second, w.Listening); err != nil {
		t.Fatal("the waker did not reconnect")
	}
}

// terminateListeners kills every backend of this database whose last
// query was a LISTEN, and returns how many it killed.
func terminateListeners(t *testing.T, dsn string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	err = conn.QueryRow(ctx, `SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = 'roost-listen' AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()) k`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
