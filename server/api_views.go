package server

import (
	"context"
	"strconv"
	"time"

	"github.com/roost-embed/roost/storage"
)

// The JSON shapes of the API. Ids are strings; times are RFC 3339 in UTC;
// optional values are null rather than zero.

type userJSON struct {
	ID             ID         `json:"id"`
	Handle         string     `json:"handle"`
	Name           string     `json:"name"`
	Bio            string     `json:"bio"`
	URL            string     `json:"url"`
	Location       string     `json:"location"`
	AvatarMediaID  *ID        `json:"avatar_media_id"`
	AvatarURL      string     `json:"avatar_url,omitempty"`
	Verified       bool       `json:"verified"`
	Protected      bool       `json:"protected"`
	Suspended      bool       `json:"suspended"`
	FollowersCount int64      `json:"followers_count"`
	FollowingCount int64      `json:"following_count"`
	Platform       string     `json:"platform"`
	ProfileURL     string     `json:"profile_url"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      *time.Time `json:"updated_at"`
	Permalink      string     `json:"permalink"`
}

type mediaJSON struct {
	ID            ID     `json:"id"`
	Kind          string `json:"kind"` // image, video or gif
	URL           string `json:"url"`
	ContentType   string `json:"content_type"`
	Width         int    `json:"width"`
	Height        int    `json:"height"`
	Alt           string `json:"alt"`
	Color         string `json:"color,omitempty"`
	Bytes         int64  `json:"bytes"`
	DurationMS    int64  `json:"duration_ms,omitempty"`     // videos and GIFs
	PosterMediaID *ID    `json:"poster_media_id,omitempty"` // videos and GIFs
	PosterURL     string `json:"poster_url,omitempty"`
	PosterSource  string `json:"poster_source,omitempty"` // on upload: supplied, ffmpeg or drawn
}

type postJSON struct {
	ID          ID               `json:"id"`
	Author      string           `json:"author"`
	Text        string           `json:"text"`
	Lang        string           `json:"lang"`
	CreatedAt   time.Time        `json:"created_at"`
	EditedAt    *time.Time       `json:"edited_at"`
	ReplyTo     *ID              `json:"reply_to"`
	QuoteOf     *ID              `json:"quote_of"`
	Media       []mediaJSON      `json:"media"`
	LikeCount   int64            `json:"like_count"`
	RepostCount int64            `json:"repost_count"`
	ReplyCount  int64            `json:"reply_count"`
	Sensitive   bool             `json:"sensitive"`
	Summary     string           `json:"summary,omitempty"`
	OriginalURL string           `json:"original_url,omitempty"`
	Entities    []storage.Entity `json:"entities"`
	Poll        *pollJSON        `json:"poll"`
	Card        *cardJSON        `json:"card"`
	URL         string           `json:"url"`
}

type listJSON struct {
	ID          ID        `json:"id"`
	Owner       string    `json:"owner"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Members     []string  `json:"members"`
	CreatedAt   time.Time `json:"created_at"`
	URL         string    `json:"url"`
}

// dataBody wraps every successful API answer.
type dataBody struct {
	Data any `json:"data"`
}

func optionalID(id int64) *ID {
	if id == 0 {
		return nil
	}
	v := ID(id)
	return &v
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// mediaURL is the public URL of a stored media file.
func (s *Server) mediaURL(m *storage.Media) string {
	return s.cfg.PublicURL + "/media/" + m.Path
}

// permalink is the public URL of a post.
func (s *Server) permalink(handle string, id int64) string {
	return s.cfg.PublicURL + "/" + handle + "/status/" + strconv.FormatInt(id, 10)
}

func (s *Server) mediaView(m *storage.Media) mediaJSON {
	kind := m.Kind
	if kind == "" {
		kind = storage.MediaImage
	}
	return mediaJSON{ID: ID(m.ID), Kind: kind, URL: s.mediaURL(m), ContentType: m.ContentType,
		Width: m.Width, Height: m.Height, Alt: m.Alt, Color: m.Color, Bytes: m.Bytes,
		DurationMS: m.DurationMS, PosterMediaID: optionalID(m.PosterMediaID)}
}

func (s *Server) userView(u *storage.User, avatar *storage.Media) userJSON {
	v := userJSON{
		ID: ID(u.ID), Handle: u.Handle, Name: u.Name, Bio: u.Bio, URL: u.URL, Location: u.Location,
		AvatarMediaID: optionalID(u.AvatarMediaID), Verified: u.Verified, Protected: u.Protected,
		Suspended: u.Suspended, FollowersCount: u.FollowersCount, FollowingCount: u.FollowingCount,
		Platform: u.Platform, ProfileURL: u.ProfileURL, CreatedAt: u.CreatedAt.UTC(),
		UpdatedAt: optionalTime(u.UpdatedAt), Permalink: s.cfg.PublicURL + "/" + u.Handle,
	}
	if avatar != nil {
		v.AvatarURL = s.mediaURL(avatar)
	}
	return v
}

func (s *Server) postView(p *storage.Post, author string, media map[int64]*storage.Media) postJSON {
	v := postJSON{
		ID: ID(p.ID), Author: author, Text: p.Text, Lang: p.Lang, CreatedAt: p.CreatedAt.UTC(),
		EditedAt: optionalTime(p.EditedAt), ReplyTo: optionalID(p.ReplyTo), QuoteOf: optionalID(p.QuoteOf),
		Media: []mediaJSON{}, LikeCount: p.LikeCount, RepostCount: p.RepostCount, ReplyCount: p.ReplyCount,
		Sensitive: p.Sensitive, Summary: p.Summary, OriginalURL: p.OriginalURL, Entities: p.Entities,
		URL: s.permalink(author, p.ID), Poll: pollView(p.Poll), Card: s.cardView(p.Card, media),
	}
	if v.Entities == nil {
		v.Entities = []storage.Entity{}
	}
	for _, id := range p.MediaIDs {
		if m := media[id]; m != nil {
			v.Media = append(v.Media, s.mediaView(m))
		}
	}
	return v
}

// userWithAvatar renders u, loading its avatar row if it has one.
func (s *Server) userWithAvatar(ctx context.Context, u *storage.User) (userJSON, error) {
	if u.AvatarMediaID == 0 {
		return s.userView(u, nil), nil
	}
	m, err := s.st.MediaByID(ctx, u.AvatarMediaID)
	if err != nil && !isNotFound(err) {
		return userJSON{}, err
	}
	return s.userView(u, m), nil
}

// postViews renders posts, loading their authors and media in two batches.
func (s *Server) postViews(ctx context.Context, posts []*storage.Post) ([]postJSON, error) {
	var userIDs, mediaIDs []int64
	for _, p := range posts {
		userIDs = append(userIDs, p.AuthorID)
		mediaIDs = append(mediaIDs, p.MediaIDs...)
		mediaIDs = append(mediaIDs, richMediaIDs(p)...)
	}
	users, err := s.st.UsersByIDs(ctx, userIDs)
	if err != nil {
		return nil, err
	}
	media := map[int64]*storage.Media{}
	if len(mediaIDs) > 0 {
		if media, err = s.st.MediaByIDs(ctx, mediaIDs); err != nil {
			return nil, err
		}
	}
	out := make([]postJSON, 0, len(posts))
	for _, p := range posts {
		handle := ""
		if u := users[p.AuthorID]; u != nil {
			handle = u.Handle
		}
		out = append(out, s.postView(p, handle, media))
	}
	return out, nil
}
