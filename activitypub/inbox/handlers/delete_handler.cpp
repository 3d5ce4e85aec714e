#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {

using namespace handlers;

Status DeleteHandler::Authorize(const Activity& activity) const {
  const ObjectRef& object = activity.object;
  if (object.id.empty()) return Malformed("Delete without object id");
  if (object.id == activity.actor) return OkStatus();  // the actor deletes itself
  if (object.actor) return Forbidden("Delete of another actor", object.id);
  if (!SameOrigin(object.id, activity.actor)) {
    return Forbidden("object is not on the actor's host", object.id);
  }
  return OkStatus();
}

Status DeleteHandler::Apply(const Activity& activity, const store::InboxItem&,
                            HandlerContext& context) const {
  const std::string& uri = activity.object.id;
  if (uri == activity.actor) return context.federation.RemoveRemoteActor(activity.actor);

  CS_ASSIGN_OR_RETURN(std::optional<store::StoredObject> stored,
                      IfFound(context.federation.FindObject(uri)));
  if (!stored) {
    // An IRI naming another actor (Authorize could not tell it from a post).
    CS_ASSIGN_OR_RETURN(std::optional<store::RemoteActor> actor,
                        IfFound(context.federation.FindRemoteActor(uri)));
    if (actor) return Forbidden("Delete of another actor", uri);
    return Ignore(activity, "Delete of an unknown object");
  }
  if (stored->deleted_at != 0) return OkStatus();  // already a tombstone
  // Only the author deletes (PROTOCOL.md §5).
  if (stored->account_id != 0 || stored->attributed_to != activity.actor) {
    return Forbidden("Delete of someone else's object", uri);
  }
  return IgnoreNotFound(context.federation.TombstoneObject(uri, context.clock.NowUnix()));
}

}  // namespace cornerstore::activitypub
