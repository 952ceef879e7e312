-- 003_rich_posts: polls and link preview cards ride on their post as JSON
-- documents read back whole (as entities do: nothing queries inside them);
-- video and GIF media carry a duration and the id of their poster image.
ALTER TABLE posts ADD COLUMN poll JSONB; -- NULL when the post has none
ALTER TABLE posts ADD COLUMN card JSONB; -- NULL when the post has none
ALTER TABLE media ADD COLUMN duration_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN poster_media_id BIGINT NOT NULL DEFAULT 0;
-- DeletePost and DeleteUser find the files no other row still names.
CREATE INDEX media_path ON media (path);
