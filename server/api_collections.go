package server

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
)

// maxNoteRunes bounds a collection entry's note: a caption, not a post.
const maxNoteRunes = 280

// collectionInput is the body of POST /api/v1/collections; posts is
// optional (an empty collection can be filled later).
type collectionInput struct {
	Owner       string        `json:"owner"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Posts       *[]entryInput `json:"posts"`
}

// entriesInput is the body of PUT /api/v1/collections/{id}/posts: the
// posts in display order, each with an optional note.
type entriesInput struct {
	Posts []entryInput `json:"posts"`
}

type entryInput struct {
	ID   ID     `json:"id"`
	Note string `json:"note"`
}

// collectionJSON is a collection in API answers.
type collectionJSON struct {
	ID          ID          `json:"id"`
	Owner       string      `json:"owner"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Posts       []entryJSON `json:"posts"`
	CreatedAt   time.Time   `json:"created_at"`
	URL         string      `json:"url"`
	EmbedURL    string      `json:"embed_url"`
}

type entryJSON struct {
	ID   ID     `json:"id"`
	Note string `json:"note,omitempty"`
}

// createCollection serves POST /api/v1/collections. The collection and
// its entries are two store writes; when the entries are refused the new
// collection is deleted again, so a failed request leaves nothing behind.
func (s *Server) createCollection(c *fiber.Ctx) error {
	var in collectionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validateCollection(&in); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	owner, err := s.st.UserByHandle(ctx, in.Owner)
	if isNotFound(err) {
		return storage.Invalid("owner", "no user has the handle %q", in.Owner)
	} else if err != nil {
		return err
	}
	col := &storage.Collection{OwnerID: owner.ID, Name: in.Name, Description: in.Description, CreatedAt: time.Now().UTC()}
	ch, err := s.st.CreateCollection(ctx, col)
	if err != nil {
		return err
	}
	s.changed(ch)
	var es []storage.CollectionEntry
	if in.Posts != nil {
		es = storeEntries(*in.Posts)
		if ch, err = s.st.SetCollectionEntries(ctx, col.ID, es); err != nil {
			if dch, derr := s.st.DeleteCollection(context.WithoutCancel(ctx), col.ID); derr == nil {
				s.changed(dch)
			}
			return err
		}
		s.changed(ch)
	}
	return sendJSON(c, fiber.StatusCreated, dataBody{s.collectionView(col, owner, es)})
}

// validateCollection checks the collection's own fields and its entries.
func validateCollection(in *collectionInput) error {
	if in.Owner == "" {
		return storage.Invalid("owner", "is required")
	}
	if in.Name == "" {
		return storage.Invalid("name", "is required")
	}
	err := firstError(checkRunes("name", in.Name, maxNameRunes), checkRunes("description", in.Description, maxBioRunes))
	if err == nil && in.Posts != nil {
		err = validateEntries(*in.Posts)
	}
	return err
}

// validateEntries checks the count and every note; the store checks the
// posts themselves.
func validateEntries(posts []entryInput) error {
	if len(posts) > storage.MaxCollectionEntries {
		return storage.Invalid("posts", "at most %d posts are allowed, got %d", storage.MaxCollectionEntries, len(posts))
	}
	for i, p := range posts {
		if err := checkRunes(fmt.Sprintf("posts[%d].note", i), p.Note, maxNoteRunes); err != nil {
			return err
		}
	}
	return nil
}

func storeEntries(in []entryInput) []storage.CollectionEntry {
	out := make([]storage.CollectionEntry, len(in))
	for i, e := range in {
		out[i] = storage.CollectionEntry{PostID: int64(e.ID), Note: e.Note}
	}
	return out
}

// setCollectionPosts serves PUT /api/v1/collections/{id}/posts.
func (s *Server) setCollectionPosts(c *fiber.Ctx) error {
	var in entriesInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validateEntries(in.Posts); err != nil {
		return err
	}
	id, ok := parseID(c.Params("id"))
	if !ok {
		return errorf(404, "", "no collection has the id %q", c.Params("id"))
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	es := storeEntries(in.Posts)
	ch, err := s.st.SetCollectionEntries(ctx, id, es)
	if err != nil {
		return err
	}
	s.changed(ch)
	col, err := s.st.CollectionByID(ctx, id)
	if err != nil {
		return err
	}
	owner, err := s.st.UserByID(ctx, col.OwnerID)
	if err != nil {
		return err
	}
	return sendJSON(c, fiber.StatusOK, dataBody{s.collectionView(col, owner, es)})
}

// deleteCollection serves DELETE /api/v1/collections/{id}.
func (s *Server) deleteCollection(c *fiber.Ctx) error {
	id, ok := parseID(c.Params("id"))
	if !ok {
		return errorf(404, "", "no collection has the id %q", c.Params("id"))
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	ch, err := s.st.DeleteCollection(ctx, id)
	if err != nil {
		return err
	}
	s.changed(ch)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) collectionView(col *storage.Collection, owner *storage.User, es []storage.CollectionEntry) collectionJSON {
	id := strconv.FormatInt(col.ID, 10)
	v := collectionJSON{ID: ID(col.ID), Owner: owner.Handle, Name: col.Name, Description: col.Description,
		Posts: []entryJSON{}, CreatedAt: col.CreatedAt.UTC(),
		URL: s.cfg.PublicURL + "/i/collections/" + id, EmbedURL: s.cfg.PublicURL + "/embed/collection/" + id}
	for _, e := range es {
		v.Posts = append(v.Posts, entryJSON{ID: ID(e.PostID), Note: e.Note})
	}
	return v
}
