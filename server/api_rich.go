package server

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/roost-embed/roost/storage"
)

// rawField holds a JSON member decoded later, and whether it was present:
// on PATCH an absent poll or card keeps the stored one, null removes it.
type rawField struct {
	Set bool
	Raw json.RawMessage
}

// UnmarshalJSON keeps the member's text; null arrives here too.
func (f *rawField) UnmarshalJSON(b []byte) error {
	f.Set, f.Raw = true, append(f.Raw[:0], b...)
	return nil
}

// null reports whether the member was JSON null.
func (f *rawField) null() bool { return string(bytes.TrimSpace(f.Raw)) == "null" }

// pollInput is the poll member of a post body.
type pollInput struct {
	Options []struct {
		Label string `json:"label"`
		Votes int64  `json:"votes"`
	} `json:"options"`
	EndsAt *string `json:"ends_at"`
	Closed bool    `json:"closed"`
}

// cardInput is the card member of a post body.
type cardInput struct {
	URL          string `json:"url"`
	Title        string `json:"title"`
	Description  string `json:"description"`
	ImageMediaID *ID    `json:"image_media_id"`
	SiteName     string `json:"site_name"`
}

// decodeMember decodes a member strictly (no unknown fields), naming it in
// the error.
func decodeMember(field string, raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		msg := strings.TrimPrefix(err.Error(), "json: ")
		return storage.Invalid(field, "%s", msg)
	}
	return nil
}

// applyRich copies a present poll or card member onto p.
func (in *postInput) applyRich(p *storage.Post) error {
	if in.Poll.Set {
		poll, err := parsePoll(&in.Poll)
		if err != nil {
			return err
		}
		p.Poll = poll
	}
	if in.Card.Set {
		card, err := parseCard(&in.Card)
		if err != nil {
			return err
		}
		p.Card = card
	}
	return nil
}

func parsePoll(f *rawField) (*storage.Poll, error) {
	if f.null() {
		return nil, nil
	}
	var in pollInput
	if err := decodeMember("poll", f.Raw, &in); err != nil {
		return nil, err
	}
	p := &storage.Poll{Closed: in.Closed, Options: make([]storage.PollOption, len(in.Options))}
	for i, o := range in.Options {
		p.Options[i] = storage.PollOption{Label: strings.TrimSpace(o.Label), Votes: o.Votes}
	}
	if in.EndsAt != nil {
		t, err := parseTime("poll.ends_at", *in.EndsAt)
		if err != nil {
			return nil, err
		}
		p.EndsAt = t.Truncate(time.Millisecond)
	}
	return p, storage.CheckPoll("poll", p)
}

func parseCard(f *rawField) (*storage.LinkCard, error) {
	if f.null() {
		return nil, nil
	}
	var in cardInput
	if err := decodeMember("card", f.Raw, &in); err != nil {
		return nil, err
	}
	c := &storage.LinkCard{URL: strings.TrimSpace(in.URL), Title: strings.TrimSpace(in.Title),
		Description: strings.TrimSpace(in.Description), SiteName: strings.TrimSpace(in.SiteName)}
	if in.ImageMediaID != nil {
		c.ImageMediaID = int64(*in.ImageMediaID)
	}
	return c, checkURL("card.url", c.URL)
}

// pollJSON and cardJSON are the public shapes of a poll and a link card.
type pollJSON struct {
	Options    []storage.PollOption `json:"options"`
	TotalVotes int64                `json:"total_votes"`
	EndsAt     *time.Time           `json:"ends_at"`
	Closed     bool                 `json:"closed"`
}

type cardJSON struct {
	URL          string     `json:"url"`
	Domain       string     `json:"domain"`
	Title        string     `json:"title"`
	Description  string     `json:"description"`
	SiteName     string     `json:"site_name"`
	ImageMediaID *ID        `json:"image_media_id"`
	Image        *mediaJSON `json:"image"`
}

// pollView is the public form of p; closed is as stored or past its end
// (a cached answer may say open for up to the cache's freshness).
func pollView(p *storage.Poll) *pollJSON {
	if p == nil {
		return nil
	}
	return &pollJSON{Options: p.Options, TotalVotes: p.Total(), EndsAt: optionalTime(p.EndsAt), Closed: p.Final(time.Now())}
}

func (s *Server) cardView(c *storage.LinkCard, media map[int64]*storage.Media) *cardJSON {
	if c == nil {
		return nil
	}
	v := &cardJSON{URL: c.URL, Domain: linkDomain(c.URL), Title: c.Title, Description: c.Description,
		SiteName: c.SiteName, ImageMediaID: optionalID(c.ImageMediaID)}
	if m := media[c.ImageMediaID]; m != nil {
		mv := s.mediaView(m)
		v.Image = &mv
	}
	return v
}

// linkDomain is the host a card shows, without "www.".
func linkDomain(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// richMediaIDs lists the media a post shows besides its own: the card image.
func richMediaIDs(p *storage.Post) []int64 {
	if p.Card != nil && p.Card.ImageMediaID != 0 {
		return []int64{p.Card.ImageMediaID}
	}
	return nil
}
