-- 004_search: the full-text index behind search timelines. Documents are
-- written by the store (storage.SearchDoc): hex-encoded, already folded
-- tokens, so the ascii tokeniser only splits on spaces and the index
-- holds exactly what PostgreSQL's holds. rowid is the post id. Posts
-- written before this migration are indexed by the store right after it.
CREATE VIRTUAL TABLE post_fts USING fts5(doc, tokenize = 'ascii');
