-- 004_search: the full-text index behind search timelines. Documents are
-- written by the store (storage.SearchDoc) as tsvector literals of
-- hex-encoded, already folded tokens with their positions: no text search
-- configuration, parser or database locale touches them, so the index
-- holds exactly what SQLite's holds. Posts written before this migration
-- are indexed by the store right after it.
CREATE TABLE post_search (
    post_id BIGINT   PRIMARY KEY,
    doc     tsvector NOT NULL
);
CREATE INDEX post_search_doc ON post_search USING GIN (doc);
