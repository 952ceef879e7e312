package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/roost-embed/roost/storage"
)

// docJSON encodes a poll or card; none (a nil pointer) is no document.
func docJSON[T any](v *T) JSON {
	if v == nil {
		return nil
	}
	b, _ := json.Marshal(v) // strings, ints, bools and a time always encode
	return b
}

// readRich decodes the poll and card documents of a post row.
func readRich(p *storage.Post, poll, card []byte) error {
	if len(poll) > 0 {
		p.Poll = new(storage.Poll)
		if err := json.Unmarshal(poll, p.Poll); err != nil {
			return fmt.Errorf("bad poll: %w", err)
		}
	}
	if len(card) > 0 {
		p.Card = new(storage.LinkCard)
		if err := json.Unmarshal(card, p.Card); err != nil {
			return fmt.Errorf("bad card: %w", err)
		}
	}
	return nil
}

// checkRich validates a post's poll and card: their shape (the same rules
// as the API's), and that a card's image is a stored image, not a video.
func checkRich(p *storage.Post, kinds map[int64]string) error {
	if err := storage.CheckPoll("poll", p.Poll); err != nil {
		return err
	}
	if err := storage.CheckCard("card", p.Card, p.Entities); err != nil {
		return err
	}
	if p.Card == nil || p.Card.ImageMediaID == 0 {
		return nil
	}
	switch kind, ok := kinds[p.Card.ImageMediaID]; {
	case !ok:
		return storage.Invalid("card.image_media_id", "media %d does not exist", p.Card.ImageMediaID)
	case kind == storage.MediaVideo || kind == storage.MediaGIF:
		return storage.Invalid("card.image_media_id", "media %d is a %s, not an image", p.Card.ImageMediaID, kind)
	}
	return nil
}

// cardImageKinds reads the kind of every card image the posts name, in one
// query (none asks nothing).
func (s *Store) cardImageKinds(ctx context.Context, q Conn, posts []*storage.Post) (map[int64]string, error) {
	var ids []int64
	for _, p := range posts {
		if p.Card != nil && p.Card.ImageMediaID != 0 {
			ids = append(ids, p.Card.ImageMediaID)
		}
	}
	kinds := map[int64]string{}
	if len(ids) == 0 {
		return kinds, nil
	}
	rows, err := q.Query(ctx, "SELECT id, kind FROM media WHERE id = ANY(?)", ids)
	if err != nil {
		return nil, s.errorf("card image kinds: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id   int64
			kind string
		)
		if err := rows.Scan(&id, &kind); err != nil {
			return nil, s.errorf("card image kinds: %w", err)
		}
		kinds[id] = kind
	}
	return kinds, rows.Err()
}
