// AcceptHandler and RejectHandler: answers to Follows we sent. They share how the answer is
// matched to our Follow.
#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"

namespace cornerstore::activitypub {

using namespace handlers;

namespace {

Status AuthorizeAnswer(const Activity& activity) {
  if (activity.object.empty()) return Malformed(activity.type + " without object");
  if (const auto& inner = activity.object.activity) {
    // An embedded Follow answered by someone other than its object is not an answer to it.
    if (inner->type == "Follow" && !inner->object.id.empty() &&
        inner->object.id != activity.actor) {
      return Forbidden(activity.type + " of a Follow of someone else", inner->object.id);
    }
  }
  return OkStatus();
}

// The Follow we sent that `answer` (an Accept or Reject) refers to: by the Follow's id, or by
// an embedded Follow whose actor is one of ours. Only the followed actor may answer
// (PROTOCOL.md §5). kForbidden when nothing we sent matches.
Result<store::Follow> MatchOurFollow(const Activity& answer, HandlerContext& context) {
  const ObjectRef& object = answer.object;
  std::optional<store::Follow> follow;
  if (!object.id.empty()) {
    CS_ASSIGN_OR_RETURN(follow, IfFound(context.federation.FindFollowByActivity(object.id)));
  }
  if (!follow && object.activity && object.activity->type == "Follow" &&
      context.uris.IsLocal(object.activity->actor)) {
    CS_ASSIGN_OR_RETURN(
        follow, IfFound(context.federation.FindFollow(object.activity->actor, answer.actor)));
  }
  if (!follow || follow->follower_account_id == 0) {
    return Forbidden(answer.type + " for a Follow never sent", object.id);
  }
  if (follow->followed_uri != answer.actor) {
    return Forbidden(answer.type + " by an actor that was not followed",
                     answer.actor + " answered a follow of " + follow->followed_uri);
  }
  return *follow;
}

bool AnswersAFollow(const Activity& answer) {
  // A bare IRI is looked up as a Follow id; an embedded activity must be a Follow.
  return !answer.object.activity || answer.object.activity->type == "Follow";
}

}  // namespace

Status AcceptHandler::Authorize(const Activity& activity) const {
  return AuthorizeAnswer(activity);
}

Status AcceptHandler::Apply(const Activity& activity, const store::InboxItem&,
                            HandlerContext& context) const {
  if (!AnswersAFollow(activity)) return Ignore(activity, "Accept of something other than Follow");
  CS_ASSIGN_OR_RETURN(store::Follow follow, MatchOurFollow(activity, context));
  if (follow.state == store::FollowState::kAccepted) return OkStatus();
  return context.federation.SetFollowState(follow.id, store::FollowState::kAccepted);
}

Status RejectHandler::Authorize(const Activity& activity) const {
  return AuthorizeAnswer(activity);
}

Status RejectHandler::Apply(const Activity& activity, const store::InboxItem&,
                            HandlerContext& context) const {
  if (!AnswersAFollow(activity)) return Ignore(activity, "Reject of something other than Follow");
  CS_ASSIGN_OR_RETURN(store::Follow follow, MatchOurFollow(activity, context));
  return IgnoreNotFound(context.federation.DeleteFollow(follow.id));
}

}  // namespace cornerstore::activitypub
