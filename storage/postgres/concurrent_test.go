package postgres

import (
	"errors"
	"io/fs"
	"strconv"
	"sync"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// TestConcurrentOpen starts several instances on one empty schema at
// once: the migration lock must let every Open succeed and apply each
// migration exactly once, and each instance must claim its own id node.
func TestConcurrentOpen(t *testing.T) {
	dsn := freshSchema(t)
	const instances = 4
	stores := make([]*Store, instances)
	errs := make([]error, instances)
	var wg sync.WaitGroup
	for i := range instances {
		wg.Go(func() { stores[i], errs[i] = Open(t.Context(), dsn) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	for i := range instances {
		wg.Go(func() { errs[i] = stores[i].Migrate(t.Context()) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Migrate %d: %v", i, err)
		}
	}
	ms, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := stores[0].pool.QueryRow(t.Context(), "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(ms) {
		t.Errorf("schema_migrations has %d rows, want %d", n, len(ms))
	}
	nodes := map[int64]bool{}
	for _, s := range stores {
		nodes[s.ids.Next()>>12&0x3ff] = true
	}
	if len(nodes) != instances {
		t.Errorf("%d instances share %d id nodes, want one each", instances, len(nodes))
	}
}

// TestConcurrentConflicts races writers that clash on a unique value:
// exactly one wins each race, and every loser gets the field error the
// explicit check would have given, whether the check or the constraint
// caught it.
func TestConcurrentConflicts(t *testing.T) {
	s := openTest(t)
	defer s.Close()
	ctx := t.Context()
	tests := map[string]struct {
		field string
		write func(i int) error
	}{
		"handle": {"handle", func(i int) error {
			_, err := s.CreateUser(ctx, &storage.User{Handle: []string{"same", "SAME", "Same"}[i%3]})
			return err
		}},
		"user id": {"id", func(i int) error {
			_, err := s.CreateUser(ctx, &storage.User{ID: 4242, Handle: "h" + strconv.Itoa(i)})
			return err
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			const racers = 20
			errs := make([]error, racers)
			var wg sync.WaitGroup
			for i := range racers {
				wg.Go(func() { errs[i] = tc.write(i) })
			}
			wg.Wait()
			won := 0
			for _, err := range errs {
				var fe *storage.FieldError
				switch {
				case err == nil:
					won++
				case !errors.Is(err, storage.ErrConflict) || !errors.As(err, &fe) || fe.Field != tc.field:
					t.Errorf("err = %v, want a conflict on %q", err, tc.field)
				}
			}
			if won != 1 {
				t.Errorf("%d writers won, want exactly 1", won)
			}
		})
	}
}
