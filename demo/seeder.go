package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"time"

	"github.com/roost-embed/roost/entity"
	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// snowflakeEpoch is the epoch of storage's ids (X's, 2010-11-04), so demo
// ids decode to their creation time with storage.IDTime.
const snowflakeEpoch = 1288834974657

// seeder carries the state of one Seed call: the ids made so far.
type seeder struct {
	st    storage.Store
	lib   *media.Library
	users map[string]int64 // handle → id
	seq   int64            // low bits of the next id, so ids never clash
	sum   Summary
}

// id returns a fixed snowflake id for an entity created at t.
func (s *seeder) id(t time.Time) int64 {
	s.seq++
	return (t.UnixMilli()-snowflakeEpoch)<<22 | s.seq&0xfff
}

// createUser inserts a user, then its avatar (owned by it), then points the
// user at the avatar.
func (s *seeder) createUser(ctx context.Context, spec userSpec) error {
	u := spec.user
	u.ID, u.CreatedAt, u.UpdatedAt = s.id(spec.created), spec.created, spec.created
	if _, err := s.st.CreateUser(ctx, &u); err != nil {
		return fmt.Errorf("create user @%s: %w", u.Handle, err)
	}
	s.users[u.Handle] = u.ID
	s.sum.Users++
	s.sum.Handles = append(s.sum.Handles, u.Handle)
	if spec.initials == "" {
		return nil
	}
	alt := u.Name + "'s avatar: the initials " + spec.initials + " on a coloured circle."
	m, err := s.saveImage(ctx, avatar(spec.initials, spec.from, spec.to), true, u.ID, alt, spec.created)
	if err != nil {
		return fmt.Errorf("avatar of @%s: %w", u.Handle, err)
	}
	u.AvatarMediaID = m.ID
	if _, err := s.st.UpdateUser(ctx, &u); err != nil {
		return fmt.Errorf("set avatar of @%s: %w", u.Handle, err)
	}
	return nil
}

// createPost renders and saves the post's pictures, then inserts it.
func (s *seeder) createPost(ctx context.Context, spec postSpec) error {
	p := storage.Post{
		ID: s.id(spec.at), AuthorID: s.users[spec.author], Text: spec.text, Lang: spec.lang,
		CreatedAt: spec.at, ReplyTo: s.sum.SamplePostIDs[spec.replyTo], QuoteOf: s.sum.SamplePostIDs[spec.quoteOf],
		LikeCount: spec.likes, RepostCount: spec.reposts, ReplyCount: spec.replies,
		Sensitive: spec.sensitive, Summary: spec.summary, Entities: entity.Find(spec.text),
	}
	if err := s.rich(ctx, &p, spec); err != nil {
		return err
	}
	for _, pic := range spec.pictures {
		w, h := pic.size()
		m, err := s.saveImage(ctx, pic.scene.render(w, h), false, p.AuthorID, pic.alt, spec.at.Add(-time.Minute))
		if err != nil {
			return fmt.Errorf("picture of post %q: %w", spec.key, err)
		}
		p.MediaIDs = append(p.MediaIDs, m.ID)
	}
	if _, err := s.st.CreatePost(ctx, &p); err != nil {
		return fmt.Errorf("create post %q: %w", spec.key, err)
	}
	s.sum.Posts++
	s.sum.SamplePostIDs[spec.key] = p.ID
	return nil
}

// rich adds the spec's poll and link card (rendering the card's picture).
func (s *seeder) rich(ctx context.Context, p *storage.Post, spec postSpec) error {
	p.Poll = spec.poll
	if v := spec.video; v != nil {
		m, err := s.saveVideo(ctx, v, p.AuthorID, spec.at.Add(-time.Minute))
		if err != nil {
			return fmt.Errorf("video of post %q: %w", spec.key, err)
		}
		p.MediaIDs = append(p.MediaIDs, m.ID)
	}
	c := spec.card
	if c == nil {
		return nil
	}
	p.Card = &storage.LinkCard{URL: c.url, Title: c.title, Description: c.description, SiteName: c.site}
	if c.picture != nil {
		w, h := c.picture.size()
		m, err := s.saveImage(ctx, c.picture.scene.render(w, h), false, p.AuthorID, c.picture.alt, spec.at.Add(-time.Minute))
		if err != nil {
			return fmt.Errorf("card image of post %q: %w", spec.key, err)
		}
		p.Card.ImageMediaID = m.ID
	}
	return nil
}

// saveImage encodes img (PNG for avatars, JPEG at quality 85 for photos),
// stores the file in the library and records it in the store.
func (s *seeder) saveImage(ctx context.Context, img image.Image, asPNG bool, owner int64, alt string, t time.Time) (*storage.Media, error) {
	var buf bytes.Buffer
	var err error
	if asPNG {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
	}
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	m, err := s.lib.Save(&buf)
	if err != nil {
		return nil, err
	}
	m.ID, m.OwnerID, m.Alt, m.CreatedAt = s.id(t), owner, alt, t
	if _, err := s.st.CreateMedia(ctx, m); err != nil {
		return nil, fmt.Errorf("record media %s: %w", m.Path, err)
	}
	s.sum.Media++
	return m, nil
}

// createList makes the "Newsroom" list of the three public writers.
func (s *seeder) createList(ctx context.Context) error {
	t := Base().Add(-24 * time.Hour)
	l := storage.List{
		ID: s.id(t), OwnerID: s.users["roost"], Name: "Newsroom",
		Description: "The Roost demo newsroom: the project account and our correspondents.",
		CreatedAt:   t, UpdatedAt: t,
	}
	if _, err := s.st.CreateList(ctx, &l); err != nil {
		return fmt.Errorf("create list: %w", err)
	}
	members := []int64{s.users["roost"], s.users["ada"], s.users["layla"]}
	if _, err := s.st.SetListMembers(ctx, l.ID, members); err != nil {
		return fmt.Errorf("list members: %w", err)
	}
	s.sum.Lists++
	s.sum.ListID = l.ID
	return nil
}
