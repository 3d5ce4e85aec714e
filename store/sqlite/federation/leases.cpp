// SqliteFederationStore: crash recovery of both durable queues.
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::InWriteTransaction;

// The lease already counted the interrupted attempt; the job is simply due again.
constexpr const char* kReleaseJobs =
    "UPDATE delivery_jobs SET state = 'queued', lease_until = NULL, next_attempt_at = ?1, "
    "updated_at = ?1 WHERE state = 'leased'";
constexpr const char* kReleaseItems =
    "UPDATE inbox_queue SET state = 'queued', lease_until = NULL, next_attempt_at = ?1 "
    "WHERE state = 'processing'";

}  // namespace

Result<int64_t> SqliteFederationStore::ReleaseLeases(int64_t now) {
  return InWriteTransaction(db_, [&](Connection& db) -> Result<int64_t> {
    int64_t released = 0;
    for (const char* sql : {kReleaseJobs, kReleaseItems}) {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
      stmt.BindInt(1, now);
      CS_RETURN_IF_ERROR(stmt.Run());
      released += db.Changes();
    }
    return released;
  });
}

}  // namespace cornerstore::store
