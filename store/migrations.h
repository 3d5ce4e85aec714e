// The database schema, as an ordered list of forward-only migrations.
//
// Migration i (0-based, in migrations.cpp) takes a database from schema version i to i + 1;
// `PRAGMA user_version` records the version. A released migration is never edited: change the
// schema by appending one. Each migration runs with its version bump in one BEGIN IMMEDIATE
// transaction, so a crash leaves the database at a whole version, and two processes opening
// the same file at once apply each step only once.
//
// Thread safety: stateless; MigrateTo needs exclusive use of the Connection it is given.
#pragma once

#include "src/common/result.h"

namespace cornerstore::store {

namespace sqlite {
class Connection;
}  // namespace sqlite

// The schema version this binary writes and understands.
int LatestSchemaVersion();

// Reads `PRAGMA user_version` (0 for an empty database).
Result<int> ReadSchemaVersion(sqlite::Connection& db);

// Applies migrations until the database is at `target_version` (0 … LatestSchemaVersion()).
// A database already at or past the target is left as it is, except that one newer than this
// binary knows is refused: kInternal "database schema version N is newer than this binary (M)".
Status MigrateTo(sqlite::Connection& db, int target_version);

}  // namespace cornerstore::store
