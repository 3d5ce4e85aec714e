#include <algorithm>
#include <set>
#include <vector>

#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"
#include "activitypub/inbox/handlers/local_audience.h"
#include "activitypub/inbox/handlers/posts.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {

using namespace handlers;

namespace {

Status AddIfLocal(HandlerContext& context, std::string_view actor_id, std::set<int64_t>* out) {
  CS_ASSIGN_OR_RETURN(std::optional<store::Account> account, FindLocalAccount(context, actor_id));
  if (account) out->insert(account->id);
  return OkStatus();
}

Result<LocalAudience> AudienceOf(const ApObject& post, store::Visibility visibility,
                                 store::StoredObject* stored, HandlerContext& context) {
  LocalAudience audience;
  for (const std::string& id : post.addressing.All()) {
    if (context.uris.IsLocal(id)) CS_RETURN_IF_ERROR(AddIfLocal(context, id, &audience.timeline));
  }
  for (store::StoredMention& mention : stored->mentions) {
    CS_ASSIGN_OR_RETURN(std::optional<store::Account> account,
                        FindLocalAccount(context, mention.actor_uri));
    if (!account) continue;
    mention.account_id = account->id;
    audience.mentioned.insert(account->id);
    audience.timeline.insert(account->id);
  }
  if (!post.in_reply_to.empty()) {
    CS_ASSIGN_OR_RETURN(std::optional<store::StoredObject> parent,
                        FindLocalPost(context, post.in_reply_to));
    if (parent) {
      audience.replied.insert(parent->account_id);
      audience.timeline.insert(parent->account_id);
    }
  }
  // Followers see what the author addressed to them or to everyone, not direct messages.
  if (visibility != store::Visibility::kDirect) {
    CS_ASSIGN_OR_RETURN(std::vector<int64_t> followers,
                        context.federation.LocalFollowersOf(post.attributed_to));
    audience.timeline.insert(followers.begin(), followers.end());
  }
  return audience;
}

}  // namespace

Status CreateHandler::Authorize(const Activity& activity) const {
  const ObjectRef& object = activity.object;
  if (object.empty()) return Malformed("Create without object");
  if (!object.object) {
    // Peers embed what they create; fetching a bare IRI is not worth an extra request.
    return Malformed("Create without an embedded object", object.id);
  }
  if (object.id.empty()) return Malformed("Create of an object without id");
  // The object lives on the actor's origin and is attributed to the actor (PROTOCOL.md §5).
  if (!SameOrigin(object.id, activity.actor)) {
    return Forbidden("object is not on the actor's host", object.id);
  }
  if (!object.object->attributed_to.empty() && object.object->attributed_to != activity.actor) {
    return Forbidden("object is attributed to someone else", object.object->attributed_to);
  }
  return OkStatus();
}

Status CreateHandler::Apply(const Activity& activity, const store::InboxItem&,
                            HandlerContext& context) const {
  ApObject post = *activity.object.object;
  if (!IsPostObjectType(post.type)) return Ignore(activity, "Create of an unsupported type");
  post.attributed_to = activity.actor;

  CS_ASSIGN_OR_RETURN(std::optional<store::StoredObject> existing,
                      IfFound(context.federation.FindObject(post.id)));
  if (existing && existing->deleted_at != 0) return Ignore(activity, "object was deleted");

  // The author's followers collection tells followers-only from direct.
  CS_ASSIGN_OR_RETURN(store::RemoteActor author, context.actors.Resolve(activity.actor));
  store::Visibility visibility = VisibilityOf(post.addressing, author.followers_uri);
  const int64_t now = context.clock.NowUnix();
  store::StoredObject stored = StoredObjectFromPost(post, visibility, context.sanitize, now);
  CS_ASSIGN_OR_RETURN(LocalAudience audience, AudienceOf(post, visibility, &stored, context));
  CS_RETURN_IF_ERROR(ExcludeFromAudience(context.federation, activity.actor, 0, &audience));
  if (audience.timeline.empty()) return Ignore(activity, "concerns no local account");

  if (!existing) {
    auto inserted = context.federation.InsertObject(stored);
    if (inserted.ok()) {
      existing = std::move(inserted).value();
    } else if (inserted.error().code == ErrorCode::kGone) {
      return Ignore(activity, "object was deleted");
    } else if (inserted.error().code == ErrorCode::kConflict) {
      CS_ASSIGN_OR_RETURN(existing, IfFound(context.federation.FindObject(post.id)));
      if (!existing || existing->deleted_at != 0) return Ignore(activity, "object was deleted");
    } else {
      return inserted.take_error();
    }
  }
  if (existing->account_id != 0 || existing->attributed_to != activity.actor) {
    return Forbidden("object id belongs to someone else", post.id);
  }

  return ApplyLocalAudience(context.federation, context.clock, audience,
                            {existing->id, post.id, activity.actor, EffectKey(activity, post.id)});
}

}  // namespace cornerstore::activitypub
