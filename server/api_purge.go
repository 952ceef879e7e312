package server

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
)

// maxPurgeItems bounds one purge request, so a single call cannot append
// an unbounded change for every instance to apply.
const maxPurgeItems = 1000

// purgeInput is the body of POST /api/v1/purge.
type purgeInput struct {
	Posts []ID     `json:"posts"`
	Users []string `json:"users"` // handles
	All   bool     `json:"all"`
}

// purgeJSON is the answer: the change every instance will apply.
type purgeJSON struct {
	Seq   int64 `json:"seq,string"`
	Posts []ID  `json:"posts"`
	Users []ID  `json:"users"`
	All   bool  `json:"all"`
}

// purge serves POST /api/v1/purge (scope admin): it appends a "purge"
// change to the store's log. This instance applies it before answering;
// every other instance's follower applies it within about a second.
func (s *Server) purge(c *fiber.Ctx) error {
	var in purgeInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if len(in.Posts)+len(in.Users) > maxPurgeItems {
		return errorf(422, "posts", "at most %d posts and users per purge", maxPurgeItems)
	}
	if len(in.Posts) == 0 && len(in.Users) == 0 && !in.All {
		return errorf(422, "posts", "name posts, users or all")
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	users, err := s.userIDs(ctx, in.Users)
	if err != nil {
		return err
	}
	ch, err := s.st.AppendChange(ctx, storage.Change{Kind: "purge", Posts: ids(in.Posts), Users: users, All: in.All})
	if err != nil {
		return err
	}
	s.changed(ch)
	return sendJSON(c, fiber.StatusOK, map[string]purgeJSON{"data": {
		Seq: ch.Seq, Posts: apiIDs(ch.Posts), Users: apiIDs(ch.Users), All: ch.All,
	}})
}

// userIDs resolves handles to user ids; an unknown handle is a 404.
func (s *Server) userIDs(ctx context.Context, handles []string) ([]int64, error) {
	out := make([]int64, 0, len(handles))
	for _, h := range handles {
		u, err := s.st.UserByHandle(ctx, h)
		if err != nil {
			return nil, err
		}
		out = append(out, u.ID)
	}
	return out, nil
}

// apiIDs converts store ids to API ids, never nil (JSON []).
func apiIDs(in []int64) []ID {
	out := make([]ID, len(in))
	for i, id := range in {
		out[i] = ID(id)
	}
	return out
}
