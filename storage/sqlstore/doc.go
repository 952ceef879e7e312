// Package sqlstore is the one implementation of storage.Store over SQL:
// every query, check, transaction and change description, written once and
// run by both backends. A backend (storage/sqlite, storage/postgres) is an
// Engine: its driver and pool, how it begins a transaction, how it numbers
// the change log and wakes followers, and its migrations.
//
// # Portable SQL
//
// Query texts here are written in the subset both engines speak, with three
// conventions each engine translates once per distinct text:
//
//   - Parameters are "?" or numbered "?1", "?2" (SQLite's native forms);
//     PostgreSQL rewrites them to "$1", "$2".
//   - Set membership is "col = ANY(?)" with a []int64 or []string argument
//     (PostgreSQL's native form); SQLite rewrites it to
//     "col IN (SELECT value FROM json_each(?))" and passes the set as JSON.
//   - Row locks ("FOR UPDATE", "FOR KEY SHARE") are PostgreSQL's; SQLite
//     drops them, as its single writer already serialises every write.
//
// Booleans are Go bools (SQLite stores 0/1), times are unix milliseconds
// and aggregates use string_agg, which both engines have.
package sqlstore
