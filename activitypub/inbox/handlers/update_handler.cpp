#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"
#include "activitypub/inbox/handlers/posts.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {

using namespace handlers;

namespace {

// Update{Person}: the actor's profile and key, applied now (PROTOCOL.md §4: key rotation).
Status UpdateActor(const Activity& activity, HandlerContext& context) {
  const ActorDoc& doc = *activity.object.actor;
  CS_RETURN_IF_ERROR(context.actors.Save(doc));
  const int64_t now = context.clock.NowUnix();
  for (const PublicKeyDoc& key : doc.public_keys) {
    if (key.pem.empty() || !SameOrigin(key.id, doc.id)) continue;
    CS_ASSIGN_OR_RETURN(std::optional<store::CachedKey> cached, context.federation.FindKey(key.id));
    if (cached && cached->public_key_pem == key.pem && cached->owner_uri == doc.id) continue;
    CS_RETURN_IF_ERROR(
        context.federation.PutKey(store::CachedKey{key.id, doc.id, key.pem, now, 0}));
  }
  return OkStatus();
}

Status UpdatePost(const Activity& activity, HandlerContext& context) {
  const ApObject& post = *activity.object.object;
  CS_ASSIGN_OR_RETURN(std::optional<store::StoredObject> stored,
                      IfFound(context.federation.FindObject(post.id)));
  if (!stored) return Ignore(activity, "Update of an unknown object");
  if (stored->deleted_at != 0) return Ignore(activity, "Update of a deleted object");
  // Only the author edits (PROTOCOL.md §5).
  if (stored->account_id != 0 || stored->attributed_to != activity.actor) {
    return Forbidden("Update of someone else's object", post.id);
  }
  const int64_t now = context.clock.NowUnix();
  const int64_t edited_at = post.updated != 0 ? post.updated : now;
  // A replay, or an edit older than the one we have.
  if (post.updated != 0 && stored->edited_at >= post.updated) {
    return Ignore(activity, "stale or repeated edit");
  }

  ApObject edit = post;
  edit.attributed_to = activity.actor;
  edit.type = IsPostObjectType(post.type) ? post.type : stored->type;
  store::StoredObject fresh =
      StoredObjectFromPost(edit, stored->visibility, context.sanitize, stored->published_at);
  store::StoredObject updated = *stored;
  updated.summary = fresh.summary;
  updated.sensitive = fresh.sensitive;
  updated.content_html = fresh.content_html;
  updated.language = fresh.language;
  updated.mentions = fresh.mentions;
  updated.hashtags = fresh.hashtags;
  updated.url = fresh.url.empty() ? stored->url : fresh.url;
  updated.edited_at = edited_at;
  updated.raw_json = fresh.raw_json;
  // Mentions keep pointing at local accounts where they did.
  for (store::StoredMention& mention : updated.mentions) {
    CS_ASSIGN_OR_RETURN(std::optional<store::Account> account,
                        FindLocalAccount(context, mention.actor_uri));
    if (account) mention.account_id = account->id;
  }
  return context.federation.UpdateObject(updated);
}

}  // namespace

Status UpdateHandler::Authorize(const Activity& activity) const {
  const ObjectRef& object = activity.object;
  if (object.empty() || object.id.empty()) return Malformed("Update without object id");
  if (object.actor || IsActorType(object.type)) {
    // An actor updates only itself.
    if (object.id != activity.actor) return Forbidden("Update of another actor", object.id);
    return OkStatus();
  }
  if (!SameOrigin(object.id, activity.actor)) {
    return Forbidden("object is not on the actor's host", object.id);
  }
  if (object.object && !object.object->attributed_to.empty() &&
      object.object->attributed_to != activity.actor) {
    return Forbidden("object is attributed to someone else", object.object->attributed_to);
  }
  return OkStatus();
}

Status UpdateHandler::Apply(const Activity& activity, const store::InboxItem&,
                            HandlerContext& context) const {
  const ObjectRef& object = activity.object;
  if (object.actor) return UpdateActor(activity, context);
  if (object.id == activity.actor) {
    // The actor as a bare IRI: fetch the new profile from its origin.
    auto refreshed = context.actors.Resolve(activity.actor, /*force_refresh=*/true);
    if (!refreshed.ok()) return refreshed.take_error();
    return OkStatus();
  }
  if (object.object) return UpdatePost(activity, context);
  return Ignore(activity, "Update without an embedded object");
}

}  // namespace cornerstore::activitypub
