-- 004_search_collections: the full-text index behind search timelines, and
-- curated collections of posts. Search documents are written by the store
-- (storage.SearchDoc): hex-encoded, already folded tokens, so the ascii
-- tokeniser only splits on spaces and the index holds exactly what
-- PostgreSQL's holds. rowid is the post id. Posts written before this
-- migration are indexed by the store right after it.
CREATE VIRTUAL TABLE post_fts USING fts5(doc, tokenize = 'ascii');

-- Collections: a curated, ordered set of posts owned by a user, each with
-- an optional note. A deleted post leaves every collection (the store
-- deletes its entries with it).
CREATE TABLE collections (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    name        TEXT    NOT NULL DEFAULT '',
    description TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX collections_owner ON collections (owner_id);

CREATE TABLE collection_entries (
    collection_id INTEGER NOT NULL REFERENCES collections (id),
    position      INTEGER NOT NULL,
    post_id       INTEGER NOT NULL REFERENCES posts (id),
    note          TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (collection_id, position),
    UNIQUE (collection_id, post_id)
) WITHOUT ROWID;
CREATE INDEX collection_entries_post ON collection_entries (post_id);
