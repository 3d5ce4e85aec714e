// The outbox half of every state-changing method: inserting delivery jobs on the connection
// that holds the caller's write transaction, so the jobs commit (or roll back) with the change.
//
// Stateless. Thread safety: uses only the Connection it is given, which the caller holds.
#pragma once

#include <cstdint>
#include <vector>

#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/sqlite/connection.h"

namespace cornerstore::store::sqlite::federation {

// Inserts `jobs` as queued delivery_jobs rows; a job whose (activity_uri, inbox_url) is already
// queued or sent is skipped. Empty host is derived from inbox_url; zero next_attempt_at is `now`.
// Ids, state, attempts and results in `jobs` are ignored. Must run inside a write transaction.
Status InsertDeliveryJobs(Connection& db, const std::vector<DeliveryJob>& jobs, int64_t now);

}  // namespace cornerstore::store::sqlite::federation
