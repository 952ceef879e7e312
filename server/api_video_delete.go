package server

import (
	"context"

	"github.com/roost-embed/roost/storage"
)

// videoFiles is what deleting posts must clean up: the rows of their
// videos and GIFs with the posters, and the files they name.
type videoFiles struct {
	ids   []int64
	paths []string
}

// collectVideos notes the videos (with posters) the posts show.
func (s *Server) collectVideos(ctx context.Context, posts []*storage.Post, into *videoFiles) error {
	var ids []int64
	for _, p := range posts {
		ids = append(ids, p.MediaIDs...)
	}
	if len(ids) == 0 {
		return nil
	}
	ms, err := s.st.MediaByIDs(ctx, ids)
	if err != nil {
		return err
	}
	var posters []int64
	for _, m := range ms {
		if m.Playable() {
			into.ids, into.paths = append(into.ids, m.ID), append(into.paths, m.Path)
			if m.PosterMediaID != 0 {
				posters = append(posters, m.PosterMediaID)
			}
		}
	}
	ps, err := s.st.MediaByIDs(ctx, posters)
	for _, p := range ps {
		into.ids, into.paths = append(into.ids, p.ID), append(into.paths, p.Path)
	}
	return err
}

// userVideos notes the videos of every post of the user, a page at a time.
func (s *Server) userVideos(ctx context.Context, userID int64) (videoFiles, error) {
	var vf videoFiles
	q := storage.TimelineQuery{Limit: 200, IncludeReplies: true}
	for {
		posts, err := s.st.UserTimeline(ctx, userID, q)
		if err != nil || len(posts) == 0 {
			return vf, err
		}
		if err := s.collectVideos(ctx, posts, &vf); err != nil {
			return vf, err
		}
		q.Before = posts[len(posts)-1].ID
	}
}

// removeVideos runs after the posts are gone: it deletes the video and
// poster rows nothing shows any more, then each file no row names, so a
// deleted post's video answers 404 on every instance sharing the media
// directory. A failure here is logged, not answered: the delete happened.
func (s *Server) removeVideos(ctx context.Context, vf videoFiles) {
	if len(vf.ids) > 0 {
		if _, ch, err := s.st.DeleteMedia(ctx, vf.ids); err != nil {
			s.log.Warn("delete video rows", "err", err)
		} else if ch.Seq != 0 {
			s.changed(ch)
		}
	}
	for _, path := range vf.paths {
		used, err := s.st.MediaPathInUse(ctx, path)
		if err != nil || used {
			continue
		}
		if err := s.lib.Remove(path); err != nil {
			s.log.Warn("remove video file", "path", path, "err", err)
		}
	}
}
