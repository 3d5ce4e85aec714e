#include "activitypub/follow_service.h"

#include <optional>

#include "activitypub/outgoing/delivery_jobs.h"
#include "activitypub/outgoing/follow_activities.h"
#include "src/common/log.h"

namespace cornerstore::activitypub {

FollowService::FollowService(store::Store& store, store::FederationStore& federation,
                             RemoteActorResolver& actors, const Uris& uris, const Clock& clock,
                             std::function<void()> on_enqueued)
    : store_(store),
      federation_(federation),
      actors_(actors),
      uris_(uris),
      clock_(clock),
      on_enqueued_(std::move(on_enqueued)) {}

void FollowService::Notify() const {
  if (on_enqueued_) on_enqueued_();
}

Result<store::Follow> FollowService::FindInbound(const store::Account& account,
                                                 const std::string& follower_uri) {
  auto follow = federation_.FindFollow(follower_uri, uris_.Actor(account.username));
  if (!follow.ok() && follow.error().code == ErrorCode::kNotFound) {
    return MakeError(ErrorCode::kNotFound, follower_uri + " does not follow " + account.username);
  }
  return follow;
}

Result<store::Account> FollowService::LocalAccount(const std::string& actor_uri) {
  std::optional<std::string> username = uris_.UsernameFromActor(actor_uri);
  if (!username) return MakeError(ErrorCode::kNotFound, "no such account: " + actor_uri);
  auto account = store_.FindAccountByUsername(*username);
  if (!account.ok() && account.error().code == ErrorCode::kNotFound) {
    return MakeError(ErrorCode::kNotFound, "no such account: " + actor_uri);
  }
  return account;
}

Result<bool> FollowService::Blocks(const store::Account& account, const std::string& actor_uri) {
  return federation_.IsBlocked(account.id, actor_uri, /*by_remote=*/false);
}

Status FollowService::AddNotification(int64_t account_id, store::NotificationType type,
                                      const std::string& actor_uri, const std::string& object_uri,
                                      const std::string& activity_uri) {
  store::Notification n;
  n.account_id = account_id;
  n.type = type;
  n.actor_uri = actor_uri;
  n.object_uri = object_uri;
  n.activity_uri = activity_uri;
  n.created_at = clock_.NowUnix();
  auto added = federation_.AddNotification(n);
  if (!added.ok()) return added.take_error();
  return OkStatus();
}

Status FollowService::Approve(const store::Account& account, const std::string& follower_uri) {
  CS_ASSIGN_OR_RETURN(store::Follow follow, FindInbound(account, follower_uri));
  if (follow.state == store::FollowState::kAccepted) return OkStatus();
  if (follow.follower_account_id != 0) {
    // A follower of this server: no Accept to send, its follow simply holds.
    CS_RETURN_IF_ERROR(federation_.SetFollowState(follow.id, store::FollowState::kAccepted));
    log::Info("follow.approved", {{"account", account.username}, {"follower", follower_uri}});
    return OkStatus();
  }
  CS_ASSIGN_OR_RETURN(store::RemoteActor follower, actors_.Resolve(follower_uri));
  const std::string actor = uris_.Actor(account.username);
  FollowRef ref{follow.follow_activity_uri, follower_uri, actor};
  json::Value accept =
      AcceptFollowToJson(AcceptFollowId(actor, follow.follow_activity_uri), actor, ref);
  auto jobs = DeliveryJobsFor(accept, account, uris_, {follower.inbox}, clock_.NowUnix());
  CS_RETURN_IF_ERROR(federation_.SetFollowState(follow.id, store::FollowState::kAccepted, jobs));
  log::Info("follow.approved", {{"account", account.username}, {"follower", follower_uri}});
  Notify();
  return OkStatus();
}

Status FollowService::Reject(const store::Account& account, const std::string& follower_uri) {
  CS_ASSIGN_OR_RETURN(store::Follow follow, FindInbound(account, follower_uri));
  if (follow.follower_account_id != 0) {
    CS_RETURN_IF_ERROR(federation_.DeleteFollow(follow.id));
    log::Info("follow.rejected", {{"account", account.username}, {"follower", follower_uri}});
    return OkStatus();
  }
  CS_ASSIGN_OR_RETURN(store::RemoteActor follower, actors_.Resolve(follower_uri));
  const std::string actor = uris_.Actor(account.username);
  FollowRef ref{follow.follow_activity_uri, follower_uri, actor};
  json::Value reject =
      RejectFollowToJson(RejectFollowId(actor, follow.follow_activity_uri), actor, ref);
  auto jobs = DeliveryJobsFor(reject, account, uris_, {follower.inbox}, clock_.NowUnix());
  CS_RETURN_IF_ERROR(federation_.DeleteFollow(follow.id, jobs));
  log::Info("follow.rejected", {{"account", account.username}, {"follower", follower_uri}});
  Notify();
  return OkStatus();
}

Status FollowService::RemoveFollower(const store::Account& account,
                                     const std::string& follower_uri) {
  return Reject(account, follower_uri);
}

Result<store::Follow> FollowService::FollowRemote(const store::Account& account,
                                                  const std::string& actor_uri) {
  if (uris_.IsLocal(actor_uri)) {
    CS_ASSIGN_OR_RETURN(store::Account local, LocalAccount(actor_uri));
    return FollowLocal(account, local);
  }
  CS_ASSIGN_OR_RETURN(store::RemoteActor target, actors_.Resolve(actor_uri));
  const std::string actor = uris_.Actor(account.username);
  store::Follow follow;
  auto existing = federation_.FindFollow(actor, target.uri);
  if (existing.ok()) {
    follow = *existing;
  } else if (existing.error().code != ErrorCode::kNotFound) {
    return existing.take_error();
  } else {
    follow.follower_uri = actor;
    follow.follower_account_id = account.id;
    follow.followed_uri = target.uri;
    follow.state = store::FollowState::kPending;
    follow.follow_activity_uri =
        FollowId(actor, StableToken(target.uri + "#" + std::to_string(clock_.NowUnix())));
  }
  json::Value activity = FollowToJson(follow.follow_activity_uri, actor, target.uri);
  auto jobs = DeliveryJobsFor(activity, account, uris_, {target.inbox}, clock_.NowUnix());
  CS_ASSIGN_OR_RETURN(store::Follow stored, federation_.PutFollow(follow, jobs));
  log::Info("follow.sent", {{"account", account.username}, {"target", target.uri}});
  Notify();
  return stored;
}

Result<store::Follow> FollowService::FollowLocal(const store::Account& account,
                                                 const store::Account& target) {
  if (account.id == target.id) {
    return MakeError(ErrorCode::kForbidden, "an account cannot follow itself");
  }
  const std::string actor = uris_.Actor(account.username);
  const std::string followed = uris_.Actor(target.username);
  CS_ASSIGN_OR_RETURN(bool refused, Blocks(target, actor));
  CS_ASSIGN_OR_RETURN(bool blocking, Blocks(account, followed));
  if (refused || blocking) {
    return MakeError(ErrorCode::kForbidden,
                     account.username + " may not follow " + target.username);
  }
  auto existing = federation_.FindFollow(actor, followed);
  if (existing.ok()) return existing;
  if (existing.error().code != ErrorCode::kNotFound) return existing.take_error();

  store::Follow follow;
  follow.follower_uri = actor;
  follow.follower_account_id = account.id;
  follow.followed_uri = followed;
  follow.followed_account_id = target.id;
  follow.created_at = clock_.NowUnix();
  // The same id a remote follow would carry: notifications are deduplicated by it.
  follow.follow_activity_uri =
      FollowId(actor, StableToken(followed + "#" + std::to_string(clock_.NowUnix())));
  const bool pending = target.manually_approves_followers;
  follow.state = pending ? store::FollowState::kPending : store::FollowState::kAccepted;
  CS_ASSIGN_OR_RETURN(store::Follow stored, federation_.PutFollow(follow));
  CS_RETURN_IF_ERROR(AddNotification(
      target.id,
      pending ? store::NotificationType::kFollowRequest : store::NotificationType::kFollow, actor,
      followed, stored.follow_activity_uri));
  log::Info("follow.local", {{"account", account.username},
                             {"target", target.username},
                             {"state", pending ? "pending" : "accepted"}});
  return stored;
}

Status FollowService::Unfollow(const store::Account& account, const std::string& actor_uri) {
  const std::string actor = uris_.Actor(account.username);
  auto follow = federation_.FindFollow(actor, actor_uri);
  if (!follow.ok()) {
    if (follow.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, account.username + " does not follow " + actor_uri);
    }
    return follow.take_error();
  }
  if (follow->followed_account_id != 0) {
    // Both accounts are here: nobody to tell.
    CS_RETURN_IF_ERROR(federation_.DeleteFollow(follow->id));
    log::Info("follow.undone", {{"account", account.username}, {"target", actor_uri}});
    return OkStatus();
  }
  CS_ASSIGN_OR_RETURN(store::RemoteActor target, actors_.Resolve(actor_uri));
  json::Value undone = FollowToJson(follow->follow_activity_uri, actor, target.uri);
  json::Value undo = UndoToJson(UndoId(follow->follow_activity_uri), actor, undone);
  auto jobs = DeliveryJobsFor(undo, account, uris_, {target.inbox}, clock_.NowUnix());
  CS_RETURN_IF_ERROR(federation_.DeleteFollow(follow->id, jobs));
  log::Info("follow.undone", {{"account", account.username}, {"target", actor_uri}});
  Notify();
  return OkStatus();
}

}  // namespace cornerstore::activitypub
