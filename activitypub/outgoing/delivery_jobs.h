// Turning one outgoing activity into delivery queue rows (store::DeliveryJob), one per inbox.
//
// The rows carry the exact serialized bytes sent on every attempt, the signer (a local account,
// or the instance actor) and the inbox's host for per-host limits. The delivery worker
// (activitypub/delivery) sends them; callers hand the rows to the FederationStore method that
// commits the state change, so both land in one transaction. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "activitypub/uris.h"
#include "src/common/json.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub {

// One job per distinct inbox, in order, for `activity` (which must carry an "id") signed by
// `signer` with its key {actor}#main-key. Inboxes that are not http(s) URLs or are on our own
// origin are skipped: we never deliver to ourselves. `object_id` is the local post the
// activity is about (0 if none), for reach reports.
std::vector<store::DeliveryJob> DeliveryJobsFor(const json::Value& activity,
                                                const store::Account& signer, const Uris& uris,
                                                const std::vector<std::string>& inboxes,
                                                int64_t now, int64_t object_id = 0);

}  // namespace cornerstore::activitypub
