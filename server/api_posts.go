package server

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/entity"
	"github.com/roost-embed/roost/storage"
)

// postInput is the body of POST and PATCH /api/v1/posts. PATCH may change
// only the content fields; id, author, reply_to and quote_of are fixed once
// a post exists.
type postInput struct {
	ID          *ID      `json:"id"`
	Author      *string  `json:"author"`
	Text        *string  `json:"text"`
	Lang        *string  `json:"lang"`
	CreatedAt   *string  `json:"created_at"`
	ReplyTo     *ID      `json:"reply_to"`
	QuoteOf     *ID      `json:"quote_of"`
	MediaIDs    *[]ID    `json:"media_ids"`
	LikeCount   *int64   `json:"like_count"`
	RepostCount *int64   `json:"repost_count"`
	ReplyCount  *int64   `json:"reply_count"`
	Sensitive   *bool    `json:"sensitive"`
	Summary     *string  `json:"summary"`
	OriginalURL *string  `json:"original_url"`
	Poll        rawField `json:"poll"` // null removes the poll
	Card        rawField `json:"card"` // null removes the card
}

// applyContent copies the present content fields of in onto p and reports
// whether what a reader sees (text or media) changed.
func (in *postInput) applyContent(p *storage.Post) (edited bool) {
	if in.Text != nil && *in.Text != p.Text {
		p.Text, edited = *in.Text, true
	}
	if in.MediaIDs != nil {
		p.MediaIDs, edited = ids(*in.MediaIDs), true
	}
	setString(&p.Lang, in.Lang)
	setString(&p.Summary, in.Summary)
	setString(&p.OriginalURL, in.OriginalURL)
	setInt(&p.LikeCount, in.LikeCount)
	setInt(&p.RepostCount, in.RepostCount)
	setInt(&p.ReplyCount, in.ReplyCount)
	setBool(&p.Sensitive, in.Sensitive)
	return edited
}

// validatePost checks every content field of p.
func validatePost(p *storage.Post, in *postInput) error {
	if p.Text == "" && len(p.MediaIDs) == 0 && p.Poll == nil {
		return storage.Invalid("text", "is required unless the post has media or a poll")
	}
	return firstError(
		checkRunes("text", p.Text, maxTextRunes),
		checkLang("lang", p.Lang),
		checkRunes("summary", p.Summary, maxTextRunes),
		checkURL("original_url", p.OriginalURL),
		checkMediaIDs(p.MediaIDs),
		checkCount("like_count", in.LikeCount),
		checkCount("repost_count", in.RepostCount),
		checkCount("reply_count", in.ReplyCount),
		storage.CheckCard("card", p.Card, p.Entities),
	)
}

// checkMediaIDs allows at most four distinct media per post.
func checkMediaIDs(ids []int64) error {
	if len(ids) > maxMediaPerPost {
		return storage.Invalid("media_ids", "at most %d media are allowed, got %d", maxMediaPerPost, len(ids))
	}
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] {
			return storage.Invalid("media_ids", "media %d is listed twice", id)
		}
		seen[id] = true
	}
	return nil
}

// newPost builds a post from a create request, resolving the author.
func (s *Server) newPost(ctx context.Context, in *postInput) (*storage.Post, error) {
	if in.Author == nil || *in.Author == "" {
		return nil, storage.Invalid("author", "is required")
	}
	author, err := s.st.UserByHandle(ctx, *in.Author)
	if isNotFound(err) {
		return nil, storage.Invalid("author", "no user has the handle %q", *in.Author)
	}
	if err != nil {
		return nil, err
	}
	p := &storage.Post{AuthorID: author.ID}
	if in.ID != nil {
		p.ID = int64(*in.ID)
	}
	if in.ReplyTo != nil {
		p.ReplyTo = int64(*in.ReplyTo)
	}
	if in.QuoteOf != nil {
		p.QuoteOf = int64(*in.QuoteOf)
	}
	if in.CreatedAt != nil {
		if p.CreatedAt, err = parseTime("created_at", *in.CreatedAt); err != nil {
			return nil, err
		}
	}
	in.applyContent(p)
	p.Entities = entity.Find(p.Text)
	if err := in.applyRich(p); err != nil {
		return nil, err
	}
	return p, validatePost(p, in)
}

// createPost serves POST /api/v1/posts.
func (s *Server) createPost(c *fiber.Ctx) error {
	var in postInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	p, err := s.newPost(ctx, &in)
	if err != nil {
		return err
	}
	ch, err := s.st.CreatePost(ctx, p)
	if err != nil {
		return err
	}
	s.changed(ch)
	c.Location(s.cfg.PublicURL + "/api/v1/posts/" + strconv.FormatInt(p.ID, 10))
	return s.sendPost(ctx, c, fiber.StatusCreated, p)
}

// updatePost serves PATCH /api/v1/posts/{id}.
func (s *Server) updatePost(c *fiber.Ctx) error {
	var in postInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := fixedPostFields(&in); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	p, err := s.postByParam(ctx, c)
	if err != nil {
		return err
	}
	if in.applyContent(p) {
		p.EditedAt = time.Now().UTC()
		p.Entities = entity.Find(p.Text)
	}
	if err := in.applyRich(p); err != nil {
		return err
	}
	if err := validatePost(p, &in); err != nil {
		return err
	}
	ch, err := s.st.UpdatePost(ctx, p)
	if err != nil {
		return err
	}
	s.changed(ch)
	return s.sendPost(ctx, c, fiber.StatusOK, p)
}

// fixedPostFields rejects a PATCH that tries to change what a post is.
func fixedPostFields(in *postInput) error {
	switch {
	case in.ID != nil:
		return storage.Invalid("id", "cannot be changed")
	case in.Author != nil:
		return storage.Invalid("author", "cannot be changed")
	case in.ReplyTo != nil:
		return storage.Invalid("reply_to", "cannot be changed")
	case in.QuoteOf != nil:
		return storage.Invalid("quote_of", "cannot be changed")
	case in.CreatedAt != nil:
		return storage.Invalid("created_at", "cannot be changed")
	}
	return nil
}

// deletePost serves DELETE /api/v1/posts/{id}.
func (s *Server) deletePost(c *fiber.Ctx) error {
	id, ok := parseID(c.Params("id"))
	if !ok {
		return errorf(404, "", "no post has the id %q", c.Params("id"))
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	var vf videoFiles
	if p, err := s.st.PostByID(ctx, id); err == nil {
		if err := s.collectVideos(ctx, []*storage.Post{p}, &vf); err != nil {
			return err
		}
	}
	ch, err := s.st.DeletePost(ctx, id)
	if err != nil {
		return err
	}
	s.changed(ch)
	s.removeVideos(ctx, vf)
	return c.SendStatus(fiber.StatusNoContent)
}

// postByParam loads the post named by the :id path parameter.
func (s *Server) postByParam(ctx context.Context, c *fiber.Ctx) (*storage.Post, error) {
	id, ok := parseID(c.Params("id"))
	if !ok {
		return nil, errorf(404, "", "no post has the id %q", c.Params("id"))
	}
	return s.st.PostByID(ctx, id)
}

// sendPost answers with p as {"data": post}.
func (s *Server) sendPost(ctx context.Context, c *fiber.Ctx, status int, p *storage.Post) error {
	views, err := s.postViews(ctx, []*storage.Post{p})
	if err != nil {
		return err
	}
	return sendJSON(c, status, dataBody{views[0]})
}
