// Blocks a local account makes: the store write and the Block (or Undo{Block}) sent to the
// blocked actor's personal inbox, committed together (the outbox pattern), and the follows that
// end with a block (Mastodon's BlockService: the account stops following the actor, and the
// actor stops following the account, each side told with Undo{Follow} or Reject{Follow}).
//
// No block service existed before the client-to-server outbox needed one; the inbox's Block
// handler records blocks *of* our accounts, this one blocks *by* them.
//
// Ownership: borrows everything. Thread-safe as far as the stores and resolver are.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "activitypub/follow_service.h"
#include "activitypub/inbox/remote_actors.h"
#include "activitypub/uris.h"
#include "src/common/clock.h"
#include "src/common/json.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub::c2s {

// "{actor}#blocks/{token}": `token` keeps a block made after an unblock distinct (the delivery
// queue deduplicates by activity id and inbox).
std::string BlockId(std::string_view actor_id, std::string_view token);
// {"@context", "id", "type": "Block", "actor", "object": target, "to": [target]}.
json::Value BlockToJson(std::string_view id, std::string_view actor_id, std::string_view target);

class BlockActions {
 public:
  BlockActions(store::FederationStore& federation, FollowService& follows,
               RemoteActorResolver& actors, const Uris& uris, const Clock& clock,
               std::function<void()> on_enqueued = {});

  // Blocks `target` (an actor id; a local one is blocked without any delivery). Returns the
  // Block's id; blocking again changes nothing and returns "" (nothing new was sent).
  Result<std::string> Block(const store::Account& account, const std::string& target);
  // Removes the block and sends Undo{Block}; returns the Undo's id. kNotFound if there was none.
  Result<std::string> Unblock(const store::Account& account, const std::string& target);

 private:
  // Ends follows both ways between `account` and `target` before a block.
  Status EndFollows(const store::Account& account, const std::string& target);
  // The personal inbox of `target`, "" for a local actor.
  Result<std::string> InboxOf(const std::string& target);
  void Notify() const;

  store::FederationStore& federation_;
  FollowService& follows_;
  RemoteActorResolver& actors_;
  const Uris& uris_;
  const Clock& clock_;
  const std::function<void()> on_enqueued_;
};

}  // namespace cornerstore::activitypub::c2s
