#include <algorithm>

#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"
#include "activitypub/outgoing/delivery_jobs.h"
#include "activitypub/outgoing/follow_activities.h"
#include "activitypub/vocabulary/from_json.h"

namespace cornerstore::activitypub {

using namespace handlers;

namespace {

// Moves one local follower of `source` to `target`: Follow the target (unless already), then
// end the follow of the source with an Undo.
Status MoveFollower(const Activity& move, HandlerContext& context, int64_t account_id,
                    const store::RemoteActor& target, const std::string& source_inbox) {
  CS_ASSIGN_OR_RETURN(std::optional<store::Account> account,
                      IfFound(context.store.FindAccountById(account_id)));
  if (!account) return OkStatus();
  const std::string local = context.uris.Actor(account->username);
  const int64_t now = context.clock.NowUnix();

  CS_ASSIGN_OR_RETURN(bool blocked_by_us, context.federation.IsBlocked(account->id, target.uri,
                                                                       /*by_remote=*/false));
  CS_ASSIGN_OR_RETURN(bool blocked_by_them, context.federation.IsBlocked(account->id, target.uri,
                                                                         /*by_remote=*/true));
  CS_ASSIGN_OR_RETURN(std::optional<store::Follow> already,
                      IfFound(context.federation.FindFollow(local, target.uri)));
  if (!already && !blocked_by_us && !blocked_by_them) {
    store::Follow follow;
    follow.follower_uri = local;
    follow.follower_account_id = account->id;
    follow.followed_uri = target.uri;
    follow.state = store::FollowState::kPending;
    follow.follow_activity_uri = FollowId(local, StableToken(move.id + " " + target.uri));
    follow.created_at = now;
    auto jobs = DeliveryJobsFor(FollowToJson(follow.follow_activity_uri, local, target.uri),
                                *account, context.uris, {target.inbox}, now);
    CS_RETURN_IF_ERROR(context.federation.PutFollow(follow, jobs));
  }

  CS_ASSIGN_OR_RETURN(std::optional<store::Follow> old,
                      IfFound(context.federation.FindFollow(local, move.actor)));
  if (old) {
    std::vector<store::DeliveryJob> jobs;
    if (!old->follow_activity_uri.empty()) {
      json::Value undone = FollowToJson(old->follow_activity_uri, local, move.actor);
      jobs = DeliveryJobsFor(UndoToJson(UndoId(old->follow_activity_uri), local, undone), *account,
                             context.uris, {source_inbox}, now);
    }
    CS_RETURN_IF_ERROR(IgnoreNotFound(context.federation.DeleteFollow(old->id, jobs)));
  }
  return Notify(context, account->id, store::NotificationType::kMove, move.actor, target.uri,
                EffectKey(move, move.actor + " " + target.uri));
}

}  // namespace

Status MoveHandler::Authorize(const Activity& activity) const {
  // An actor moves only itself, to an account elsewhere (PROTOCOL.md §5).
  if (activity.object.id != activity.actor) {
    return Forbidden("Move of another actor", activity.object.id);
  }
  if (!IsValidId(activity.target.id)) return Malformed("Move without a valid target");
  if (activity.target.id == activity.actor) return Malformed("Move to itself");
  return OkStatus();
}

Status MoveHandler::Apply(const Activity& activity, const store::InboxItem&,
                          HandlerContext& context) const {
  if (context.uris.IsLocal(activity.target.id)) {
    return Forbidden("Move to a local account is not supported", activity.target.id);
  }
  // The target must claim the source as an alias, in its own current document.
  CS_ASSIGN_OR_RETURN(store::RemoteActor target,
                      context.actors.Resolve(activity.target.id, /*force_refresh=*/true));
  const auto& aliases = target.also_known_as;
  if (std::find(aliases.begin(), aliases.end(), activity.actor) == aliases.end()) {
    return Forbidden("Move target does not list the source in alsoKnownAs", target.uri);
  }

  std::string source_inbox;
  CS_ASSIGN_OR_RETURN(std::optional<store::RemoteActor> source,
                      IfFound(context.federation.FindRemoteActor(activity.actor)));
  if (source) {
    source_inbox = source->inbox;
    if (source->moved_to != target.uri) {
      source->moved_to = target.uri;
      CS_RETURN_IF_ERROR(context.federation.UpsertRemoteActor(*source));
    }
  }

  CS_ASSIGN_OR_RETURN(std::vector<int64_t> followers,
                      context.federation.LocalFollowersOf(activity.actor));
  for (int64_t account_id : followers) {
    CS_RETURN_IF_ERROR(MoveFollower(activity, context, account_id, target, source_inbox));
  }
  return OkStatus();
}

}  // namespace cornerstore::activitypub
