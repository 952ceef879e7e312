package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
)

// maxChanges caps one ChangesSince page.
const maxChanges = 1000

// changeBody is the JSON kept in changes.body.
type changeBody struct {
	Posts []int64  `json:"posts,omitempty"`
	Users []int64  `json:"users,omitempty"`
	Lists []int64  `json:"lists,omitempty"`
	Tags  []string `json:"tags,omitempty"`
	All   bool     `json:"all,omitempty"`
}

// tidy sorts the change's sets, drops duplicates and zero ids (a post that
// replies to nothing has ReplyTo 0), so followers and tests see one form.
func tidy(c storage.Change) storage.Change {
	c.Posts = tidyIDs(c.Posts)
	c.Users = tidyIDs(c.Users)
	c.Lists = tidyIDs(c.Lists)
	slices.Sort(c.Tags)
	c.Tags = slices.Compact(c.Tags)
	return c
}

func tidyIDs(ids []int64) []int64 {
	ids = slices.DeleteFunc(ids, func(id int64) bool { return id == 0 })
	slices.Sort(ids)
	return slices.Clip(slices.Compact(ids))
}

// appendChange writes c to the log inside tx, returns it with its Seq and
// At, and queues the notification Postgres sends at commit. It takes the
// change_seq row lock, held to commit, so call it as the write's last step:
// that keeps the time writers queue on it short and makes seqs commit in
// order.
func appendChange(ctx context.Context, tx pgx.Tx, c storage.Change) (storage.Change, error) {
	c = tidy(c)
	if c.At.IsZero() {
		c.At = now()
	}
	body, err := json.Marshal(changeBody{Posts: c.Posts, Users: c.Users, Lists: c.Lists, Tags: c.Tags, All: c.All})
	if err != nil {
		return c, fmt.Errorf("postgres: encode change: %w", err)
	}
	err = tx.QueryRow(ctx, `WITH next AS (UPDATE change_seq SET seq = seq + 1 RETURNING seq)
		INSERT INTO changes (seq, at, kind, body) SELECT seq, $1, $2, $3 FROM next RETURNING seq`,
		millis(c.At), c.Kind, body).Scan(&c.Seq)
	if err != nil {
		return c, fmt.Errorf("postgres: append change: %w", err)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", ChangesChannel, strconv.FormatInt(c.Seq, 10)); err != nil {
		return c, fmt.Errorf("postgres: notify change %d: %w", c.Seq, err)
	}
	return c, nil
}

// AppendChange logs a change that is not a content write, such as a purge.
func (s *Store) AppendChange(ctx context.Context, c storage.Change) (storage.Change, error) {
	c.Seq = 0
	var out storage.Change
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = appendChange(ctx, tx, c)
		return err
	})
	return out, err
}

// ChangesSince returns up to limit log entries with Seq > after, oldest first.
func (s *Store) ChangesSince(ctx context.Context, after int64, limit int) ([]storage.Change, error) {
	if limit <= 0 || limit > maxChanges {
		limit = maxChanges
	}
	rows, err := s.pool.Query(ctx,
		"SELECT seq, at, kind, body FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2", after, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: changes since %d: %w", after, err)
	}
	out, err := pgx.CollectRows(rows, scanChange)
	if err != nil {
		return nil, fmt.Errorf("postgres: changes since %d: %w", after, err)
	}
	return out, nil
}

func scanChange(row pgx.CollectableRow) (storage.Change, error) {
	var (
		c    storage.Change
		at   int64
		body []byte
		b    changeBody
	)
	if err := row.Scan(&c.Seq, &at, &c.Kind, &body); err != nil {
		return c, err
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return c, fmt.Errorf("change %d: bad body: %w", c.Seq, err)
	}
	c.At = fromMillis(at)
	c.Posts, c.Users, c.Lists, c.Tags, c.All = b.Posts, b.Users, b.Lists, b.Tags, b.All
	return c, nil
}

// LastChangeSeq returns the highest Seq ever handed out, even when a trim
// has since emptied the log, so a follower never mistakes a trim for a reset.
func (s *Store) LastChangeSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := s.pool.QueryRow(ctx, "SELECT seq FROM change_seq").Scan(&seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: last change seq: %w", err)
	}
	return seq, nil
}

// TrimChanges drops log entries written before before.
func (s *Store) TrimChanges(ctx context.Context, before time.Time) error {
	if _, err := s.pool.Exec(ctx, "DELETE FROM changes WHERE at < $1", before.UnixMilli()); err != nil {
		return fmt.Errorf("postgres: trim changes: %w", err)
	}
	return nil
}
