-- 004_search_collections: the full-text index behind search timelines, and
-- curated collections of posts. Search documents are written by the store
-- (storage.SearchDoc) as tsvector literals of hex-encoded, already folded
-- tokens with their positions: no text search configuration, parser or
-- database locale touches them, so the index holds exactly what SQLite's
-- holds. Posts written before this migration are indexed by the store
-- right after it.
CREATE TABLE post_search (
    post_id BIGINT   PRIMARY KEY,
    doc     tsvector NOT NULL
);
CREATE INDEX post_search_doc ON post_search USING GIN (doc);

-- Collections: a curated, ordered set of posts owned by a user, each with
-- an optional note. A deleted post leaves every collection (the store
-- deletes its entries with it).
CREATE TABLE collections (
    id          BIGINT PRIMARY KEY,
    owner_id    BIGINT NOT NULL CONSTRAINT collections_owner_fkey REFERENCES users (id),
    name        TEXT   NOT NULL DEFAULT '',
    description TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX collections_owner ON collections (owner_id);

CREATE TABLE collection_entries (
    collection_id BIGINT  NOT NULL CONSTRAINT collection_entries_collection_fkey REFERENCES collections (id),
    position      INTEGER NOT NULL,
    post_id       BIGINT  NOT NULL CONSTRAINT collection_entries_post_fkey REFERENCES posts (id),
    note          TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (collection_id, position),
    CONSTRAINT collection_entries_unique UNIQUE (collection_id, post_id)
);
CREATE INDEX collection_entries_post ON collection_entries (post_id);
