// DescribeReach: the operator's view of where one post went (`cornerstore deliveries`), as
// plain text built from FederationStore::ReportDeliveries. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "store/federation_store.h"

namespace cornerstore::activitypub::delivery {

// Inboxes and servers in the retrying and gave-up lists shown at most; the rest are counted.
inline constexpr size_t kMaxReachLines = 50;

// For example:
//   Reached 41 of 44 inboxes on 12 of 14 servers.
//   Waiting: 1 inbox queued or being sent now.
//   Retrying 1:
//     https://slow.example/inbox: attempt 3 failed (HTTP 503); next attempt 2026-11-28T16:04:05Z
//   Gave up on 1:
//     https://gone.example/inbox: HTTP 410
// With `now` (Unix seconds) the next attempt also says how far away it is ("in 4 min").
std::string DescribeReach(const store::DeliveryReport& report, int64_t now = 0);

}  // namespace cornerstore::activitypub::delivery
