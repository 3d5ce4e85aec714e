#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"

namespace cornerstore::activitypub {

using namespace handlers;

namespace {

std::optional<store::ReactionType> ReactionTypeOf(std::string_view type) {
  if (type == "Like") return store::ReactionType::kLike;
  if (type == "Announce") return store::ReactionType::kAnnounce;
  if (type == "EmojiReact") return store::ReactionType::kEmojiReact;
  return std::nullopt;
}

// The follow an Undo{Follow} names: by the Follow's id, else by the pair (actor, object).
Result<std::optional<store::Follow>> FindUndoneFollow(const Activity& undo,
                                                      HandlerContext& context) {
  const ObjectRef& inner = undo.object;
  if (!inner.id.empty()) {
    CS_ASSIGN_OR_RETURN(std::optional<store::Follow> follow,
                        IfFound(context.federation.FindFollowByActivity(inner.id)));
    if (follow) return follow;
  }
  if (inner.activity && !inner.activity->object.id.empty()) {
    return IfFound(context.federation.FindFollow(undo.actor, inner.activity->object.id));
  }
  return std::optional<store::Follow>();
}

Status UndoFollow(const Activity& undo, HandlerContext& context,
                  const std::optional<store::Follow>& follow) {
  if (!follow) return Ignore(undo, "no such follow");
  // Only the follower may undo a follow, and only one of a local account.
  if (follow->follower_uri != undo.actor || follow->followed_account_id == 0) {
    return Forbidden("Undo of another actor's Follow", follow->follow_activity_uri);
  }
  return IgnoreNotFound(context.federation.DeleteFollow(follow->id));
}

Status UndoReaction(const Activity& undo, HandlerContext& context,
                    const std::optional<store::Reaction>& reaction) {
  if (!reaction) return Ignore(undo, "no such reaction");
  if (reaction->actor_uri != undo.actor) {
    return Forbidden("Undo of another actor's reaction", reaction->activity_uri);
  }
  return IgnoreNotFound(context.federation.RemoveReaction(reaction->id));
}

}  // namespace

Status UndoHandler::Authorize(const Activity& activity) const {
  if (activity.object.empty()) return Malformed("Undo without object");
  // Undo only by the actor who did the thing undone (PROTOCOL.md §5).
  if (activity.object.activity && activity.object.activity->actor != activity.actor) {
    return Forbidden("Undo of another actor's activity", activity.object.activity->actor);
  }
  return OkStatus();
}

Status UndoHandler::Apply(const Activity& activity, const store::InboxItem&,
                          HandlerContext& context) const {
  const ObjectRef& inner = activity.object;
  const std::string type = inner.activity ? inner.activity->type : std::string();

  if (type == "Follow") {
    CS_ASSIGN_OR_RETURN(std::optional<store::Follow> follow, FindUndoneFollow(activity, context));
    return UndoFollow(activity, context, follow);
  }
  if (auto reaction_type = ReactionTypeOf(type)) {
    std::optional<store::Reaction> reaction;
    if (!inner.id.empty()) {
      CS_ASSIGN_OR_RETURN(reaction, IfFound(context.federation.FindReactionByActivity(inner.id)));
    }
    if (!reaction && !inner.activity->object.id.empty()) {
      CS_ASSIGN_OR_RETURN(reaction,
                          IfFound(context.federation.FindReaction(*reaction_type, activity.actor,
                                                                  inner.activity->object.id)));
    }
    return UndoReaction(activity, context, reaction);
  }
  if (type == "Block") {
    CS_ASSIGN_OR_RETURN(std::optional<store::Account> account,
                        FindLocalAccount(context, inner.activity->object.id));
    if (!account) return Ignore(activity, "Undo of a Block of nobody here");
    return IgnoreNotFound(
        context.federation.RemoveBlock(account->id, activity.actor, /*by_remote=*/true));
  }
  if (!type.empty()) return Ignore(activity, "Undo of an unsupported activity type");

  // A bare IRI: whatever it names, if it is the actor's.
  if (inner.id.empty()) return Ignore(activity, "Undo of nothing");
  CS_ASSIGN_OR_RETURN(std::optional<store::Follow> follow,
                      IfFound(context.federation.FindFollowByActivity(inner.id)));
  if (follow) return UndoFollow(activity, context, follow);
  CS_ASSIGN_OR_RETURN(std::optional<store::Reaction> reaction,
                      IfFound(context.federation.FindReactionByActivity(inner.id)));
  if (reaction) return UndoReaction(activity, context, reaction);
  return Ignore(activity, "Undo of an unknown activity");
}

}  // namespace cornerstore::activitypub
