#include <algorithm>
#include <set>
#include <vector>

#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"
#include "activitypub/inbox/handlers/posts.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {

using namespace handlers;

namespace {

// Why a local account sees a post: each reason may notify differently.
struct Audience {
  std::set<int64_t> timeline;   // every concerned account
  std::set<int64_t> mentioned;  // notified "mention"
  std::set<int64_t> replied;    // authors of the post replied to, notified "reply"
};

Status AddIfLocal(HandlerContext& context, std::string_view actor_id, std::set<int64_t>* out) {
  CS_ASSIGN_OR_RETURN(std::optional<store::Account> account, FindLocalAccount(context, actor_id));
  if (account) out->insert(account->id);
  return OkStatus();
}

Result<Audience> AudienceOf(const ApObject& post, store::Visibility visibility,
                            store::StoredObject* stored, HandlerContext& context) {
  Audience audience;
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
  CS_ASSIGN_OR_RETURN(Audience audience, AudienceOf(post, visibility, &stored, context));

  // Accounts that blocked the author see nothing of it.
  for (auto* set : {&audience.timeline, &audience.mentioned, &audience.replied}) {
    for (auto it = set->begin(); it != set->end();) {
      CS_ASSIGN_OR_RETURN(bool blocked,
                          context.federation.IsBlocked(*it, activity.actor, /*by_remote=*/false));
      it = blocked ? set->erase(it) : std::next(it);
    }
  }
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

  for (int64_t account_id : audience.timeline) {
    CS_RETURN_IF_ERROR(context.federation.AddToTimeline(account_id, existing->id));
  }
  const std::string key = EffectKey(activity, post.id);
  for (int64_t account_id : audience.mentioned) {
    CS_RETURN_IF_ERROR(Notify(context, account_id, store::NotificationType::kMention,
                              activity.actor, post.id, key));
  }
  for (int64_t account_id : audience.replied) {
    if (audience.mentioned.count(account_id) != 0) continue;
    CS_RETURN_IF_ERROR(
        Notify(context, account_id, store::NotificationType::kReply, activity.actor, post.id, key));
  }
  return OkStatus();
}

}  // namespace cornerstore::activitypub
