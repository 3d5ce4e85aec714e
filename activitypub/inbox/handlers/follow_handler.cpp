#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"
#include "activitypub/outgoing/delivery_jobs.h"
#include "activitypub/outgoing/follow_activities.h"

namespace cornerstore::activitypub {

using namespace handlers;

Status FollowHandler::Authorize(const Activity& activity) const {
  // The Accept must name the Follow it answers: Mastodon matches it by id.
  if (activity.id.empty()) return Malformed("Follow without id");
  if (activity.object.id.empty()) return Malformed("Follow without object");
  return OkStatus();
}

Status FollowHandler::Apply(const Activity& activity, const store::InboxItem&,
                            HandlerContext& context) const {
  if (activity.object.id == context.uris.InstanceActor()) {
    return Ignore(activity, "follows of the instance actor (relays) are not supported");
  }
  CS_ASSIGN_OR_RETURN(std::optional<store::Account> account,
                      FindLocalAccount(context, activity.object.id));
  if (!account) {
    return MakeError(ErrorCode::kNotFound, "no such account", activity.object.id);
  }
  // The follower's personal inbox receives the answer (PROTOCOL.md §7).
  CS_ASSIGN_OR_RETURN(store::RemoteActor follower, context.actors.Resolve(activity.actor));

  const std::string followed_uri = context.uris.Actor(account->username);
  const int64_t now = context.clock.NowUnix();
  FollowRef ref{activity.id, activity.actor, followed_uri};
  CS_ASSIGN_OR_RETURN(std::optional<store::Follow> existing,
                      IfFound(context.federation.FindFollow(activity.actor, followed_uri)));

  CS_ASSIGN_OR_RETURN(bool blocked, context.federation.IsBlocked(account->id, activity.actor,
                                                                 /*by_remote=*/false));
  if (blocked) {
    auto reject = DeliveryJobsFor(
        RejectFollowToJson(RejectFollowId(followed_uri, activity.id), followed_uri, ref), *account,
        context.uris, {follower.inbox}, now);
    if (existing) return IgnoreNotFound(context.federation.DeleteFollow(existing->id, reject));
    return context.federation.EnqueueDeliveries(reject);
  }

  store::Follow follow = existing.value_or(store::Follow{});
  follow.follower_uri = activity.actor;
  follow.follower_account_id = 0;
  follow.followed_uri = followed_uri;
  follow.followed_account_id = account->id;
  follow.follow_activity_uri = activity.id;
  if (!existing) follow.created_at = now;

  // An existing follower is accepted again (its server may have lost the first Accept); a
  // pending request stays pending unless the account no longer approves by hand.
  bool accept = !account->manually_approves_followers ||
                (existing && existing->state == store::FollowState::kAccepted);
  if (!accept) {
    follow.state = store::FollowState::kPending;
    CS_RETURN_IF_ERROR(context.federation.PutFollow(follow));
    return Notify(context, account->id, store::NotificationType::kFollowRequest, activity.actor,
                  followed_uri, activity.id);
  }
  follow.state = store::FollowState::kAccepted;
  auto jobs = DeliveryJobsFor(
      AcceptFollowToJson(AcceptFollowId(followed_uri, activity.id), followed_uri, ref), *account,
      context.uris, {follower.inbox}, now);
  CS_RETURN_IF_ERROR(context.federation.PutFollow(follow, jobs));
  if (existing && existing->state == store::FollowState::kAccepted) return OkStatus();
  return Notify(context, account->id, store::NotificationType::kFollow, activity.actor,
                followed_uri, activity.id);
}

}  // namespace cornerstore::activitypub
