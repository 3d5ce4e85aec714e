#include "activitypub/inbox/handlers/reactions.h"

#include "activitypub/inbox/handlers/common.h"

namespace cornerstore::activitypub::handlers {

Status AuthorizeReaction(const Activity& activity) {
  if (activity.id.empty()) return Malformed(activity.type + " without id");
  if (activity.object.id.empty()) return Malformed(activity.type + " without object");
  return OkStatus();
}

Status ReactToLocalPost(const Activity& activity, HandlerContext& context, store::ReactionType type,
                        store::NotificationType notification, const std::string& content,
                        bool public_only) {
  CS_ASSIGN_OR_RETURN(std::optional<store::StoredObject> post,
                      FindLocalPost(context, activity.object.id));
  if (!post) return Ignore(activity, "object is not one of our posts");
  if (public_only && post->visibility != store::Visibility::kPublic &&
      post->visibility != store::Visibility::kUnlisted) {
    return Ignore(activity, "object may not be shared");
  }
  CS_ASSIGN_OR_RETURN(bool blocked, context.federation.IsBlocked(post->account_id, activity.actor,
                                                                 /*by_remote=*/false));
  if (blocked) return Ignore(activity, "actor is blocked by the author");

  store::Reaction reaction;
  reaction.type = type;
  reaction.activity_uri = activity.id;
  reaction.actor_uri = activity.actor;
  reaction.object_uri = post->uri;
  reaction.content = content;
  reaction.created_at = context.clock.NowUnix();
  CS_ASSIGN_OR_RETURN(bool added, context.federation.AddReaction(reaction));
  if (!added) return OkStatus();  // one per type, actor and post: a replay
  return Notify(context, post->account_id, notification, activity.actor, post->uri, activity.id);
}

}  // namespace cornerstore::activitypub::handlers
