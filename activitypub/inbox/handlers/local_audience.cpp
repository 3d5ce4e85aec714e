#include "activitypub/inbox/handlers/local_audience.h"

#include <iterator>

namespace cornerstore::activitypub::handlers {
namespace {

Status AddNotification(store::FederationStore& federation, const Clock& clock, int64_t account_id,
                       store::NotificationType type, const LocalPostEffect& post) {
  store::Notification n;
  n.account_id = account_id;
  n.type = type;
  n.actor_uri = post.author_uri;
  n.object_uri = post.object_uri;
  n.activity_uri = post.effect_key;
  n.created_at = clock.NowUnix();
  auto added = federation.AddNotification(n);
  if (!added.ok()) return added.take_error();
  return OkStatus();
}

}  // namespace

Status ExcludeFromAudience(store::FederationStore& federation, const std::string& author_uri,
                           int64_t author_account_id, LocalAudience* audience) {
  for (auto* set : {&audience->timeline, &audience->mentioned, &audience->replied}) {
    if (author_account_id != 0) set->erase(author_account_id);
    for (auto it = set->begin(); it != set->end();) {
      CS_ASSIGN_OR_RETURN(bool blocked, federation.IsBlocked(*it, author_uri, /*by_remote=*/false));
      it = blocked ? set->erase(it) : std::next(it);
    }
  }
  return OkStatus();
}

Status ApplyLocalAudience(store::FederationStore& federation, const Clock& clock,
                          const LocalAudience& audience, const LocalPostEffect& post) {
  for (int64_t account_id : audience.timeline) {
    CS_RETURN_IF_ERROR(federation.AddToTimeline(account_id, post.object_id));
  }
  for (int64_t account_id : audience.mentioned) {
    CS_RETURN_IF_ERROR(
        AddNotification(federation, clock, account_id, store::NotificationType::kMention, post));
  }
  for (int64_t account_id : audience.replied) {
    if (audience.mentioned.count(account_id) != 0) continue;
    CS_RETURN_IF_ERROR(
        AddNotification(federation, clock, account_id, store::NotificationType::kReply, post));
  }
  return OkStatus();
}

}  // namespace cornerstore::activitypub::handlers
