package storage

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Poll limits, as on X: two to four options of at most 25 characters.
const (
	MinPollOptions  = 2
	MaxPollOptions  = 4
	MaxPollLabel    = 25
	MaxCardTitle    = 300
	MaxCardText     = 1000
	MaxCardSiteName = 100
)

// Poll is a post's poll as the platform last reported it: Roost shows the
// counts, it does not collect votes. A new count is an update of the post.
type Poll struct {
	Options []PollOption `json:"options"`
	EndsAt  time.Time    `json:"ends_at,omitzero"` // zero = no end time given
	Closed  bool         `json:"closed,omitempty"`
}

// PollOption is one choice of a poll with its vote count.
type PollOption struct {
	Label string `json:"label"`
	Votes int64  `json:"votes"`
}

// Total is the number of votes cast.
func (p *Poll) Total() int64 {
	var n int64
	for _, o := range p.Options {
		n += o.Votes
	}
	return n
}

// Final reports whether the poll no longer takes votes at time now.
func (p *Poll) Final(now time.Time) bool {
	return p.Closed || !p.EndsAt.IsZero() && !now.Before(p.EndsAt)
}

// LinkCard is a link preview card pushed by the platform (Roost never
// fetches the page): URL must be one of the post's own links.
type LinkCard struct {
	URL          string `json:"url"`
	Title        string `json:"title"`
	Description  string `json:"description,omitempty"`
	ImageMediaID int64  `json:"image_media_id,omitempty"`
	SiteName     string `json:"site_name,omitempty"`
}

// CheckPoll validates a poll; field prefixes the names in its errors
// ("poll"). Every backend and the API run it, so an import cannot store
// what the API would refuse.
func CheckPoll(field string, p *Poll) error {
	if p == nil {
		return nil
	}
	if n := len(p.Options); n < MinPollOptions || n > MaxPollOptions {
		return Invalid(field+".options", "a poll has %d to %d options, got %d", MinPollOptions, MaxPollOptions, n)
	}
	for i, o := range p.Options {
		f := fmt.Sprintf("%s.options[%d]", field, i)
		label := strings.TrimSpace(o.Label)
		switch {
		case label == "":
			return Invalid(f+".label", "is required")
		case utf8.RuneCountInString(o.Label) > MaxPollLabel:
			return Invalid(f+".label", "is at most %d characters, got %d", MaxPollLabel, utf8.RuneCountInString(o.Label))
		case !utf8.ValidString(o.Label):
			return Invalid(f+".label", "is not valid UTF-8")
		case o.Votes < 0:
			return Invalid(f+".votes", "must not be negative, got %d", o.Votes)
		}
	}
	return nil
}

// CheckCard validates a link card against its post: the URL must be one of
// the post's links (a url entity, compared as stored). The image, if any,
// is checked by the store, which knows its kind.
func CheckCard(field string, c *LinkCard, entities []Entity) error {
	if c == nil {
		return nil
	}
	if c.URL == "" {
		return Invalid(field+".url", "is required")
	}
	if !hasLink(entities, c.URL) {
		return Invalid(field+".url", "%q is not one of the post's links", c.URL)
	}
	for _, s := range [...]struct {
		name, v string
		max     int
	}{{"title", c.Title, MaxCardTitle}, {"description", c.Description, MaxCardText}, {"site_name", c.SiteName, MaxCardSiteName}} {
		if !utf8.ValidString(s.v) {
			return Invalid(field+"."+s.name, "is not valid UTF-8")
		}
		if n := utf8.RuneCountInString(s.v); n > s.max {
			return Invalid(field+"."+s.name, "is at most %d characters, got %d", s.max, n)
		}
	}
	if strings.TrimSpace(c.Title) == "" {
		return Invalid(field+".title", "is required")
	}
	return nil
}

// hasLink reports whether url is the value of one of the url entities, a
// trailing slash aside (the linker and the platform may disagree on it).
func hasLink(entities []Entity, url string) bool {
	want := strings.TrimSuffix(url, "/")
	for _, e := range entities {
		if e.Kind == EntityURL && strings.TrimSuffix(e.Value, "/") == want {
			return true
		}
	}
	return false
}
