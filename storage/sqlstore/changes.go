package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

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

	Collections []int64 `json:"collections,omitempty"`
}

// tidy sorts the change's sets, drops duplicates and zero ids (a post that
// replies to nothing has ReplyTo 0), so followers and tests see one form.
func tidy(c storage.Change) storage.Change {
	c.Posts = tidyIDs(c.Posts)
	c.Users = tidyIDs(c.Users)
	c.Lists = tidyIDs(c.Lists)
	c.Collections = tidyIDs(c.Collections)
	slices.Sort(c.Tags)
	c.Tags = slices.Compact(c.Tags)
	return c
}

func tidyIDs(ids []int64) []int64 {
	ids = slices.DeleteFunc(ids, func(id int64) bool { return id == 0 })
	slices.Sort(ids)
	return slices.Clip(slices.Compact(ids))
}

// appendChange writes c to the log inside tx and returns it with its Seq
// and At. On PostgreSQL it takes the change counter's row lock, held to
// commit, so writes call it as their last step.
func (s *Store) appendChange(ctx context.Context, tx Tx, c storage.Change) (storage.Change, error) {
	c = tidy(c)
	if c.At.IsZero() {
		c.At = now()
	}
	body, err := json.Marshal(changeBody{Posts: c.Posts, Users: c.Users, Lists: c.Lists, Tags: c.Tags, All: c.All, Collections: c.Collections})
	if err != nil {
		return c, s.errorf("encode change: %w", err)
	}
	if c.Seq, err = s.e.AppendChange(ctx, tx, millis(c.At), c.Kind, body); err != nil {
		return c, s.errorf("append change: %w", err)
	}
	return c, nil
}

// AppendChange logs a change that is not a content write, such as a purge.
func (s *Store) AppendChange(ctx context.Context, c storage.Change) (storage.Change, error) {
	c.Seq = 0
	var out storage.Change
	err := s.inTx(ctx, func(tx Tx) error {
		var err error
		out, err = s.appendChange(ctx, tx, c)
		return err
	})
	return out, err
}

// ChangesSince returns up to limit log entries with Seq > after, oldest first.
func (s *Store) ChangesSince(ctx context.Context, after int64, limit int) ([]storage.Change, error) {
	if limit <= 0 || limit > maxChanges {
		limit = maxChanges
	}
	out, err := collect(ctx, s.r, scanChange,
		"SELECT seq, at, kind, body FROM changes WHERE seq > ? ORDER BY seq LIMIT ?", after, limit)
	if err != nil {
		return nil, s.errorf("changes since %d: %w", after, err)
	}
	return out, nil
}

func scanChange(r Rows) (storage.Change, error) {
	var (
		c    storage.Change
		at   int64
		body []byte
		b    changeBody
	)
	if err := r.Scan(&c.Seq, &at, &c.Kind, &body); err != nil {
		return c, err
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return c, fmt.Errorf("change %d: bad body: %w", c.Seq, err)
	}
	c.At = fromMillis(at)
	c.Posts, c.Users, c.Lists, c.Tags, c.All = b.Posts, b.Users, b.Lists, b.Tags, b.All
	c.Collections = b.Collections
	return c, nil
}

// LastChangeSeq returns the highest Seq ever handed out, even when a trim
// has since emptied the log, so a follower never mistakes a trim for a reset.
func (s *Store) LastChangeSeq(ctx context.Context) (int64, error) {
	seq, err := s.e.LastChangeSeq(ctx)
	if err != nil {
		return 0, s.errorf("last change seq: %w", err)
	}
	return seq, nil
}

// TrimChanges drops log entries written before before.
func (s *Store) TrimChanges(ctx context.Context, before time.Time) error {
	if _, err := s.e.Writer().Exec(ctx, "DELETE FROM changes WHERE at < ?", before.UnixMilli()); err != nil {
		return s.errorf("trim changes: %w", err)
	}
	return nil
}
