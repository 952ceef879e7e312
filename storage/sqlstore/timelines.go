package sqlstore

import (
	"context"
	"math"

	"github.com/roost-embed/roost/storage"
)

// maxTimeline caps TimelineQuery.Limit, as the contract says.
const maxTimeline = 200

// page turns a TimelineQuery into the upper id bound, the row limit and
// the extra filter that drops replies.
func page(q storage.TimelineQuery) (before int64, limit int, replies string) {
	before, limit = q.Before, q.Limit
	if before <= 0 {
		before = math.MaxInt64
	}
	if limit <= 0 || limit > maxTimeline {
		limit = maxTimeline
	}
	if !q.IncludeReplies {
		// A literal, not a parameter, so the planner can prove the partial
		// index posts_author_top applies, even to a cached statement.
		replies = " AND p.reply_to = 0"
	}
	return before, limit, replies
}

// UserTimeline returns the user's posts newest first. The query walks
// posts_author (or posts_author_top without replies) backwards from
// Before, so its cost depends on Limit, not on how many posts the user has.
func (s *Store) UserTimeline(ctx context.Context, userID int64, q storage.TimelineQuery) ([]*storage.Post, error) {
	if _, err := s.userByID(ctx, s.r, userID, ""); err != nil {
		return nil, err
	}
	before, limit, replies := page(q)
	return s.queryPosts(ctx, s.r, UserTimelineSQL(replies), userID, before, limit)
}

// UserTimelineSQL is the profile timeline query; backend tests check its
// plan.
func UserTimelineSQL(replies string) string {
	return "SELECT " + postCols + " FROM posts p WHERE p.author_id = ? AND p.id < ?" + replies +
		" ORDER BY p.id DESC LIMIT ?"
}

// ListTimeline returns the posts of the list's members who are neither
// protected nor suspended, newest first.
func (s *Store) ListTimeline(ctx context.Context, listID int64, q storage.TimelineQuery) ([]*storage.Post, error) {
	if _, err := s.listByID(ctx, s.r, listID, ""); err != nil {
		return nil, err
	}
	before, limit, replies := page(q)
	return s.queryPosts(ctx, s.r, `SELECT `+postCols+` FROM list_members lm
		JOIN users u ON u.id = lm.user_id AND NOT u.protected AND NOT u.suspended
		JOIN posts p ON p.author_id = lm.user_id
		WHERE lm.list_id = ? AND p.id < ?`+replies+` ORDER BY p.id DESC LIMIT ?`, listID, before, limit)
}

// HashtagTimeline returns the posts tagged tag (any case, with or without
// '#') whose authors are neither protected nor suspended, newest first,
// walking post_tags' primary key backwards from Before.
func (s *Store) HashtagTimeline(ctx context.Context, tag string, q storage.TimelineQuery) ([]*storage.Post, error) {
	before, limit, replies := page(q)
	return s.queryPosts(ctx, s.r, HashtagTimelineSQL(replies), normTag(tag), before, limit)
}

// HashtagTimelineSQL is the hashtag timeline query; backend tests check
// its plan.
func HashtagTimelineSQL(replies string) string {
	return `SELECT ` + postCols + ` FROM post_tags t
		JOIN posts p ON p.id = t.post_id
		JOIN users u ON u.id = p.author_id AND NOT u.protected AND NOT u.suspended
		WHERE t.tag = ? AND t.post_id < ?` + replies + ` ORDER BY t.post_id DESC LIMIT ?`
}
