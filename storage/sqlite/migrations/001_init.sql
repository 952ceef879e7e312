-- 001_init: the whole content schema. Times are unix milliseconds (UTC),
-- 0 meaning "never"; ids are 64-bit integers; booleans are 0/1.

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    handle          TEXT    NOT NULL,
    handle_key      TEXT    NOT NULL UNIQUE, -- lower-cased handle
    name            TEXT    NOT NULL DEFAULT '',
    bio             TEXT    NOT NULL DEFAULT '',
    url             TEXT    NOT NULL DEFAULT '',
    location        TEXT    NOT NULL DEFAULT '',
    avatar_media_id INTEGER NOT NULL DEFAULT 0,
    verified        INTEGER NOT NULL DEFAULT 0,
    protected       INTEGER NOT NULL DEFAULT 0,
    suspended       INTEGER NOT NULL DEFAULT 0,
    followers_count INTEGER NOT NULL DEFAULT 0,
    following_count INTEGER NOT NULL DEFAULT 0,
    platform        TEXT    NOT NULL DEFAULT '',
    profile_url     TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE media (
    id           INTEGER PRIMARY KEY,
    owner_id     INTEGER NOT NULL DEFAULT 0, -- 0 while unattached
    path         TEXT    NOT NULL,
    content_type TEXT    NOT NULL DEFAULT '',
    kind         TEXT    NOT NULL DEFAULT '',
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    bytes        INTEGER NOT NULL DEFAULT 0,
    alt          TEXT    NOT NULL DEFAULT '',
    color        TEXT    NOT NULL DEFAULT '',
    blurhash     TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX media_owner ON media (owner_id);

-- reply_to and quote_of carry no foreign key: a reply outlives its parent
-- and renders a tombstone for it.
CREATE TABLE posts (
    id           INTEGER PRIMARY KEY,
    author_id    INTEGER NOT NULL REFERENCES users (id),
    text         TEXT    NOT NULL DEFAULT '',
    lang         TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    edited_at    INTEGER NOT NULL DEFAULT 0,
    reply_to     INTEGER NOT NULL DEFAULT 0,
    quote_of     INTEGER NOT NULL DEFAULT 0,
    like_count   INTEGER NOT NULL DEFAULT 0,
    repost_count INTEGER NOT NULL DEFAULT 0,
    reply_count  INTEGER NOT NULL DEFAULT 0,
    sensitive    INTEGER NOT NULL DEFAULT 0,
    summary      TEXT    NOT NULL DEFAULT '',
    original_url TEXT    NOT NULL DEFAULT '',
    entities     TEXT    NOT NULL DEFAULT '' -- JSON array, read back whole
);
-- Profile timelines seek straight to (author, before) and walk backwards,
-- so their cost does not grow with the author's post count.
CREATE INDEX posts_author ON posts (author_id, id DESC);
CREATE INDEX posts_author_top ON posts (author_id, id DESC) WHERE reply_to = 0;
-- Partial, so that a timeline's "reply_to = 0" can never pick them; the
-- queries for replies and quotes of a post say "reply_to <> 0" to use them.
CREATE INDEX posts_reply_to ON posts (reply_to) WHERE reply_to <> 0;
CREATE INDEX posts_quote_of ON posts (quote_of) WHERE quote_of <> 0;

CREATE TABLE post_media (
    post_id  INTEGER NOT NULL REFERENCES posts (id),
    position INTEGER NOT NULL,
    media_id INTEGER NOT NULL REFERENCES media (id),
    PRIMARY KEY (post_id, position)
) WITHOUT ROWID;
CREATE INDEX post_media_media ON post_media (media_id);

-- tag is lower-cased in Go (strings.ToLower) so non-ASCII tags fold too.
CREATE TABLE post_tags (
    tag     TEXT    NOT NULL,
    post_id INTEGER NOT NULL REFERENCES posts (id),
    PRIMARY KEY (tag, post_id DESC)
) WITHOUT ROWID;
CREATE INDEX post_tags_post ON post_tags (post_id);

CREATE TABLE lists (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    name        TEXT    NOT NULL DEFAULT '',
    description TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX lists_owner ON lists (owner_id);

CREATE TABLE list_members (
    list_id  INTEGER NOT NULL REFERENCES lists (id),
    user_id  INTEGER NOT NULL REFERENCES users (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (list_id, position),
    UNIQUE (list_id, user_id)
) WITHOUT ROWID;
CREATE INDEX list_members_user ON list_members (user_id);

CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL DEFAULT '',
    scope        TEXT    NOT NULL,
    hash         BLOB    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL DEFAULT 0,
    revoked_at   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE idempotency (
    token_id     INTEGER NOT NULL,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL DEFAULT '',
    status       INTEGER NOT NULL DEFAULT 0,
    body         BLOB,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (token_id, key)
) WITHOUT ROWID;

-- The change log every instance follows to drop stale cache entries.
-- AUTOINCREMENT keeps seq strictly increasing even after a trim empties it.
CREATE TABLE changes (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    at   INTEGER NOT NULL,
    kind TEXT    NOT NULL,
    body TEXT    NOT NULL -- JSON: posts, users, lists, tags, all
);
CREATE INDEX changes_at ON changes (at);
