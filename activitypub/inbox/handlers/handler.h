// ActivityHandler: one class per activity type (Mastodon's ActivityPub::Activity::Follow, …),
// and HandlerContext, the services every handler may use.
//
// The inbox processor (activitypub/inbox/inbox_processor.h) has already checked the rules every
// activity obeys (signer = actor, ids on the actor's origin, nothing local) before a handler
// runs. A handler then checks, in Authorize, the origin rules of its own type that the activity
// alone decides (PROTOCOL.md §5), and in Apply, first the rules that need stored state (who owns
// the object, which Follow an Accept answers), then the effect.
//
// Results: OK when the activity was applied or deliberately ignored (a Like of a post that is
// not ours, a replay); kUnavailable / kTimeout when it may succeed later (a fetch or the store
// failed: the worker retries); any other error is permanent and recorded with its reason
// (kForbidden for a peer speaking for someone else, kInvalidInput for a malformed activity).
//
// Thread safety: handlers hold no state; one instance serves all worker threads.
#pragma once

#include "activitypub/inbox/remote_actors.h"
#include "activitypub/inbox/sanitizer.h"
#include "activitypub/uris.h"
#include "activitypub/vocabulary/types.h"
#include "src/common/clock.h"
#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub {

// The services a handler works with. Borrowed references; the owner (InboxProcessor's creator)
// keeps them alive for the processor's lifetime. All are thread-safe.
struct HandlerContext {
  store::Store& store;
  store::FederationStore& federation;
  RemoteActorResolver& actors;
  const Uris& uris;
  const Clock& clock;
  const HtmlSanitizer& sanitize;
};

class ActivityHandler {
 public:
  virtual ~ActivityHandler() = default;

  // Origin rules decided by the activity alone. Runs before any lookup or effect.
  virtual Status Authorize(const Activity& activity) const = 0;

  // Ownership checks against stored state, then the effect. `item` is the queue row the
  // activity came in (recipient, signer, receive time).
  virtual Status Apply(const Activity& activity, const store::InboxItem& item,
                       HandlerContext& context) const = 0;
};

}  // namespace cornerstore::activitypub
