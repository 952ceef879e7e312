-- 001_init: the whole content schema, the same shape as SQLite's. Times
-- are unix milliseconds (UTC), 0 meaning "never", so both backends keep
-- exactly the same precision; ids are 64-bit snowflakes.

CREATE TABLE users (
    id              BIGINT  PRIMARY KEY,
    handle          TEXT    NOT NULL,
    handle_key      TEXT    NOT NULL, -- lower-cased in Go (strings.ToLower)
    name            TEXT    NOT NULL DEFAULT '',
    bio             TEXT    NOT NULL DEFAULT '',
    url             TEXT    NOT NULL DEFAULT '',
    location        TEXT    NOT NULL DEFAULT '',
    avatar_media_id BIGINT  NOT NULL DEFAULT 0, -- 0 = no avatar, so no foreign key
    verified        BOOLEAN NOT NULL DEFAULT false,
    protected       BOOLEAN NOT NULL DEFAULT false,
    suspended       BOOLEAN NOT NULL DEFAULT false,
    followers_count BIGINT  NOT NULL DEFAULT 0,
    following_count BIGINT  NOT NULL DEFAULT 0,
    platform        TEXT    NOT NULL DEFAULT '',
    profile_url     TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    CONSTRAINT users_handle_key UNIQUE (handle_key)
);

CREATE TABLE media (
    id           BIGINT  PRIMARY KEY,
    owner_id     BIGINT  NOT NULL DEFAULT 0, -- 0 while unattached, so no foreign key
    path         TEXT    NOT NULL,
    content_type TEXT    NOT NULL DEFAULT '',
    kind         TEXT    NOT NULL DEFAULT '',
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    bytes        BIGINT  NOT NULL DEFAULT 0,
    alt          TEXT    NOT NULL DEFAULT '',
    color        TEXT    NOT NULL DEFAULT '',
    blurhash     TEXT    NOT NULL DEFAULT '',
    created_at   BIGINT  NOT NULL
);
CREATE INDEX media_owner ON media (owner_id);

-- reply_to and quote_of carry no foreign key: a reply outlives its parent
-- and renders a tombstone for it.
CREATE TABLE posts (
    id           BIGINT  PRIMARY KEY,
    author_id    BIGINT  NOT NULL CONSTRAINT posts_author_fkey REFERENCES users (id),
    text         TEXT    NOT NULL DEFAULT '',
    lang         TEXT    NOT NULL DEFAULT '',
    created_at   BIGINT  NOT NULL,
    edited_at    BIGINT  NOT NULL DEFAULT 0,
    reply_to     BIGINT  NOT NULL DEFAULT 0,
    quote_of     BIGINT  NOT NULL DEFAULT 0,
    like_count   BIGINT  NOT NULL DEFAULT 0,
    repost_count BIGINT  NOT NULL DEFAULT 0,
    reply_count  BIGINT  NOT NULL DEFAULT 0,
    sensitive    BOOLEAN NOT NULL DEFAULT false,
    summary      TEXT    NOT NULL DEFAULT '',
    original_url TEXT    NOT NULL DEFAULT '',
    entities     JSONB -- NULL when the post has none; read back whole
);
-- Profile timelines seek straight to (author, before) and walk backwards,
-- so their cost does not grow with the author's post count.
CREATE INDEX posts_author ON posts (author_id, id DESC);
CREATE INDEX posts_author_top ON posts (author_id, id DESC) WHERE reply_to = 0;
-- Partial, so that a timeline's "reply_to = 0" can never pick them; the
-- queries for replies and quotes of a post say "<> 0" to use them.
CREATE INDEX posts_reply_to ON posts (reply_to) WHERE reply_to <> 0;
CREATE INDEX posts_quote_of ON posts (quote_of) WHERE quote_of <> 0;

CREATE TABLE post_media (
    post_id  BIGINT  NOT NULL CONSTRAINT post_media_post_fkey REFERENCES posts (id),
    position INTEGER NOT NULL,
    media_id BIGINT  NOT NULL CONSTRAINT post_media_media_fkey REFERENCES media (id),
    PRIMARY KEY (post_id, position)
);
CREATE INDEX post_media_media ON post_media (media_id);

-- tag is lower-cased in Go (strings.ToLower) so non-ASCII tags fold the
-- same on every backend. The primary key serves hashtag timelines, walked
-- backwards from (tag, before).
CREATE TABLE post_tags (
    tag     TEXT   NOT NULL,
    post_id BIGINT NOT NULL CONSTRAINT post_tags_post_fkey REFERENCES posts (id),
    PRIMARY KEY (tag, post_id)
);
CREATE INDEX post_tags_post ON post_tags (post_id);

CREATE TABLE lists (
    id          BIGINT PRIMARY KEY,
    owner_id    BIGINT NOT NULL CONSTRAINT lists_owner_fkey REFERENCES users (id),
    name        TEXT   NOT NULL DEFAULT '',
    description TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX lists_owner ON lists (owner_id);

CREATE TABLE list_members (
    list_id  BIGINT  NOT NULL CONSTRAINT list_members_list_fkey REFERENCES lists (id),
    user_id  BIGINT  NOT NULL CONSTRAINT list_members_user_fkey REFERENCES users (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (list_id, position),
    CONSTRAINT list_members_unique UNIQUE (list_id, user_id)
);
CREATE INDEX list_members_user ON list_members (user_id);

CREATE TABLE tokens (
    id           BIGINT PRIMARY KEY,
    name         TEXT   NOT NULL DEFAULT '',
    scope        TEXT   NOT NULL,
    hash         BYTEA  NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL DEFAULT 0,
    revoked_at   BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT tokens_hash_key UNIQUE (hash)
);

CREATE TABLE idempotency (
    token_id     BIGINT  NOT NULL,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL DEFAULT '',
    status       INTEGER NOT NULL DEFAULT 0,
    body         BYTEA,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (token_id, key)
);

-- The change log every instance follows to drop stale cache entries.
-- seq comes from change_seq, not from a sequence: taking the counter's row
-- lock as the last step of a write makes seqs commit in order and without
-- gaps, so a follower reading "seq > last" never skips a change that
-- commits late, and the counter keeps the highest seq after a trim.
CREATE TABLE changes (
    seq  BIGINT PRIMARY KEY,
    at   BIGINT NOT NULL,
    kind TEXT   NOT NULL,
    body JSONB  NOT NULL -- posts, users, lists, tags, all
);
CREATE INDEX changes_at ON changes (at);

CREATE TABLE change_seq (
    one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
    seq BIGINT  NOT NULL
);
INSERT INTO change_seq (one, seq) VALUES (true, 0);

-- Every Store that opens the database claims a node number for its id
-- generator, so instances sharing one database never mint the same id.
CREATE SEQUENCE id_nodes MINVALUE 0 MAXVALUE 1023 START 0 CYCLE;
