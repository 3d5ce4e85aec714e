#include "activitypub/follow_service.h"

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

Status FollowService::Approve(const store::Account& account, const std::string& follower_uri) {
  CS_ASSIGN_OR_RETURN(store::Follow follow, FindInbound(account, follower_uri));
  if (follow.state == store::FollowState::kAccepted) return OkStatus();
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

Status FollowService::Unfollow(const store::Account& account, const std::string& actor_uri) {
  const std::string actor = uris_.Actor(account.username);
  auto follow = federation_.FindFollow(actor, actor_uri);
  if (!follow.ok()) {
    if (follow.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, account.username + " does not follow " + actor_uri);
    }
    return follow.take_error();
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
