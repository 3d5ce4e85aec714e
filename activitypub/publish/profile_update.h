// Changing a local account's profile and telling the fediverse, as Mastodon's
// UpdateAccountService does: the account row is saved, then Update{actor document} goes to every
// follower's inbox (shared inbox preferred), signed by the account, so peers refresh the name,
// bio, fields and `manuallyApprovesFollowers` they show without waiting to refetch the actor.
//
// The Mastodon client API (update_credentials) and the dashboard both call this, so the rules
// (ValidateProfile) and the announcement live once.
//
// The save and the enqueue are two transactions (accounts and the delivery queue sit behind two
// store interfaces): if the enqueue fails after the save, the edit stands and peers see it at
// their next fetch of the actor (the cache lifetime of the actor document); the failure is logged.
//
// Pure functions over the stores given; thread-safe as far as they are.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "activitypub/uris.h"
#include "src/common/clock.h"
#include "src/common/json.h"
#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub {

// "{actor}#updates/{updated_at}": one id per saved version, so a repeated announcement of the
// same version is deduplicated per inbox by the delivery queue.
std::string ProfileUpdateId(std::string_view actor_id, int64_t updated_at);

// Update{object: the actor document}, to [Public], cc [followers].
json::Value ProfileUpdateToJson(const store::Account& account, const Uris& uris);

// Validates `edited` (the account as the owner changed it; its id names the row), saves it and
// queues the Update to its followers. Returns the account as stored (updated_at bumped).
// kInvalidInput with a sentence for the owner when the profile breaks a rule; the stores' errors
// as they are. `on_enqueued` runs after deliveries were queued (wakes the delivery workers).
Result<store::Account> UpdateProfileAndFederate(store::Store& store,
                                                store::FederationStore& federation,
                                                const store::Account& edited, const Uris& uris,
                                                const Clock& clock,
                                                const std::function<void()>& on_enqueued = {});

}  // namespace cornerstore::activitypub
