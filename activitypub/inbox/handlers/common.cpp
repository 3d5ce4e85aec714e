#include "activitypub/inbox/handlers/common.h"

#include "src/common/log.h"

namespace cornerstore::activitypub::handlers {

Error Forbidden(std::string message, std::string detail) {
  return MakeError(ErrorCode::kForbidden, std::move(message), std::move(detail));
}

Error Malformed(std::string message, std::string detail) {
  return MakeError(ErrorCode::kInvalidInput, std::move(message), std::move(detail));
}

Status Ignore(const Activity& activity, std::string_view reason) {
  log::Info("inbox.ignored", {{"type", activity.type},
                              {"id", activity.id},
                              {"actor", activity.actor},
                              {"reason", std::string(reason)}});
  return OkStatus();
}

Status IgnoreNotFound(Status status) {
  if (!status.ok() && status.error().code == ErrorCode::kNotFound) return OkStatus();
  return status;
}

Result<std::optional<store::Account>> FindLocalAccount(HandlerContext& context,
                                                       std::string_view actor_id) {
  std::optional<std::string> username = context.uris.UsernameFromActor(actor_id);
  if (!username) return std::optional<store::Account>();
  CS_ASSIGN_OR_RETURN(std::optional<store::Account> account,
                      IfFound(context.store.FindAccountByUsername(*username)));
  // Ids are exact: a differently cased spelling is not our actor's id.
  if (account && context.uris.Actor(account->username) != actor_id)
    return std::optional<store::Account>();
  return account;
}

Result<std::optional<store::StoredObject>> FindLocalPost(HandlerContext& context,
                                                         std::string_view uri) {
  if (!context.uris.IsLocal(uri)) return std::optional<store::StoredObject>();
  CS_ASSIGN_OR_RETURN(std::optional<store::StoredObject> object,
                      IfFound(context.federation.FindObject(uri)));
  if (!object || object->account_id == 0 || object->deleted_at != 0) {
    return std::optional<store::StoredObject>();
  }
  return object;
}

std::string EffectKey(const Activity& activity, std::string_view fallback) {
  return activity.id.empty() ? std::string(fallback) : activity.id;
}

Status Notify(HandlerContext& context, int64_t account_id, store::NotificationType type,
              const std::string& actor_uri, const std::string& object_uri,
              const std::string& activity_uri) {
  store::Notification n;
  n.account_id = account_id;
  n.type = type;
  n.actor_uri = actor_uri;
  n.object_uri = object_uri;
  n.activity_uri = activity_uri;
  n.created_at = context.clock.NowUnix();
  auto added = context.federation.AddNotification(n);
  if (!added.ok()) return added.take_error();
  return OkStatus();
}

}  // namespace cornerstore::activitypub::handlers
