package postgres

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/roost-embed/roost/storage"
)

// mapConstraint turns a unique (23505) or foreign-key (23503) violation of
// one of the schema's named constraints into the field error the API
// reports, and passes anything else on. The explicit checks in each write
// catch the usual cases with a precise message; this catches what slips
// between a check and the insert when two writers race.
func mapConstraint(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || (pe.Code != "23505" && pe.Code != "23503") {
		return err
	}
	switch pe.ConstraintName {
	case "users_pkey", "posts_pkey", "media_pkey", "lists_pkey", "tokens_pkey", "collections_pkey":
		return storage.Conflict("id", "already exists (%s)", pe.TableName)
	case "users_handle_key":
		return storage.Conflict("handle", "is taken")
	case "tokens_hash_key":
		return storage.Conflict("hash", "a token with this hash exists")
	case "posts_author_fkey":
		return storage.Invalid("author", "the user does not exist")
	case "post_media_media_fkey":
		return storage.Invalid("media_ids", "a media id does not exist")
	case "lists_owner_fkey":
		return storage.Invalid("owner_id", "the user does not exist")
	case "collections_owner_fkey":
		return storage.Invalid("owner_id", "the user does not exist")
	case "collection_entries_post_fkey":
		return storage.Invalid("posts", "a post id does not exist")
	case "collection_entries_unique":
		return storage.Invalid("posts", "a post appears twice")
	case "list_members_user_fkey":
		return storage.Invalid("members", "a user id does not exist")
	}
	return err
}
