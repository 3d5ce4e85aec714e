#include "activitypub/c2s/block_activities.h"

#include <utility>
#include <vector>

#include "activitypub/outgoing/delivery_jobs.h"
#include "activitypub/outgoing/follow_activities.h"
#include "src/common/log.h"

namespace cornerstore::activitypub::c2s {

std::string BlockId(std::string_view actor_id, std::string_view token) {
  return std::string(actor_id) + "#blocks/" + std::string(token);
}

json::Value BlockToJson(std::string_view id, std::string_view actor_id, std::string_view target) {
  json::Value block;
  block.Set("@context", std::string(kActivityStreamsContext));
  block.Set("id", std::string(id));
  block.Set("type", "Block");
  block.Set("actor", std::string(actor_id));
  block.Set("object", std::string(target));
  json::Value to = json::Value::MakeArray();
  to.Push(std::string(target));
  block.Set("to", std::move(to));
  return block;
}

BlockActions::BlockActions(store::FederationStore& federation, FollowService& follows,
                           RemoteActorResolver& actors, const Uris& uris, const Clock& clock,
                           std::function<void()> on_enqueued)
    : federation_(federation),
      follows_(follows),
      actors_(actors),
      uris_(uris),
      clock_(clock),
      on_enqueued_(std::move(on_enqueued)) {}

void BlockActions::Notify() const {
  if (on_enqueued_) on_enqueued_();
}

Result<std::string> BlockActions::InboxOf(const std::string& target) {
  if (uris_.IsLocal(target)) return std::string();
  CS_ASSIGN_OR_RETURN(store::RemoteActor actor, actors_.Resolve(target));
  return actor.inbox;
}

Status BlockActions::EndFollows(const store::Account& account, const std::string& target) {
  const std::string actor = uris_.Actor(account.username);
  auto outbound = federation_.FindFollow(actor, target);
  if (outbound.ok()) {
    CS_RETURN_IF_ERROR(follows_.Unfollow(account, target));
  } else if (outbound.error().code != ErrorCode::kNotFound) {
    return outbound.take_error();
  }
  auto inbound = federation_.FindFollow(target, actor);
  if (inbound.ok()) {
    CS_RETURN_IF_ERROR(follows_.RemoveFollower(account, target));
  } else if (inbound.error().code != ErrorCode::kNotFound) {
    return inbound.take_error();
  }
  return OkStatus();
}

Result<std::string> BlockActions::Block(const store::Account& account, const std::string& target) {
  const std::string actor = uris_.Actor(account.username);
  if (target == actor) return MakeError(ErrorCode::kInvalidInput, "an account cannot block itself");
  CS_ASSIGN_OR_RETURN(bool blocked, federation_.IsBlocked(account.id, target, false));
  if (blocked) return std::string();
  CS_ASSIGN_OR_RETURN(std::string inbox, InboxOf(target));
  if (!uris_.IsLocal(target)) CS_RETURN_IF_ERROR(EndFollows(account, target));

  const int64_t now = clock_.NowUnix();
  store::Block block;
  block.account_id = account.id;
  block.actor_uri = target;
  block.activity_uri =
      BlockId(actor, StableToken(target + "#" + std::to_string(clock_.NowUnixMillis())));
  block.created_at = now;
  std::vector<store::DeliveryJob> jobs;
  if (!inbox.empty()) {
    jobs = DeliveryJobsFor(BlockToJson(block.activity_uri, actor, target), account, uris_, {inbox},
                           now);
  }
  CS_RETURN_IF_ERROR(federation_.AddBlock(block, jobs));
  log::Info("block.sent", {{"account", account.username}, {"target", target}});
  Notify();
  return block.activity_uri;
}

Result<std::string> BlockActions::Unblock(const store::Account& account,
                                          const std::string& target) {
  const std::string actor = uris_.Actor(account.username);
  CS_ASSIGN_OR_RETURN(bool blocked, federation_.IsBlocked(account.id, target, false));
  if (!blocked) {
    return MakeError(ErrorCode::kNotFound, account.username + " has not blocked " + target);
  }
  CS_ASSIGN_OR_RETURN(std::string inbox, InboxOf(target));
  const int64_t now = clock_.NowUnix();
  // The store keeps no lookup of the Block's id; peers (Mastodon's Undo handler) match an
  // undone Block by its actor and object, which the embedded copy carries.
  json::Value undone;
  undone.Set("type", "Block");
  undone.Set("actor", actor);
  undone.Set("object", target);
  json::Value to = json::Value::MakeArray();
  to.Push(target);
  undone.Set("to", std::move(to));
  const std::string undo_id =
      BlockId(actor, StableToken(target + "#undo#" + std::to_string(clock_.NowUnixMillis()))) +
      "/undo";
  json::Value undo = UndoToJson(undo_id, actor, undone);
  std::vector<store::DeliveryJob> jobs;
  if (!inbox.empty()) jobs = DeliveryJobsFor(undo, account, uris_, {inbox}, now);
  CS_RETURN_IF_ERROR(federation_.RemoveBlock(account.id, target, false, jobs));
  log::Info("block.undone", {{"account", account.username}, {"target", target}});
  Notify();
  return undo_id;
}

}  // namespace cornerstore::activitypub::c2s
