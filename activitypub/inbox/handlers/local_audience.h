// LocalAudience: which local accounts a post concerns and why, and the one rule that turns that
// into home timeline entries and notifications. Shared by the inbox (a remote post arriving,
// create_handler.cpp) and by publishing (a local account's post reaching other local accounts,
// activitypub/publish), so a mention notifies the same way whoever wrote it.
//
// The rule (Mastodon's): accounts that blocked the author see nothing; the author never hears
// of its own post; each mentioned account gets one `mention` notification per post, the author
// of a local post answered gets one `reply` notification unless also mentioned; everyone
// concerned sees the post in its home timeline. Notifications are keyed by `effect_key` (the
// activity id), so applying the same post twice changes nothing.
//
// Thread safety: pure functions over the store, which is thread-safe.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "src/common/clock.h"
#include "src/common/result.h"
#include "store/federation_store.h"

namespace cornerstore::activitypub::handlers {

struct LocalAudience {
  std::set<int64_t> timeline;   // every concerned account
  std::set<int64_t> mentioned;  // notified "mention"
  std::set<int64_t> replied;    // authors of the post replied to, notified "reply"
};

// Takes out of every set of `audience` the author (`author_account_id`, 0 for a remote author)
// and the accounts that blocked `author_uri`. Run it before deciding whether a post concerns
// anyone here.
Status ExcludeFromAudience(store::FederationStore& federation, const std::string& author_uri,
                           int64_t author_account_id, LocalAudience* audience);

// What the post is and who wrote it.
struct LocalPostEffect {
  int64_t object_id = 0;
  std::string object_uri;
  std::string author_uri;
  std::string effect_key;  // the activity id notifications are deduplicated by
};

// Writes `audience` (already through ExcludeFromAudience) for `post`: timeline entries, then
// the notifications.
Status ApplyLocalAudience(store::FederationStore& federation, const Clock& clock,
                          const LocalAudience& audience, const LocalPostEffect& post);

}  // namespace cornerstore::activitypub::handlers
