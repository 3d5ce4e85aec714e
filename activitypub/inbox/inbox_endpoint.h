// InboxEndpoint: the synchronous half of receiving an activity (PROTOCOL.md §6), for the
// personal inbox POST /users/{name}/inbox and the shared inbox POST /inbox.
//
// Receive checks, in order: the recipient exists, Content-Type (415), body size (413), queue
// capacity (503 + Retry-After; PendingGauge, recounted before refusing), JSON (iterative parse,
// depth, UTF-8, duplicate keys: 400), the activity's shape (400), ids colliding with our own URLs
// (400), a blocked domain (403), the HTTP signature with Digest and Date window (401 with a JSON
// reason), and that the signer is the activity's actor (401). Then it persists the raw body in the
// inbox queue (deduplicated by activity id), calls `on_enqueued` and answers 202. Everything else
// happens later in the inbox worker (activitypub/inbox/inbox_processor.h). Store failures answer
// 503.
//
// Ownership: borrows the stores, key resolver, uris and clock, which must outlive it.
// Thread safety: Receive may be called from many server threads at once, as far as the key
// resolver and stores allow (CachingKeyResolver and the SQLite stores do).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "activitypub/inbox/pending_gauge.h"
#include "activitypub/signatures/verifier.h"
#include "activitypub/uris.h"
#include "config/config.h"
#include "src/common/clock.h"
#include "src/common/http_message.h"
#include "src/common/json.h"
#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub {

struct InboxLimits {
  // What a sender is told to wait when the queue is full: long enough for workers to catch up,
  // short enough that Mastodon's retry schedule is barely disturbed.
  static constexpr int kRetryAfterSeconds = 60;

  size_t queue_capacity = config::WorkerConfig{}.inbox_queue_capacity;
  size_t max_body_bytes = config::LimitsConfig{}.max_request_body_bytes;
  json::ParseLimits json;  // iterative parse, depth 64, duplicate keys refused

  static InboxLimits FromConfig(const config::Config& config);
};

class InboxEndpoint {
 public:
  InboxEndpoint(store::Store& store, store::FederationStore& federation, KeyResolver& keys,
                const Uris& uris, const Clock& clock, InboxLimits limits = {},
                VerificationPolicy policy = {}, std::function<void()> on_enqueued = {});

  // `recipient_username`: the {name} of a personal inbox, nullopt for the shared inbox.
  HttpResponse Receive(const HttpRequest& request,
                       const std::optional<std::string>& recipient_username);

  // Every check of Receive and the queue row it would persist, without persisting it. Errors
  // carry the status to answer (Error::http_status) and a peer-safe message.
  Result<store::InboxItem> Check(const HttpRequest& request,
                                 const std::optional<std::string>& recipient_username);

 private:
  // A signed request proves the host is up: lift a delivery "unavailable" mark (PROTOCOL.md §7).
  void NoteHostAlive(const std::string& actor_id);

  store::Store& store_;
  store::FederationStore& federation_;
  KeyResolver& keys_;
  const Uris& uris_;
  const Clock& clock_;
  const InboxLimits limits_;
  const VerificationPolicy policy_;
  const std::function<void()> on_enqueued_;
  PendingGauge pending_;  // the capacity check's view of the queue
};

}  // namespace cornerstore::activitypub
